package analysis_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/kartograf-ru/kartograf"
	"github.com/kartograf-ru/kartograf/pkg/analysis"
)

// BenchmarkRender renders the analysis of seed 001 (with its chart) in each
// format: BenchmarkRender/<format>/analysis, as the issue names it.
func BenchmarkRender(b *testing.B) {
	eng, err := kartograf.New(kartograf.Options{})
	if err != nil {
		b.Fatal(err)
	}
	doc, err := analysis.Build(seedPlan(b), analysis.Options{Date: seedDate})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	for _, f := range kartograf.Formats() {
		b.Run(string(f)+"/analysis", func(b *testing.B) {
			var buf bytes.Buffer
			if _, err := eng.Render(ctx, &buf, doc, kartograf.RenderOptions{Format: f}); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				buf.Reset()
				if _, err := eng.Render(ctx, &buf, doc, kartograf.RenderOptions{Format: f}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(buf.Len()), "bytes/doc")
		})
	}
}
