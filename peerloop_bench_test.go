package kartograf_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/kartograf-ru/kartograf"
)

// BenchmarkPeerLoop is scripts/peerbench's timed iteration as a benchmark:
// the JSON of seed 001 in, the file's bytes out — decode, prepare
// (validation, input hash, view) and render — so a profile of it shows
// every fixed cost a document pays in steady state.
//
//	go test -run '^$' -cpu 1 -bench PeerLoop -cpuprofile cpu.out .
func BenchmarkPeerLoop(b *testing.B) {
	raw, eng := seed001Engine(b)
	ctx := context.Background()
	for _, f := range []kartograf.Format{kartograf.PDF, kartograf.DOCX, kartograf.XLSX} {
		b.Run(string(f), func(b *testing.B) {
			var buf bytes.Buffer
			one := func() {
				buf.Reset()
				d, err := eng.Decode(raw, "")
				if err != nil {
					b.Fatal(err)
				}
				p, err := eng.Prepare(ctx, d, "")
				if err != nil {
					b.Fatal(err)
				}
				if _, err := eng.RenderPrepared(ctx, &buf, p, kartograf.RenderOptions{Format: f}); err != nil {
					b.Fatal(err)
				}
			}
			one() // the per-process caches, as peerbench's copy #1
			b.ReportAllocs()
			for b.Loop() {
				one()
			}
			b.ReportMetric(float64(buf.Len()), "bytes/doc")
		})
	}
}
