package xlsx

import (
	"bytes"
	"context"
	"sync"
	"testing"

	"github.com/kartograf-ru/kartograf/fonts"
	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/templates"
)

// TestStyleTrieConcurrent renders two documents from many goroutines
// through one fresh writer (run with -race): every workbook has the bytes
// of a writer that makes its styles itself, and the trie was used.
func TestStyleTrieConcurrent(t *testing.T) {
	lib := new(fonts.Library)
	plain := NewWriter(lib)
	plain.parts, plain.styleTrie = nil, nil
	shared := NewWriter(lib)
	ctx := context.Background()
	meta := Meta{InputHash: "sha256:0", Creator: "kartograf test"}
	seeds := []string{"001_49fbf96383fe353c.json", "000_f50bb33c8ce6181b.json"}
	want := make([][]byte, len(seeds))
	docs := make([]*document.Document, len(seeds))
	vers := make([]*templates.Version, len(seeds))
	for i, s := range seeds {
		d := writeLoad(t, "testdata", "seeds", s)
		docs[i], vers[i] = d, writeTemplate(t, d)
		var buf bytes.Buffer
		if err := plain.Render(ctx, &buf, d, vers[i], meta); err != nil {
			t.Fatal(err)
		}
		want[i] = buf.Bytes()
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			i := g % len(seeds)
			var buf bytes.Buffer
			if err := shared.Render(ctx, &buf, docs[i], vers[i], meta); err != nil {
				errs <- err
				return
			}
			if !bytes.Equal(buf.Bytes(), want[i]) {
				t.Errorf("%s: workbook differs from one whose styles are made per file", seeds[i])
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if n := shared.styleTrie.nodes.Load(); n == 0 {
		t.Error("no styles went through the trie")
	}
}
