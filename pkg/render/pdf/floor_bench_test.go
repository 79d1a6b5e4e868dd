package pdf_test

import (
	"bytes"
	"compress/zlib"
	"context"
	"io"
	"regexp"
	"strconv"
	"testing"

	"github.com/kartograf-ru/kartograf"
	"github.com/kartograf-ru/kartograf/internal/testtool/testdoc"
)

// pdfStream is one stream of a rendered PDF, uncompressed, with the
// zlib level the renderer compresses it at.
type pdfStream struct {
	data  []byte
	level int
}

var streamDictRE = regexp.MustCompile(`(?s)<<([^<>]*?)/Length (\d+)\n/Filter /FlateDecode\n?([^<>]*?)>>\nstream\n`)

// pdfStreams decompresses every Flate stream of pdf. Embedded font files
// (the ones with /Length1) are compressed by gopdf at the default level,
// every other stream by the finisher with Huffman coding only.
func pdfStreams(tb testing.TB, pdf []byte) []pdfStream {
	tb.Helper()
	var out []pdfStream
	for _, m := range streamDictRE.FindAllSubmatchIndex(pdf, -1) {
		n, err := strconv.Atoi(string(pdf[m[4]:m[5]]))
		if err != nil || m[1]+n > len(pdf) {
			tb.Fatalf("stream at %d: bad /Length", m[0])
		}
		zr, err := zlib.NewReader(bytes.NewReader(pdf[m[1] : m[1]+n]))
		if err != nil {
			tb.Fatalf("stream at %d: %v", m[0], err)
		}
		data, err := io.ReadAll(zr)
		if err != nil {
			tb.Fatalf("stream at %d: %v", m[0], err)
		}
		level := zlib.HuffmanOnly
		if bytes.Contains(pdf[m[0]:m[1]], []byte("/Length1 ")) {
			level = zlib.DefaultCompression
		}
		out = append(out, pdfStream{data, level})
	}
	return out
}

// BenchmarkFloor is the floor of a PDF's cost: compressing its own
// streams (page contents, font subsets, ToUnicode maps) at the levels the
// renderer uses, with reused writers as the renderer does. Run it with
// BenchmarkRender/pdf/seed001 in one go to compare the two; both report
// cpu-ns/op, the process's CPU time per operation (garbage collection
// included), steadier than ns/op on a shared machine (use -cpu 1):
//
//	go test -run '^$' -cpu 1 -bench 'Render/pdf/seed001|Floor/seed001' ./pkg/render/pdf
func BenchmarkFloor(b *testing.B) {
	eng := testdoc.Engine(b)
	var pdf bytes.Buffer
	if _, err := eng.Render(context.Background(), &pdf, testdoc.Seed(b, testdoc.Seed001), kartograf.RenderOptions{}); err != nil {
		b.Fatal(err)
	}
	streams := pdfStreams(b, pdf.Bytes())
	if len(streams) < 3 {
		b.Fatalf("%d streams in the PDF", len(streams))
	}
	raw := 0
	for _, s := range streams {
		raw += len(s.data)
	}
	b.Run("seed001", func(b *testing.B) {
		var out bytes.Buffer
		writers := map[int]*zlib.Writer{}
		for _, s := range streams {
			if writers[s.level] == nil {
				writers[s.level], _ = zlib.NewWriterLevel(&out, s.level)
			}
		}
		b.ReportAllocs()
		cpu := processCPU()
		for b.Loop() {
			for _, s := range streams {
				out.Reset()
				zw := writers[s.level]
				zw.Reset(&out)
				zw.Write(s.data)
				if err := zw.Close(); err != nil {
					b.Fatal(err)
				}
			}
		}
		b.ReportMetric(float64(processCPU()-cpu)/float64(b.N), "cpu-ns/op")
		b.ReportMetric(float64(len(streams)), "streams")
		b.ReportMetric(float64(raw), "rawbytes")
	})
}
