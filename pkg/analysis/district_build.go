package analysis

import (
	"errors"
	"math"
	"strconv"
	"strings"

	"github.com/kartograf-ru/kartograf/pkg/document"
)

// DistrictTitle is the title of a district analysis whose options name
// none.
const DistrictTitle = "Анализ реализации дорожных карт общеобразовательных организаций"

// Fixed headings of the district analysis.
const (
	HeadingDistrictSummary = "Общие сведения о выполнении в районе"
	HeadingBySchool        = "Выполнение по школам"
	HeadingSchoolsOverdue  = "Школы с просроченными мероприятиями"
	HeadingDistrictTotals  = "Итоги по району по статусам"
	HeadingUnread          = "Не прочитанные данные школ"
)

// ChartBySchool is the caption of the chart of completion per school.
const ChartBySchool = "Доля выполненных мероприятий по школам"

// DistrictOptions are the methodologist's additions to a district
// roll-up: those of a school analysis (date, title, conclusions, tasks,
// signature) plus the municipal body and an optional target share.
type DistrictOptions struct {
	Options
	// Organization is the municipal body the analysis is issued by; nil:
	// the schools' common parent body («parent»), if they have one.
	Organization *document.Organization
	// Target is the completion share the district aims at, in per cent
	// (0 < Target ≤ 100): a dashed line on the chart and a fact of how
	// many schools reached it. 0: none.
	Target float64
	// Indicators are the schools' results (ReadDistrictIndicators):
	// the part «Показатели школ», a table school × indicator in the
	// latest year with the targets and a chart per indicator. They
	// replace Options.Indicators, one school's, which a district refuses.
	Indicators []SchoolIndicators
}

// District makes the municipal analysis of the schools' monitoring at
// opts.Date: the district's facts, completion per school (a table and a
// chart), the schools with overdue measures, the totals by status, the
// schools whose data could not be read, then the methodologist's
// conclusions, tasks and signature (template analysis-report@1.0.0).
func District(schools []SchoolPlan, opts DistrictOptions) (*document.Document, error) {
	if opts.Date.IsZero() {
		return nil, errors.New("не указана дата отчёта")
	}
	if math.IsNaN(opts.Target) || opts.Target < 0 || opts.Target > 100 {
		return nil, errors.New("целевое значение доли выполненных мероприятий — число от 0 до 100 (процентов)")
	}
	if len(opts.Options.Indicators) > 0 {
		return nil, errors.New("показатели одной школы не входят в сводный анализ района: укажите показатели по школам (DistrictOptions.Indicators, ReadDistrictIndicators)")
	}
	if err := CheckDistrictIndicators(opts.Indicators, nil); err != nil {
		return nil, err
	}
	r, err := DistrictFacts(schools, opts.Date)
	if err != nil {
		return nil, err
	}
	if (opts.Organization == nil || strings.TrimSpace(opts.Organization.FullName) == "") && r.Parent == "" {
		return nil, ErrNoOrganization
	}
	return r.Document(opts), nil
}

// ErrNoOrganization is returned by District when neither the options nor
// the schools (a common «parent») name the body the analysis is issued
// by: the template prints it, and the methodologist is to be asked for it
// rather than given a document the engine refuses.
var ErrNoOrganization = errors.New("не указан орган, от имени которого составлен сводный анализ: у школ нет общей вышестоящей " +
	"организации (parent) — укажите полное наименование органа управления образованием")

// targetTenths is the target in tenths of a per cent.
func (o DistrictOptions) targetTenths() int64 { return int64(math.Round(o.Target * 10)) }

// Document is the district analysis of the facts r.
func (r *DistrictReport) Document(opts DistrictOptions) *document.Document {
	title := strings.TrimSpace(opts.Title)
	if title == "" {
		title = DistrictTitle
	}
	d := &document.Document{
		Kind:     document.KindAnalysis,
		Template: Template,
		Title:    title,
		Subtitle: r.District,
		Period:   r.Period,
		Date:     DateText(r.Date),
	}
	switch {
	case opts.Organization != nil:
		o := *opts.Organization
		d.Organization = o
	case r.Parent != "":
		d.Organization = document.Organization{FullName: r.Parent, District: r.District, Region: r.Region}
	}
	add := func(b ...document.Block) { d.Body = append(d.Body, b...) }
	para := func(s string) document.Block { return document.Block{Paragraph: &document.Paragraph{Text: s}} }
	add(heading(HeadingDistrictSummary))
	for _, s := range r.Summary(opts.targetTenths()) {
		add(para(s))
	}
	if len(r.Schools) > 0 {
		add(heading(HeadingBySchool), document.Block{Table: r.schoolTable()})
		for _, c := range r.schoolCharts(opts) {
			add(document.Block{Chart: c})
		}
		add(heading(HeadingSchoolsOverdue))
		if over := r.WithOverdue(); len(over) > 0 {
			add(document.Block{Table: overdueTable(over)})
		} else {
			add(para("Просроченных мероприятий нет ни в одной школе."))
		}
		add(heading(HeadingDistrictTotals), document.Block{Table: r.totalsTable()})
	}
	rs := r.roster
	if rs == nil {
		// A report made by hand: its schools, counted then not.
		for _, s := range append(append([]SchoolFacts(nil), r.Schools...), r.Unread...) {
			rs = append(rs, rosterSchool{name: s.Name, keys: []string{fold(s.ID), fold(s.Name)}})
		}
	}
	add(schoolIndicatorBlocks(rs, opts.Indicators)...)
	if len(r.Unread) > 0 {
		add(heading(HeadingUnread))
		l := &document.List{}
		for _, s := range r.Unread {
			// A school never read has no name but its file's.
			who := s.Name
			switch {
			case s.Source != "" && s.Name == s.ID:
				who = s.Source
			case s.Source != "" && s.Source != s.Name:
				who += " (" + s.Source + ")"
			}
			l.Items = append(l.Items, document.ListItem{Text: who + " — не прочитан: " + s.Problem})
		}
		add(document.Block{List: l})
	}
	add(opts.narrative()...)
	return d
}

