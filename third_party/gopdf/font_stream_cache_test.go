package gopdf

import (
	"fmt"
	"sync"
	"testing"
)

// The cache keeps to both bounds and drops the least recently used entry.
func TestFontStreamCacheBounds(t *testing.T) {
	font := []byte("font")
	key := func(i int) fontStreamKey {
		return fontStreamKey{font: &font[0], size: len(font), glyphs: fmt.Sprint(i)}
	}
	c := newFontStreamCache(3, 1<<20)
	for i := range 4 {
		c.put(&fontStream{key: key(i), compressed: make([]byte, 10), rawLen: 20})
		if i == 2 {
			c.get(key(0)) // 1 is now the least recently used
		}
	}
	if c.lru.Len() != 3 {
		t.Fatalf("%d entries, want 3", c.lru.Len())
	}
	if _, ok := c.get(key(1)); ok {
		t.Error("least recently used entry 1 kept")
	}
	for _, i := range []int{0, 2, 3} {
		if s, ok := c.get(key(i)); !ok || s.rawLen != 20 {
			t.Errorf("entry %d lost", i)
		}
	}

	small := newFontStreamCache(100, 1000)
	for i := range 20 {
		small.put(&fontStream{key: key(i), compressed: make([]byte, 300)})
	}
	if small.bytes > 1000 || small.lru.Len() > 2 {
		t.Errorf("%d bytes in %d entries, bound 1000 bytes", small.bytes, small.lru.Len())
	}
	small.put(&fontStream{key: key(99), compressed: make([]byte, 5000)})
	if _, ok := small.get(key(99)); ok {
		t.Error("an entry over the byte bound was kept")
	}
}

// Concurrent lookups and stores keep the cache consistent (run with -race).
func TestFontStreamCacheConcurrent(t *testing.T) {
	font := []byte("font")
	c := newFontStreamCache(8, 1<<20)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 200 {
				k := fontStreamKey{font: &font[0], size: len(font), glyphs: fmt.Sprint((g + i) % 16)}
				if s, ok := c.get(k); ok && s.key != k {
					t.Error("wrong entry")
					return
				}
				c.put(&fontStream{key: k, compressed: []byte(k.glyphs)})
			}
		}()
	}
	wg.Wait()
	n := 0
	for range c.byKey {
		n++
	}
	if c.lru.Len() > 8 || n != c.lru.Len() {
		t.Errorf("%d entries, %d keys", c.lru.Len(), n)
	}
}
