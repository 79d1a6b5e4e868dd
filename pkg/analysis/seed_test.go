package analysis_test

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kartograf-ru/kartograf"
	"github.com/kartograf-ru/kartograf/internal/testtool"
	"github.com/kartograf-ru/kartograf/internal/textcheck"
	"github.com/kartograf-ru/kartograf/pkg/analysis"
	"github.com/kartograf-ru/kartograf/pkg/document"
)

// seedDate is the reporting date of the seed test: 15.03.2024, in the
// middle of the plan's academic year 2023-2024.
var seedDate = time.Date(2024, time.March, 15, 0, 0, 0, 0, time.UTC)

// seedMonitoring is the monitoring the test puts on seed 001 (number →
// status and note) and, judged by hand from each measure's written
// deadline at 15.03.2024, what the analysis must make of it: the status
// counted and whether it is overdue by date or done ahead of time.
var seedMonitoring = []struct {
	number   string
	status   document.Status
	note     string
	deadline string          // as the seed writes it, checked so the table stays true
	want     document.Status // counted status
	byDate   bool            // overdue because the deadline passed
	ahead    bool            // done before the deadline
}{
	{"1.1", "done", "", "Февраль 2024г.", "done", false, false},
	{"1.2", "done", "Положение утверждено", "Май 2023г.", "done", false, false},
	{"1.3", "", "", "Май 2023г.", "overdue", true, false},
	{"1.4", "in_progress", "", "Июнь 2023г.", "overdue", true, false},
	{"1.5", "not_started", "", "Август 2023г.", "overdue", true, false},
	{"1.6", "overdue", "Перенесено на апрель", "Сентябрь 2023г.", "overdue", false, false},
	{"1.7", "cancelled", "Отменено приказом № 12 от 01.09.2023", "Сентябрь 2023г.", "cancelled", false, false},
	{"1.8", "in_progress", "", "на протяжении года", "in_progress", false, false},
	{"1.9", "", "", "на протяжении года", "", false, false},
	{"1.10", "done", "", "на протяжении года", "done", false, true},
	{"1.11", "done", "", "Декабрь 2023г.", "done", false, false},
	{"1.12", "cancelled", "Совмещено с 1.11", "Декабрь 2023г.", "cancelled", false, false},
	{"2.1", "done", "Проведено досрочно", "Июнь 2024г.", "done", false, true},
	{"2.2", "in_progress", "", "Март 2024г.", "in_progress", false, false},
	{"2.3", "", "", "Май 2024г.", "", false, false},
	{"2.4", "not_started", "", "Апрель 2024г.", "not_started", false, false},
	{"2.5", "done", "", "Октябрь 2023", "done", false, false},
	{"2.6", "done", "", "На протяжении года, по мере необходимости", "done", false, true},
	{"2.7", "", "", "На протяжении года", "", false, false},
	{"3.1", "done", "", "На протяжении года", "done", false, true},
	{"3.2", "overdue", "Нет педагога-психолога", "На протяжении года", "overdue", false, false},
	{"3.3", "", "", "На протяжении года", "", false, false},
	{"3.4", "", "", "По итогам учебного года", "", false, false},
	{"3.5", "in_progress", "", "На протяжении года", "in_progress", false, false},
	{"3.6", "", "", "Март", "", false, false},
	{"4.1", "", "", "По расписанию ГИА-2024", "", false, false},
	{"4.2", "", "", "Август 2024", "", false, false},
	{"4.3", "done", "", "Август 2024", "done", false, true},
}

// seedPlan is seed 001 with seedMonitoring set.
func seedPlan(t testing.TB) *document.Document {
	t.Helper()
	d, err := document.DecodeBytes(testtool.RepoFile(t, "testdata", "seeds", "001_49fbf96383fe353c.json"))
	if err != nil {
		t.Fatal(err)
	}
	set := 0
	for _, b := range d.Body {
		if b.Plan == nil {
			continue
		}
		for si := range b.Plan.Sections {
			for ii := range b.Plan.Sections[si].Items {
				m := &b.Plan.Sections[si].Items[ii]
				for _, s := range seedMonitoring {
					if s.number != b.Plan.ItemNumber(si, ii) {
						continue
					}
					if got := m.Cells["deadline"].Plain(); got != s.deadline {
						t.Fatalf("seed 001 measure %s: deadline %q, the test expects %q", s.number, got, s.deadline)
					}
					m.Status, m.Note = s.status, s.note
					set++
				}
			}
		}
	}
	if set != len(seedMonitoring) {
		t.Fatalf("set the monitoring of %d measures, want %d", set, len(seedMonitoring))
	}
	return d
}

