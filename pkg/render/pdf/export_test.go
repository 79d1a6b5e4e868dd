package pdf

// SetStreamPages sets the page count above which a render streams and
// returns the function that restores it. Tests only, not in parallel.
func SetStreamPages(n int) (restore func()) {
	old := streamPages
	streamPages = n
	return func() { streamPages = old }
}

// Streamed is how many renders have streamed so far.
func Streamed() int64 { return streamed.Load() }
