package kartograf

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"path/filepath"
	"strconv"
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

// A document whose canonical JSON passes maxKeptJSON keeps none (a long
// plan's PDF would otherwise hold its JSON through the render) but gets
// the same input hash, and its workbook still stores the JSON the hash is
// of.
func TestPrepareLongDocumentKeepsNoJSON(t *testing.T) {
	eng, err := New(Options{Lazy: true})
	if err != nil {
		t.Fatal(err)
	}
	d := seedDoc(t, "001_49fbf96383fe353c.json")
	var plan *document.Plan
	for i := range d.Body {
		if d.Body[i].Plan != nil {
			plan = d.Body[i].Plan
			break
		}
	}
	if plan == nil || len(plan.Sections) == 0 {
		t.Fatal("seed 001 has no sectioned plan")
	}
	s := &plan.Sections[0]
	for len(s.Items) < 6000 {
		s.Items = append(s.Items, s.Items...)
	}
	for i := range s.Items {
		s.Items[i].Number = s.Number + strconv.Itoa(i+1) + "."
	}
	var want bytes.Buffer
	if err := document.WriteJSON(context.Background(), &want, d); err != nil {
		t.Fatal(err)
	}
	if want.Len() <= maxKeptJSON {
		t.Fatalf("the test document's JSON is %d bytes, not past %d", want.Len(), maxKeptJSON)
	}
	p, err := eng.Prepare(context.Background(), d, "")
	if err != nil {
		t.Fatal(err)
	}
	hash, err := InputHash(d)
	if err != nil {
		t.Fatal(err)
	}
	if p.View.Meta.JSON != nil || p.InputHash != hash {
		t.Fatalf("kept %d bytes, hash %s, want none and %s", len(p.View.Meta.JSON), p.InputHash, hash)
	}
	var out bytes.Buffer
	if _, err := eng.RenderPrepared(context.Background(), &out, p, RenderOptions{Format: XLSX}); err != nil {
		t.Fatal(err)
	}
	got, err := eng.Import(bytes.NewReader(out.Bytes()), int64(out.Len()))
	if err != nil {
		t.Fatal(err)
	}
	if h, _ := InputHash(got); h != hash {
		t.Errorf("the workbook gives back a document hashing to %s, want %s", h, hash)
	}
}
