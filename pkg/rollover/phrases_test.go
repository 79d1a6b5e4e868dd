package rollover_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/rollover"
)

// where a phrase is placed in the test document.
type where int

const (
	inCell      where = iota // plan cell «title»
	inDeadline               // plan cell «deadline»
	inParagraph              // paragraph of a roadmap
	inHeading                // heading
	inPassport               // passport value labelled «Содержание»
	inTable                  // table cell
	inAnalysis               // paragraph of an analysis document
)

// phraseDoc builds a small valid document with s placed at w.
func phraseDoc(w where, s string) *document.Document {
	d := &document.Document{
		Kind:         document.KindRoadmap,
		Organization: document.Organization{FullName: "МКОУ СОШ № 2"},
		Title:        "ДОРОЖНАЯ КАРТА",
		Period:       &document.Period{AcademicYear: "2023-2024"},
	}
	plan := &document.Plan{
		Columns: []document.Column{{Key: "title", Title: "Мероприятие"}, {Key: "deadline", Title: "Сроки"}},
		Sections: []document.Section{{Title: "ОРГАНИЗАЦИЯ", Items: []document.Measure{{
			Cells: map[string]document.Content{"title": document.Text("Совещание"), "deadline": document.Text("Сентябрь")},
		}}}},
	}
	cell := &plan.Sections[0].Items[0]
	switch w {
	case inCell:
		cell.Cells["title"] = document.Text(s)
	case inDeadline:
		cell.Cells["deadline"] = document.Text(s)
	case inParagraph, inAnalysis:
		d.Body = append(d.Body, document.Block{Paragraph: &document.Paragraph{Text: s}})
	case inHeading:
		d.Body = append(d.Body, document.Block{Heading: &document.Heading{Text: s}})
	case inPassport:
		d.Body = append(d.Body, document.Block{Passport: &document.Passport{Rows: []document.PassportRow{{Label: "Содержание", Value: document.Text(s)}}}})
	case inTable:
		d.Body = append(d.Body, document.Block{Table: &document.Table{
			Columns: []document.TableColumn{{Title: "Показатель"}},
			Rows:    [][]document.Content{{document.Text(s)}},
		}})
	}
	if w == inAnalysis {
		d.Kind = document.KindAnalysis
	}
	d.Body = append(d.Body, document.Block{Plan: plan})
	return d
}

// phraseText returns the rolled string placed at w.
func phraseText(d *document.Document, w where) string {
	switch w {
	case inCell:
		return d.Body[len(d.Body)-1].Plan.Sections[0].Items[0].Cells["title"].Plain()
	case inDeadline:
		return d.Body[len(d.Body)-1].Plan.Sections[0].Items[0].Cells["deadline"].Plain()
	case inParagraph, inAnalysis:
		return d.Body[0].Paragraph.Text
	case inHeading:
		return d.Body[0].Heading.Text
	case inPassport:
		return d.Body[0].Passport.Rows[0].Value.Plain()
	case inTable:
		return d.Body[0].Table.Rows[0][0].Plain()
	}
	return ""
}

