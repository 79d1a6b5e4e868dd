package view

import (
	"math"

	"github.com/kartograf-ru/kartograf/templates"
)

// Wide tables by the template's choice (templates.TableStyle): a table or
// plan of at least tables.wide_columns columns goes on landscape pages
// inside a portrait document, or is set smaller. Decided here once; PDF
// turns the pages, DOCX puts the table in a landscape section, XLSX sets
// the sheet's orientation or fits it to the page width.

// LandscapeTextWidthPt is the width between the margins of a page turned
// to landscape, in points: the margins keep their sides.
func LandscapeTextWidthPt(m *templates.Manifest) float64 {
	w, h := m.PageSizeMM()
	return (max(w, h) - m.Page.Margins.Left - m.Page.Margins.Right) * ptPerMM
}

// Landscape reports whether the block prints on landscape pages of a
// portrait document.
func (b *Block) Landscape() bool {
	switch b.Kind {
	case KindTable:
		return b.Table.Landscape
	case KindPlan:
		return b.Plan.Landscape
	}
	return false
}

// layoutTable sets the table's size and orientation as the version
// chooses, then fits its numbers to the width it has.
func layoutTable(t *Table, tv *templates.Version) {
	m := &tv.Manifest
	t.Size = m.Sizes.Table
	width := TextWidthPt(m)
	if m.WideTable(len(t.Columns)) {
		switch m.Tables.Wide {
		case templates.WideLandscape:
			t.Landscape = true
			width = LandscapeTextWidthPt(m)
		case templates.WideScale:
			t.Size = scaledSize(t, tv, width)
		}
	}
	fitNumbers(t, tv, width)
}

// layoutPlan turns a wide plan's pages when the version says so.
func layoutPlan(p *Plan, m *templates.Manifest) {
	p.Landscape = m.Tables.Wide == templates.WideLandscape && m.WideTable(len(p.Columns))
}

// scaledSize is the largest size, in half points down to tables.min_size,
// at which every number and every word of t fits the width: the widths
// scale with the size, the cell padding does not.
func scaledSize(t *Table, tv *templates.Version, width float64) float64 {
	m := &tv.Manifest
	size := m.Sizes.Table
	need, _, ok := measureTable(t, tv, size)
	if !ok {
		return size
	}
	sum := 0.0
	for _, n := range need {
		sum += n
	}
	room := width - float64(len(need))*2*CellPadPt(m)
	if sum <= 0 || room >= sum {
		return size
	}
	k := max(room, 0) / sum
	return max(m.Tables.MinSize, math.Floor(2*size*k)/2)
}
