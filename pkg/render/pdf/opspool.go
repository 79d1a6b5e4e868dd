package pdf

import "sync"

// A page's operations are a few hundred ops of about a hundred bytes:
// allocating them for every page of every document was two fifths of the
// bytes a small PDF allocated. A render gives the arrays back once its
// pages are encoded (recycle) and the next layout's pages take them.
// Arrays above maxPooledOps are left to the collector.
const maxPooledOps = 16 << 10

var opsPool sync.Pool // *[]op, zeroed, length 0

// newOps returns a page's operations: slot 0, zero, reserved for the
// page number (newPage).
func newOps() []op {
	if p, ok := opsPool.Get().(*[]op); ok {
		return (*p)[:1]
	}
	return make([]op, 1, 256)
}

// recycle gives the pages' operation arrays back, zeroed so that the
// pool holds no document's text. l must not be used afterwards.
func (l *layout) recycle() {
	for i, p := range l.pages {
		l.pages[i] = nil
		if p == nil || cap(p.ops) > maxPooledOps {
			continue
		}
		ops := p.ops[:cap(p.ops)]
		clear(ops)
		ops = ops[:0]
		opsPool.Put(&ops)
	}
	l.cur = nil
}
