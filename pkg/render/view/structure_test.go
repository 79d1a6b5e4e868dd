package view

import (
	"context"
	"slices"
	"testing"

	"github.com/kartograf-ru/kartograf/internal/testtool/testtpl"
	"github.com/kartograf-ru/kartograf/pkg/document"
)

func structureDoc() *document.Document {
	no := false
	return &document.Document{
		Kind: document.KindRoadmap, Title: "Программа развития", Letterhead: &no, Cover: true,
		Place: "с. Урожайное, 2023 г.", HeadingNumbering: document.NumberingDecimal,
		Organization: document.Organization{FullName: "МБОУ СОШ"},
		Appendix:     &document.Appendix{Number: "2", To: "к приказу Управления образования\nадминистрации района", Date: "10.02.2021", OrderNumber: "12-п"},
		Body: []document.Block{
			{Contents: &document.Contents{Title: "Содержание"}},
			{PageBreak: &document.PageBreak{}},
			{Heading: &document.Heading{Text: "Паспорт", Numbered: &no}},
			{Heading: &document.Heading{Text: "Анализ"}},
			{Heading: &document.Heading{Text: "Справка", Level: 2}},
			{Heading: &document.Heading{Text: "Подробности", Level: 3}},
			{Heading: &document.Heading{Text: "Концепция"}},
			{Paragraph: &document.Paragraph{Text: "Текст"}},
		},
	}
}

// With a template that has the features, the view carries the grif, the
// place line, the cover page, the heading numbers and the contents.
func TestStructureInTheView(t *testing.T) {
	v, err := Build(context.Background(), structureDoc(), testtpl.Edited(t, "school-programme@1.0.0", "", nil), Meta{})
	if err != nil {
		t.Fatal(err)
	}
	lh := v.Letterhead
	want := []string{"Приложение №\u00a02", "к приказу Управления образования", "администрации района", "от 10.02.2021 №\u00a012-п"}
	if !slices.Equal(lh.Appendix, want) {
		t.Errorf("grif %q, want %q", lh.Appendix, want)
	}
	if lh.Organization || lh.FullName != "" {
		t.Errorf("letterhead false still prints the organisation: %+v", lh)
	}
	if lh.Place != "с. Урожайное, 2023\u00a0г." || !lh.Cover {
		t.Errorf("place %q cover %v", lh.Place, lh.Cover)
	}
	var lines []string
	var c *Contents
	for _, b := range v.Blocks {
		switch b.Kind {
		case KindHeading:
			lines = append(lines, b.Heading.Line())
		case KindContents:
			c = b.Contents
		}
	}
	if want := []string{"Паспорт", "1. Анализ", "1.1. Справка", "1.1.1. Подробности", "2. Концепция"}; !slices.Equal(lines, want) {
		t.Errorf("headings %q, want %q", lines, want)
	}
	if c == nil || c.Title != "Содержание" || len(c.Entries) != 4 {
		t.Fatalf("contents %+v, want 4 entries of levels 1–2", c)
	}
	if e := c.Entries[2]; e.Line() != "1.1. Справка" || e.Level != 2 || e.HeadingIndex != 4 {
		t.Errorf("entry %+v", e)
	}
}

// A released template prints none of it: the view of the same document
// has no grif, place, cover or numbers (validation refuses such a
// document for the version; the view does not rely on that).
func TestReleasedTemplateIgnoresStructure(t *testing.T) {
	v, err := Build(context.Background(), structureDoc(), testtpl.Edited(t, "school-roadmap@1.1.0", "", nil), Meta{})
	if err != nil {
		t.Fatal(err)
	}
	if lh := v.Letterhead; lh.Appendix != nil || lh.Place != "" || lh.Cover {
		t.Errorf("released template letterhead %+v", lh)
	}
	for _, b := range v.Blocks {
		if b.Kind == KindHeading && b.Heading.Number != "" {
			t.Errorf("heading numbered %q", b.Heading.Number)
		}
	}
}
