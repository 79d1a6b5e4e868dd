//go:build !race

// The race detector slows the writer's loops several times over, so this
// latency test runs outside the -race pass (.ci/run runs it on its own).

package xlsx

import (
	"context"
	"errors"
	"io"
	"sync"
	"testing"
	"time"

	"github.com/kartograf-ru/kartograf/fonts"
)

// A render abandoned by its client stops promptly wherever it is: while
// measuring the columns, writing the rows, the summary, the stored copy or
// the zip. For each stage of a 100 000-row render the context is cancelled
// 10 ms after the stage begins; the render returns context.Canceled within
// 100 ms of the cancel (generous: the loops look every 64 rows).
func TestWriteCancelPromptly(t *testing.T) {
	if testing.Short() {
		t.Skip("renders 100 000 rows")
	}
	d := writeBigPlan(100_000)
	v := writeTemplate(t, d)
	w := NewWriter(new(fonts.Library))
	var worst time.Duration
	for _, stage := range []string{"measure", "rows", "summary", "meta", "zip"} {
		ctx, cancel := context.WithCancel(context.Background())
		var mu sync.Mutex
		var at time.Time
		w.phase = func(name string) {
			if name == stage {
				time.AfterFunc(10*time.Millisecond, func() {
					mu.Lock()
					at = time.Now()
					mu.Unlock()
					cancel()
				})
			}
		}
		err := w.Render(ctx, io.Discard, d, v, Meta{})
		end := time.Now()
		mu.Lock()
		lat := end.Sub(at)
		mu.Unlock()
		cancel()
		if at.IsZero() {
			t.Errorf("%s: the render finished before the cancel (%v)", stage, err)
			continue
		}
		worst = max(worst, lat)
		t.Logf("cancelled in %s: returned %v after the cancel: %v", stage, lat, err)
		if !errors.Is(err, context.Canceled) {
			t.Errorf("cancelled in %s: %v, want context.Canceled", stage, err)
		}
		if lat > 100*time.Millisecond {
			t.Errorf("cancelled in %s: returned %v after the cancel, want at most 100 ms", stage, lat)
		}
	}
	t.Logf("worst latency %v", worst)
}
