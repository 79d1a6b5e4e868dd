package xlsx

// Generic tables on the «Текст» sheet: the header (group titles merged
// over their columns), cells aligned as their columns, numbers as real
// numbers with a number format, totals as formulas with their value.

import (
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/kartograf-ru/kartograf/pkg/render/view"
)

// textWidths are the «Текст» sheet's column widths: the shares of the
// table with the most columns (its widths, as PDF and DOCX print them)
// when a table sets the count, else equal.
func textWidths(blocks []*view.Block, n int, all float64) []float64 {
	for _, bl := range blocks {
		if bl.Kind == view.KindTable && len(bl.Table.Columns) == n {
			out := make([]float64, n)
			for i, c := range bl.Table.Columns {
				out[i] = widthChars(all * c.Frac)
			}
			return out
		}
	}
	return slices.Repeat([]float64{widthChars(all / float64(n))}, n)
}

// textLandscape reports whether the «Текст» sheet prints landscape: a
// table or plan on it that the template puts on landscape pages
// (view.Block.Landscape) turns the sheet, which is one print area.
func textLandscape(blocks []*view.Block) bool {
	return slices.ContainsFunc(blocks, (*view.Block).Landscape)
}

// numFmt is the number format of a column with d decimals: grouped
// thousands and a decimal separator, shown as «1 234,5» in a Russian
// locale.
func numFmt(d int) string {
	if d == 0 {
		return "#,##0"
	}
	return "#,##0." + strings.Repeat("0", d)
}

// table writes t from the next row; px are the sheet's column widths, a
// table with fewer columns than the sheet has its last column span the
// rest.
func (b *book) table(s *sheet, t *view.Table, px []float64) error {
	n, nc := len(px), len(t.Columns)
	width := func(c, span int) float64 {
		end := c + span
		if end == nc {
			end = n
		}
		w := 0.0
		for i := c; i < end && i < n; i++ {
			w += px[i]
		}
		return w
	}
	spanEnd := func(c, span int) int { // last sheet column (1-based) of a cell
		if c+span == nc {
			return n
		}
		return c + span
	}
	hk := styleKey{border: true, bold: true, halign: "center", valign: "center", fill: true}
	hs := b.style(hk)
	blank := func(st int) []any {
		cells := make([]any, n)
		for i := range cells {
			cells[i] = excelize.Cell{StyleID: st}
		}
		return cells
	}
	if t.Header {
		hc := t.HeaderCells()
		if hc == nil {
			for i, c := range t.Columns {
				hc = append(hc, view.HeaderCell{Title: c.Title, Col: i, Span: 1, Top: true})
			}
		}
		bands := 1
		if len(t.Groups) > 0 {
			bands = 2
		}
		top := s.row + 1
		for band := 0; band < bands; band++ {
			cells, lines := blank(hs), 1
			for _, c := range hc {
				if (band == 0 && !c.Top) || (band == 1 && (!c.Bottom || c.Top)) {
					continue
				}
				cells[c.Col] = str(hs, c.Title)
				lines = max(lines, b.linesOf(c.Title, true, width(c.Col, c.Span)))
			}
			if err := s.put(heightOf(lines), cells); err != nil {
				return err
			}
		}
		for _, c := range hc {
			r1, r2 := top, top
			switch {
			case c.Top && c.Bottom && bands == 2:
				r2 = top + 1
			case !c.Top:
				r1, r2 = top+1, top+1
			}
			if err := s.merge(c.Col+1, r1, spanEnd(c.Col, c.Span), r2); err != nil {
				return err
			}
		}
	}
	first := s.row + 1 // the first body row
	last := first + len(t.Rows) - 1
	num := t.Numbers
	if num != nil && num.TotalRow >= 0 {
		last-- // the total row sums the rows above it
	}
	for ri, r := range t.Rows {
		row := first + ri
		cells, lines := make([]any, n), 1
		for ci, c := range r {
			k := styleKey{border: true, halign: halign(t.Columns[ci].Align)}
			units, d, ok := t.Value(ri, ci)
			if !ok {
				text := CellText(c)
				cells[ci] = str(b.style(k), text)
				lines = max(lines, b.linesOf(text, false, width(ci, 1)))
				continue
			}
			k.numFmt = numFmt(d)
			v, _ := strconv.ParseFloat(strconv.FormatInt(units, 10)+"e-"+strconv.Itoa(d), 64)
			cell := excelize.Cell{StyleID: b.style(k), Value: v}
			switch {
			case num.TotalRow == ri:
				cell.Formula = "SUM(" + colName(ci+1) + strconv.Itoa(first) + ":" + colName(ci+1) + strconv.Itoa(last) + ")"
			case num.TotalCol == ci:
				var refs []string
				for k, col := range t.Source.Columns {
					if k != ci && col.IsNumeric() {
						refs = append(refs, colName(k+1)+strconv.Itoa(row))
					}
				}
				cell.Formula = "SUM(" + strings.Join(refs, ",") + ")"
			}
			cells[ci] = cell
		}
		for i := len(r); i < n; i++ {
			cells[i] = excelize.Cell{StyleID: b.style(styleKey{border: true})}
		}
		if err := s.put(heightOf(lines), cells); err != nil {
			return err
		}
		if nc < n {
			if err := s.merge(nc, row, n, row); err != nil {
				return err
			}
		}
	}
	return nil
}
