package pdf

import (
	"bytes"
	"sync"
)

// Buffers a render needs for its whole length (gopdf's file, the
// finished file, the page content streams, a stream being compressed)
// are reused across renders: allocating and zeroing them, then collecting
// them, was a seventh of a small PDF's cost. Buffers above maxPooled are
// left to the collector, so that one huge document does not pin its
// buffers for good.
const maxPooled = 4 << 20

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func getBuf() *bytes.Buffer {
	b := bufPool.Get().(*bytes.Buffer)
	b.Reset()
	return b
}

func putBuf(b *bytes.Buffer) {
	if b != nil && b.Cap() <= maxPooled {
		bufPool.Put(b)
	}
}

var bytesPool sync.Pool // *[]byte

// getBytes returns an empty slice of at least n bytes' capacity.
func getBytes(n int) []byte {
	if p, ok := bytesPool.Get().(*[]byte); ok && cap(*p) >= n {
		return (*p)[:0]
	}
	return make([]byte, 0, n)
}

func putBytes(b []byte) {
	if cap(b) > 0 && cap(b) <= maxPooled {
		bytesPool.Put(&b)
	}
}
