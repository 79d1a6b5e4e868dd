package view

import "github.com/kartograf-ru/kartograf/pkg/document"

// Group is a title above the column titles Col … Col+Span-1 (0-based).
type Group struct {
	Title string // typographed
	Col   int
	Span  int
}

// HeaderCell is one cell of a two-row header: a group title over its
// columns (Top, Span > 1 possibly), a column title under its group
// (Bottom), or a column title without a group that fills both rows
// (Top and Bottom). Renderers draw it with their spans and merges.
type HeaderCell struct {
	Title       string
	Col, Span   int
	Top, Bottom bool
}

// HeaderCells lays out a grouped header: the top row's cells left to
// right (group titles and the titles of ungrouped columns, which span
// both rows), then the bottom row's (the grouped columns' titles). It
// is also the reading order of the header. Nil without groups.
func (t *Table) HeaderCells() []HeaderCell {
	if len(t.Groups) == 0 {
		return nil
	}
	var top, bottom []HeaderCell
	gi := 0
	for ci := 0; ci < len(t.Columns); {
		if gi < len(t.Groups) && t.Groups[gi].Col == ci {
			g := t.Groups[gi]
			top = append(top, HeaderCell{Title: g.Title, Col: ci, Span: g.Span, Top: true})
			for k := ci; k < ci+g.Span; k++ {
				bottom = append(bottom, HeaderCell{Title: t.Columns[k].Title, Col: k, Span: 1, Bottom: true})
			}
			ci += g.Span
			gi++
			continue
		}
		top = append(top, HeaderCell{Title: t.Columns[ci].Title, Col: ci, Span: 1, Top: true, Bottom: true})
		ci++
	}
	return append(top, bottom...)
}

// groups are the table's group titles as valid input gives them: in
// order, within the columns; others are left out (validation names them).
func groups(t *document.Table) []Group {
	if !t.HasHeader() {
		return nil
	}
	var out []Group
	next := 0
	for _, g := range t.Groups {
		col := g.From - 1
		if g.Span < 1 || col < next || col >= len(t.Columns) || g.Span > len(t.Columns)-col {
			continue
		}
		out = append(out, Group{Title: typographOne(g.Title), Col: col, Span: g.Span})
		next = col + g.Span
	}
	return out
}

// IsTotal reports whether the cell at row ri, column ci holds a total (of
// the total row or the total column).
func (t *Table) IsTotal(ri, ci int) bool {
	n := t.Numbers
	return n != nil && (ri == n.TotalRow || ci == n.TotalCol)
}

// Value is the exact number in the cell at row ri, column ci and its
// decimals; ok is false for text cells and cells without a value.
func (t *Table) Value(ri, ci int) (units int64, decimals int, ok bool) {
	n := t.Numbers
	if n == nil || ri >= len(n.Values) || ci >= len(n.Values[ri]) || !t.Source.Columns[ci].IsNumeric() {
		return 0, 0, false
	}
	v := n.Values[ri][ci]
	return v.Units, n.Decimals[ci], v.Set
}
