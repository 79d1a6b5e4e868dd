package docx_test

import (
	"bytes"
	"context"
	"os"
	"testing"

	"github.com/kartograf-ru/kartograf"
)

// BenchmarkRenderPrepared is the DOCX writer alone in steady state: seed
// 001 prepared once (decoded, validated, its view built), then written
// again and again, so that a profile shows the template execution and
// the zip stage without the stages before them.
func BenchmarkRenderPrepared(b *testing.B) {
	raw, err := os.ReadFile(repo("testdata", "seeds", "001_49fbf96383fe353c.json"))
	if err != nil {
		b.Fatal(err)
	}
	e := engine(b)
	ctx := context.Background()
	d, err := e.Decode(raw, "")
	if err != nil {
		b.Fatal(err)
	}
	p, err := e.Prepare(ctx, d, "")
	if err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	opts := kartograf.RenderOptions{Format: kartograf.DOCX}
	if _, err := e.RenderPrepared(ctx, &buf, p, opts); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if _, err := e.RenderPrepared(ctx, &buf, p, opts); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len()), "bytes/doc")
}
