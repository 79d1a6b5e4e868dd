package document

import (
	"slices"
	"strings"
	"testing"
)

// planDoc is a document whose only block is the plan JSON given.
func planDoc(plan string) string {
	return `{"kind": "roadmap", "organization": {"full_name": "МКОУ СОШ"}, "title": "План мероприятий",
  "body": [{"plan": ` + plan + `}]}`
}

const oneColumn = `"columns": [{"key": "title", "title": "Мероприятия", "required": true}]`

// Plans as real documents have them: measures without sections, sections
// without a title, numbers as written (or none) — valid, and nothing is
// numbered that the document does not number.
func TestPlanShapesAreValid(t *testing.T) {
	for name, plan := range map[string]string{
		"items":                 `{` + oneColumn + `, "items": [{"title": "Анкетирование"}, {"title": "Семинар"}]}`,
		"items numbered":        `{"numbering": "as_written", "items": [{"number": "1)", "title": "Анкетирование"}, {"title": "Семинар"}]}`,
		"untitled section":      `{"sections": [{"number": "I.", "title": "Организация", "items": [{"title": "Приказ"}]}, {"items": [{"title": "Семинар"}]}]}`,
		"number only":           `{"numbering": "as_written", "sections": [{"number": "II.", "items": [{"number": "34)", "title": "Приказ"}]}]}`,
		"as written restarts":   `{"numbering": "as_written", "sections": [{"title": "А", "items": [{"number": "1)", "title": "x"}]}, {"title": "Б", "items": [{"number": "1)", "title": "y"}]}]}`,
		"auto spelled out":      `{"numbering": "auto", "items": [{"title": "Анкетирование"}]}`,
		"section title omitted": `{"sections": [{"items": [{"title": "Приказ"}]}]}`,
	} {
		t.Run(name, func(t *testing.T) {
			if got := problems(t, planDoc(plan)); got != nil {
				t.Errorf("problems: %q", got)
			}
		})
	}
}

func TestPlanShapeProblems(t *testing.T) {
	cases := []struct{ name, plan, want string }{
		{"items and sections", `{"items": [{"title": "x"}], "sections": [{"title": "А", "items": [{"title": "y"}]}]}`,
			"body[0].plan: в плане либо разделы (sections), либо мероприятия без разделов (items), но не то и другое вместе"},
		{"neither", `{}`, "body[0].plan.sections: план не может быть пустым"},
		{"empty items", `{"items": []}`, "body[0].plan.items: не может быть пустым"},
		{"bad numbering", `{"numbering": "roman", "items": [{"title": "x"}]}`, "body[0].plan.numbering: недопустимое значение «roman»"},
		{"blank title", `{"sections": [{"title": "  ", "items": [{"title": "x"}]}]}`, "body[0].plan.sections[0].title: название раздела из одних пробелов"},
		{"items path", `{` + oneColumn + `, "items": [{"title": "x"}, {"title": ""}]}`, "body[0].plan.items[1].title: обязательная колонка «Мероприятия» не заполнена"},
		{"duplicate in items", `{"items": [{"number": "3", "title": "x"}, {"number": "3", "title": "y"}]}`, "body[0].plan.items[1].number: номер «3» уже есть у мероприятия body[0].plan.items[0]"},
		{"duplicate in a section as written", `{"numbering": "as_written", "sections": [{"items": [{"number": "1)", "title": "x"}, {"number": "1)", "title": "y"}]}]}`,
			"body[0].plan.sections[0].items[1].number: номер «1)» уже есть"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := problems(t, planDoc(c.plan))
			if !slices.ContainsFunc(got, func(p string) bool { return strings.Contains(p, c.want) }) {
				t.Errorf("no problem containing %q; got %q", c.want, got)
			}
		})
	}
}

// SectionRow, SectionNumber and ItemNumber say what the plan prints: no
// row and no number for a section without title and number, no numbers
// invented when numbering is as written, «n.» for measures without
// sections and «s.n» in sections when it is auto.
func TestPlanNumbers(t *testing.T) {
	m := func(n string) Measure { return Measure{Number: n} }
	type want struct {
		row     []bool
		section []string
		items   [][]string
	}
	cases := []struct {
		name string
		p    Plan
		want want
	}{
		{"auto sections", Plan{Sections: []Section{{Title: "А", Items: []Measure{m(""), m("")}}, {Number: "5.", Title: "Б", Items: []Measure{m("")}}}},
			want{[]bool{true, true}, []string{"1.", "5."}, [][]string{{"1.1", "1.2"}, {"5.1"}}}},
		{"auto items", Plan{Items: []Measure{m(""), m("7)"), m("")}},
			want{[]bool{false}, []string{""}, [][]string{{"1.", "7)", "3."}}}},
		{"auto untitled", Plan{Sections: []Section{{Title: "А", Items: []Measure{m("")}}, {Items: []Measure{m("")}}}},
			want{[]bool{true, false}, []string{"1.", ""}, [][]string{{"1.1"}, {"2.1"}}}},
		{"as written", Plan{Numbering: NumberingAsWritten, Sections: []Section{{Number: "I.", Title: "А", Items: []Measure{m("1)"), m("")}}, {Title: "Б", Items: []Measure{m("34)")}}, {Items: []Measure{m("")}}}},
			want{[]bool{true, true, false}, []string{"I.", "", ""}, [][]string{{"1)", ""}, {"34)"}, {""}}}},
		{"as written items", Plan{Numbering: NumberingAsWritten, Items: []Measure{m(""), m("2.")}},
			want{[]bool{false}, []string{""}, [][]string{{"", "2."}}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			groups := c.p.Groups()
			if len(groups) != len(c.want.row) {
				t.Fatalf("%d groups, want %d", len(groups), len(c.want.row))
			}
			n := 0
			for si, g := range groups {
				if got := c.p.SectionRow(si); got != c.want.row[si] {
					t.Errorf("SectionRow(%d) = %v", si, got)
				}
				if got := c.p.SectionNumber(si); got != c.want.section[si] {
					t.Errorf("SectionNumber(%d) = %q, want %q", si, got, c.want.section[si])
				}
				for ii := range g.Items {
					n++
					if got := c.p.ItemNumber(si, ii); got != c.want.items[si][ii] {
						t.Errorf("ItemNumber(%d, %d) = %q, want %q", si, ii, got, c.want.items[si][ii])
					}
				}
			}
			if c.p.Measures() != n {
				t.Errorf("Measures() = %d, want %d", c.p.Measures(), n)
			}
		})
	}
}
