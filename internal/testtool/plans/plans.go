// Package plans builds long roadmaps in code for tests that need many
// rows, without the engine: the renderers' own packages use it where
// importing testdoc (which imports the engine) would be a cycle.
package plans

import (
	"fmt"

	"github.com/kartograf-ru/kartograf/pkg/document"
)

// Short is a valid roadmap whose plan has n measures with short cells: a
// long render whose time goes to rows, not to text layout.
func Short(n int) *document.Document {
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
