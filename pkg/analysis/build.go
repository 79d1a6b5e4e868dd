package analysis

import (
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/typo"
)

// Template is the template Build's documents are made for.
const Template = "analysis-report@1.0.0"

// DefaultTitle is the title of an analysis whose options name none.
const DefaultTitle = "Анализ реализации дорожной карты"

// Options are what the methodologist adds to the computed facts.
type Options struct {
	Date  time.Time // reporting date (required)
	Title string    // empty: DefaultTitle
	// Conclusions and Tasks are the methodologist's own narrative, printed
	// under «Выводы» and «Задачи и рекомендации» after the facts; a
	// heading is printed only when its blocks are given.
	Conclusions, Tasks []document.Block
	Signature          *document.Signature
	// Indicators are the results a school is judged by, printed under
	// «Динамика показателей» (see ReadIndicators).
	Indicators []Indicator
}

// Fixed headings of the template's parts.
const (
	HeadingSummary     = "Общие сведения о выполнении"
	HeadingSections    = "Выполнение по разделам плана"
	HeadingOverdue     = "Просроченные мероприятия"
	HeadingCancelled   = "Отменённые мероприятия"
	HeadingAhead       = "Мероприятия, выполненные досрочно"
	HeadingUndated     = "Мероприятия со сроком, не определённым во времени"
	HeadingConclusions = "Выводы"
	HeadingTasks       = "Задачи и рекомендации"
)

// DateText is a date as the analysis writes it, ДД.ММ.ГГГГ.
func DateText(t time.Time) string { return t.Format("02.01.2006") }

// Percent is part of whole in per cent with one decimal, a decimal comma
// and a no-break space before the sign: «77,8 %». Halves round up; a
// whole of zero gives "".
func Percent(part, whole int) string {
	if whole <= 0 {
		return ""
	}
	tenths := (int64(part)*2000 + int64(whole)) / (2 * int64(whole))
	return document.FormatNumber(tenths, 1) + "\u00a0%"
}

// Measures is n and «мероприятие» agreeing with it in the nominative:
// «1 мероприятие», «2 мероприятия», «5 мероприятий».
func Measures(n int) string {
	return strconv.Itoa(n) + " " + typo.Plural(n, "мероприятие", "мероприятия", "мероприятий")
}

// measuresGen is n and «мероприятие» in the genitive, as after «из» and
// «у»: «из 21 мероприятия», «у 5 мероприятий».
func measuresGen(n int) string {
	return strconv.Itoa(n) + " " + typo.Plural(n, "мероприятия", "мероприятий", "мероприятий")
}

// Summary is the paragraphs of computed facts, in the order Build prints
// them.
func (r *Report) Summary() []string {
	t := r.Total
	date := DateText(r.Date)
	if t.Total == 0 {
		return []string{"По состоянию на " + date + " в плане нет мероприятий."}
	}
	first := "По состоянию на " + date + " выполнено " + strconv.Itoa(t.Done) + " из " + measuresGen(t.Total) +
		" (" + Percent(t.Done, t.Total) + ")"
	// A cancelled measure is no longer planned, yet the plan counted it:
	// both shares are given, so that neither reading is hidden.
	if n := t.Cancelled; n > 0 && t.Total > n {
		first += "; без учёта " + strconv.Itoa(n) + " " + typo.Plural(n, "отменённого", "отменённых", "отменённых") +
			" — " + strconv.Itoa(t.Done) + " из " + strconv.Itoa(t.Total-n) + " (" + Percent(t.Done, t.Total-n) + ")"
	}
	out := []string{first + "."}
	var parts []string
	for _, p := range []struct {
		label string
		n     int
	}{
		{"в работе", t.InProgress}, {"не начато", t.NotStarted}, {"просрочено", t.Overdue},
		{"отменено", t.Cancelled}, {"без отметки о выполнении", t.None},
	} {
		if p.n > 0 {
			parts = append(parts, p.label+" — "+Measures(p.n))
		}
	}
	if len(parts) > 0 {
		s := strings.Join(parts, ", ") + "."
		r, n := utf8.DecodeRuneInString(s)
		out = append(out, string(unicode.ToUpper(r))+s[n:])
	}
	if t.Overdue > 0 {
		byDate := r.OverdueByDate()
		s := "Просрочено " + Measures(t.Overdue) + " (" + Percent(t.Overdue, t.Total) + ")"
		var how []string
		if byDate > 0 {
			how = append(how, "срок истёк к "+date+" — "+Measures(byDate))
		}
		if marked := t.Overdue - byDate; marked > 0 {
			how = append(how, "отмечено в мониторинге как просроченное — "+Measures(marked))
		}
		out = append(out, s+": "+strings.Join(how, "; ")+".")
	}
	if n := len(r.Ahead()); n > 0 {
		out = append(out, "Досрочно выполнено "+Measures(n)+".")
	}
	if n := len(r.Undated()); n > 0 {
		out = append(out, "Срок не определён у "+measuresGen(n)+"; по дате такие мероприятия не считаются просроченными.")
	}
	return out
}

