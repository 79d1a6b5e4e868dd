package xlsx

import (
	"bytes"
	"context"
	"path/filepath"
	"sync"
	"testing"

	"github.com/kartograf-ru/kartograf/fonts"
)

// TestPartCacheBytes: workbooks written while the part cache misses and
// while it hits, from several goroutines at once, are byte for byte the
// workbooks written without a cache; and the second render of a document
// finds its shared parts in the cache.
func TestPartCacheBytes(t *testing.T) {
	lib := new(fonts.Library)
	plain := NewWriter(lib)
	plain.parts = nil
	cached := NewWriter(lib)
	files, _ := filepath.Glob(filepath.Join("..", "..", "..", "testdata", "seeds", "*.json"))
	docs, _ := filepath.Glob(filepath.Join("..", "..", "..", "testdata", "documents", "*.json"))
	files = append(files, docs...)
	if len(files) < 10 {
		t.Fatalf("only %d test documents", len(files))
	}
	ctx := context.Background()
	meta := Meta{InputHash: "sha256:0", Creator: "kartograf test"}
	for _, f := range files {
		rel, _ := filepath.Rel(filepath.Join("..", "..", ".."), f)
		d := writeLoad(t, rel)
		v := writeTemplate(t, d)
		var want bytes.Buffer
		if err := plain.Render(ctx, &want, d, v, meta); err != nil {
			t.Fatalf("%s: %v", rel, err)
		}
		before := cached.parts.Len()
		var wg sync.WaitGroup
		for i := range 3 {
			wg.Go(func() {
				var got bytes.Buffer
				if err := cached.Render(ctx, &got, d, v, meta); err != nil {
					t.Errorf("%s: %v", rel, err)
					return
				}
				if !bytes.Equal(got.Bytes(), want.Bytes()) {
					t.Errorf("%s, render %d: %d bytes with the part cache, %d without", rel, i, got.Len(), want.Len())
				}
			})
		}
		wg.Wait()
		if cached.parts.Len() == before && before < partCacheEntries {
			t.Errorf("%s: nothing new in the part cache", rel)
		}
	}
}
