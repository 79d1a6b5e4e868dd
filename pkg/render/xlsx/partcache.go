package xlsx

import "github.com/kartograf-ru/kartograf/internal/zipx"

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
