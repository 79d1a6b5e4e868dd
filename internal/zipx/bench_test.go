package zipx

import (
	"compress/flate"
	"context"
	"fmt"
	"testing"
)

// BenchmarkZipLevels compresses a document-like part at each level worth
// considering; it reports the compressed share of the input. On rendered
// documents (DOCX and XLSX parts) BestSpeed costs about what HuffmanOnly
// does and gives two to six times less output; DefaultCompression is
// three to six times slower for 15–20 % less: hence the default.
func BenchmarkZipLevels(b *testing.B) {
	data := sample()[1].data
	for _, level := range []int{flate.HuffmanOnly, flate.BestSpeed, flate.DefaultCompression, flate.BestCompression} {
		b.Run(fmt.Sprint(level), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			var size int
			for b.Loop() {
				r, err := Compress(context.Background(), data, level)
				if err != nil {
					b.Fatal(err)
				}
				size = len(r.Deflated)
			}
			b.ReportMetric(100*float64(size)/float64(len(data)), "%size")
		})
	}
}
