package view

import (
	"strconv"

	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/templates"
)

// Column is one column of a plan or table as printed.
type Column struct {
	N     int    // 1-based position, printed in the column-number row
	Key   string // the measure key; "c1", "c2" … for a generic table
	Title string // typographed
	// Frac is the column's share of the table's width; a table's
	// fractions add up to 1 (Fractions).
	Frac  float64
	Align string // left, center or right
}

// Weight is a column's relative width: an omitted (zero) or negative
// width counts as 1, as the document model says.
func Weight(w float64) float64 {
	if w <= 0 {
		return 1
	}
	return w
}

// Fractions turns relative widths into shares of the whole that add up to
// 1, each omitted width counting as 1. Renderers scale them to their own
// units; the last column takes what rounding leaves.
func Fractions(weights []float64) []float64 {
	total := 0.0
	for _, w := range weights {
		total += Weight(w)
	}
	out := make([]float64, len(weights))
	for i, w := range weights {
		out[i] = Weight(w) / total
	}
	return out
}

// Scale distributes total units (twips, pixels) over fractions: each
// column gets its share rounded down, the last one the rest, so the parts
// add up to total exactly.
func Scale(fracs []float64, total int) []int {
	out := make([]int, len(fracs))
	used := 0
	for i, f := range fracs {
		n := int(f * float64(total))
		if i == len(fracs)-1 {
			n = total - used
		}
		out[i] = n
		used += n
	}
	return out
}

// PlanColumns is the column set a plan is printed with: its own, else the
// template's default.
func PlanColumns(p *document.Plan, m *templates.Manifest) []document.Column {
	if len(p.Columns) > 0 {
		return p.Columns
	}
	return m.Plan.Columns
}

// Align is a column's or cell's horizontal alignment, left when omitted.
func Align(a string) string {
	switch a {
	case "center", "right":
		return a
	}
	return "left"
}

// columns lays out n columns; col gives the i-th one's key, title, width
// weight and alignment as the document wrote them.
func columns(n int, col func(i int) (key, title string, width float64, align string)) []Column {
	weights := make([]float64, n)
	out := make([]Column, n)
	for i := range out {
		key, title, w, align := col(i)
		weights[i] = w
		out[i] = Column{N: i + 1, Key: key, Title: typographOne(title), Align: Align(align)}
	}
	for i, f := range Fractions(weights) {
		out[i].Frac = f
	}
	return out
}

func planColumns(cs []document.Column) []Column {
	return columns(len(cs), func(i int) (string, string, float64, string) {
		return cs[i].Key, cs[i].Title, cs[i].Width, cs[i].Align
	})
}

// tableColumns are a generic table's: keys c1, c2 …, titles with their
// unit, aligned as the column says, else numbers right and text left.
func tableColumns(cs []document.TableColumn) []Column {
	return columns(len(cs), func(i int) (string, string, float64, string) {
		align := cs[i].Align
		if align == "" && cs[i].IsNumeric() {
			align = "right"
		}
		return "c" + strconv.Itoa(i+1), cs[i].HeaderTitle(), cs[i].Width, align
	})
}
