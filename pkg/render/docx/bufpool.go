package docx

import (
	"context"
	"io"
	"sync"
	"unicode/utf8"
)

// The parts a render executes are written into buffers reused across
// renders: a fresh 64 KiB buffer per part, grown again to the size of the
// document part, was a tenth of a seed's render (allocation and zeroing).
// A buffer larger than maxPooledPart — the document part of a long plan —
// is left to the collector, so the pool holds little memory.

const maxPooledPart = 4 << 20

// A part's buffer grows as one slice up to chunkFrom bytes and goes on in
// chunks of chunkSize beyond (partOut). Variables so that a test can make
// every part one slice, or many small chunks, and compare the bytes.
var chunkFrom, chunkSize = maxPooledPart, 4 << 20

var partBufs = &sync.Pool{New: func() any {
	return &partOut{cur: make([]byte, 0, 64<<10)}
}}

// partBuffers are the buffers one render took from the pool; release
// gives them back once nothing refers to their bytes.
type partBuffers []*partOut

func (p *partBuffers) get() *partOut {
	b := partBufs.Get().(*partOut)
	b.Reset()
	*p = append(*p, b)
	return b
}

func (p *partBuffers) release() {
	for _, b := range *p {
		b.Reset()
		if cap(b.cur) <= maxPooledPart {
			partBufs.Put(b)
		}
	}
	*p = nil
}

// partOut is the buffer a part's template execution writes to, which
// kxcells writes to as well. Up to chunkFrom bytes it is one slice that
// doubles as it fills, like a bytes.Buffer; beyond that the full slice is
// set aside and writing goes on in a fresh chunk of chunkSize, so the
// bytes already written are never copied again. The document part of a
// 100 000-row plan is 170 MB: doubling one buffer to it copied 128 MB at
// once into a 256 MB allocation, which under a running collection waits
// for the whole mark phase — a cancelled render held its slot for 200 ms
// without a chance to look at its context.
type partOut struct {
	full [][]byte // chunks filled, in order
	cur  []byte
	n    int // bytes in full
}

// Reset empties b, keeping its first chunk for reuse.
func (b *partOut) Reset() {
	if len(b.full) > 0 {
		b.cur = b.full[0]
		clear(b.full)
		b.full = b.full[:0]
	}
	b.cur = b.cur[:0]
	b.n = 0
}

// Len is the number of bytes written.
func (b *partOut) Len() int { return b.n + len(b.cur) }

// room makes room for at least one more byte, and for need bytes while
// the buffer is still one slice.
func (b *partOut) room(need int) {
	if len(b.full) == 0 {
		if c := max(2*cap(b.cur), len(b.cur)+need); c <= chunkFrom {
			nb := make([]byte, len(b.cur), c)
			copy(nb, b.cur)
			b.cur = nb
			return
		}
	}
	b.full = append(b.full, b.cur)
	b.n += len(b.cur)
	b.cur = make([]byte, 0, chunkSize)
}

func (b *partOut) WriteString(s string) (int, error) {
	n := len(s)
	for {
		if k := cap(b.cur) - len(b.cur); len(s) <= k {
			b.cur = append(b.cur, s...)
			return n, nil
		} else if k > 0 && len(b.full) > 0 {
			b.cur = append(b.cur, s[:k]...)
			s = s[k:]
		}
		b.room(len(s))
	}
}

func (b *partOut) Write(p []byte) (int, error) {
	n := len(p)
	for {
		if k := cap(b.cur) - len(b.cur); len(p) <= k {
			b.cur = append(b.cur, p...)
			return n, nil
		} else if k > 0 && len(b.full) > 0 {
			b.cur = append(b.cur, p[:k]...)
			p = p[k:]
		}
		b.room(len(p))
	}
}

func (b *partOut) WriteByte(c byte) error {
	if len(b.cur) == cap(b.cur) {
		b.room(1)
	}
	b.cur = append(b.cur, c)
	return nil
}

func (b *partOut) WriteRune(r rune) (int, error) {
	if r < utf8.RuneSelf {
		return 1, b.WriteByte(byte(r))
	}
	var a [utf8.UTFMax]byte
	return b.Write(utf8.AppendRune(a[:0], r))
}

// chunks are the bytes written, in order; one slice while the part fits
// in chunkFrom.
func (b *partOut) chunks() [][]byte {
	if len(b.full) == 0 {
		return [][]byte{b.cur}
	}
	return append(b.full[:len(b.full):len(b.full)], b.cur)
}

// Bytes are the bytes written as one slice: b's own while they fit in
// one, otherwise a copy made a chunk at a time, looking at ctx between
// chunks.
func (b *partOut) Bytes(ctx context.Context) ([]byte, error) {
	if len(b.full) == 0 {
		return b.cur, nil
	}
	return joinChunks(ctx, b.chunks())
}

// joinChunks copies chunks into one slice, looking at ctx between them.
func joinChunks(ctx context.Context, chunks [][]byte) ([]byte, error) {
	n := 0
	for _, c := range chunks {
		n += len(c)
	}
	out := make([]byte, 0, n)
	for _, c := range chunks {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		out = append(out, c...)
	}
	return out, nil
}

// textSink is where paragraphs are written: a kxp's string, or straight
// the part's buffer for kxcells.
type textSink interface {
	io.StringWriter
	WriteRune(r rune) (int, error)
}

// String is the bytes written, for tests and messages.
func (b *partOut) String() string {
	s, _ := joinChunks(context.Background(), b.chunks())
	return string(s)
}