// Build makes the analysis document of plan at opts.Date (see the
// package documentation for its parts).
func Build(plan *document.Document, opts Options) (*document.Document, error) {
	if opts.Date.IsZero() {
		return nil, errors.New("не указана дата отчёта")
	}
	if err := CheckIndicators(opts.Indicators, nil); err != nil {
		return nil, err
	}
	r, err := Facts(plan, opts.Date)
	if err != nil {
		return nil, err
	}
	return r.Document(plan, opts), nil
}

// Document is the analysis document of the facts r of plan.
func (r *Report) Document(plan *document.Document, opts Options) *document.Document {
	title := strings.TrimSpace(opts.Title)
	if title == "" {
		title = DefaultTitle
	}
	d := &document.Document{
		Kind:         document.KindAnalysis,
		Template:     Template,
		Language:     plan.Language,
		Organization: plan.Organization,
		Letterhead:   plan.Letterhead,
		Title:        title,
		Subtitle:     strings.TrimSpace(strings.Join(strings.Fields(plan.Title+" "+plan.Subtitle), " ")),
		Period:       r.Period,
		Date:         DateText(r.Date),
	}
	if plan.Period != nil {
		p := *plan.Period
		d.Period = &p
	}
	add := func(b ...document.Block) { d.Body = append(d.Body, b...) }
	add(heading(HeadingSummary))
	for _, s := range r.Summary() {
		add(document.Block{Paragraph: &document.Paragraph{Text: s}})
	}
	add(heading(HeadingSections), document.Block{Table: r.sectionTable()})
	if c := r.sectionChart(); c != nil {
		add(document.Block{Chart: c})
	}
	add(indicatorBlocks(opts.Indicators)...)
	lists := []struct {
		title string
		ms    []Measure
		cols  []string
		cell  func(m Measure) []string
		empty string
	}{
		{HeadingOverdue, r.Overdue(), []string{"№", "Мероприятие", "Срок", "Ответственные", "Примечание"},
			func(m Measure) []string { return []string{m.Number, m.Title, m.Deadline, m.Responsible, m.Note} },
			"Просроченных мероприятий нет."},
		{HeadingCancelled, r.Cancelled(), []string{"№", "Мероприятие", "Срок", "Примечание"},
			func(m Measure) []string { return []string{m.Number, m.Title, m.Deadline, m.Note} },
			"Отменённых мероприятий нет."},
		{HeadingAhead, r.Ahead(), []string{"№", "Мероприятие", "Срок", "Примечание"},
			func(m Measure) []string { return []string{m.Number, m.Title, m.Deadline, m.Note} },
			""},
		{HeadingUndated, r.Undated(), []string{"№", "Мероприятие", "Срок", "Статус"},
			func(m Measure) []string { return []string{m.Number, m.Title, m.Deadline, statusText(m)} },
			""},
	}
	for _, l := range lists {
		if len(l.ms) == 0 {
			if l.empty != "" {
				add(heading(l.title), document.Block{Paragraph: &document.Paragraph{Text: l.empty}})
			}
			continue
		}
		add(heading(l.title), document.Block{Table: measureTable(l.cols, l.ms, l.cell)})
	}
	add(opts.narrative()...)
	return d
}

