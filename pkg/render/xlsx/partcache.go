package xlsx

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"sync"

	"github.com/xuri/excelize/v2"

	"github.com/kartograf-ru/kartograf/internal/zipx"
)

// A workbook's parts repeat from render to render: the theme, the styles,
// the workbook and its relationships are the same for every document of a
// template version, and in a district batch so are the plan sheet, the
// summary and the chart — only the letterhead sheet, the stored copy and
// the properties name the school. Deflating them was a sixth of a
// workbook's cost; the writer keeps them deflated in a cache bounded by
// count and size (zipx.PartCache) and copies them. The bytes are the
// same as without it (zipx.TestPartCacheSameBytes, TestPartCacheBytes).
const (
	partCacheEntries = 256
	partCacheBytes   = 8 << 20
)

func newPartCache() *zipx.PartCache { return zipx.NewPartCache(partCacheEntries, partCacheBytes) }

func (w *Writer) zipOptions() []zipx.Option {
	opts := []zipx.Option{zipx.WithLevel(zipLevel)}
	if w.parts != nil {
		opts = append(opts, zipx.WithPartCache(w.parts))
	}
	return opts
}

// excelize parsed its theme into a tree in NewFile and marshalled the
// tree back on every write, to the same bytes each time. themeXML is
// those bytes, made once by a blank workbook; the writer puts them in
// every package as they are, and the part cache finds them.
var themeXML = sync.OnceValues(func() ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	return writtenPart(f, themePart)
})

// writtenPart is the part name of the workbook f as excelize writes it.
func writtenPart(f *excelize.File, name string) ([]byte, error) {
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	return zipPart(buf.Bytes(), name)
}

// blankStreamSheet is the first sheet of a blank workbook written
// through excelize's stream writer.
func blankStreamSheet() ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		return nil, err
	}
	if err := sw.Flush(); err != nil {
		return nil, err
	}
	return writtenPart(f, "xl/worksheets/sheet1.xml")
}

var errBlank = errors.New("xlsx: пустая книга excelize не того вида")

// zipPart is the part name of the archive data, inflated.
func zipPart(data []byte, name string) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, err
	}
	rc, err := zr.Open(name)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(rc)
}

const themePart = "xl/theme/theme1.xml"
