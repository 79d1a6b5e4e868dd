package zipx

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"fmt"
	"io"
	"sync"
	"testing"
)

// cacheSample is a workbook-like archive: small parts, a Cyrillic name
// (not cached), a part of several MiB (streamed past the cache), written
// in several pieces, and parts written through every other method.
func cacheSample(school int) []entry {
	var sheet bytes.Buffer
	for i := range 400 {
		fmt.Fprintf(&sheet, `<row r="%d"><c t="inlineStr"><is><t>Мероприятие %d</t></is></c></row>`, i, i)
	}
	return append(sample(),
		entry{"xl/theme/theme1.xml", "create", bytes.Repeat([]byte(`<a:srgbClr val="1F497D"/>`), 300)},
		entry{"xl/worksheets/sheet1.xml", "create", sheet.Bytes()},
		entry{"docProps/core.xml", "create", fmt.Appendf(nil, "<dc:title>Школа №%d</dc:title>", school)},
		entry{"отчёт.xml", "create", []byte("<r/>")},
		entry{"empty.xml", "create", nil},
		entry{"a~b.xml", "create", []byte("<r/>")},
	)
}

// writePieces writes every "create" entry in pieces of 1 000 bytes, so
// that the cached parts are assembled from several writes.
func writePieces(t testing.TB, entries []entry, opts ...Option) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := NewWriter(context.Background(), &buf, opts...)
	for _, e := range entries {
		var err error
		switch e.how {
		case "create":
			var fw io.Writer
			if fw, err = w.Create(e.name); err == nil {
				for d := e.data; len(d) > 0 && err == nil; {
					n := min(len(d), 1000)
					_, err = fw.Write(d[:n])
					d = d[n:]
				}
			}
		case "deflate":
			err = w.Deflate(e.name, e.data)
		case "raw":
			var r Raw
			if r, err = Compress(context.Background(), e.data, flate.BestCompression); err == nil {
				err = w.CreateRaw(e.name, r)
			}
		case "store":
			err = w.Store(e.name, e.data)
		}
		if err != nil {
			t.Fatalf("%s: %v", e.name, err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestPartCacheSameBytes: an archive written with the cache, whether its
// parts miss or hit, is byte for byte the archive written without one.
func TestPartCacheSameBytes(t *testing.T) {
	for _, level := range []int{flate.HuffmanOnly, flate.BestSpeed, flate.DefaultCompression} {
		c := NewPartCache(64, 1<<20)
		for school := range 3 {
			entries := cacheSample(school)
			want := writePieces(t, entries, WithLevel(level))
			got := writePieces(t, entries, WithLevel(level), WithPartCache(c))
			if !bytes.Equal(got, want) {
				t.Fatalf("level %d, school %d: %d bytes with the cache, %d without", level, school, len(got), len(want))
			}
			if _, err := readAll(got); err != nil {
				t.Fatalf("level %d: %v", level, err)
			}
		}
		// app, theme, sheet and the empty part once, the school's own
		// core.xml each time; the large part and the odd names never.
		if n := c.Len(); n != 4+3 {
			t.Errorf("level %d: %d parts cached, want 7", level, n)
		}
	}
}

// readAll reads every entry back (checking each CRC).
func readAll(data []byte) (int, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return 0, err
	}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			return 0, err
		}
		_, err = io.Copy(io.Discard, rc)
		rc.Close()
		if err != nil {
			return 0, fmt.Errorf("%s: %w", f.Name, err)
		}
	}
	return len(zr.File), nil
}

// TestPartCacheBounded: the cache never holds more than its bounds, and
// parts of another level are other parts.
func TestPartCacheBounded(t *testing.T) {
	c := NewPartCache(4, 1<<20)
	for i := range 10 {
		writePieces(t, []entry{{fmt.Sprintf("p%d.xml", i), "create", bytes.Repeat([]byte{byte('a' + i)}, 100)}}, WithPartCache(c))
	}
	if c.Len() != 4 {
		t.Errorf("%d parts held, want 4", c.Len())
	}
	small := NewPartCache(100, 64)
	writePieces(t, []entry{{"a.xml", "create", []byte("<a/>")}, {"big.xml", "create", bytes.Repeat([]byte("xyz0123456789"), 500)}}, WithPartCache(small))
	if small.Size() > 64 {
		t.Errorf("%d deflated bytes held, bound 64", small.Size())
	}
}

// TestPartCacheConcurrent renders archives from several goroutines
// through one cache (run with -race).
func TestPartCacheConcurrent(t *testing.T) {
	c := NewPartCache(16, 1<<20)
	want := writePieces(t, cacheSample(1), WithLevel(flate.HuffmanOnly))
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 5 {
				if got := writePieces(t, cacheSample(1), WithLevel(flate.HuffmanOnly), WithPartCache(c)); !bytes.Equal(got, want) {
					t.Error("bytes differ under concurrent use")
					return
				}
			}
		})
	}
	wg.Wait()
}
