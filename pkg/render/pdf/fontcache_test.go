package pdf_test

import (
	"bytes"
	"context"
	"sync"
	"testing"

	"github.com/kartograf-ru/kartograf"
	"github.com/kartograf-ru/kartograf/internal/testtool/testdoc"
	"github.com/kartograf-ru/kartograf/third_party/gopdf"
)

// A second document with the same glyphs takes its font subsets from the
// cache, and the bytes are those of a render that built them; renders in
// parallel agree too.
func TestFontSubsetCacheReuse(t *testing.T) {
	eng := testdoc.Engine(t)
	ctx := context.Background()
	docs := []string{testdoc.Seed001, "000_f50bb33c8ce6181b.json"}
	want := make([][]byte, len(docs))
	for i, name := range docs {
		var buf bytes.Buffer
		if _, err := eng.Render(ctx, &buf, testdoc.Seed(t, name), kartograf.RenderOptions{}); err != nil {
			t.Fatal(err)
		}
		want[i] = buf.Bytes()
	}
	calls0, hits0, _, _ := gopdf.FontStreamCacheStats()
	var buf bytes.Buffer
	if _, err := eng.Render(ctx, &buf, testdoc.Seed(t, testdoc.Seed001), kartograf.RenderOptions{}); err != nil {
		t.Fatal(err)
	}
	calls, hits, entries, size := gopdf.FontStreamCacheStats()
	if calls == calls0 || hits-hits0 != calls-calls0 {
		t.Errorf("second render of seed 001: %d font subsets, %d from the cache; want all", calls-calls0, hits-hits0)
	}
	if entries == 0 || size == 0 {
		t.Errorf("cache holds %d entries, %d bytes", entries, size)
	}
	if !bytes.Equal(buf.Bytes(), want[0]) {
		t.Error("a cached font subset changed the PDF's bytes")
	}

	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			i := g % len(docs)
			var buf bytes.Buffer
			if _, err := eng.Render(ctx, &buf, testdoc.Seed(t, docs[i]), kartograf.RenderOptions{}); err != nil {
				t.Error(err)
				return
			}
			if !bytes.Equal(buf.Bytes(), want[i]) {
				t.Errorf("parallel render of %s differs", docs[i])
			}
		}()
	}
	wg.Wait()
}
