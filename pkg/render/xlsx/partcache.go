package xlsx

import (
	"archive/zip"
	"bytes"
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

// excelize parses its theme into a tree in NewFile and marshals the tree
// back on every write, to the same bytes each time: nothing here changes
// the theme. themeXML is those bytes, made once by a blank workbook;
// plainTheme puts them in the package as they are and drops the tree, so
// a write copies them (and the part cache finds them) instead of
// marshalling 7 KB of XML per workbook. The bytes written do not change
// (TestPartCacheBytes compares with a writer that marshals).
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
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
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

// plainTheme swaps f's theme tree for its bytes; without them (they could
// not be made) f keeps its tree and marshals it as before.
func plainTheme(f *excelize.File) {
	if data, err := themeXML(); err == nil && f.Theme != nil {
		f.Theme = nil
		f.Pkg.Store(themePart, data)
	}
}
