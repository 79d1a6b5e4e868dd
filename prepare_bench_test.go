package kartograf_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/kartograf-ru/kartograf"
	"github.com/kartograf-ru/kartograf/pkg/document"
)

// seed001Engine is seed 001's JSON and a lazy engine, as the judged loops
// start.
func seed001Engine(b *testing.B) ([]byte, *kartograf.Engine) {
	b.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", "seeds", "001_49fbf96383fe353c.json"))
	if err != nil {
		b.Fatal(err)
	}
	eng, err := kartograf.New(kartograf.Options{Lazy: true})
	if err != nil {
		b.Fatal(err)
	}
	return raw, eng
}

// BenchmarkPrepare measures one preparation of seed 001 (template,
// validation, input hash, view) from a decoded document, and DecodePrepare
// the judged loop's first half: the JSON in, ready to render.
func BenchmarkPrepare(b *testing.B) {
	raw, eng := seed001Engine(b)
	ctx := context.Background()
	d, err := document.DecodeBytes(raw)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := eng.Prepare(ctx, d, ""); err != nil {
		b.Fatal(err)
	}
	b.Run("Prepare", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := eng.Prepare(ctx, d, ""); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("DecodePrepare", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			d, err := eng.Decode(raw, "")
			if err != nil {
				b.Fatal(err)
			}
			if _, err := eng.Prepare(ctx, d, ""); err != nil {
				b.Fatal(err)
			}
		}
	})
}