// counts are the hand counts of the seed: per section (by the first digit
// of the number) and in total, in the order of analysis.StatusColumns plus
// the total.
func handCounts() (map[string][7]int, [7]int) {
	order := []document.Status{"done", "in_progress", "not_started", "overdue", "cancelled", ""}
	per := map[string][7]int{}
	var total [7]int
	for _, s := range seedMonitoring {
		sec := s.number[:strings.Index(s.number, ".")]
		c := per[sec]
		i := slices.Index(order, s.want)
		c[i]++
		c[6]++
		total[i]++
		total[6]++
		per[sec] = c
	}
	return per, total
}

// ruPlural is the test's own plural rule, written out case by case.
func ruPlural(n int, one, few, many string) string {
	if n%100 >= 11 && n%100 <= 14 {
		return many
	}
	switch n % 10 {
	case 1:
		return one
	case 2, 3, 4:
		return few
	}
	return many
}

// ruPercent is part/whole in per cent, one decimal, decimal comma.
func ruPercent(part, whole int) string {
	return strings.Replace(strconv.FormatFloat(float64(part)*100/float64(whole)+1e-9, 'f', 1, 64), ".", ",", 1) + "\u00a0%"
}

func nom(n int) string {
	return strconv.Itoa(n) + " " + ruPlural(n, "мероприятие", "мероприятия", "мероприятий")
}

// seedFacts are the sentences the analysis of the seed must state,
// computed from the hand counts.
func seedFacts() []string {
	_, c := handCounts()
	byDate, ahead := 0, 0
	for _, s := range seedMonitoring {
		if s.byDate {
			byDate++
		}
		if s.ahead {
			ahead++
		}
	}
	return []string{
		fmt.Sprintf("По состоянию на 15.03.2024 выполнено %d из %d %s (%s); без учёта %d %s — %d из %d (%s).", c[0], c[6],
			ruPlural(c[6], "мероприятия", "мероприятий", "мероприятий"), ruPercent(c[0], c[6]),
			c[4], ruPlural(c[4], "отменённого", "отменённых", "отменённых"), c[0], c[6]-c[4], ruPercent(c[0], c[6]-c[4])),
		fmt.Sprintf("В работе — %s, не начато — %s, просрочено — %s, отменено — %s, без отметки о выполнении — %s.", nom(c[1]), nom(c[2]), nom(c[3]), nom(c[4]), nom(c[5])),
		fmt.Sprintf("Просрочено %s (%s): срок истёк к 15.03.2024 — %s; отмечено в мониторинге как просроченное — %s.", nom(c[3]), ruPercent(c[3], c[6]), nom(byDate), nom(c[3]-byDate)),
		fmt.Sprintf("Досрочно выполнено %s.", nom(ahead)),
	}
}

func numbersWhere(keep func(int) bool) []string {
	var out []string
	for i, s := range seedMonitoring {
		if keep(i) {
			out = append(out, s.number)
		}
	}
	return out
}

