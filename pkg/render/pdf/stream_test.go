package pdf_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kartograf-ru/kartograf"
	"github.com/kartograf-ru/kartograf/internal/testtool/testdoc"
	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/render/pdf"
)

// A streamed render writes the bytes of a render that holds every page:
// long plans, a document with contents (laid out more than once), turned
// pages, the signature mark; with the threshold at one page every
// document of a few pages streams too.
func TestStreamSameBytes(t *testing.T) {
	eng := testdoc.Engine(t)
	ctx := context.Background()
	mark := &pdf.Mark{Certificate: "5A17", Owner: "Багова Мария Владимировна", ValidFrom: "01.08.2023", ValidTo: "01.08.2033"}
	cases := []struct {
		name    string
		doc     func() *document.Document
		mark    bool
		streams int // the threshold for the streamed render
	}{
		{"plan900", func() *document.Document { return bigPlan(900) }, false, 0},
		{"plan900-mark", func() *document.Document { return bigPlan(900) }, true, 0},
		{"seed001", func() *document.Document { return testdoc.Seed(t, testdoc.Seed001) }, true, 1},
		{"seed000", func() *document.Document { return testdoc.Seed(t, "000_f50bb33c8ce6181b.json") }, false, 1},
		{"contents", func() *document.Document {
			return testdoc.Load(t, "testdata", "documents", "programme-cover-contents.json")
		}, false, 1},
		{"pagebreaks", func() *document.Document {
			return testdoc.Load(t, "testdata", "documents", "programme-roman-pagebreaks.json")
		}, false, 1},
		{"rows150", func() *document.Document { return testdoc.Load(t, "testdata", "documents", "rows150.json") }, false, 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := c.doc()
			opts := kartograf.RenderOptions{}
			if c.mark {
				opts.Mark = mark
			}
			render := func(threshold int) []byte {
				defer pdf.SetStreamPages(threshold)()
				var buf bytes.Buffer
				if _, err := eng.Render(ctx, &buf, d, opts); err != nil {
					t.Fatal(err)
				}
				return buf.Bytes()
			}
			want := render(1 << 30)
			before := pdf.Streamed()
			threshold := c.streams
			if threshold == 0 {
				threshold = 64
			}
			got := render(threshold)
			if pdf.Streamed() == before {
				t.Fatal("the render did not stream")
			}
			if !bytes.Equal(got, want) {
				t.Errorf("streamed PDF differs: %d bytes, held %d bytes", len(got), len(want))
			}
		})
	}
}

// Released versions keep their bytes when every document streams.
func TestStreamCompatibleBytes(t *testing.T) {
	defer pdf.SetStreamPages(1)()
	files, err := filepath.Glob(filepath.Join(compatDir, "*.sha256"))
	if err != nil || len(files) < 10 {
		t.Fatalf("expected the recorded hashes in %s, found %d (%v)", compatDir, len(files), err)
	}
	before := pdf.Streamed()
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".sha256")
		doc, ref, _ := strings.Cut(name, ".")
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		want := strings.TrimSpace(string(data))
		if got := compatHash(t, doc, ref); got != want {
			t.Errorf("%s with %s streamed: sha256 %s, recorded %s", doc, ref, got, want)
		}
	}
	if pdf.Streamed() == before {
		t.Error("no document streamed")
	}
}
