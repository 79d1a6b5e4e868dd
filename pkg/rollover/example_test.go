package rollover_test

import (
	"fmt"
	"os"

	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/rollover"
)

// Roll turns last year's roadmap into next year's draft and reports every
// change and every year it left alone.
func ExampleRoll() {
	d, err := document.DecodeBytes([]byte(`{
	  "kind": "roadmap",
	  "organization": {"full_name": "МКОУ СОШ № 2"},
	  "title": "ДОРОЖНАЯ КАРТА",
	  "subtitle": "на 2023-2024 учебный год",
	  "period": {"academic_year": "2023-2024"},
	  "approvals": [{"kind": "approve", "name": "М.В. Багова", "basis": "приказ № 55 от 31.08.2023г."}],
	  "body": [
	    {"paragraph": {"text": "Основание: Федеральный закон от 29.12.2012 №273-ФЗ."}},
	    {"plan": {
	      "columns": [{"key": "title", "title": "Мероприятие"}, {"key": "deadline", "title": "Сроки"}],
	      "sections": [{"title": "ОРГАНИЗАЦИЯ", "items": [
	        {"title": "Подготовка к ГИА-2024", "deadline": "Май 2024г.", "status": "done"}
	      ]}]
	    }}
	  ]
	}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	next, rep, err := rollover.Roll(d, "2024-2025")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(next.Subtitle)
	if err := rep.WriteText(os.Stdout); err != nil {
		fmt.Println(err)
	}
	// Output:
	// на 2024-2025 учебный год
	// Перенос с 2023-2024 на 2024-2025 (+1 год)
	// Изменено (6):
	//   period.academic_year: «2023-2024» → «2024-2025»
	//   subtitle: «на 2023-2024 учебный год» → «на 2024-2025 учебный год»
	//   approvals[0].basis: «приказ № 55 от 31.08.2023г.» → «приказ № ___ от __.__.____»
	//   body[1].plan.sections[0].items[0].title: «Подготовка к ГИА-2024» → «Подготовка к ГИА-2025»
	//   body[1].plan.sections[0].items[0].deadline: «Май 2024г.» → «Май 2025г.»
	//   body[1].plan.sections[0].items[0].status: «done» → «»
	// Оставлено без изменений (1):
	//   body[0].paragraph.text: «…Федеральный закон от 29.12.2012 №273-ФЗ.» — дата нормативного акта
}

// A wrong target year is a *rollover.TargetError with a message in Russian.
func ExampleTargetError() {
	d := &document.Document{
		Kind:         document.KindRoadmap,
		Organization: document.Organization{FullName: "МКОУ СОШ № 2"},
		Title:        "ДОРОЖНАЯ КАРТА",
		Period:       &document.Period{AcademicYear: "2023-2024"},
		Body:         []document.Block{{Paragraph: &document.Paragraph{Text: "…"}}},
	}
	_, _, err := rollover.Roll(d, "2025")
	fmt.Println(err)
	// Output:
	// целевой год «2025» не подходит: документ составлен на 2023-2024 учебный год: укажите учебный год в виде ГГГГ-ГГГГ, например 2024-2025
}
