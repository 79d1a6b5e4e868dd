//go:build !race

// The 100 000-row renders here take seconds, and minutes under the race
// detector, whose slowdown would also make their timing meaningless. The
// bounds are generous (a second) because the test machine is shared; a
// render that does not look at its context goes for seconds.

package docx_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"

	"kartograf/pkg/document"
	"kartograf/pkg/render/docx"
)

// watchedCtx records the longest stretch between two looks at the
// context: how long a render can go on after its caller has given up.
type watchedCtx struct {
	context.Context
	mu     sync.Mutex
	last   time.Time
	maxGap time.Duration
	calls  int
	where  string // the looks before and after the longest stretch
	at     string
}

func watch(ctx context.Context) *watchedCtx {
	return &watchedCtx{Context: ctx, last: time.Now(), at: "start"}
}

func (w *watchedCtx) tick() {
	w.mu.Lock()
	defer w.mu.Unlock()
	now := time.Now()
	_, file, line, _ := runtime.Caller(2)
	at := fmt.Sprintf("%s:%d", filepath.Base(file), line)
	if gap := now.Sub(w.last); gap > w.maxGap {
		w.maxGap, w.where = gap, w.at+" → "+at
	}
	w.last, w.at = now, at
}

func (w *watchedCtx) Err() error {
	w.tick()
	w.mu.Lock()
	w.calls++
	w.mu.Unlock()
	return w.Context.Err()
}

// shortPlan is a valid plan of n measures with short cells.
func shortPlan(n int) *document.Document {
	plan := &document.Plan{Sections: []document.Section{{Title: "МЕРОПРИЯТИЯ"}}}
	for i := range n {
		plan.Sections[0].Items = append(plan.Sections[0].Items, document.Measure{Cells: map[string]document.Content{
			"title":       document.Text(fmt.Sprintf("Мера %d", i+1)),
			"deadline":    document.Text("Май"),
			"responsible": document.Text("Директор"),
		}})
	}
	return &document.Document{
		Kind: document.KindRoadmap, Organization: document.Organization{FullName: "МКОУ «СОШ №1»"},
		Title: "ДОРОЖНАЯ КАРТА", Body: []document.Block{{Plan: plan}},
	}
}

// TestCancelledRenderStops renders 100 000 rows: a cancelled context stops
// the render at once; a live one is looked at often enough through
// layout, drawing and compression that a render stops within a fraction
// of a second of its caller giving up.
func TestCancelledRenderStops(t *testing.T) {
	if testing.Short() {
		t.Skip("renders 100 000 rows")
	}
	eng := engine(t)
	d := shortPlan(100_000)
	v, err := eng.Template(d, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := eng.Validate(d, v.Ref()); err != nil {
		t.Fatal(err)
	}
	r := docx.NewRenderer()

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	start := time.Now()
	if err := r.Render(ctx, new(bytes.Buffer), d, v, docx.Meta{}); !errors.Is(err, context.Canceled) {
		t.Fatalf("a cancelled context: %v", err)
	}
	if took := time.Since(start); took > time.Second {
		t.Errorf("a cancelled context: returned after %v", took)
	} else {
		t.Logf("cancelled before the start: returned in %v", took)
	}

	w := watch(context.Background())
	start = time.Now()
	var out bytes.Buffer
	if err := r.Render(w, &out, d, v, docx.Meta{}); err != nil {
		t.Fatal(err)
	}
	full := time.Since(start)
	w.tick() // the stretch from the last look to the end counts too
	t.Logf("full render %v, %d bytes; context looked at %d times, at most %v apart (%s)", full, out.Len(), w.calls, w.maxGap, w.where)
	if w.maxGap > time.Second {
		t.Errorf("the render went %v without looking at its context", w.maxGap)
	}

	ctx, cancel = context.WithCancel(context.Background())
	goneAt := make(chan time.Time, 1)
	time.AfterFunc(full/2, func() { goneAt <- time.Now(); cancel() })
	err = r.Render(ctx, new(bytes.Buffer), d, v, docx.Meta{})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled half-way: %v", err)
	}
	late := time.Since(<-goneAt)
	t.Logf("cancelled half-way: returned %v later", late)
	if late > time.Second {
		t.Errorf("returned %v after the cancellation", late)
	}
}
