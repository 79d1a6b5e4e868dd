package pdf

import (
	"bytes"
	"fmt"
	"sync"
	"testing"
)

// The stream cache keeps to both bounds, skips what is too big and gives
// back what it stored.
func TestStreamCacheBounds(t *testing.T) {
	c := newStreamCache(3, 1000)
	for i := range 10 {
		c.put([]byte(fmt.Sprint("raw", i)), bytes.Repeat([]byte{byte(i)}, 50))
		if len(c.m) > 3 || c.bytes > 1000 {
			t.Fatalf("after %d puts: %d entries, %d bytes", i+1, len(c.m), c.bytes)
		}
	}
	if z, ok := c.get([]byte("raw9")); !ok || !bytes.Equal(z, bytes.Repeat([]byte{9}, 50)) {
		t.Errorf("last entry: %v %v", z, ok)
	}
	c.put([]byte("big"), make([]byte, 2000))
	if _, ok := c.get([]byte("big")); ok {
		t.Error("an entry over the byte bound was kept")
	}
	c.put(make([]byte, streamCacheMax+1), []byte("z"))
	if len(c.m) > 3 {
		t.Error("a stream over streamCacheMax was kept")
	}
	small := newStreamCache(100, 1000)
	for i := range 50 {
		small.put([]byte(fmt.Sprint("k", i)), make([]byte, 100))
	}
	total := 0
	for k, v := range small.m {
		total += len(k) + len(v)
	}
	if small.bytes > 1000 || total != small.bytes {
		t.Errorf("%d bytes counted, %d held, bound 1000", small.bytes, total)
	}
}

// Concurrent lookups and stores keep the cache consistent (run with -race).
func TestStreamCacheConcurrent(t *testing.T) {
	c := newStreamCache(8, 1<<20)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 200 {
				k := []byte(fmt.Sprint((g + i) % 16))
				if z, ok := c.get(k); ok && string(z) != "z"+string(k) {
					t.Error("wrong entry")
					return
				}
				c.put(k, []byte("z"+string(k)))
			}
		}()
	}
	wg.Wait()
}
