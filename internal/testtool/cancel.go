package testtool

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"
)

// WatchedContext is a context that records the longest stretch between
// two looks at it: how long work can go on after its caller has given up.
// A look is a call to Err, which is how the renderers look. Done is not
// counted: fetching the channel is not a look until it is selected on, and
// counting it would let work that fetches it once and never selects pass.
type WatchedContext struct {
	context.Context
	mu     sync.Mutex
	last   time.Time
	maxGap time.Duration
	calls  int
	where  string // the looks before and after the longest stretch
	at     string
}

// Watch wraps ctx; the first stretch starts now.
func Watch(ctx context.Context) *WatchedContext {
	return &WatchedContext{Context: ctx, last: time.Now(), at: "start"}
}

// tick ends a stretch at its caller's caller: the line that looked.
func (w *WatchedContext) tick() {
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

// Err counts a look and answers as the wrapped context does.
func (w *WatchedContext) Err() error {
	w.tick()
	w.mu.Lock()
	w.calls++
	w.mu.Unlock()
	return w.Context.Err()
}

// End closes the last stretch when the work returns: the time from the
// last look to the end counts too. It is not a look.
func (w *WatchedContext) End() { w.tick() }

// Looks is how many times Err was called.
func (w *WatchedContext) Looks() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.calls
}

// MaxGap is the longest stretch without a look and where it was, as
// "file:line → file:line".
func (w *WatchedContext) MaxGap() (time.Duration, string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.maxGap, w.where
}

// CheckRenderStops checks that render, which writes one large document to
// its writer, stops when its context is given up on: a cancelled context
// stops it at once; a live one is looked at no more than bound apart over
// the whole render; cancelled half-way, it returns context.Canceled within
// bound. The PDF and DOCX renderers' tests share it so that both are held
// to the same three checks.
func CheckRenderStops(t *testing.T, bound time.Duration, render func(ctx context.Context, w io.Writer) error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	start := time.Now()
	if err := render(ctx, new(bytes.Buffer)); !errors.Is(err, context.Canceled) {
		t.Fatalf("a cancelled context: %v", err)
	}
	if took := time.Since(start); took > bound {
		t.Errorf("a cancelled context: returned after %v", took)
	} else {
		t.Logf("cancelled before the start: returned in %v", took)
	}

	w := Watch(context.Background())
	start = time.Now()
	var out bytes.Buffer
	if err := render(w, &out); err != nil {
		t.Fatal(err)
	}
	full := time.Since(start)
	w.End()
	gap, where := w.MaxGap()
	t.Logf("full render %v, %d bytes; context looked at %d times, at most %v apart (%s)", full, out.Len(), w.Looks(), gap, where)
	if gap > bound {
		t.Errorf("the render went %v without looking at its context", gap)
	}

	ctx, cancel = context.WithCancel(context.Background())
	defer cancel()
	goneAt := make(chan time.Time, 1)
	time.AfterFunc(full/2, func() { goneAt <- time.Now(); cancel() })
	if err := render(ctx, new(bytes.Buffer)); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled half-way: %v", err)
	}
	late := time.Since(<-goneAt)
	t.Logf("cancelled half-way: returned %v later", late)
	if late > bound {
		t.Errorf("returned %v after the cancellation", late)
	}
}