func TestSeedAnalysisFacts(t *testing.T) {
	plan := seedPlan(t)
	sig := &document.Signature{Position: "Заместитель директора по УВР", Name: "А.А. Иванова"}
	doc, err := analysis.Build(plan, analysis.Options{
		Date:        seedDate,
		Conclusions: []document.Block{{Paragraph: &document.Paragraph{Text: "Вывод методиста о ходе работы."}}},
		Tasks:       []document.Block{{List: &document.List{Items: []document.ListItem{{Text: "Завершить просроченные мероприятия."}}}}},
		Signature:   sig,
	})
	if err != nil {
		t.Fatal(err)
	}
	if doc.Kind != document.KindAnalysis || doc.Template != "analysis-report@1.0.0" || doc.Date != "15.03.2024" {
		t.Errorf("kind %s, template %s, date %s", doc.Kind, doc.Template, doc.Date)
	}
	if doc.Organization != plan.Organization || doc.Period == nil || doc.Period.AcademicYear != "2023-2024" {
		t.Errorf("organization or period not the plan's: %+v %+v", doc.Organization, doc.Period)
	}
	var paras []string
	var tables []*document.Table
	var headings []string
	for _, b := range doc.Body {
		switch {
		case b.Paragraph != nil:
			paras = append(paras, b.Paragraph.Text)
		case b.Table != nil:
			tables = append(tables, b.Table)
		case b.Heading != nil:
			headings = append(headings, b.Heading.Text)
		}
	}
	for _, f := range seedFacts() {
		if !slices.Contains(paras, f) {
			t.Errorf("no paragraph\n%s\nin\n%s", f, strings.Join(paras, "\n"))
		}
	}
	if len(tables) != 4 {
		t.Fatalf("%d tables, want sections, overdue, cancelled, ahead", len(tables))
	}
	// The sections table: every count equals the hand count.
	per, total := handCounts()
	sec := tables[0]
	if _, probs := sec.Numbers(); len(probs) > 0 {
		t.Errorf("sections table: %v", probs)
	}
	if len(sec.Rows) != 5 {
		t.Fatalf("sections table has %d rows, want 4 sections and the total", len(sec.Rows))
	}
	for ri, row := range sec.Rows {
		want := total
		if ri < 4 {
			want = per[strconv.Itoa(ri+1)]
			if !strings.HasPrefix(row[0].Plain(), strconv.Itoa(ri+1)) {
				t.Errorf("row %d is section %q", ri, row[0].Plain())
			}
		} else if row[0].Plain() != "Итого" {
			t.Errorf("last row %q, want Итого", row[0].Plain())
		}
		for ci, n := range want {
			if got := row[ci+1].Plain(); got != strconv.Itoa(n) {
				t.Errorf("section row %d (%s) column %s: %s, want %d", ri, row[0].Plain(), sec.Columns[ci+1].Title, got, n)
			}
		}
	}
	// Overdue, cancelled and early measures: exactly the expected ones,
	// with their deadlines and notes.
	check := func(name string, tb *document.Table, keep func(int) bool, noteCol int) {
		want := numbersWhere(keep)
		var got []string
		for _, row := range tb.Rows {
			got = append(got, row[0].Plain())
			for _, s := range seedMonitoring {
				if s.number == row[0].Plain() {
					if row[2].Plain() != s.deadline || row[noteCol].Plain() != s.note {
						t.Errorf("%s %s: deadline %q note %q, want %q %q", name, s.number, row[2].Plain(), row[noteCol].Plain(), s.deadline, s.note)
					}
				}
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s measures %v, want %v", name, got, want)
		}
	}
	check("overdue", tables[1], func(i int) bool { return seedMonitoring[i].want == "overdue" }, 4)
	check("cancelled", tables[2], func(i int) bool { return seedMonitoring[i].want == "cancelled" }, 3)
	check("ahead", tables[3], func(i int) bool { return seedMonitoring[i].ahead }, 3)
	for _, h := range []string{analysis.HeadingConclusions, analysis.HeadingTasks} {
		if !slices.Contains(headings, h) {
			t.Errorf("no heading %s", h)
		}
	}
	if last := doc.Body[len(doc.Body)-1]; last.Signature == nil || *last.Signature != *sig {
		t.Errorf("the document does not end with the signature")
	}
}

// TestSeedAnalysisRenders renders the seed's analysis in every format and
// finds the same facts in each: the PDF (poppler), the DOCX printed by
// LibreOffice, the workbook read back.
func TestSeedAnalysisRenders(t *testing.T) {
	eng, err := kartograf.New(kartograf.Options{})
	if err != nil {
		t.Fatal(err)
	}
	doc, err := analysis.Build(seedPlan(t), analysis.Options{Date: seedDate})
	if err != nil {
		t.Fatal(err)
	}
	if err := eng.Validate(doc, ""); err != nil {
		t.Fatalf("the analysis is not a valid document: %v", err)
	}
	// A section's title wraps over lines its numbers share, so the
	// printed order of a section row's words is the layout's; the total
	// row is one line and its order is checked.
	_, total := handCounts()
	want := append(seedFacts(), analysis.HeadingSections)
	var row []string
	for _, n := range total {
		row = append(row, strconv.Itoa(n))
	}
	want = append(want, "Итого "+strings.Join(row, " "), analysis.HeadingOverdue, analysis.HeadingCancelled,
		"Отменено приказом № 12 от 01.09.2023", "Совмещено с 1.11")
	// Each overdue measure's number, deadline and note after the heading
	// of its table (a wrapped cell's words may follow the next row's).
	var overdue [][]string
	for _, s := range seedMonitoring {
		if s.want == "overdue" {
			for _, w := range []string{s.number, s.deadline, s.note} {
				if w != "" {
					overdue = append(overdue, []string{analysis.HeadingOverdue, w, analysis.HeadingCancelled})
				}
			}
		}
	}
	holds := func(name, text string) {
		t.Helper()
		if err := textcheck.InOrder(want, text); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		for _, o := range overdue {
			if err := textcheck.InOrder(o, text); err != nil {
				t.Errorf("%s: %v", name, err)
			}
		}
	}
	xlsxText, pdfText, docxText := printedTexts(t, eng, doc)
	holds("XLSX", xlsxText)
	holds("PDF", pdfText)
	holds("DOCX printed by LibreOffice", docxText)
}
