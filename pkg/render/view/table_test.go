package view

import (
	"context"
	"slices"
	"testing"

	"github.com/kartograf-ru/kartograf/internal/testtool/testtpl"
	"github.com/kartograf-ru/kartograf/pkg/document"
)

// A money table is laid out once for every renderer: titles with their
// unit, numbers right-aligned and written with a decimal comma and
// no-break spaces, totals computed, the total row appended, the grouped
// header in reading order.
func TestTableNumbersAndHeader(t *testing.T) {
	off := false
	d := &document.Document{Kind: document.KindAnalysis, Organization: document.Organization{FullName: "Школа"}, Title: "Т",
		Body: []document.Block{{Table: &document.Table{
			Columns: []document.TableColumn{
				{Title: "Источник"},
				{Title: "2021", Type: "money", Unit: "тыс. руб."},
				{Title: "2022", Type: "money", Unit: "тыс. руб.", Align: "center"},
				{Title: "Всего", Type: "money", Total: true},
			},
			Groups:   []document.TableGroup{{Title: `Объём "финансирования"`, From: 2, Span: 3}},
			TotalRow: "Итого",
			Rows: [][]document.Content{
				{document.Text("Бюджет"), document.Text("1234.5"), document.Text("1 000,25"), nil},
				{document.Text("Прочие"), document.Text("–"), document.Text("0,75"), nil},
			},
		}}, {Table: &document.Table{Header: &off, Columns: []document.TableColumn{{Title: "А"}}, Rows: [][]document.Content{{document.Text("б")}}}}},
	}
	if err := document.Validate(d); err != nil {
		t.Fatal(err)
	}
	v, err := Build(context.Background(), d, testtpl.Edited(t, "analysis@1.1.0", "", nil), Meta{})
	if err != nil {
		t.Fatal(err)
	}
	tb := v.Blocks[0].Table
	var titles, aligns []string
	for _, c := range tb.Columns {
		titles, aligns = append(titles, c.Title), append(aligns, c.Align)
	}
	if want := []string{"Источник", "2021, тыс.\u00a0руб.", "2022, тыс.\u00a0руб.", "Всего"}; !slices.Equal(titles, want) {
		t.Errorf("titles %q, want %q", titles, want)
	}
	if want := []string{"left", "right", "center", "right"}; !slices.Equal(aligns, want) {
		t.Errorf("aligns %q, want %q", aligns, want)
	}
	var cells []string
	for _, r := range tb.Rows {
		for _, c := range r {
			cells = append(cells, c.Plain())
		}
	}
	want := []string{
		"Бюджет", "1\u00a0234,5", "1\u00a0000,25", "2\u00a0234,75",
		"Прочие", "–", "0,75", "0,75",
		"Итого", "1\u00a0234,5", "1\u00a0001,00", "2\u00a0235,50",
	}
	if !slices.Equal(cells, want) {
		t.Errorf("cells\n%q\nwant\n%q", cells, want)
	}
	if !tb.IsTotal(2, 1) || !tb.IsTotal(0, 3) || tb.IsTotal(0, 1) {
		t.Error("IsTotal")
	}
	if u, dec, ok := tb.Value(2, 3); !ok || u != 223550 || dec != 2 {
		t.Errorf("grand total %d/%d %v", u, dec, ok)
	}
	var head []string
	for _, hc := range tb.HeaderCells() {
		head = append(head, hc.Title)
	}
	if want := []string{"Источник", "Объём «финансирования»", "2021, тыс.\u00a0руб.", "2022, тыс.\u00a0руб.", "Всего"}; !slices.Equal(head, want) {
		t.Errorf("header %q, want %q", head, want)
	}
	if tb.Header != true || v.Blocks[1].Table.Header != false {
		t.Error("Header flags")
	}
}
