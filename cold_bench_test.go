package kartograf_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/kartograf-ru/kartograf"
)

// BenchmarkColdRender is what `kartograf render -o x.pdf seed001.json`
// does after the process has started: make an engine (fonts parsed anew,
// no cache shared with earlier iterations), decode the seed, render its
// PDF. "eager" checks every template version in New, as the service does;
// "lazy" (the CLI) only the version the document uses, at first use.
func BenchmarkColdRender(b *testing.B) {
	seed, err := os.ReadFile(filepath.Join("testdata", "seeds", "001_49fbf96383fe353c.json"))
	if err != nil {
		b.Fatal(err)
	}
	for _, bc := range []struct {
		name string
		opts kartograf.Options
	}{{"eager", kartograf.Options{}}, {"lazy", kartograf.Options{Lazy: true}}} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			var buf bytes.Buffer
			for b.Loop() {
				eng, err := kartograf.New(bc.opts)
				if err != nil {
					b.Fatal(err)
				}
				d, err := eng.Decode(seed, "")
				if err != nil {
					b.Fatal(err)
				}
				buf.Reset()
				if _, err := eng.Render(context.Background(), &buf, d, kartograf.RenderOptions{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
