package view

import (
	"strings"
	"sync"

	"github.com/kartograf-ru/kartograf/fonts"
	"github.com/kartograf-ru/kartograf/pkg/typo"
	"github.com/kartograf-ru/kartograf/templates"
)

// Numbers are never broken inside, in any format: a number split over two
// lines misreads. PDF could set a too wide number smaller, but Word and
// LibreOffice wrap it wherever the column ends (they ignore w:noWrap and
// w:fitText in table cells). So the view, which every format reads, gives
// a numeric column the width its widest printed number needs, taken from
// the text columns. It measures with the template's own fonts, as PDF
// does; the DOCX templates set tables in the same face, size and cell
// padding.

const ptPerMM = 72 / 25.4

// fitSlack is added to a number's measured width: LibreOffice and Word
// place glyphs on their own grid (twips, device units) and a column that
// fits to the point in PDF may be a hair too narrow there.
const fitSlack = 2.0 // points

// faceLib parses each font once for every view built in the process; the
// renderers keep their own parses (fonts.Library caches by content).
var faceLib fonts.Library

type measureKey struct {
	hash  string // template version
	style int
	size  float64
}

var measurers struct {
	sync.Mutex
	m map[measureKey]*typo.Measurer
}

// measurer measures text in the version's style at size, with the fonts'
// fallbacks, as the PDF renderer draws it.
func measurer(tv *templates.Version, style int, size float64) (*typo.Measurer, error) {
	k := measureKey{tv.Hash, style, size}
	measurers.Lock()
	defer measurers.Unlock()
	if m, ok := measurers.m[k]; ok {
		return m, nil
	}
	var faces []*fonts.Face
	for _, set := range tv.Manifest.Fonts.StyleSets() {
		f, err := tv.LoadFace(&faceLib, set[style])
		if err != nil {
			return nil, err
		}
		faces = append(faces, f)
	}
	m := typo.NewMeasurer(typo.Font{Faces: faces, Size: size})
	if measurers.m == nil {
		measurers.m = map[measureKey]*typo.Measurer{}
	}
	measurers.m[k] = m
	return m, nil
}

// CellPadPt is the horizontal padding of a table cell on each side, in
// points: the template's plan.cell_padding_mm, 1.2 mm when not given.
func CellPadPt(m *templates.Manifest) float64 {
	pad := m.Plan.CellPadMM
	if pad <= 0 {
		pad = 1.2
	}
	return pad * ptPerMM
}

// TextWidthPt is the width between the page margins, in points.
func TextWidthPt(m *templates.Manifest) float64 {
	w, _ := m.PageSizeMM()
	return (w - m.Page.Margins.Left - m.Page.Margins.Right) * ptPerMM
}

// fitNumbers widens the numeric columns of t whose widest number (plus
// cell padding) does not fit their share of width pt at the table's size,
// taking the width from the text columns:
//   - first from what a text column has beyond its longest word (plus
//     padding), in proportion to that slack, so no word has to break;
//   - when that is not enough, a text column gives at most half of what it
//     has left, in proportion to it: its long words then hyphenate or
//     break, which reads better than a broken number.
//
// What is still missing is shared among the short numeric columns in
// proportion to their shortfall; PDF sets such a number smaller as a last
// resort. A table whose numbers fit keeps its fractions exactly, and so
// does a table without numeric columns.
func fitNumbers(t *Table, tv *templates.Version, width float64) {
	if t.Numbers == nil || width <= 0 {
		return
	}
	need, numeric, ok := measureTable(t, tv, t.Size)
	if !ok {
		return
	}
	pad := 2 * CellPadPt(&tv.Manifest)
	w := make([]float64, len(t.Columns))
	for ci, c := range t.Columns {
		w[ci] = c.Frac * width
	}
	short, slack, rest := 0.0, 0.0, 0.0
	for ci := range w {
		if numeric[ci] {
			short += max(0, need[ci]+pad-w[ci])
		} else {
			slack += max(0, w[ci]-need[ci]-pad)
			rest += min(w[ci], need[ci]+pad) / 2
		}
	}
	if short <= 0 {
		return
	}
	// Take from the text columns what the numbers lack, slack first.
	fromSlack := min(short, slack)
	fromRest := min(short-fromSlack, rest)
	for ci := range w {
		if numeric[ci] {
			continue
		}
		if s := max(0, w[ci]-need[ci]-pad); s > 0 {
			w[ci] -= fromSlack * s / slack
		}
		if fromRest > 0 {
			w[ci] -= fromRest * (min(w[ci], need[ci]+pad) / 2) / rest
		}
	}
	gained := fromSlack + fromRest
	for ci := range w {
		if numeric[ci] {
			if d := max(0, need[ci]+pad-w[ci]); d > 0 {
				w[ci] += gained * d / short
			}
		}
	}
	total := 0.0
	for _, x := range w {
		total += x
	}
	for ci := range t.Columns {
		t.Columns[ci].Frac = w[ci] / total
	}
}

// measureTable gives, per column of t set at size, the width of its widest
// number (numeric columns, with fitSlack) or of its longest word (text
// columns, the header's set bold). ok is false when the fonts do not load
// (the renderers report them).
func measureTable(t *Table, tv *templates.Version, size float64) (need []float64, numeric []bool, ok bool) {
	reg, err := measurer(tv, templates.StyleRegular, size)
	if err != nil {
		return nil, nil, false
	}
	bold, err := measurer(tv, templates.StyleBold, size)
	if err != nil {
		return nil, nil, false
	}
	n := len(t.Columns)
	need = make([]float64, n)
	numeric = make([]bool, n)
	for ci, c := range t.Columns {
		numeric[ci] = t.Source.Columns[ci].IsNumeric()
		if !numeric[ci] && t.Header {
			need[ci] = longestWord(bold, c.Title)
		}
	}
	for ri, row := range t.Rows {
		for ci, cell := range row {
			if ci >= n {
				break
			}
			if _, _, ok := t.Value(ri, ci); ok {
				need[ci] = max(need[ci], reg.Width(cell.Plain())+fitSlack)
			} else if !numeric[ci] {
				need[ci] = max(need[ci], longestWord(reg, cell.Plain()))
			}
		}
	}
	return need, numeric, true
}

// longestWord is the width of the widest word of s: words are what a line
// may break between (a no-break space joins).
func longestWord(m *typo.Measurer, s string) float64 {
	widest := 0.0
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '\n' || r == '\t' }) {
		widest = max(widest, m.Width(w))
	}
	return widest
}
