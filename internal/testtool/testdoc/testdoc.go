// Package testdoc builds documents in code for the renderers' tests. It is
// apart from testtool so that the tests which use testtool without
// documents (signing, its fuzz targets) do not link pkg/document.
package testdoc

import (
	"fmt"
	"testing"

	"github.com/kartograf-ru/kartograf"
	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/templates"
)

// ShortPlan is a valid roadmap whose plan has n measures with short
// cells: a long render whose time goes to rows, not to text layout.
func ShortPlan(n int) *document.Document {
	plan := &document.Plan{Sections: []document.Section{{Title: "МЕРОПРИЯТИЯ"}}}
	for i := range n {
		plan.Sections[0].Items = append(plan.Sections[0].Items, document.Measure{Cells: map[string]document.Content{
			"title":       document.Text(fmt.Sprintf("Мера %d", i+1)),
			"deadline":    document.Text("Май"),
			"responsible": document.Text("Директор"),
		}})
	}
	return &document.Document{
		Kind: document.KindRoadmap, Organization: document.Organization{FullName: "МКОУ «СОШ №1»"},
		Title: "ДОРОЖНАЯ КАРТА", Body: []document.Block{{Plan: plan}},
	}
}

// ValidShortPlan is ShortPlan(n) with the template version eng picks for
// it, validated against that version: what a renderer is given.
func ValidShortPlan(t testing.TB, eng *kartograf.Engine, n int) (*document.Document, *templates.Version) {
	t.Helper()
	d := ShortPlan(n)
	v, err := eng.Template(d, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := eng.Validate(d, v.Ref()); err != nil {
		t.Fatal(err)
	}
	return d, v
}
