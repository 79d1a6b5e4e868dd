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

// typesetRenders returns, for seed 000 and the long analysis, a render of
// the document view to PDF bytes with its released version (greedy
// breaking) and one with the same version made optimal (total fit,
// hyphenation, widows and orphans).
func typesetRenders(b *testing.B) (names []string, greedy, optimal []func()) {
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
		// A new version: optimal breaking, and plain PDF as the released
		// one prints, so that only the typesetting differs.
		nv := *v
		nv.Manifest.Version = "9.9.9"
		nv.Manifest.PDF.Conformance = templates.ConformanceNone
		render := func(tv *templates.Version) func() {
			var buf bytes.Buffer
			return func() {
				vw, err := view.Build(ctx, d, tv, view.Meta{})
				if err != nil {
					b.Fatal(err)
				}
				buf.Reset()
				if err := r.RenderView(ctx, &buf, vw); err != nil {
					b.Fatal(err)
				}
			}
		}
		names = append(names, d.Template)
		greedy = append(greedy, render(v))
		optimal = append(optimal, render(&nv))
	}
	return names, greedy, optimal
}

// BenchmarkTypeset measures what optimal typesetting costs, document view
// to PDF bytes, each mode on its own. cpu-ns/op is the process's CPU
// time, steadier than wall time on a shared VM.
func BenchmarkTypeset(b *testing.B) {
	names, greedy, optimal := typesetRenders(b)
	for i, name := range names {
		for _, mode := range []struct {
			name   string
			render func()
		}{{"greedy", greedy[i]}, {"optimal", optimal[i]}} {
			b.Run(name+"/"+mode.name, func(b *testing.B) {
				mode.render()
				b.ReportAllocs()
				cpu := processCPU()
				for b.Loop() {
					mode.render()
				}
				b.ReportMetric(float64(processCPU()-cpu)/float64(b.N), "cpu-ns/op")
			})
		}
	}
}

// BenchmarkTypesetRatio renders each document greedily and optimally in
// turn, one after the other in every iteration, and reports the ratio of
// their CPU times (optimal/greedy). Measured side by side at this grain,
// both see the same state of a shared machine, whose speed drifts by tens
// of per cent within a minute and makes the ratio of two separate runs
// meaningless.
func BenchmarkTypesetRatio(b *testing.B) {
	if processCPU() == 0 {
		b.Skip("no process CPU time on this system")
	}
	names, greedy, optimal := typesetRenders(b)
	for i, name := range names {
		b.Run(name, func(b *testing.B) {
			greedy[i]()
			optimal[i]()
			var g, o int64
			odd := false
			for b.Loop() {
				// Alternate which goes first, so that neither always
				// finds the caches as the other left them.
				first, second, ft, st := greedy[i], optimal[i], &g, &o
				if odd {
					first, second, ft, st = optimal[i], greedy[i], &o, &g
				}
				odd = !odd
				t0 := processCPU()
				first()
				t1 := processCPU()
				second()
				t2 := processCPU()
				*ft += t1 - t0
				*st += t2 - t1
			}
			b.ReportMetric(float64(g)/float64(b.N), "greedy-cpu-ns/op")
			b.ReportMetric(float64(o)/float64(b.N), "optimal-cpu-ns/op")
			b.ReportMetric(float64(o)/float64(g), "optimal/greedy")
		})
	}
}
