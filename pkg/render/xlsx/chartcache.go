package xlsx

// Charts are drawn by excelize (AddChart: the chart part, and its anchor
// in the sheet's drawing) on a blank workbook of one sheet with the same
// name and column widths, once per shape: the chart part and the anchor
// depend only on the chart's options, the sheet's name, its column widths
// and the cell it starts at, and workbooks of a template version repeat
// them (the summary's chart depends on the number of sections alone). A
// bounded cache keeps what was drawn.

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sync"

	"github.com/xuri/excelize/v2"
)

// Bounds of the chart cache: a few hundred shapes, a few megabytes.
const (
	chartCacheEntries = 512
	chartCacheBytes   = 16 << 20
)

type chartShape struct {
	xml    []byte // the chart part, finished (fixChart)
	anchor string // the twoCellAnchor as the drawing's first
}

type chartCache struct {
	mu    sync.Mutex
	m     map[string]*chartShape
	bytes int
}

func newChartCache() *chartCache { return &chartCache{m: map[string]*chartShape{}} }

// chartKey is what a chart's parts depend on.
type chartKey struct {
	Sheet  string
	Cols   []colWidth
	Cell   string
	Chart  *excelize.Chart
	Combo  []*excelize.Chart
	Colors []string
	Fix    bool
}

func (c colWidth) MarshalJSON() ([]byte, error) {
	return fmt.Appendf(nil, "[%d,%d,%v,%v]", c.min, c.max, c.width, c.hidden), nil
}

// draw returns chart ch (and combo) drawn from cell of sheet with the
// given columns; fix finishes the part (fixChart: a chart block's), with
// colors for a pie's slices. known, when not empty, names all of that
// (the summary's chart: its number of sections); else the key is the
// hash of all of it.
func (cc *chartCache) draw(known, sheet string, cols []colWidth, cellRef string, ch *excelize.Chart, combo []*excelize.Chart, fix bool, colors []string) (*chartShape, error) {
	key := "=" + known
	if known == "" {
		js, err := json.Marshal(chartKey{sheet, cols, cellRef, ch, combo, colors, fix})
		if err != nil {
			return nil, err
		}
		sum := sha256.Sum256(js)
		key = string(sum[:])
	}
	if cc != nil {
		cc.mu.Lock()
		c, ok := cc.m[key]
		cc.mu.Unlock()
		if ok {
			return c, nil
		}
	}
	c, err := drawChart(sheet, cols, cellRef, ch, combo, fix, colors)
	if err != nil {
		return nil, err
	}
	if cc != nil {
		cc.mu.Lock()
		if size := len(c.xml) + len(c.anchor); len(cc.m) < chartCacheEntries && cc.bytes+size <= chartCacheBytes {
			if _, ok := cc.m[key]; !ok {
				cc.m[key] = c
				cc.bytes += size
			}
		}
		cc.mu.Unlock()
	}
	return c, nil
}

var errChartParts = errors.New("xlsx: диаграмма без частей")

func drawChart(sheet string, cols []colWidth, cellRef string, ch *excelize.Chart, combo []*excelize.Chart, fix bool, colors []string) (*chartShape, error) {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return nil, err
	}
	for _, c := range cols {
		if err := f.SetColWidth(sheet, colName(c.min), colName(c.max), c.width); err != nil {
			return nil, err
		}
	}
	if err := f.AddChart(sheet, cellRef, ch, combo...); err != nil {
		return nil, err
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	data := buf.Bytes()
	part, err1 := zipPart(data, "xl/charts/chart1.xml")
	drawing, err2 := zipPart(data, "xl/drawings/drawing1.xml")
	if err := errors.Join(err1, err2); err != nil {
		return nil, err
	}
	i := bytes.Index(drawing, []byte("<xdr:twoCellAnchor"))
	j := bytes.LastIndex(drawing, []byte("</xdr:wsDr>"))
	if i < 0 || j < i {
		return nil, errChartParts
	}
	if fix {
		part = fixChart(part, colors)
	}
	return &chartShape{xml: part, anchor: string(drawing[i:j])}, nil
}

// fixChart finishes a chart part as excelize wrote it, with what excelize
// cannot write: the title deleted (the caption is the merged row under
// the chart; without autoTitleDeleted a viewer titles a one-series chart
// with the series' name), and a pie's slices filled with the view's
// colours instead of the theme's (excelize fills only the first slice,
// with an accent colour).
func fixChart(data []byte, colors []string) []byte {
	data = bytes.Replace(data, []byte("<chart>"), []byte(`<chart><autoTitleDeleted val="1"></autoTitleDeleted>`), 1)
	if len(colors) > 0 {
		if i := bytes.Index(data, []byte("<dPt>")); i >= 0 {
			if j := bytes.Index(data[i:], []byte("</dPt>")); j >= 0 {
				var pts bytes.Buffer
				for k, col := range colors {
					fmt.Fprintf(&pts, `<dPt><idx val="%d"></idx><bubble3D val="0"></bubble3D><spPr><a:solidFill><a:srgbClr val="%s"></a:srgbClr></a:solidFill><a:ln w="12700"><a:solidFill><a:srgbClr val="FFFFFF"></a:srgbClr></a:solidFill></a:ln></spPr></dPt>`, k, col)
				}
				data = slices.Concat(data[:i], pts.Bytes(), data[i+j+len("</dPt>"):])
			}
		}
	}
	return data
}
