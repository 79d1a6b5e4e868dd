//go:build !race

// Validating 100 000 measures takes a few hundred milliseconds, many
// seconds under the race detector, whose slowdown would also make the
// timing meaningless.

package document_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/kartograf-ru/kartograf/pkg/document"
)

// cancelLatency runs fn with a context cancelled after wait and returns
// how long after the cancel fn returned (negative: fn returned before the
// cancel) and fn's error.
func cancelLatency(wait time.Duration, fn func(context.Context) error) (time.Duration, error) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	at := make(chan time.Time, 1)
	timer := time.AfterFunc(wait, func() {
		at <- time.Now()
		cancel()
	})
	err := fn(ctx)
	end := time.Now()
	if timer.Stop() {
		return -1, err
	}
	return end.Sub(<-at), err
}

// A validation abandoned by its caller (a client that left while its
// 100 000-measure document was checked) stops within 100 ms of the cancel,
// not after the whole check; a context cancelled before returns at once.
func TestValidateContextCancelled(t *testing.T) {
	if testing.Short() {
		t.Skip("validates 100 000 measures")
	}
	d := bigPlan(100_000)
	start := time.Now()
	if err := document.Validate(d); err != nil {
		t.Fatal(err)
	}
	t.Logf("a whole validation takes %v", time.Since(start).Round(time.Millisecond))
	checkCancelled(t, func(ctx context.Context) error { return document.Rules{}.ValidateContext(ctx, d) })
}

func checkCancelled(t *testing.T, fn func(context.Context) error) {
	t.Helper()
	var worst time.Duration
	for range 3 {
		lat, err := cancelLatency(10*time.Millisecond, fn)
		if lat < 0 {
			t.Fatalf("finished before the cancel: %v", err)
		}
		worst = max(worst, lat)
		if !errors.Is(err, context.Canceled) {
			t.Errorf("cancelled 10 ms in: %v, want context.Canceled", err)
		}
		if lat > 100*time.Millisecond {
			t.Errorf("cancelled 10 ms in: returned %v after the cancel, want within 100 ms", lat)
		}
	}
	t.Logf("returned at worst %v after the cancel", worst)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	start := time.Now()
	err := fn(ctx)
	took := time.Since(start)
	t.Logf("with a cancelled context: %v in %v", err, took)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled before: %v, want context.Canceled", err)
	}
	if took > 10*time.Millisecond {
		t.Errorf("cancelled before: returned after %v, want at once", took)
	}
}

// Duplicate column keys are found with a map: comparing each column with
// all before it took 6 s on a plan of 40 000 columns, a body of 1 MB that
// then held a render slot it could not give up.
func TestValidateManyColumns(t *testing.T) {
	d := bigPlan(1)
	p := d.Body[0].Plan
	for i := range 40_000 {
		p.Columns = append(p.Columns, document.Column{Key: fmt.Sprintf("c%d", i), Title: "x"})
	}
	start := time.Now()
	document.Validate(d)
	took := time.Since(start)
	t.Logf("40 000 columns validated in %v", took)
	if took > time.Second {
		t.Errorf("40 000 columns validated in %v, want under a second", took)
	}
}