// shareText is a share in tenths of a per cent as a table cell: «72,5».
func shareText(t int64) string { return document.FormatNumber(t, 1) }

// schoolTable is completion per school with the district's total row.
// The share column is text: a share of the total is no sum of shares, so
// the table's computed totals must not touch it.
func (r *DistrictReport) schoolTable() *document.Table {
	zero := 0
	num := func(title string) document.TableColumn {
		return document.TableColumn{Title: title, Width: 13, Type: document.ColumnNumber, Decimals: &zero}
	}
	t := &document.Table{
		Columns: []document.TableColumn{
			{Title: "Школа", Width: 35}, num("Всего"), num("Выполнено"),
			{Title: "Выполнено, %", Width: 13, Align: "right"}, num("Просрочено"), num("Отменено"),
		},
		TotalRow: "Итого",
	}
	row := func(name string, c Counts) []document.Content {
		share := ""
		if c.Total > 0 {
			share = shareText(tenths(c.Done, c.Total))
		}
		return []document.Content{document.Text(name), document.Text(strconv.Itoa(c.Total)), document.Text(strconv.Itoa(c.Done)),
			document.Text(share), document.Text(strconv.Itoa(c.Overdue)), document.Text(strconv.Itoa(c.Cancelled))}
	}
	for _, s := range r.Schools {
		t.Rows = append(t.Rows, row(s.Name, s.Counts))
	}
	t.Rows = append(t.Rows, row(t.TotalRow, r.Total))
	return t
}

// schoolCharts draw the completion share per school: one bar chart per
// MaxChartCategories schools, so that a large district is drawn whole.
func (r *DistrictReport) schoolCharts(opts DistrictOptions) []*document.Chart {
	var out []*document.Chart
	n := len(r.Schools)
	one := 1
	for from := 0; from < n; from += document.MaxChartCategories {
		to := min(from+document.MaxChartCategories, n)
		c := &document.Chart{Type: document.ChartBar, Title: ChartBySchool, Unit: "%", Decimals: &one}
		if n > document.MaxChartCategories {
			c.Title += " (" + strconv.Itoa(from+1) + "–" + strconv.Itoa(to) + " из " + strconv.Itoa(n) + ")"
		}
		ser := document.ChartSeries{Name: "Выполнено"}
		for _, s := range r.Schools[from:to] {
			c.Categories = append(c.Categories, s.Name)
			ser.Values = append(ser.Values, float64(s.Share())/10)
		}
		c.Series = []document.ChartSeries{ser}
		if t := opts.targetTenths(); t > 0 {
			c.Target = &document.ChartTarget{Name: "Целевое значение", Value: float64(t) / 10}
		}
		out = append(out, c)
	}
	return out
}

// overdueTable lists the schools with overdue measures.
func overdueTable(ss []SchoolFacts) *document.Table {
	zero := 0
	t := &document.Table{Columns: []document.TableColumn{
		{Title: "Школа", Width: 50},
		{Title: "Просрочено", Width: 17, Type: document.ColumnNumber, Decimals: &zero},
		{Title: "Всего", Width: 17, Type: document.ColumnNumber, Decimals: &zero},
		{Title: "Просрочено, %", Width: 16, Align: "right"},
	}}
	for _, s := range ss {
		t.Rows = append(t.Rows, []document.Content{document.Text(s.Name), document.Text(strconv.Itoa(s.Counts.Overdue)),
			document.Text(strconv.Itoa(s.Counts.Total)), document.Text(shareText(tenths(s.Counts.Overdue, s.Counts.Total)))})
	}
	return t
}

// totalsTable is the district's measures by status.
func (r *DistrictReport) totalsTable() *document.Table {
	zero := 0
	t := &document.Table{
		Columns: []document.TableColumn{
			{Title: "Статус", Width: 50},
			{Title: "Мероприятий", Width: 25, Type: document.ColumnNumber, Decimals: &zero},
			{Title: "Доля, %", Width: 25, Align: "right"},
		},
		TotalRow: "Всего",
	}
	row := func(label string, n int) []document.Content {
		share := ""
		if r.Total.Total > 0 {
			share = shareText(tenths(n, r.Total.Total))
		}
		return []document.Content{document.Text(label), document.Text(strconv.Itoa(n)), document.Text(share)}
	}
	counts := r.Total.row()
	for k, label := range StatusColumns {
		t.Rows = append(t.Rows, row(label, counts[k]))
	}
	t.Rows = append(t.Rows, row(t.TotalRow, r.Total.Total))
	return t
}
