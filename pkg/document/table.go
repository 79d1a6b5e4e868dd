package document

import (
	"strconv"
	"strings"
)

// Column types of a generic table.
const (
	ColumnText   = "text"
	ColumnNumber = "number"
	ColumnMoney  = "money"
)

// IsNumeric reports whether the column holds numbers.
func (c TableColumn) IsNumeric() bool { return c.Type == ColumnNumber || c.Type == ColumnMoney }

// HasHeader reports whether the table prints its header row.
func (t *Table) HasHeader() bool { return t.Header == nil || *t.Header }

// HeaderTitle is a column's title as printed: the title, then the unit
// after a comma («2021, тыс. руб.»), the unit's words joined by no-break
// spaces so that a narrow column never breaks «тыс. | руб.»; either may
// be empty.
func (c TableColumn) HeaderTitle() string {
	unit := strings.ReplaceAll(c.Unit, " ", "\u00a0")
	switch {
	case unit == "":
		return c.Title
	case c.Title == "":
		return unit
	}
	return c.Title + ", " + unit
}

// TableValue is one numeric cell: Units of 10^-decimals of its column.
type TableValue struct {
	Units int64
	Set   bool // a number is given or computed; false: empty or a dash
	// Computed is true for a total the table computed (the input left the
	// cell empty, or the total row is not in the input).
	Computed bool
}

// TableNumbers is what a table's numeric columns hold, computed once for
// validation and for every renderer.
type TableNumbers struct {
	// Decimals per column (0 for text columns).
	Decimals []int
	// Values per row and column: Rows, then the appended total row when
	// Appended. Text columns hold zero values.
	Values [][]TableValue
	// TotalCol is the index of the total column, -1 for none.
	TotalCol int
	// TotalRow is the index of the total row in Values, -1 for none.
	TotalRow int
	// Appended is true when the total row is not in the input's rows.
	Appended bool
}

// Numeric reports whether the table has a numeric column at all.
func (t *Table) Numeric() bool {
	for _, c := range t.Columns {
		if c.IsNumeric() {
			return true
		}
	}
	return false
}

// givenTotalRow reports whether the last input row is the total row: its
// first cell is the total_row label. Otherwise a total row is appended.
func (t *Table) givenTotalRow() bool {
	if t.TotalRow == "" || len(t.Rows) == 0 {
		return false
	}
	last := t.Rows[len(t.Rows)-1]
	return len(last) > 0 && strings.TrimSpace(last[0].Plain()) == strings.TrimSpace(t.TotalRow)
}

// cellNumber reads a numeric cell: (units, frac, set, problem message).
func cellNumber(c Content) (int64, int, bool, string) {
	if len(c) > 1 || (len(c) == 1 && c[0].List != nil) {
		return 0, 0, false, "в числовой колонке ячейка должна быть одним числом"
	}
	s := c.Plain()
	if IsNoValue(s) {
		return 0, 0, false, ""
	}
	u, f, err := ParseNumber(s)
	if err != nil {
		return 0, 0, false, "«" + s + "» не число (" + err.Error() + "); пишите, например, 1 234,5 или 1234.5"
	}
	return u, f, true, ""
}

