package view

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/kartograf-ru/kartograf/internal/testtool/testtpl"
	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/templates"
)

// A numeric column too narrow for its widest number is widened to fit it
// (with the cell padding) at the cost of the text column, which keeps room
// for its longest word; a table whose numbers fit keeps its fractions.
func TestFitNumbersWidensNumericColumns(t *testing.T) {
	tv := testtpl.Edited(t, "programme-appendix@1.0.0", "", nil)
	money := func(title string) document.TableColumn {
		return document.TableColumn{Title: title, Type: "money", Width: 10}
	}
	build := func(rows ...[]document.Content) *Table {
		t.Helper()
		d := &document.Document{Kind: document.KindMixed, Organization: document.Organization{FullName: "Министерство образования"}, Title: "Т", Body: []document.Block{{Table: &document.Table{
			Columns: []document.TableColumn{{Title: "Источники финансового обеспечения", Width: 22},
				money("2021"), money("2022"), money("2023"), money("2024"), money("2025"), money("2026"), money("2027")},
			Rows: rows,
		}}}}
		if err := document.Validate(d); err != nil {
			t.Fatal(err)
		}
		v, err := Build(context.Background(), d, tv, Meta{})
		if err != nil {
			t.Fatal(err)
		}
		return v.Blocks[0].Table
	}
	row := func(label, n string) []document.Content {
		r := []document.Content{document.Text(label)}
		for range 7 {
			r = append(r, document.Text(n))
		}
		return r
	}
	small := build(row("Областной бюджет", "406,2"))
	for i, c := range small.Columns {
		if want := []float64{22, 10, 10, 10, 10, 10, 10, 10}[i] / 92; math.Abs(c.Frac-want) > 1e-12 {
			t.Errorf("numbers that fit: column %d has %.4f of the width, want its template share %.4f", i, c.Frac, want)
		}
	}
	big := build(row("Областной бюджет", "12 548 316,9"))
	width := TextWidthPt(&tv.Manifest)
	pad := 2 * CellPadPt(&tv.Manifest)
	reg, err := measurer(tv, templates.StyleRegular, tv.Manifest.Sizes.Table)
	if err != nil {
		t.Fatal(err)
	}
	bold, err := measurer(tv, templates.StyleBold, tv.Manifest.Sizes.Table)
	if err != nil {
		t.Fatal(err)
	}
	num := reg.Width(big.Rows[0][1].Plain())
	if 10.0/92*width >= num+pad {
		t.Fatalf("test table: %q fits its template share; make it wider", big.Rows[0][1].Plain())
	}
	for i, c := range big.Columns[1:] {
		if got := c.Frac * width; got < num+pad {
			t.Errorf("column %d: %.1f pt, the number needs %.1f pt", i+2, got, num+pad)
		}
	}
	word := 0.0
	for _, w := range strings.Fields("Источники финансового обеспечения") {
		word = max(word, bold.Width(w))
	}
	if got := big.Columns[0].Frac * width; got < word+pad-1e-9 {
		t.Errorf("text column: %.1f pt, its longest word needs %.1f pt", got, word+pad)
	}
	sum := 0.0
	for _, c := range big.Columns {
		sum += c.Frac
	}
	if math.Abs(sum-1) > 1e-9 {
		t.Errorf("fractions add up to %v", sum)
	}
}
