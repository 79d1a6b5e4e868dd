package testtpl

import "github.com/kartograf-ru/kartograf/pkg/document"

// AnalysisChartsDoc is an analysis with the genre's charts, each after a
// paragraph: a stacked bar by section and status, a line over years with
// a target, a pie, a grouped bar by subject × year, and a bar over 14
// long categories. The template is analysis@1.1.0, which does not list the
// feature "charts": build its view directly (view.Build does not check
// features). A fresh copy on every call.
func AnalysisChartsDoc() *document.Document {
	yes := true
	one := 1
	long := []string{
		"Нормативно-правовое обеспечение реализации программы",
		"Повышение качества подготовки обучающихся к ГИА",
		"Развитие кадрового потенциала педагогических работников",
		"Организация внеурочной деятельности и дополнительного образования",
		"Работа с обучающимися с трудностями в обучении",
		"Взаимодействие с родителями (законными представителями)",
		"Развитие материально-технической базы школы",
		"Внутренняя система оценки качества образования",
		"Профилактика учебной неуспешности и школьной неуспеваемости",
		"Сетевое взаимодействие с образовательными организациями",
		"Психолого-педагогическое сопровождение образовательного процесса",
		"Информационная открытость и публичная отчётность",
		"Поддержка одарённых детей и олимпиадного движения",
		"Мониторинг реализации дорожной карты и корректировка мер",
	}
	vals := []float64{3, 5, 2, 4, 6, 1, 2, 3, 5, 2, 4, 3, 2, 1}
	par := func(t string) document.Block { return document.Block{Paragraph: &document.Paragraph{Text: t}} }
	return &document.Document{
		Kind:         document.KindAnalysis,
		Template:     "analysis@1.1.0",
		Organization: document.Organization{FullName: "МБОУ «СОШ № 5»"},
		Title:        "Анализ реализации дорожной карты",
		Body: []document.Block{
			par("Выполнение мероприятий по разделам дорожной карты показано на рисунке."),
			{Chart: &document.Chart{Type: "bar", Stacked: true, Title: "Рисунок 1 — Выполнение мероприятий по разделам", Unit: "мероприятий",
				Categories: []string{"Раздел 1", "Раздел 2", "Раздел 3", "Раздел 4"},
				Series: []document.ChartSeries{
					{Name: "Выполнено", Values: []float64{5, 3, 4, 2}},
					{Name: "В работе", Values: []float64{1, 2, 1, 3}},
					{Name: "Не выполнено", Values: []float64{1, 0, 2, 1}},
					{Name: "Отменено", Values: []float64{0, 1, 0, 1}},
				}}},
			par("Средний балл ОГЭ по математике растёт третий год подряд."),
			{Chart: &document.Chart{Type: "line", Title: "Рисунок 2 — Средний балл ОГЭ по математике", Unit: "балл", Decimals: &one,
				Categories: []string{"2021", "2022", "2023", "2024", "2025"},
				Series:     []document.ChartSeries{{Name: "Средний балл", Values: []float64{3.2, 3.4, 3.3, 3.6, 3.7}}},
				Target:     &document.ChartTarget{Name: "Целевое значение", Value: 3.8}}},
			par("Доля выполненных мероприятий."),
			{Chart: &document.Chart{Type: "pie", Title: "Рисунок 3 — Доля выполненных мероприятий",
				Categories: []string{"Выполнено", "В работе", "Не выполнено", "Отменено"},
				Series:     []document.ChartSeries{{Name: "Мероприятия", Values: []float64{14, 7, 4, 2}}}}},
			par("Результаты по предметам за три года."),
			{Chart: &document.Chart{Type: "bar", Title: "Рисунок 4 — Средний балл по предметам", Unit: "балл", Legend: &yes,
				Categories: []string{"Математика", "Русский язык", "Физика", "Биология"},
				Series: []document.ChartSeries{
					{Name: "2023", Values: []float64{3.3, 3.9, 3.5, 3.6}},
					{Name: "2024", Values: []float64{3.6, 4.0, 3.4, 3.8}},
					{Name: "2025", Values: []float64{3.7, 4.1, 3.6, 3.9}},
				}}},
			par("Мероприятия по направлениям."),
			{Chart: &document.Chart{Type: "bar", Title: "Рисунок 5 — Число мероприятий по направлениям", Unit: "мероприятий",
				Categories: long,
				Series:     []document.ChartSeries{{Name: "Мероприятий", Values: vals}}}},
		},
	}
}
