package docx

import (
	"strings"
	"testing"

	"github.com/kartograf-ru/kartograf/pkg/document"
)

// A section that prints no row — the measures of a plan without sections,
// or a section with neither number nor title — leaves no row in a
// template's {{.Number}} | {{.Title}} section row: the engine drops a
// fixed row whose tags are all empty RowText. A section with a title only
// keeps its row (with an empty number cell), and so does every row of a
// plan with numbered, titled sections.
func TestEmptySectionRowIsDropped(t *testing.T) {
	v := testVersion(t, body)
	measure := func(title string) document.Measure {
		return document.Measure{Cells: map[string]document.Content{"title": document.Text(title)}}
	}
	cols := []document.Column{{Key: "number", Title: "№"}, {Key: "title", Title: "Мероприятие"}}
	cases := []struct {
		name string
		plan *document.Plan
		rows int // header + section rows + measures
	}{
		{"items", &document.Plan{Columns: cols, Numbering: document.NumberingAsWritten, Items: []document.Measure{measure("Приказ"), measure("Семинар")}}, 1 + 2},
		{"untitled section", &document.Plan{Columns: cols, Numbering: document.NumberingAsWritten, Sections: []document.Section{
			{Number: "I.", Title: "ОРГАНИЗАЦИЯ", Items: []document.Measure{measure("Приказ")}},
			{Items: []document.Measure{measure("Семинар")}},
		}}, 1 + 1 + 2},
		{"title only", &document.Plan{Columns: cols, Numbering: document.NumberingAsWritten, Sections: []document.Section{
			{Title: "ОРГАНИЗАЦИЯ", Items: []document.Measure{measure("Приказ")}},
		}}, 1 + 1 + 1},
		{"numbered and titled", &document.Plan{Columns: cols, Sections: []document.Section{
			{Title: "ОРГАНИЗАЦИЯ", Items: []document.Measure{measure("Приказ")}},
			{Title: "МЕТОДИКА", Items: []document.Measure{measure("Семинар")}},
		}}, 1 + 2 + 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := testDoc()
			d.Body = []document.Block{{Plan: c.plan}}
			if err := document.Validate(d); err != nil {
				t.Fatal(err)
			}
			parts := renderTest(t, v, d)
			mustWellFormed(t, parts)
			doc := parts["word/document.xml"]
			if n := strings.Count(doc, "<w:tr>") + strings.Count(doc, "<w:tr "); n != c.rows {
				t.Errorf("%d table rows, want %d:\n%s", n, c.rows, doc)
			}
			for _, row := range strings.Split(doc, "<w:tr>")[1:] {
				row, _, _ = strings.Cut(row, "</w:tr>")
				if !strings.Contains(row, "<w:t") {
					t.Errorf("a row without text: %s", row)
				}
			}
			if c.name != "numbered and titled" {
				for _, invented := range []string{">1.<", ">2.<", ">1.1<", ">1.2<"} {
					if strings.Contains(doc, invented) {
						t.Errorf("document.xml has the invented number %s", invented)
					}
				}
			}
		})
	}
}

// kxrow keeps a row unless every value is an empty RowText: a plain empty
// string (a released template's own field) keeps it.
func TestKxrow(t *testing.T) {
	for _, c := range []struct {
		vals []any
		want bool
	}{
		{[]any{RowText(""), RowText("")}, false},
		{[]any{RowText(""), RowText("ОРГАНИЗАЦИЯ")}, true},
		{[]any{RowText(""), ""}, true},
		{[]any{nil}, true},
		{nil, false},
	} {
		if got := kxrow(c.vals...); got != c.want {
			t.Errorf("kxrow(%#v) = %v, want %v", c.vals, got, c.want)
		}
	}
}
