package cli

import (
	"os"
	"runtime"
	"runtime/debug"
)

// oneShotHeap is how much a one-shot command may allocate before its
// first collection. A cold render of a school's roadmap allocates about
// 10 MiB in all and exits: with the default GOGC the collector ran four or
// five times (a tenth of the process's CPU) to free memory the exit frees
// anyway. 64 MiB leaves a typical document, in every format, without a
// collection while bounding what a large one holds before the collector
// starts; after that first collection it runs as usual (resumeGC).
const oneShotHeap = 64 << 20

// oneShotCommand reports whether the command runs once and exits, so that
// a collection before the exit is wasted. serve runs for days and batch
// renders thousands of documents: both keep the collector's own pacing.
func oneShotCommand(args []string) bool {
	if len(args) == 0 {
		return false
	}
	switch args[0] {
	case "serve", "batch":
		return false
	}
	return true
}

// deferGC turns the collector off for a one-shot command until the heap
// nears oneShotHeap (a soft memory limit makes the runtime collect there);
// the first collection, whatever started it, puts the collector back to
// GOGC's default and lifts the limit, so a command that turns out to need
// more memory pays what it paid before and holds no more than before. A
// GOGC or GOMEMLIMIT in the environment is the user's choice: left alone.
// It returns the function that restores the collector (for tests; the
// first collection calls it too).
func deferGC(args []string) (restore func()) {
	if !oneShotCommand(args) || os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	percent := debug.SetGCPercent(-1)
	limit := debug.SetMemoryLimit(oneShotHeap)
	restore = func() {
		debug.SetGCPercent(percent)
		debug.SetMemoryLimit(limit)
	}
	// The sentinel is unreachable at once, so the first cycle frees it
	// and runs the cleanup. It holds a pointer so that it is not packed
	// into a tiny block with other objects, whose cleanup could wait.
	sentinel := &gcSentinel{}
	runtime.AddCleanup(sentinel, func(restore func()) { restore() }, restore)
	return restore
}

type gcSentinel struct {
	_ *int
	_ [16]byte
}
