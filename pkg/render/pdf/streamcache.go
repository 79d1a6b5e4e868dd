package pdf

import (
	"sync"
)

// A document's streams other than its pages' contents — chiefly the
// ToUnicode map of each font subset — depend only on the glyphs it uses,
// and the documents of one template use mostly the same ones; compressing
// them again for every document was a tenth of a small render's Huffman
// coding. The finisher keeps their compressed bytes keyed by the raw
// bytes, bounded in entries and bytes; a hit writes exactly what a miss
// would (the same writer at the same level over the same input). Safe for
// concurrent use.

const (
	streamCacheEntries = 512
	streamCacheBytes   = 16 << 20
	// streamCacheMax is the largest stream cached: ToUnicode maps are a
	// few kilobytes; a big stream is likely one document's own.
	streamCacheMax = 64 << 10
)

var fixedStreams = newStreamCache(streamCacheEntries, streamCacheBytes)

type streamCache struct {
	mu         sync.Mutex
	maxEntries int
	maxBytes   int
	bytes      int
	m          map[string][]byte // raw → compressed
	hits       uint64
}

func newStreamCache(entries, bytes int) *streamCache {
	return &streamCache{maxEntries: entries, maxBytes: bytes, m: map[string][]byte{}}
}

// get returns the compressed bytes of raw (shared: not to be modified).
func (c *streamCache) get(raw []byte) ([]byte, bool) {
	if len(raw) > streamCacheMax {
		return nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	z, ok := c.m[string(raw)]
	if ok {
		c.hits++
	}
	return z, ok
}

// put stores copies of raw and its compressed bytes, dropping arbitrary
// entries (which ones changes only what is found later, never the bytes)
// until both bounds hold.
func (c *streamCache) put(raw, compressed []byte) {
	size := len(raw) + len(compressed)
	if len(raw) > streamCacheMax || size > c.maxBytes {
		return
	}
	key, val := string(raw), append([]byte(nil), compressed...)
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.m[key]; ok {
		return
	}
	for k, v := range c.m {
		if len(c.m) < c.maxEntries && c.bytes+size <= c.maxBytes {
			break
		}
		c.bytes -= len(k) + len(v)
		delete(c.m, k)
	}
	c.m[key] = val
	c.bytes += size
}