func TestPhrases(t *testing.T) {
	for _, c := range []struct {
		w       where
		in      string
		want    string // "" means unchanged
		keptWhy string // substring of the reason for the first kept year, if any must be kept
	}{
		// Deadlines with months, any case and form.
		{inDeadline, "Февраль 2024г.", "Февраль 2025г.", ""},
		{inDeadline, "Декабрь 2022 г.", "Декабрь 2023 г.", ""},
		{inDeadline, "Август 2024", "Август 2025", ""},
		{inDeadline, "Сентябрь 2023г.", "Сентябрь 2024г.", ""},
		{inDeadline, "ДЕКАБРЬ 2023", "ДЕКАБРЬ 2024", ""},
		{inDeadline, "Октябрь – ноябрь 2024г.", "Октябрь – ноябрь 2025г.", ""},
		{inDeadline, "Сентябрь 2024г., январь 2025г., май 2025г.", "Сентябрь 2025г., январь 2026г., май 2026г.", ""},
		{inCell, "Отчёт в мае 2024 года", "Отчёт в мае 2025 года", ""},
		{inCell, "Сдать до 1 сентября 2024 г.", "Сдать до 1 сентября 2025 г.", ""},
		{inCell, "в марте 2024\u00a0г.", "в марте 2025\u00a0г.", ""},
		{inParagraph, "Педсовет состоится в августе 2024 года.", "Педсовет состоится в августе 2025 года.", ""},
		// Academic years and ranges: both years move, formatting stays.
		{inCell, "План на 2023-2024 учебный год", "План на 2024-2025 учебный год", ""},
		{inCell, "План ВСОКО на 2023-2024учебный год", "План ВСОКО на 2024-2025учебный год", ""},
		{inCell, "2023/2024", "2024/2025", ""},
		{inCell, "2023 – 2024", "2024 – 2025", ""},
		{inCell, "2023—2024 уч. год", "2024—2025 уч. год", ""},
		{inPassport, "Дорожная карта «Повышение качества образования на 2023-2024 г.»", "Дорожная карта «Повышение качества образования на 2024-2025 г.»", ""},
		{inCell, "Программа на 2023/24 учебный год", "Программа на 2024/25 учебный год", ""},
		{inCell, "Итоги 2022-2023 гг.", "Итоги 2023-2024 гг.", ""},
		{inDeadline, "II полугодие 2023-2024 учебного года", "II полугодие 2024-2025 учебного года", ""},
		// Examinations.
		{inCell, "Подготовка к ГИА-2024", "Подготовка к ГИА-2025", ""},
		{inCell, "Итоги ГИА - 2024", "Итоги ГИА - 2025", ""},
		{inCell, "ОГЭ-2024 и ЕГЭ-2024", "ОГЭ-2025 и ЕГЭ-2025", ""},
		{inCell, "Анализ ВПР-2024", "Анализ ВПР-2025", ""},
		{inCell, "итоги государственной итоговой аттестации-2024", "итоги государственной итоговой аттестации-2025", ""},
		{inHeading, "Подготовка к ГИА-2024", "Подготовка к ГИА-2025", ""},
		// Calendar-year phrases, quarters, half-years, dates.
		{inCell, "План на 2023 год", "План на 2024 год", ""},
		{inCell, "Семинары в 2024 году", "Семинары в 2025 году", ""},
		{inHeading, "Задачи на 2024 год", "Задачи на 2025 год", ""},
		{inDeadline, "I квартал 2024 г.", "I квартал 2025 г.", ""},
		{inDeadline, "1 полугодие 2024 г.", "1 полугодие 2025 г.", ""},
		{inDeadline, "с 01.09.2023 по 31.05.2024", "с 01.09.2024 по 31.05.2025", ""},
		{inDeadline, "2024", "2025", ""},
		{inTable, "Мониторинг в декабре 2023 г.", "Мониторинг в декабре 2024 г.", ""},
		// Mixed: the act's date stays, the exam year moves.
		{inCell, "Изучение приказа от 22.04.2023 и подготовка к ГИА-2024", "Изучение приказа от 22.04.2023 и подготовка к ГИА-2025", "дата нормативного акта"},
		// Left alone: normative references and their titles.
		{inParagraph, "Федеральный закон от 29.12.2012 №273-ФЗ «Об образовании в Российской Федерации»", "", "дата нормативного акта"},
		{inCell, "Постановлением Правительства РФ от 26.12.2017 №1642", "", "дата нормативного акта"},
		{inPassport, "Приказ Министерства образования и науки КБР от 22.04.2023г.", "", "дата нормативного акта"},
		{inCell, "приказ № 55 от 31.08.2023г.", "", "дата нормативного акта"},
		{inDeadline, "Протокол №1 от 30.08.2023", "", "дата нормативного акта"},
		{inCell, "Распоряжение от 12.01.2024 № 5-р", "", "дата нормативного акта"},
		{inCell, "Письмо Минпросвещения России от 12.01.2024 № 03-1", "", "дата нормативного акта"},
		{inCell, "Приказ от 22.04.2023 № 7 «Об утверждении плана на 2023 год»", "", "дата нормативного акта"},
		{inCell, "Справка от 12.01.2024", "", "дата документа"},
		{inCell, "Закон КБР от 1 сентября 2013 г. № 5-РЗ", "", "дата нормативного акта"},
		{inCell, "Письмо от «15» мая 2023 г.", "", "дата нормативного акта"},
		{inCell, "Справка от 15 мая 2023 г.", "", "дата документа"},
		{inDeadline, "до 29 февраля 2024 г.", "", "29 февраля"},
		// Left alone: not years or not placeable.
		{inCell, "Кабинет № 2024", "", ""},
		{inCell, "Программа развития на 2021-2025 гг.", "", "не удалось определить"},
		{inParagraph, "Школа открыта в 1995 году", "", "не удалось определить"},
		{inCell, "Обновлённый ФГОС-2021", "", "не удалось определить"},
		{inCell, "Итоги 2024", "", "не удалось определить"},
		{inDeadline, "до 29.02.2024", "", "29 февраля"},
		// Left alone: analysis narrative.
		{inAnalysis, "В 2021-2022 учебном году результаты ГИА-2022 снизились, в 2023 году выросли.", "", "аналитический"},
	} {
		want := c.want
		if want == "" {
			want = c.in
		}
		d := phraseDoc(c.w, c.in)
		if _, err := document.DecodeBytes(mustJSON(t, d)); err != nil {
			t.Fatalf("%q: test document invalid: %v", c.in, err)
		}
		out, rep, err := rollover.Roll(d, "2024-2025")
		if err != nil {
			t.Errorf("%q: %v", c.in, err)
			continue
		}
		if got := phraseText(out, c.w); got != want {
			t.Errorf("%q: got %q, want %q", c.in, got, want)
		}
		if got := phraseText(d, c.w); got != c.in {
			t.Errorf("%q: input changed to %q", c.in, got)
		}
		var kept []rollover.Kept
		for _, k := range rep.Kept {
			if k.Path != "period.academic_year" {
				kept = append(kept, k)
			}
		}
		wantKept := len(yearRuns(c.in)) - countChanged(c.in, want)
		gotKept := 0
		for _, k := range kept {
			gotKept += len(yearRuns(k.Year))
		}
		if gotKept != wantKept {
			t.Errorf("%q: %d years kept in report (%+v), want %d", c.in, gotKept, kept, wantKept)
		}
		if c.keptWhy != "" && (len(kept) == 0 || !strings.Contains(kept[0].Why, c.keptWhy)) {
			t.Errorf("%q: kept %+v, want a reason with %q", c.in, kept, c.keptWhy)
		}
	}
}

// countChanged counts the years of a that differ in b (same length).
func countChanged(a, b string) int {
	n := 0
	for _, r := range yearRuns(a) {
		if a[r[0]:r[1]] != b[r[0]:r[1]] {
			n++
		}
	}
	return n
}

func mustJSON(t *testing.T, d *document.Document) []byte {
	t.Helper()
	b, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
