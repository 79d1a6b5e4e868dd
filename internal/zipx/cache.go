package zipx

// The part cache: archives of one kind repeat most of their parts. A
// district batch writes a thousand workbooks whose theme, styles, plan
// sheet and chart are the same bytes in every one; deflating them again
// is most of what zipping a workbook costs. A Writer with a PartCache
// holds each part written through Create (up to MaxCachedPart bytes) in
// memory until the next entry, then looks its content up: a part seen
// before is copied as its stored deflate stream, a new one is deflated
// and remembered.
//
// The archive's bytes do not change: a flate stream is a function of
// the bytes written and the level alone (not of how the writes were cut),
// and the entry is written with the header Create gives it — a data
// descriptor after the data, zeros in the local header's CRC and sizes —
// so a cached part is byte for byte the part Create would have made
// (TestPartCacheSameBytes).

import (
	"archive/zip"
	"bytes"
	"container/list"
	"crypto/sha256"
	"io"
	"sync"
)

// MaxCachedPart is the largest part the cache holds; a larger one is
// streamed through the compressor as without a cache, so a long sheet's
// memory stays what it was.
const MaxCachedPart = 1 << 20

// PartCache remembers deflated parts by their content and level. It is
// bounded by entry count and by the deflated bytes it holds, dropping the
// least recently used part first, and is safe for concurrent use: one
// cache serves every render of a process.
type PartCache struct {
	maxEntries int
	maxBytes   int64

	mu    sync.Mutex
	bytes int64
	order *list.List // front: most recently used; values *cachedPart
	parts map[partKey]*list.Element
}

type partKey struct {
	sum   [sha256.Size]byte
	level int
}

type cachedPart struct {
	key partKey
	raw Raw
}

// NewPartCache returns a cache of at most maxEntries parts and maxBytes
// deflated bytes.
func NewPartCache(maxEntries int, maxBytes int64) *PartCache {
	return &PartCache{maxEntries: max(maxEntries, 1), maxBytes: max(maxBytes, 1),
		order: list.New(), parts: map[partKey]*list.Element{}}
}

// Len is the number of parts held and Size their deflated bytes.
func (c *PartCache) Len() int { c.mu.Lock(); defer c.mu.Unlock(); return len(c.parts) }

// Size is the deflated bytes the cache holds.
func (c *PartCache) Size() int64 { c.mu.Lock(); defer c.mu.Unlock(); return c.bytes }

func (c *PartCache) get(k partKey) (Raw, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.parts[k]
	if !ok {
		return Raw{}, false
	}
	c.order.MoveToFront(e)
	return e.Value.(*cachedPart).raw, true
}

func (c *PartCache) put(k partKey, r Raw) {
	n := int64(len(r.Deflated))
	if n > c.maxBytes {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.parts[k]; ok {
		return
	}
	c.parts[k] = c.order.PushFront(&cachedPart{key: k, raw: r})
	c.bytes += n
	for len(c.parts) > c.maxEntries || c.bytes > c.maxBytes {
		old := c.order.Remove(c.order.Back()).(*cachedPart)
		delete(c.parts, old.key)
		c.bytes -= int64(len(old.raw.Deflated))
	}
}

// WithPartCache makes Create look parts up in c.
func WithPartCache(c *PartCache) Option {
	return func(w *Writer) { w.cache = c }
}

// heldPart is a part written through Create with a cache: in memory up
// to MaxCachedPart, then streamed.
type heldPart struct {
	w    *Writer
	fh   *zip.FileHeader
	buf  bytes.Buffer
	out  io.Writer // the streaming entry once the part outgrew the buffer
	done bool
}

func (p *heldPart) Write(b []byte) (int, error) {
	if p.done {
		return 0, errPartDone
	}
	if p.out != nil {
		return p.out.Write(b)
	}
	if p.buf.Len()+len(b) <= MaxCachedPart {
		return p.buf.Write(b)
	}
	// Too large to hold: stream it as Create without a cache would.
	fw, err := p.w.zw.CreateHeader(p.fh)
	if err != nil {
		return 0, err
	}
	p.out = ctxPieces{p.w.ctx, fw}
	if _, err := p.out.Write(p.buf.Bytes()); err != nil {
		return 0, err
	}
	p.buf = bytes.Buffer{}
	return p.out.Write(b)
}

type partError string

func (e partError) Error() string { return string(e) }

const errPartDone = partError("zipx: запись в уже закрытую часть архива")

// finish writes a held part: its stored deflate stream when the cache
// has its content, else deflated now and remembered.
func (p *heldPart) finish() error {
	if p.done {
		return nil
	}
	p.done = true
	if p.out != nil {
		return nil
	}
	data := p.buf.Bytes()
	k := partKey{sum: sha256.Sum256(data), level: p.w.level}
	raw, ok := p.w.cache.get(k)
	if !ok {
		var err error
		if raw, err = Compress(p.w.ctx, data, p.w.level); err != nil {
			return err
		}
		p.w.cache.put(k, raw)
	}
	// The header CreateHeader would write for a streamed entry: version
	// 2.0, a data descriptor, zeros in the local header.
	fh := p.fh
	fh.CreatorVersion = fh.CreatorVersion&0xff00 | 20
	fh.ReaderVersion = 20
	fh.Flags |= 0x8
	fh.CRC32, fh.UncompressedSize64, fh.CompressedSize64 = raw.CRC32, raw.Size, uint64(len(raw.Deflated))
	return p.w.raw(fh, raw.Deflated)
}

// cacheable reports whether name gets the same header through the raw
// path: archive/zip sets the UTF-8 flag by its own rule (which also
// counts '\\' and '~'), so only plain ASCII names without those go
// through the cache.
func cacheable(name string) bool {
	for i := 0; i < len(name); i++ {
		if c := name[i]; c < 0x20 || c >= 0x7f || c == '\\' || c == '~' {
			return false
		}
	}
	return true
}

// settle finishes the held part, if any, before the next entry or the
// end of the archive.
func (w *Writer) settle() error {
	if w.held == nil {
		return nil
	}
	p := w.held
	w.held = nil
	return p.finish()
}
