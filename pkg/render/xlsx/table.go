package xlsx

// Generic tables on the «Текст» sheet: the header (group titles merged
// over their columns), cells aligned as their columns, numbers as real
// numbers with a number format, totals as formulas with their value.

import (
	"math"
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

// table writes t from the next row; px are the sheet's column widths. A
// table with fewer columns than the sheet lays each of its columns over a
// run of the sheet's columns, merged, chosen so that its share of the
// width is as near as the grid allows to the share PDF and DOCX give it
// (gridSpans): given only the first columns, the last spanning the rest,
// a list of overdue measures under an eight-column table had
// «Мероприятие» 9 characters wide and printed on twice the PDF's pages.
func (b *book) table(s *sheet, t *view.Table, px []float64) error {
	n, nc := len(px), len(t.Columns)
	at := gridSpans(t.Columns, px)
	width := func(c, span int) float64 {
		w := 0.0
		for i := at[c]; i < at[min(c+span, nc)]; i++ {
			w += px[i]
		}
		return w
	}
	spanEnd := func(c, span int) int { return at[min(c+span, nc)] } // last sheet column (1-based) of a cell
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
				cells[at[c.Col]] = str(hs, c.Title)
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
			if err := s.merge(at[c.Col]+1, r1, spanEnd(c.Col, c.Span), r2); err != nil {
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
		for i := range cells {
			cells[i] = excelize.Cell{StyleID: b.style(styleKey{border: true})}
		}
		for ci, c := range r {
			k := styleKey{border: true, halign: halign(t.Columns[ci].Align)}
			units, d, ok := t.Value(ri, ci)
			if !ok {
				text := CellText(c)
				cells[at[ci]] = str(b.style(k), text)
				lines = max(lines, b.linesOf(text, false, width(ci, 1)))
				continue
			}
			k.numFmt = numFmt(d)
			v, _ := strconv.ParseFloat(strconv.FormatInt(units, 10)+"e-"+strconv.Itoa(d), 64)
			cell := excelize.Cell{StyleID: b.style(k), Value: v}
			switch {
			case num.TotalRow == ri:
				cell.Formula = "SUM(" + colName(at[ci]+1) + strconv.Itoa(first) + ":" + colName(at[ci]+1) + strconv.Itoa(last) + ")"
			case num.TotalCol == ci:
				var refs []string
				for k, col := range t.Source.Columns {
					if k != ci && col.IsNumeric() {
						refs = append(refs, colName(at[k]+1)+strconv.Itoa(row))
					}
				}
				cell.Formula = "SUM(" + strings.Join(refs, ",") + ")"
			}
			cells[at[ci]] = cell
		}
		if err := s.put(heightOf(lines), cells); err != nil {
			return err
		}
		for ci := range nc {
			if at[ci+1]-at[ci] > 1 {
				if err := s.merge(at[ci]+1, row, at[ci+1], row); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// gridSpans places a table's columns on a sheet's columns of widths px:
// column i covers sheet columns at[i] to at[i+1]-1 (0-based). With as
// many columns as the sheet, each has its own; with fewer, the runs are
// those whose widths are, all columns together, nearest the table's own
// shares (least sum of squared log ratios: a column given half its share
// is as wrong as one given twice it), every column keeping at least one
// sheet column. Sheets have at most a few dozen columns: the dynamic
// programme over the boundaries costs nothing to speak of.
func gridSpans(cols []view.Column, px []float64) []int {
	n, nc := len(px), len(cols)
	at := make([]int, nc+1)
	if nc >= n {
		for i := range at {
			at[i] = min(i, n)
		}
		return at
	}
	sum := make([]float64, n+1) // sum[g]: the first g sheet columns
	for g, w := range px {
		sum[g+1] = sum[g] + w
	}
	// cost[i][g]: the first i table columns on the first g sheet columns;
	// from[i][g]: the boundary before the last of them.
	cost := make([][]float64, nc+1)
	from := make([][]int, nc+1)
	for i := range cost {
		cost[i] = make([]float64, n+1)
		from[i] = make([]int, n+1)
		for g := range cost[i] {
			cost[i][g] = math.Inf(1)
		}
	}
	cost[0][0] = 0
	for i := 1; i <= nc; i++ {
		want := max(cols[i-1].Frac*sum[n], 1e-9)
		for g := i; g <= n-(nc-i); g++ {
			for h := i - 1; h < g; h++ {
				if math.IsInf(cost[i-1][h], 1) {
					continue
				}
				r := math.Log(max(sum[g]-sum[h], 1e-9) / want)
				if c := cost[i-1][h] + r*r; c < cost[i][g] {
					cost[i][g], from[i][g] = c, h
				}
			}
		}
	}
	at[nc] = n
	for i := nc; i > 0; i-- {
		at[i-1] = from[i][at[i]]
	}
	return at
}
