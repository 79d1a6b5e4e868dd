package kartograf

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"path/filepath"
	"sync"
	"testing"

	"github.com/kartograf-ru/kartograf/pkg/document"
)

// A preparation keeps the canonical JSON it hashed, for the XLSX to store
// without marshalling the document again: the bytes are WriteJSON's, they
// hash to the input hash, and preparations running at once (sharing the
// buffer pool) each keep their own.
func TestPrepareKeepsCanonicalJSON(t *testing.T) {
	eng, err := New(Options{Lazy: true})
	if err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob("testdata/seeds/*.json")
	if err != nil || len(files) < 2 {
		t.Fatalf("seeds: %v %v", files, err)
	}
	var docs []*document.Document
	for _, f := range files {
		docs = append(docs, seedDoc(t, filepath.Base(f)))
	}
	var wg sync.WaitGroup
	for range 4 {
		for _, d := range docs {
			wg.Go(func() {
				p, err := eng.Prepare(context.Background(), d, "")
				if err != nil {
					t.Error(err)
					return
				}
				var want bytes.Buffer
				if err := document.WriteJSON(context.Background(), &want, d); err != nil {
					t.Error(err)
					return
				}
				hash, err := InputHash(d)
				if err != nil {
					t.Error(err)
					return
				}
				js := p.View.Meta.JSON
				sum := sha256.Sum256(js)
				if !bytes.Equal(js, want.Bytes()) || "sha256:"+hex.EncodeToString(sum[:]) != hash || p.InputHash != hash {
					t.Errorf("%s: kept %d bytes hashing to %x, WriteJSON %d bytes, InputHash %s, prepared %s",
						d.Title, len(js), sum, want.Len(), hash, p.InputHash)
				}
			})
		}
	}
	wg.Wait()
}
