package gopdf

import (
	"container/list"
	"sort"
	"strings"
	"sync"
)

// Kartograf patch: a bounded cache of compressed font subset streams.
//
// A subset's FontFile2 stream depends only on the parsed font and the set
// of glyphs it holds, yet building and deflating it was a quarter of the
// cost of a small PDF. Documents of one template mostly use the same few
// hundred Cyrillic glyphs, so the same stream is rebuilt for every one of
// them. The cache keeps the compressed bytes per (font data, sorted glyph
// set); a hit writes exactly the bytes a miss would, so output is
// unchanged. It is bounded in entries and bytes (least recently used go
// first) and safe for concurrent use.

// Default bounds of the font stream cache: a template's two or three faces
// times a few hundred distinct glyph sets, each a few kilobytes.
const (
	fontStreamCacheEntries = 1024
	fontStreamCacheBytes   = 32 << 20
)

var fontStreams = newFontStreamCache(fontStreamCacheEntries, fontStreamCacheBytes)

// fontStreamKey names a subset: the font by the first byte of its data
// (the parsed font's data is shared by every copy of the SubsetFontObj
// and stays alive while the entry holds the pointer, so the address is
// never reused for another font), its length, and the sorted glyph ids.
type fontStreamKey struct {
	font   *byte
	size   int
	glyphs string // 2 bytes per glyph id, big-endian, ascending
}

type fontStream struct {
	key        fontStreamKey
	compressed []byte
	rawLen     int // /Length1
}

type fontStreamCache struct {
	mu          sync.Mutex
	maxEntries  int
	maxBytes    int
	bytes       int
	lru         *list.List // of *fontStream, most recent first
	byKey       map[fontStreamKey]*list.Element
	hits, calls uint64
}

func newFontStreamCache(entries, bytes int) *fontStreamCache {
	return &fontStreamCache{maxEntries: entries, maxBytes: bytes, lru: list.New(), byKey: map[fontStreamKey]*list.Element{}}
}

func (c *fontStreamCache) size(s *fontStream) int {
	return len(s.compressed) + len(s.key.glyphs) + 128
}

// get returns the cached stream (shared: callers must not modify it).
func (c *fontStreamCache) get(k fontStreamKey) (*fontStream, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.calls++
	e, ok := c.byKey[k]
	if !ok {
		return nil, false
	}
	c.hits++
	c.lru.MoveToFront(e)
	return e.Value.(*fontStream), true
}

// put stores s unless it alone exceeds the byte bound, then evicts the
// least recently used entries until both bounds hold.
func (c *fontStreamCache) put(s *fontStream) {
	n := c.size(s)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.maxEntries <= 0 || n > c.maxBytes {
		return
	}
	if e, ok := c.byKey[s.key]; ok {
		c.lru.MoveToFront(e)
		return
	}
	c.byKey[s.key] = c.lru.PushFront(s)
	c.bytes += n
	for c.lru.Len() > c.maxEntries || c.bytes > c.maxBytes {
		e := c.lru.Back()
		old := e.Value.(*fontStream)
		c.lru.Remove(e)
		delete(c.byKey, old.key)
		c.bytes -= c.size(old)
	}
}

// FontStreamCacheStats reports the font stream cache: lookups, hits, and
// the entries and bytes it holds.
func FontStreamCacheStats() (calls, hits uint64, entries, bytes int) {
	c := fontStreams
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.calls, c.hits, c.lru.Len(), c.bytes
}

// fontStreamKeyOf is the cache key of p's subset, ok false when the font
// has no data to name it by.
func (p *PdfDictionaryObj) fontStreamKeyOf() (fontStreamKey, bool) {
	ttfp := p.PtrToSubsetFontObj.GetTTFParser()
	data := ttfp.FontData()
	if len(data) == 0 || p.PtrToSubsetFontObj.CharacterToGlyphIndex == nil {
		return fontStreamKey{}, false
	}
	vals := p.PtrToSubsetFontObj.CharacterToGlyphIndex.AllVals()
	ids := make([]int, len(vals))
	for i, v := range vals {
		if v > 0xFFFF {
			return fontStreamKey{}, false
		}
		ids[i] = int(v)
	}
	sort.Ints(ids)
	var sb strings.Builder
	sb.Grow(2 * len(ids))
	prev := -1
	for _, g := range ids {
		if g == prev {
			continue
		}
		prev = g
		sb.WriteByte(byte(g >> 8))
		sb.WriteByte(byte(g))
	}
	return fontStreamKey{font: &data[0], size: len(data), glyphs: sb.String()}, true
}
