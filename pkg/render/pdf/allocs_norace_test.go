//go:build !race

package pdf_test

import (
	"context"
	"io"
	"testing"

	"github.com/kartograf-ru/kartograf"
	"github.com/kartograf-ru/kartograf/internal/testtool/testdoc"
)

// A warm render of seed 001 from its preparation allocates a few hundred
// times (454 when written; 1 223 before cells' lines were kept in chunks,
// pages' operations pooled and gopdf's writers spared their copies): the
// bound catches a return of per-line or per-glyph allocation, not noise.
func TestRenderPreparedAllocs(t *testing.T) {
	eng := testdoc.Engine(t)
	ctx := context.Background()
	p, err := eng.Prepare(ctx, testdoc.Seed(t, testdoc.Seed001), "")
	if err != nil {
		t.Fatal(err)
	}
	render := func() {
		if _, err := eng.RenderPrepared(ctx, io.Discard, p, kartograf.RenderOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	render() // warm the font, subset and stream caches
	if n := testing.AllocsPerRun(10, render); n > 700 {
		t.Errorf("%.0f allocations per render of seed 001, want ≤ 700", n)
	}
}
