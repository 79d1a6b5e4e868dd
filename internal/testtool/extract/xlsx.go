package extract

import (
	"bytes"
	"testing"

	"github.com/xuri/excelize/v2"
)

// XLSXText is what a workbook shows, reduced to what the cross-format
// tests compare: its visible sheets in order, each with its cells' values
// and horizontal alignment and its column widths.
type XLSXText struct {
	Sheets []XLSXSheet
}

// XLSXSheet is one visible sheet.
type XLSXSheet struct {
	Name string
	// Cells that hold a value, row by row, left to right; hidden rows
	// and columns are left out (they carry data for reading back, not
	// for the reader).
	Cells []XLSXCell
	// Widths are the columns' widths in Excel's character units, from
	// column A, as many as the sheet uses.
	Widths []float64
}

// XLSXCell is one cell with a value.
type XLSXCell struct {
	Row, Col int // 1-based
	Value    string
	// Align is the horizontal alignment in neutral words: left, center,
	// right, justify. Excel's «general» is left: every value the
	// renderers write is text, which general alignment puts left.
	Align string
}

// XLSX reads a workbook with excelize.
func XLSX(t testing.TB, data []byte) *XLSXText {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("XLSX: %v", err)
	}
	defer f.Close()
	out := &XLSXText{}
	for _, name := range f.GetSheetList() {
		if vis, err := f.GetSheetVisible(name); err != nil || !vis {
			continue
		}
		sh := XLSXSheet{Name: name}
		rows, err := f.GetRows(name, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatalf("XLSX sheet %s: %v", name, err)
		}
		ncols := 0
		for _, r := range rows {
			ncols = max(ncols, len(r))
		}
		hiddenCol := make([]bool, ncols)
		for c := range ncols {
			col, _ := excelize.ColumnNumberToName(c + 1)
			w, err := f.GetColWidth(name, col)
			if err != nil {
				t.Fatalf("XLSX sheet %s column %s: %v", name, col, err)
			}
			sh.Widths = append(sh.Widths, w)
			if vis, err := f.GetColVisible(name, col); err == nil && !vis {
				hiddenCol[c] = true
			}
		}
		for ri, r := range rows {
			if vis, err := f.GetRowVisible(name, ri+1); err == nil && !vis {
				continue
			}
			for ci, v := range r {
				if v == "" || hiddenCol[ci] {
					continue
				}
				cell, _ := excelize.CoordinatesToCellName(ci+1, ri+1)
				align := "left"
				if id, err := f.GetCellStyle(name, cell); err == nil {
					if st, err := f.GetStyle(id); err == nil && st != nil && st.Alignment != nil {
						align = xlsxAlign(st.Alignment.Horizontal)
					}
				}
				sh.Cells = append(sh.Cells, XLSXCell{Row: ri + 1, Col: ci + 1, Value: v, Align: align})
			}
		}
		out.Sheets = append(out.Sheets, sh)
	}
	return out
}

func xlsxAlign(h string) string {
	switch h {
	case "center", "centerContinuous":
		return "center"
	case "right":
		return "right"
	case "justify", "distributed":
		return "justify"
	}
	return "left"
}

// Find returns the first cell, in sheet order, whose value is text
// (compared with Normalize), and its sheet; nil when there is none.
func (x *XLSXText) Find(text string) (*XLSXSheet, *XLSXCell) {
	want := Normalize(text)
	for si := range x.Sheets {
		sh := &x.Sheets[si]
		for ci := range sh.Cells {
			if Normalize(sh.Cells[ci].Value) == want {
				return sh, &sh.Cells[ci]
			}
		}
	}
	return nil, nil
}

// Sheet returns the sheet named name, or nil.
func (x *XLSXText) Sheet(name string) *XLSXSheet {
	for i := range x.Sheets {
		if x.Sheets[i].Name == name {
			return &x.Sheets[i]
		}
	}
	return nil
}

// Text is the sheet's values row by row, one cell a line.
func (s *XLSXSheet) Text() string {
	return lines(s.Cells, func(c XLSXCell) string { return c.Value })
}

// Row returns the cells of row r.
func (s *XLSXSheet) Row(r int) []XLSXCell {
	var out []XLSXCell
	for _, c := range s.Cells {
		if c.Row == r {
			out = append(out, c)
		}
	}
	return out
}