// narrative is the methodologist's own part, where every analysis ends:
// the conclusions and tasks under their headings (none when empty), then
// the signature.
func (o Options) narrative() []document.Block {
	var out []document.Block
	if len(o.Conclusions) > 0 {
		out = append(out, heading(HeadingConclusions))
		out = append(out, o.Conclusions...)
	}
	if len(o.Tasks) > 0 {
		out = append(out, heading(HeadingTasks))
		out = append(out, o.Tasks...)
	}
	if o.Signature != nil {
		s := *o.Signature
		out = append(out, document.Block{Signature: &s})
	}
	return out
}

func heading(s string) document.Block {
	return document.Block{Heading: &document.Heading{Text: s, Level: 1}}
}

// statusText is the status an undated measure is listed with.
func statusText(m Measure) string {
	if l := m.Effective.Label(); l != "" {
		return l
	}
	return "Нет отметки"
}

// StatusColumns are the status columns of the sections table, in order.
var StatusColumns = []string{"Выполнено", "В работе", "Не начато", "Просрочено", "Отменено", "Без отметки"}

func (c Counts) row() []int {
	return []int{c.Done, c.InProgress, c.NotStarted, c.Overdue, c.Cancelled, c.None, c.Total}
}

// sectionTable is sections × statuses with a total column and row.
func (r *Report) sectionTable() *document.Table {
	zero := 0
	t := &document.Table{
		Columns:  []document.TableColumn{{Title: "Раздел плана", Width: 34}},
		TotalRow: "Итого",
	}
	for _, s := range StatusColumns {
		t.Columns = append(t.Columns, document.TableColumn{Title: s, Width: 11, Type: document.ColumnNumber, Decimals: &zero})
	}
	t.Columns = append(t.Columns, document.TableColumn{Title: "Всего", Width: 10, Type: document.ColumnNumber, Decimals: &zero, Total: true})
	for _, s := range r.Sections {
		title := s.Title
		if title == "" {
			title = "Мероприятия плана"
		}
		row := []document.Content{document.Text(title)}
		for _, n := range s.Counts.row() {
			row = append(row, document.Text(strconv.Itoa(n)))
		}
		t.Rows = append(t.Rows, row)
	}
	row := []document.Content{document.Text(t.TotalRow)}
	for _, n := range r.Total.row() {
		row = append(row, document.Text(strconv.Itoa(n)))
	}
	t.Rows = append(t.Rows, row)
	return t
}

// ChartSections is the caption of the chart of the sections table.
const ChartSections = "Выполнение мероприятий по разделам плана"

// sectionChart draws the sections table: one stacked column per section,
// one series per status that occurs, so the legend names only what is
// there. A plan of one section without a title gets no chart: its table
// says all.
func (r *Report) sectionChart() *document.Chart {
	if len(r.Sections) == 0 || len(r.Sections) > document.MaxChartCategories || r.Total.Total == 0 {
		return nil
	}
	c := &document.Chart{Type: document.ChartBar, Stacked: true, Title: ChartSections, Unit: "мероприятий"}
	for _, s := range r.Sections {
		title := s.Title
		if title == "" {
			title = "Мероприятия плана"
		}
		c.Categories = append(c.Categories, title)
	}
	total := r.Total.row()
	for k, name := range StatusColumns {
		if total[k] == 0 {
			continue
		}
		ser := document.ChartSeries{Name: name}
		for _, s := range r.Sections {
			ser.Values = append(ser.Values, float64(s.Counts.row()[k]))
		}
		c.Series = append(c.Series, ser)
	}
	return c
}

// measureTable lists measures with the given columns.
func measureTable(cols []string, ms []Measure, cell func(Measure) []string) *document.Table {
	widths := map[string]float64{"№": 7, "Мероприятие": 35, "Срок": 20, "Ответственные": 18, "Примечание": 20, "Статус": 16}
	t := &document.Table{}
	for _, c := range cols {
		t.Columns = append(t.Columns, document.TableColumn{Title: c, Width: widths[c]})
	}
	for _, m := range ms {
		var row []document.Content
		for _, v := range cell(m) {
			row = append(row, document.Text(v))
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}
