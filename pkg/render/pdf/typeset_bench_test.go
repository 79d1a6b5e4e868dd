package pdf_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/kartograf-ru/kartograf/fonts"
	"github.com/kartograf-ru/kartograf/internal/testtool/testdoc"
	"github.com/kartograf-ru/kartograf/pkg/render/pdf"
	"github.com/kartograf-ru/kartograf/pkg/render/view"
	"github.com/kartograf-ru/kartograf/templates"
)

// BenchmarkTypeset renders seed 000 and the long analysis with their
// released version (greedy breaking) and with the same version made
// optimal (total fit, hyphenation, widows and orphans), document view to
// PDF bytes: what optimal typesetting costs. cpu-ns/op is the process's
// CPU time, steadier than wall time on a shared VM.
func BenchmarkTypeset(b *testing.B) {
	reg, err := templates.New()
	if err != nil {
		b.Fatal(err)
	}
	r := pdf.NewRenderer(new(fonts.Library))
	ctx := context.Background()
	for _, doc := range [][2]string{{"seeds", "000_f50bb33c8ce6181b.json"}, {"documents", "analysis-long.json"}} {
		d := testdoc.Load(b, "testdata", doc[0], doc[1])
		v, err := reg.Resolve(d.Template)
		if err != nil {
			b.Fatal(err)
		}
		for _, mode := range []string{"greedy", "optimal"} {
			tv := v
			if mode == "optimal" {
				nv := *v
				// A new version: optimal breaking, and plain PDF as the
				// released one prints, so that only the typesetting differs.
				nv.Manifest.Version = "9.9.9"
				nv.Manifest.PDF.Conformance = templates.ConformanceNone
				tv = &nv
			}
			b.Run(d.Template+"/"+mode, func(b *testing.B) {
				var buf bytes.Buffer
				render := func() {
					vw, err := view.Build(ctx, d, tv, view.Meta{})
					if err != nil {
						b.Fatal(err)
					}
					buf.Reset()
					if err := r.RenderView(ctx, &buf, vw); err != nil {
						b.Fatal(err)
					}
				}
				render()
				b.ReportAllocs()
				cpu := processCPU()
				for b.Loop() {
					render()
				}
				b.ReportMetric(float64(processCPU()-cpu)/float64(b.N), "cpu-ns/op")
			})
		}
	}
}
