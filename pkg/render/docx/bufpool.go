package docx

import (
	"bytes"
	"io"
	"sync"
)

// The parts a render executes are written into buffers reused across
// renders: a fresh 64 KiB buffer per part, grown again to the size of the
// document part, was a tenth of a seed's render (allocation and zeroing).
// A buffer larger than maxPooledPart — the document part of a long plan —
// is left to the collector, so the pool holds little memory.

const maxPooledPart = 4 << 20

var partBufs = sync.Pool{New: func() any {
	b := new(bytes.Buffer)
	b.Grow(64 << 10)
	return b
}}

// partBuffers are the buffers one render took from the pool; release
// gives them back once nothing refers to their bytes.
type partBuffers []*bytes.Buffer

func (p *partBuffers) get() *bytes.Buffer {
	b := partBufs.Get().(*bytes.Buffer)
	b.Reset()
	*p = append(*p, b)
	return b
}

func (p *partBuffers) release() {
	for _, b := range *p {
		if b.Cap() <= maxPooledPart {
			b.Reset()
			partBufs.Put(b)
		}
	}
	*p = nil
}

// partOut is the buffer a part's template execution writes to, which
// kxcells writes to as well.
type partOut = bytes.Buffer

// textSink is where paragraphs are written: a kxp's string, or straight
// the part's buffer for kxcells.
type textSink interface {
	io.StringWriter
	WriteRune(r rune) (int, error)
}
