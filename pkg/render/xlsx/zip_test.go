package xlsx

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"

	"github.com/kartograf-ru/kartograf/internal/zipx"
)

// The workbook is zipped by zipx like every other archive: entries dated
// 1980-01-01 in the MS-DOS fields and no extra field (no
// extended-timestamp field), every part deflated.
func TestWriteZipIsZipx(t *testing.T) {
	for _, path := range writeDocs(t)[:2] {
		d := writeLoad(t, strings.Split(path, "/")...)
		data := writeRender(t, d, Meta{InputHash: "sha256:1", Creator: "kartograf test"})
		if err := zipx.Check(data); err != nil {
			t.Errorf("%s: %v", path, err)
		}
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			t.Fatal(err)
		}
		var raw, packed uint64
		for _, f := range zr.File {
			if f.Method != zip.Deflate {
				t.Errorf("%s: %s is not deflated (method %d)", path, f.Name, f.Method)
			}
			raw += f.UncompressedSize64
			packed += f.CompressedSize64
		}
		t.Logf("%s: %d bytes of parts in %d (%.1f %%), file %d bytes", path, raw, packed, 100*float64(packed)/float64(raw), len(data))
	}
}
