package cli

import (
	"os"
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

// gcSettings reads the collector's percent and memory limit without
// changing them.
func gcSettings() (percent int, limit int64) {
	percent = debug.SetGCPercent(100)
	debug.SetGCPercent(percent)
	return percent, debug.SetMemoryLimit(-1)
}

// A one-shot command runs without collections until its heap nears
// oneShotHeap; the first collection gives the collector back its own
// settings. serve and batch, and a user's GOGC or GOMEMLIMIT, keep theirs.
func TestDeferGC(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	os.Unsetenv("GOGC")
	os.Unsetenv("GOMEMLIMIT")
	p0, l0 := gcSettings()
	for _, args := range [][]string{{"serve"}, {"batch", "-o", "x"}, nil} {
		deferGC(args)()
		if p, l := gcSettings(); p != p0 || l != l0 {
			t.Errorf("%q: collector at %d %%, limit %d; want %d, %d", args, p, l, p0, l0)
		}
	}
	t.Setenv("GOGC", "200")
	deferGC([]string{"render"})
	if p, l := gcSettings(); p != p0 || l != l0 {
		t.Errorf("with GOGC set: collector at %d %%, limit %d; want it left alone", p, l)
	}
	os.Unsetenv("GOGC")

	restore := deferGC([]string{"render", "-o", "x.pdf", "in.json"})
	defer restore()
	if p, l := gcSettings(); p != -1 || l != oneShotHeap {
		t.Fatalf("render: collector at %d %%, limit %d; want off until %d", p, l, oneShotHeap)
	}
	runtime.GC()
	// The cleanup runs on its own goroutine after the cycle.
	for i := 0; i < 1000; i++ {
		if p, _ := gcSettings(); p != -1 {
			break
		}
		runtime.GC()
		time.Sleep(time.Millisecond)
	}
	if p, l := gcSettings(); p != p0 || l != l0 {
		t.Errorf("after the first collection: collector at %d %%, limit %d; want %d, %d", p, l, p0, l0)
	}
}
