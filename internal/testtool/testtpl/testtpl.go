// Package testtpl gives tests edited copies of the built-in template
// versions and a document that exercises every typography rule. It imports
// no renderer and not the engine, so the renderers' own (internal) tests
// and the presentation model's can use it without an import cycle.
package testtpl

import (
	"sync"
	"testing"

	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/templates"
)

var registry = sync.OnceValues(templates.New)

// Edited is the built-in template version ref, itself when edit is nil,
// else a copy whose manifest edit changed, under a hash of its own (the
// released hash plus "+" and name): renderers cache what they derive from
// a version by its hash, and an edited manifest must not reuse it.
func Edited(t testing.TB, ref, name string, edit func(m *templates.Manifest)) *templates.Version {
	t.Helper()
	reg, err := registry()
	if err != nil {
		t.Fatal(err)
	}
	v, err := reg.Resolve(ref)
	if err != nil {
		t.Fatal(err)
	}
	if edit == nil {
		return v
	}
	c := *v
	edit(&c.Manifest)
	c.Hash = v.Hash + "+" + name
	return &c
}

// TypographyDoc holds text each typography rule changes («ёлочки», № 5,
// Л.П. Шидукова, 2023 г.) in every kind of place: the organisation and
// title, a stamp, a passport value, paragraphs, a plan cell, a measure
// number and a note. A fresh copy on every call.
func TypographyDoc() *document.Document {
	return &document.Document{
		Kind:         document.KindRoadmap,
		Template:     "school-roadmap@1.1.0",
		Organization: document.Organization{FullName: `МКОУ "СОШ № 5"`},
		Title:        `План "кавычки" для школы № 5 на 2023 г.`,
		Approvals:    []document.Approval{{Kind: document.ApprovalApprove, Position: "Директор", Name: "Л.П. Шидукова"}},
		Body: []document.Block{
			{Passport: &document.Passport{Rows: []document.PassportRow{{Label: "Исполнитель", Value: document.Text("Л.П. Шидукова, школа № 5")}}}},
			{Paragraph: &document.Paragraph{Text: `Абзац "с кавычками" о 2023 г.`}},
			{Paragraph: &document.Paragraph{Text: "Справа", Align: "right"}},
			{Heading: &document.Heading{Text: "Подраздел", Level: 3}},
			{Plan: &document.Plan{Sections: []document.Section{{Title: "Раздел", Items: []document.Measure{{
				Number: "№ 1",
				Note:   `Сделано "в срок"`,
				Cells: map[string]document.Content{
					"title":       document.Text(`Встреча "клуба" № 5`),
					"deadline":    document.Text("Май 2023 г."),
					"responsible": document.Text("Л.П. Шидукова"),
				},
			}}}}}},
		},
	}
}
