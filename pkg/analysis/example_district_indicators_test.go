package analysis_test

import (
	"fmt"
	"strings"
	"time"

	"github.com/kartograf-ru/kartograf/pkg/analysis"
	"github.com/kartograf-ru/kartograf/pkg/document"
)

func ExampleReadDistrictIndicators() {
	data := `{"schools": [
	  {"school": "s0001", "indicators": [{"name": "Средний балл ОГЭ по математике", "unit": "балл", "target": 3.8,
	    "values": [{"year": "2022-2023", "value": 3.5}, {"year": "2023-2024", "value": 3.9}]}]},
	  {"school": "МКОУ СОШ № 2", "indicators": [{"name": "Средний балл ОГЭ по математике", "unit": "балл",
	    "values": [{"year": "2023-2024", "value": 3.6}]}]}]}`
	sis, err := analysis.ReadDistrictIndicators(strings.NewReader(data), "показатели.json")
	if err != nil {
		fmt.Println(err)
		return
	}
	plan := func(name string) *document.Document {
		return &document.Document{Kind: document.KindRoadmap, Title: "План", Organization: document.Organization{ShortName: name},
			Body: []document.Block{{Plan: &document.Plan{Items: []document.Measure{{Status: document.StatusDone,
				Cells: map[string]document.Content{"title": document.Text("Мероприятие"), "deadline": document.Text("Май 2024г.")}}}}}}}
	}
	schools := []analysis.SchoolPlan{{ID: "s0001", Plan: plan("МКОУ СОШ № 1")}, {ID: "s0002", Plan: plan("МКОУ СОШ № 2")}}
	doc, err := analysis.District(schools, analysis.DistrictOptions{
		Options: analysis.Options{Date: time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)}, Indicators: sis,
		Organization: &document.Organization{FullName: "Управление образования"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	part := false
	for _, b := range doc.Body {
		switch {
		case b.Heading != nil:
			part = b.Heading.Text == analysis.HeadingSchoolIndicators
		case part && b.Table != nil:
			for _, row := range b.Table.Rows {
				var cells []string
				for _, c := range row {
					cells = append(cells, c.Plain())
				}
				fmt.Println(strings.Join(cells, " | "))
			}
		case part && b.Paragraph != nil:
			fmt.Println(strings.ReplaceAll(b.Paragraph.Text, "\u00a0", " "))
		}
	}
	// Output:
	// Значения показателей школ за 2023-2024.
	// МКОУ СОШ № 1 | 3,9
	// МКОУ СОШ № 2 | 3,6
	// Целевое значение | 3,8
	// Показатель «Средний балл ОГЭ по математике» за 2023-2024: от 3,6 до 3,9 балла; целевое значение 3,8 балла достигла 1 из 2 школ.
}
