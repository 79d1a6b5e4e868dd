package pdf_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/kartograf-ru/kartograf"
	"github.com/kartograf-ru/kartograf/internal/testtool/testdoc"
	"github.com/kartograf-ru/kartograf/pkg/render/pdf"
)

// A second render of a document takes its fonts' ToUnicode maps already
// compressed, and its bytes are those of the render that compressed them.
func TestFixedStreamCacheReuse(t *testing.T) {
	eng := testdoc.Engine(t)
	ctx := context.Background()
	pdf.ResetFixedStreams()
	var want, got bytes.Buffer
	if _, err := eng.Render(ctx, &want, testdoc.Seed(t, testdoc.Seed001), kartograf.RenderOptions{}); err != nil {
		t.Fatal(err)
	}
	hits := pdf.FixedStreamHits()
	if _, err := eng.Render(ctx, &got, testdoc.Seed(t, testdoc.Seed001), kartograf.RenderOptions{}); err != nil {
		t.Fatal(err)
	}
	if n := pdf.FixedStreamHits() - hits; n < 2 {
		t.Errorf("second render took %d streams from the cache, want its ToUnicode maps (≥ 2)", n)
	}
	if !bytes.Equal(got.Bytes(), want.Bytes()) {
		t.Error("a cached stream changed the PDF's bytes")
	}
}
