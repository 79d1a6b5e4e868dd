package docx

import (
	"cmp"
	"slices"
	"strconv"

	"github.com/kartograf-ru/kartograf/internal/lazyre"
	"github.com/kartograf-ru/kartograf/pkg/render/view"
)

// A table's header row — the first row outside any row loop whose one
// cell repeats over the table's grid ({{tc range .Table.Columns}}) — is
// written once per header row the table asks for (kxhrows): once for a
// plan and a plain table, as the template has it; twice under group
// titles (the group cells span their columns, an ungrouped column's title
// fills both rows with vMerge); not at all for a table without a header.
// So the released templates, which have one header row, print grouped
// headers and headerless tables with no change of their own.

// headerRow is the index in rows of the table's header row, -1 for none.
func headerRow(rows []rowInfo, gridExpr string) int {
	if gridExpr == "" {
		return -1
	}
	depth := 0
	for i, ri := range rows {
		if ri.directive != nil {
			switch ri.directive.verb {
			case "range", "if", "with":
				depth++
			case "end":
				depth--
			}
			continue
		}
		if depth == 0 && len(ri.cells) == 1 && ri.cells[0].repeat == gridExpr {
			return i
		}
	}
	return -1
}

// headerRows emits the header row inside a loop over kxhrows: its cell
// repeats over the loop's row instead of the grid.
func (c *compiler) headerRows(ri rowInfo, gridVar string) error {
	c.grid++
	v := "$kxh" + strconv.Itoa(c.grid)
	c.out.WriteString(lDelim + "range " + v + " := kxhrows " + gridVar + rDelim)
	ri.cells[0].repeat = v
	ri.cells[0].merge = true
	if err := c.row(ri, gridVar, false); err != nil {
		return err
	}
	c.out.WriteString(lDelim + "end" + rDelim)
	return nil
}

// tableHead is a generic table's header as rows of cells; every Column of
// the table points at it.
type tableHead struct {
	rows [][]Column
}

// merge is how a header cell joins its neighbours.
type merge struct {
	span   int    // grid columns, 0 or 1 for one
	vMerge string // "restart", "continue" or ""
}

// kxhrows is the header rows of the table whose grid is cols: the grid
// itself (one row, whatever a template ranges over) for plans and plain
// tables.
func kxhrows(cols any) []any {
	if x, ok := cols.([]Column); ok && len(x) > 0 && x[0].head != nil {
		out := make([]any, len(x[0].head.rows))
		for i, r := range x[0].head.rows {
			out[i] = r
		}
		return out
	}
	return []any{cols}
}

// kxmerge writes a header cell's w:gridSpan and w:vMerge, nothing for a
// plain cell (so the output of one-row headers is as it was).
func kxmerge(v any) string {
	c, ok := v.(Column)
	if !ok {
		return ""
	}
	out := ""
	if c.merge.span > 1 {
		out += `<w:gridSpan w:val="` + strconv.Itoa(c.merge.span) + `"/>`
	}
	switch c.merge.vMerge {
	case "restart":
		out += `<w:vMerge w:val="restart"/>`
	case "continue":
		out += `<w:vMerge/>`
	}
	return out
}

// tableHeader lays out a generic table's header for kxhrows: none, one row
// of column titles, or group titles over them.
func tableHeader(t *view.Table, cols []Column) *tableHead {
	h := &tableHead{}
	switch {
	case !t.Header:
		h.rows = [][]Column{}
	case len(t.Groups) == 0:
		h.rows = [][]Column{cols}
	default:
		var top, bottom []Column
		for _, hc := range t.HeaderCells() {
			c := cols[hc.Col]
			c.Title = hc.Title
			if hc.Top {
				c.Twips = 0
				for k := hc.Col; k < hc.Col+hc.Span; k++ {
					c.Twips += cols[k].Twips
				}
				c.merge = merge{span: hc.Span}
				if hc.Bottom {
					c.merge.vMerge = "restart"
					cont := cols[hc.Col]
					cont.Title, cont.merge = "", merge{vMerge: "continue"}
					bottom = append(bottom, cont)
				}
				top = append(top, c)
				continue
			}
			bottom = append(bottom, c)
		}
		// The bottom row goes in column order: the continuations of the
		// ungrouped columns were added as the top row met them.
		slices.SortStableFunc(bottom, func(a, b Column) int { return cmp.Compare(a.N, b.N) })
		h.rows = [][]Column{top, bottom}
	}
	return h
}

var vAlignRE = lazyre.New(`<w:vAlign\s+w:val="(\w+)"\s*/>`)

// headerVAlign lets a header cell's vertical alignment depend on the cell:
// an ungrouped title filling both rows starts at the top, level with the
// group titles, so that the header reads left to right as in PDF.
func headerVAlign(head string) string {
	return vAlignRE.ReplaceAllString(head, lDelim+`kxvalign . "$1"`+rDelim)
}

// kxvalign is a header cell's w:vAlign: top for a title that fills both
// rows, else the template's.
func kxvalign(v any, val string) string {
	if c, ok := v.(Column); ok && c.merge.vMerge == "restart" {
		val = "top"
	}
	return `<w:vAlign w:val="` + val + `"/>`
}
