package view_test

import (
	"context"
	"fmt"

	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/render/view"
	"github.com/kartograf-ru/kartograf/templates"
)

// A plan that gives one column a width and omits the others: each omitted
// width counts as 1, and every format scales the same fractions.
func ExampleBuild() {
	reg, _ := templates.New()
	tv, _ := reg.Resolve("municipal-roadmap@1.1.0")
	d := &document.Document{
		Kind: document.KindRoadmap, Title: `План "500+"`,
		Organization: document.Organization{FullName: "МКОУ СОШ № 1"},
		Body: []document.Block{{Plan: &document.Plan{
			Columns:  []document.Column{{Key: "title", Title: "Мероприятие", Width: 2}, {Key: "deadline", Title: "Срок"}, {Key: "who", Title: "Ответственный"}},
			Sections: []document.Section{{Title: "Раздел", Items: []document.Measure{{Cells: map[string]document.Content{"title": document.Text("Совет")}}}}},
		}}},
	}
	v, err := view.Build(context.Background(), d, tv, view.Meta{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(v.Letterhead.Title)
	for _, c := range v.Blocks[0].Plan.Columns {
		fmt.Printf("%s %.2f\n", c.Title, c.Frac)
	}
	fmt.Println(view.Scale([]float64{0.5, 0.25, 0.25}, 9000))
	// Output:
	// План «500+»
	// Мероприятие 0.50
	// Срок 0.25
	// Ответственный 0.25
	// [4500 2250 2250]
}
