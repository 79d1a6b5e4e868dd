package analysis_test

import (
	"fmt"
	"strings"
	"time"

	"github.com/kartograf-ru/kartograf/pkg/analysis"
	"github.com/kartograf-ru/kartograf/pkg/document"
)

// Build computes the analysis of a plan with its monitoring at a
// reporting date; the document renders with the analysis-report template.
// The space before «%» is a no-break one (U+00A0).
func ExampleBuild() {
	plan, err := document.DecodeBytes([]byte(`{
	  "kind": "roadmap",
	  "organization": {"full_name": "МКОУ СОШ № 2"},
	  "title": "ДОРОЖНАЯ КАРТА",
	  "period": {"academic_year": "2023-2024"},
	  "body": [{"plan": {"sections": [{"title": "ОРГАНИЗАЦИЯ", "items": [
	    {"title": "Положение о ВСОКО", "deadline": "Май 2023г.", "status": "done"},
	    {"title": "Анализ ВПР", "deadline": "до 01.12.2023", "status": "in_progress", "note": "Ждём результаты"},
	    {"title": "Курсы для учителей", "deadline": "IV квартал 2024", "status": "done"},
	    {"title": "Сайт школы", "deadline": "Сентябрь 2023г.", "status": "cancelled", "note": "Передано в МО"},
	    {"title": "Консультации", "deadline": "По запросу"}
	  ]}]}}]
	}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	doc, err := analysis.Build(plan, analysis.Options{Date: time.Date(2024, 3, 15, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(doc.Template, doc.Date)
	for _, b := range doc.Body {
		switch {
		case b.Heading != nil:
			fmt.Println("#", b.Heading.Text)
		case b.Paragraph != nil:
			fmt.Println(b.Paragraph.Text)
		case b.Table != nil:
			for _, row := range b.Table.Rows {
				var cells []string
				for _, c := range row {
					cells = append(cells, c.Plain())
				}
				fmt.Println("| " + strings.Join(cells, " | ") + " |")
			}
		}
	}
	// Output:
	// analysis-report@1.0.0 15.03.2024
	// # Общие сведения о выполнении
	// По состоянию на 15.03.2024 выполнено 2 из 5 мероприятий (40,0 %); без учёта 1 отменённого — 2 из 4 (50,0 %).
	// Просрочено — 1 мероприятие, отменено — 1 мероприятие, без отметки о выполнении — 1 мероприятие.
	// Просрочено 1 мероприятие (20,0 %): срок истёк к 15.03.2024 — 1 мероприятие.
	// Досрочно выполнено 1 мероприятие.
	// Срок не определён у 1 мероприятия; по дате такие мероприятия не считаются просроченными.
	// # Выполнение по разделам плана
	// | 1. ОРГАНИЗАЦИЯ | 2 | 0 | 0 | 1 | 1 | 1 | 5 |
	// | Итого | 2 | 0 | 0 | 1 | 1 | 1 | 5 |
	// # Просроченные мероприятия
	// | 1.2 | Анализ ВПР | до 01.12.2023 |  | Ждём результаты |
	// # Отменённые мероприятия
	// | 1.4 | Сайт школы | Сентябрь 2023г. | Передано в МО |
	// # Мероприятия, выполненные досрочно
	// | 1.3 | Курсы для учителей | IV квартал 2024 |  |
	// # Мероприятия со сроком, не определённым во времени
	// | 1.5 | Консультации | По запросу | Нет отметки |
}

// District rolls the schools' plans with their monitoring up into the
// municipal analysis; a school whose data could not be read is listed, not
// dropped. ReadDistrict gives the schools of a folder or zip of workbooks.
// The space before «%» is a no-break one (U+00A0).
func ExampleDistrict() {
	plan := func(name string, statuses ...string) *document.Document {
		var items []string
		for _, s := range statuses {
			items = append(items, `{"title": "Мероприятие", "deadline": "Май 2024г.", "status": "`+s+`"}`)
		}
		d, err := document.DecodeBytes([]byte(`{"kind": "roadmap", "organization": {"full_name": "` + name +
			`", "short_name": "` + name + `", "parent": "Управление образования"}, "title": "ДОРОЖНАЯ КАРТА",
			"period": {"academic_year": "2023-2024"},
			"body": [{"plan": {"sections": [{"title": "ОРГАНИЗАЦИЯ", "items": [` + strings.Join(items, ",") + `]}]}}]}`))
		if err != nil {
			fmt.Println(err) // the school would be listed as not read
		}
		return d
	}
	doc, err := analysis.District([]analysis.SchoolPlan{
		{ID: "s1", Plan: plan("МКОУ СОШ № 1", "done", "done", "overdue")},
		{ID: "s2", Plan: plan("МКОУ СОШ № 2", "done", "cancelled", "in_progress", "")},
		{ID: "s3", Source: "s3.xlsx", Problem: "файл повреждён"},
	}, analysis.DistrictOptions{Options: analysis.Options{Date: time.Date(2024, 3, 15, 0, 0, 0, 0, time.UTC)}})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(doc.Organization.FullName)
	for _, b := range doc.Body {
		switch {
		case b.Heading != nil:
			fmt.Println("#", b.Heading.Text)
		case b.Paragraph != nil:
			fmt.Println(b.Paragraph.Text)
		case b.Table != nil && b.Table.Columns[0].Title == "Школа" && len(b.Table.Columns) == 6:
			for _, row := range b.Table.Rows {
				var cells []string
				for _, c := range row {
					cells = append(cells, c.Plain())
				}
				fmt.Println("| " + strings.Join(cells, " | ") + " |")
			}
		case b.List != nil:
			fmt.Println("–", b.List.Items[0].Text)
		}
	}
	// Output:
	// Управление образования
	// # Общие сведения о выполнении в районе
	// По состоянию на 15.03.2024 в районе 3 школы; по данным 2 школ выполнено 3 из 7 мероприятий (42,9 %).
	// Не прочитаны данные 1 школы (перечислены в разделе «Не прочитанные данные школ»); их мероприятия не учтены.
	// В целом по району в работе — 1 мероприятие, просрочено — 1 мероприятие, отменено — 1 мероприятие, без отметки о выполнении — 1 мероприятие.
	// Просроченные мероприятия есть у 1 школы из 2; всего просрочено 1 мероприятие (14,3 %).
	// Доля выполненных мероприятий в школах — от 25,0 % до 66,7 %.
	// # Выполнение по школам
	// | МКОУ СОШ № 1 | 3 | 2 | 66,7 | 1 | 0 |
	// | МКОУ СОШ № 2 | 4 | 1 | 25,0 | 0 | 1 |
	// | Итого | 7 | 3 | 42,9 | 1 | 1 |
	// # Школы с просроченными мероприятиями
	// # Итоги по району по статусам
	// # Не прочитанные данные школ
	// – s3.xlsx — не прочитан: файл повреждён
}

// ReadIndicators reads the results a methodologist keeps (JSON here, or
// the same as a sheet in .xlsx); Options.Indicators prints them under
// «Динамика показателей» with a phrase and a chart per indicator.
func ExampleReadIndicators() {
	ins, err := analysis.ReadIndicators(strings.NewReader(`{"indicators": [
	  {"name": "Средний балл ОГЭ по математике", "unit": "балл", "decimals": 1, "target": 3.8,
	   "values": [{"year": "2022-2023", "value": 3.4}, {"year": "2023-2024", "value": 3.7}]},
	  {"name": "Доля обучающихся ниже порога", "unit": "%", "target": 10, "better": "lower",
	   "values": [{"year": "2022-2023", "value": 12.5}, {"year": "2023-2024", "value": 9.5}]}
	]}`), "показатели.json")
	if err != nil {
		fmt.Println(err)
		return
	}
	for i := range ins {
		fmt.Println(strings.ReplaceAll(ins[i].Dynamics(), "\u00a0", " "))
	}
	// Output:
	// Значение показателя «Средний балл ОГЭ по математике» выросло с 3,4 до 3,7 балла (+0,3); целевое значение 3,8 не достигнуто.
	// Значение показателя «Доля обучающихся ниже порога» снизилось с 12,5 до 9,5 % (−3,0); целевое значение 10,0 достигнуто.
}
