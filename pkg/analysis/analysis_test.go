package analysis_test

import (
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kartograf-ru/kartograf/pkg/analysis"
	"github.com/kartograf-ru/kartograf/pkg/document"
)

// itemsPlan is a plan of measures without sections, n of them done and
// one more per extra status given.
func itemsPlan(done int, extra ...document.Status) *document.Document {
	d := &document.Document{Kind: document.KindRoadmap, Title: "План", Period: &document.Period{AcademicYear: "2023-2024"}}
	p := &document.Plan{}
	for i := range done {
		p.Items = append(p.Items, document.Measure{Status: document.StatusDone, Cells: map[string]document.Content{
			"title": document.Text("Мероприятие " + strconv.Itoa(i+1)), "deadline": document.Text("Май 2024г.")}})
	}
	for _, s := range extra {
		p.Items = append(p.Items, document.Measure{Status: s, Cells: map[string]document.Content{
			"title": document.Text("Ещё"), "deadline": document.Text("По запросу")}})
	}
	d.Body = []document.Block{{Plan: p}}
	return d
}

// TestPluralAgreement: «из N мероприятий» and «N мероприятие/-я/-й» agree
// for the counts the issue names.
func TestPluralAgreement(t *testing.T) {
	date := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		n          int
		of, ahead  string
		undatedGen string
	}{
		{1, "из 1 мероприятия", "1 мероприятие", "у 1 мероприятия"},
		{2, "из 2 мероприятий", "2 мероприятия", "у 2 мероприятий"},
		{5, "из 5 мероприятий", "5 мероприятий", "у 5 мероприятий"},
		{11, "из 11 мероприятий", "11 мероприятий", "у 11 мероприятий"},
		{21, "из 21 мероприятия", "21 мероприятие", "у 21 мероприятия"},
		{22, "из 22 мероприятий", "22 мероприятия", "у 22 мероприятий"},
		{25, "из 25 мероприятий", "25 мероприятий", "у 25 мероприятий"},
	} {
		// n measures, all done ahead of time (due 31.05.2024).
		r, err := analysis.Facts(itemsPlan(c.n), date)
		if err != nil {
			t.Fatal(err)
		}
		text := strings.Join(r.Summary(), "\n")
		for _, want := range []string{
			"выполнено " + strconv.Itoa(c.n) + " " + c.of + " (100,0\u00a0%).",
			"Досрочно выполнено " + c.ahead + ".",
		} {
			if !strings.Contains(text, want) {
				t.Errorf("n=%d: no «%s» in\n%s", c.n, want, text)
			}
		}
		// n undated measures in progress: the genitive after «у».
		statuses := slices.Repeat([]document.Status{document.StatusInProgress}, c.n)
		r, err = analysis.Facts(itemsPlan(0, statuses...), date)
		if err != nil {
			t.Fatal(err)
		}
		text = strings.Join(r.Summary(), "\n")
		for _, want := range []string{"выполнено 0 " + c.of, "В работе — " + c.ahead + ".", "Срок не определён " + c.undatedGen + ";"} {
			if !strings.Contains(text, want) {
				t.Errorf("n=%d: no «%s» in\n%s", c.n, want, text)
			}
		}
	}
}

// TestUndatedNeverOverdue: a deadline that cannot be placed in time is
// not overdue by date, is counted under its own status and is listed;
// one marked overdue stays overdue.
func TestUndatedNeverOverdue(t *testing.T) {
	plan := itemsPlan(1, document.StatusNone, document.StatusNotStarted, document.StatusOverdue)
	r, err := analysis.Facts(plan, time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	want := analysis.Counts{Done: 1, NotStarted: 1, Overdue: 1, None: 1, Total: 4}
	if r.Total != want {
		t.Errorf("counts %+v, want %+v", r.Total, want)
	}
	if got := len(r.Undated()); got != 3 {
		t.Errorf("%d undated measures, want 3", got)
	}
	if len(r.Sections) != 1 || r.Sections[0].Title != "" || r.Sections[0].Counts != want {
		t.Errorf("a plan without sections gives sections %+v", r.Sections)
	}
	doc := r.Document(plan, analysis.Options{Date: r.Date})
	var headings []string
	for _, b := range doc.Body {
		if b.Heading != nil {
			headings = append(headings, b.Heading.Text)
		}
	}
	if !slices.Contains(headings, analysis.HeadingUndated) {
		t.Errorf("no list of undated measures: %v", headings)
	}
}

func TestFactsErrors(t *testing.T) {
	if _, err := analysis.Facts(&document.Document{Kind: document.KindRoadmap}, time.Now()); err != analysis.ErrNoPlan {
		t.Errorf("a document without a plan: %v", err)
	}
	if _, err := analysis.Build(itemsPlan(1), analysis.Options{}); err == nil {
		t.Error("no reporting date is no error")
	}
}

func TestPercent(t *testing.T) {
	for _, c := range []struct {
		p, w int
		want string
	}{{14, 18, "77,8"}, {1, 3, "33,3"}, {2, 3, "66,7"}, {1, 8, "12,5"}, {0, 5, "0,0"}, {5, 5, "100,0"}, {1, 1000, "0,1"}, {1, 2000, "0,1"}} {
		if got := analysis.Percent(c.p, c.w); got != c.want+"\u00a0%" {
			t.Errorf("Percent(%d, %d) = %q, want %q", c.p, c.w, got, c.want+"\u00a0%")
		}
	}
	if analysis.Percent(1, 0) != "" {
		t.Error("a share of nothing")
	}
}

func BenchmarkAnalyze(b *testing.B) {
	plan := seedPlan(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := analysis.Build(plan, analysis.Options{Date: seedDate}); err != nil {
			b.Fatal(err)
		}
	}
}
