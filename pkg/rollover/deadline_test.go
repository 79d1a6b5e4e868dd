package rollover

import (
	"testing"
	"time"

	"github.com/kartograf-ru/kartograf/pkg/document"
)

func TestDeadlineEnd(t *testing.T) {
	academic := &document.Period{AcademicYear: "2023-2024"}
	for _, c := range []struct {
		s    string
		in   *document.Period
		want string // "" when it cannot be placed
	}{
		{"Май 2023г.", nil, "2023-05-31"},
		{"Февраль 2024г.", nil, "2024-02-29"},
		{"Октябрь 2023", nil, "2023-10-31"},
		{"Сентябрь 2023 года", nil, "2023-09-30"},
		{"в мае 2024 года", nil, "2024-05-31"},
		{"до 31.08.2024", nil, "2024-08-31"},
		{"до 01.12.2023", nil, "2023-12-01"},
		{`до "15" октября 2023 года`, nil, "2023-10-15"},
		{"15.09.2023-30.09.2023", nil, "2023-09-30"},
		{"IV квартал 2023", nil, "2023-12-31"},
		{"I квартал 2024 г.", nil, "2024-03-31"},
		{"2-й квартал 2024 года", nil, "2024-06-30"},
		{"1 полугодие 2024 г.", nil, "2024-06-30"},
		{"III четверть 2024", nil, "2024-12-31"},
		{"По расписанию ГИА-2024", nil, "2024-08-31"},
		{"По графику ГИА-2025", nil, "2025-08-31"},
		{"ОГЭ - 2024", nil, "2024-08-31"},
		{"Октябрь – ноябрь 2024г.", nil, "2024-11-30"},
		{"Декабрь 2024г., март 2025г.", nil, "2025-03-31"},
		{"Переподготовка: октябрь 2024г. – март 2025г.", nil, "2025-03-31"},
		{"2023-2024 учебный год", nil, "2024-08-31"},
		{"2023/24 учебный год", nil, "2024-08-31"},
		{"2023–2024 гг.", nil, "2024-12-31"},
		{"2021-2024 гг.", nil, "2024-12-31"},
		{"2022 г.", nil, "2022-12-31"},
		{"Март", academic, "2024-03-31"},
		{"Октябрь", academic, "2023-10-31"},
		{"Апрель-август", academic, "2024-08-31"},
		{"ежегодно, август", academic, "2024-08-31"},
		{"Март", nil, ""},
		{"в течение года", academic, "2024-08-31"},
		{"На протяжении года, по мере необходимости", academic, "2024-08-31"},
		{"Ежемесячно", &document.Period{Year: 2025}, "2025-12-31"},
		{"По итогам четверти", academic, "2024-08-31"},
		{"Постоянно", academic, "2024-08-31"},
		{"в течение года", nil, ""},
		{"По запросу", academic, ""},
		{"По отдельному плану", academic, ""},
		{"", academic, ""},
		{"31.02.2024", nil, ""},
		{"приказ № 2024", nil, ""},
	} {
		got, ok := DeadlineEnd(c.s, c.in)
		switch {
		case c.want == "" && ok:
			t.Errorf("DeadlineEnd(%q) = %s, want none", c.s, got.Format(time.DateOnly))
		case c.want != "" && (!ok || got.Format(time.DateOnly) != c.want):
			t.Errorf("DeadlineEnd(%q) = %s %v, want %s", c.s, got.Format(time.DateOnly), ok, c.want)
		}
	}
}

func TestDeadlineColumns(t *testing.T) {
	p := &document.Plan{Columns: []document.Column{{Key: "number"}, {Key: "title", Title: "Мероприятие"}, {Key: "when", Title: "Сроки исполнения"}, {Key: "deadline_fact", Title: "Факт"}}}
	got := DeadlineColumns(p)
	if len(got) != 2 || got[0] != "when" || got[1] != "deadline_fact" {
		t.Errorf("DeadlineColumns = %v", got)
	}
	if got := DeadlineColumns(&document.Plan{}); len(got) != 1 || got[0] != "deadline" {
		t.Errorf("DeadlineColumns of a plan without columns = %v", got)
	}
}

func TestDocumentPeriod(t *testing.T) {
	d := &document.Document{Title: "План на 2023-2024 учебный год"}
	p, ok := DocumentPeriod(d)
	if !ok || p.AcademicYear != "2023-2024" {
		t.Errorf("DocumentPeriod = %+v %v", p, ok)
	}
	if _, ok := DocumentPeriod(&document.Document{Title: "План"}); ok {
		t.Error("a document without a year has a period")
	}
}