// Numbers parses the numeric columns, computes the totals and returns the
// problems found, with paths relative to the table («rows[2][4]»). A
// table without numeric columns gives nil and no problems.
func (t *Table) Numbers() (*TableNumbers, []Problem) {
	if !t.Numeric() {
		return nil, nil
	}
	var probs []Problem
	add := func(path, msg string) { probs = append(probs, Problem{Path: path, Message: msg}) }
	n := len(t.Columns)
	out := &TableNumbers{Decimals: make([]int, n), TotalCol: -1, TotalRow: -1}
	for ci, c := range t.Columns {
		if c.Total && c.IsNumeric() && out.TotalCol < 0 {
			out.TotalCol = ci
		}
	}
	given := t.givenTotalRow()
	rows := len(t.Rows)
	if t.TotalRow != "" && !given {
		rows++
		out.Appended = true
	}
	if t.TotalRow != "" {
		out.TotalRow = rows - 1
	}
	type raw struct {
		units int64
		frac  int
		set   bool
	}
	in := make([][]raw, len(t.Rows))
	for ri, row := range t.Rows {
		in[ri] = make([]raw, n)
		for ci, c := range t.Columns {
			if !c.IsNumeric() || ci >= len(row) || (ci == 0 && ri == out.TotalRow) {
				continue
			}
			u, f, set, msg := cellNumber(row[ci])
			if msg != "" {
				add("rows["+strconv.Itoa(ri)+"]["+strconv.Itoa(ci)+"]", msg)
				continue
			}
			in[ri][ci] = raw{u, f, set}
			if c.Decimals == nil {
				out.Decimals[ci] = max(out.Decimals[ci], f)
			}
		}
	}
	for ci, c := range t.Columns {
		if c.Decimals != nil {
			out.Decimals[ci] = *c.Decimals
		}
	}
	if tc := out.TotalCol; tc >= 0 {
		for ci, c := range t.Columns {
			if !c.IsNumeric() || ci == tc {
				continue
			}
			if t.Columns[tc].Decimals == nil {
				out.Decimals[tc] = max(out.Decimals[tc], out.Decimals[ci])
			} else if out.Decimals[ci] > out.Decimals[tc] {
				add("columns["+strconv.Itoa(tc)+"].decimals", "в колонке итогов знаков после запятой меньше, чем в колонке «"+c.Title+"» ("+strconv.Itoa(out.Decimals[ci])+")")
				out.Decimals[tc] = out.Decimals[ci] // sum exactly all the same
			}
		}
	}
	out.Values = make([][]TableValue, rows)
	for ri := range out.Values {
		out.Values[ri] = make([]TableValue, n)
	}
	for ri := range in {
		for ci, r := range in[ri] {
			if !r.set {
				continue
			}
			p := "rows[" + strconv.Itoa(ri) + "][" + strconv.Itoa(ci) + "]"
			if r.frac > out.Decimals[ci] {
				add(p, "в числе «"+t.Rows[ri][ci].Plain()+"» больше знаков после запятой, чем "+strconv.Itoa(out.Decimals[ci])+" (decimals колонки)")
				continue
			}
			u, ok := rescale(r.units, r.frac, out.Decimals[ci])
			if !ok {
				add(p, "число больше 15 значащих цифр")
				continue
			}
			out.Values[ri][ci] = TableValue{Units: u, Set: true}
		}
	}
	// Row totals first (the total row's own total cell sums its row too),
	// then column totals; a given total must equal the computed one.
	check := func(ri, ci int, sum int64, any bool) {
		v := &out.Values[ri][ci]
		p := "rows[" + strconv.Itoa(ri) + "][" + strconv.Itoa(ci) + "]"
		if sum > maxUnits || sum < -maxUnits {
			add(p, "итог больше 15 значащих цифр")
			return
		}
		if v.Set {
			if v.Units != sum {
				d := out.Decimals[ci]
				add(p, "итог "+FormatNumber(v.Units, d)+" не равен сумме "+FormatNumber(sum, d))
			}
			return
		}
		if any {
			*v = TableValue{Units: sum, Set: true, Computed: true}
		}
	}
	last := len(t.Rows)
	if !out.Appended && out.TotalRow >= 0 {
		last--
	}
	if tc := out.TotalCol; tc >= 0 {
		for ri := 0; ri < last; ri++ {
			var sum int64
			any := false
			for ci, c := range t.Columns {
				if !c.IsNumeric() || ci == tc || !out.Values[ri][ci].Set {
					continue
				}
				u, _ := rescale(out.Values[ri][ci].Units, out.Decimals[ci], out.Decimals[tc])
				sum = saturate(sum + u)
				any = true
			}
			check(ri, tc, sum, any)
		}
	}
	if tr := out.TotalRow; tr >= 0 {
		for ci, c := range t.Columns {
			if !c.IsNumeric() || ci == 0 {
				continue
			}
			var sum int64
			any := false
			for ri := 0; ri < last; ri++ {
				if out.Values[ri][ci].Set {
					sum = saturate(sum + out.Values[ri][ci].Units)
					any = true
				}
			}
			check(tr, ci, sum, any)
		}
	}
	return out, probs
}

// saturate keeps a running sum just past the 15-digit bound once it gets
// there, so that adding further values (each within the bound) cannot
// overflow int64 and the bound check still fails.
func saturate(sum int64) int64 {
	return min(max(sum, -maxUnits-1), maxUnits+1)
}

// Printed is the table's rows as printed: numbers in numeric columns
// written with FormatNumber (a decimal comma, no-break thousands spaces),
// computed totals filled in, the appended total row last with its label
// in the first column; cells without a value as written. n is t.Numbers()
// (nil for a table without numeric columns, whose rows print as given).
func (t *Table) Printed(n *TableNumbers) [][]Content {
	if n == nil {
		return t.Rows
	}
	out := make([][]Content, len(n.Values))
	for ri := range n.Values {
		var src []Content
		if ri < len(t.Rows) {
			src = t.Rows[ri]
		}
		row := make([]Content, len(t.Columns))
		copy(row, src)
		if ri == n.TotalRow && n.Appended {
			row[0] = Text(t.TotalRow)
		}
		for ci, c := range t.Columns {
			if v := n.Values[ri][ci]; c.IsNumeric() && v.Set {
				row[ci] = Text(FormatNumber(v.Units, n.Decimals[ci]))
			}
		}
		out[ri] = row
	}
	return out
}
