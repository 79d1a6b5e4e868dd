package analysis

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/rollover"
)

// MaxMeasures bounds the measures one analysis reads: a plan is a few
// hundred at most, and every list of the report is printed.
const MaxMeasures = 20000

// Counts are measures by their status at the reporting date. Overdue
// holds every measure overdue by date or by mark; the others hold the
// rest by their monitoring status, so the fields add up to Total.
type Counts struct {
	Done       int `json:"done"`
	InProgress int `json:"in_progress"`
	NotStarted int `json:"not_started"`
	Overdue    int `json:"overdue"`
	Cancelled  int `json:"cancelled"`
	None       int `json:"none"` // no status set
	Total      int `json:"total"`
}

func (c *Counts) add(s document.Status) {
	c.Total++
	switch s {
	case document.StatusDone:
		c.Done++
	case document.StatusInProgress:
		c.InProgress++
	case document.StatusNotStarted:
		c.NotStarted++
	case document.StatusOverdue:
		c.Overdue++
	case document.StatusCancelled:
		c.Cancelled++
	default:
		c.None++
	}
}

// Measure is one measure of the plan as the analysis sees it.
type Measure struct {
	Section     int    `json:"section"` // index in Report.Sections
	Number      string `json:"number"`  // as printed in the plan
	Title       string `json:"title"`
	Deadline    string `json:"deadline"` // as written
	Responsible string `json:"responsible,omitempty"`
	Note        string `json:"note,omitempty"`
	// Status is the monitoring status as written; Effective is the one
	// counted: overdue for a measure overdue by date, else Status.
	Status    document.Status `json:"status"`
	Effective document.Status `json:"effective"`
	// Due is the day the deadline ends, when it can be placed in time.
	Due           time.Time `json:"due,omitzero"`
	DueKnown      bool      `json:"due_known"`
	OverdueByDate bool      `json:"overdue_by_date,omitempty"` // not marked overdue, but the deadline has passed
	Ahead         bool      `json:"ahead,omitempty"`           // done while the deadline is still ahead
}

// Section is one section of the plan with its counts; a plan of measures
// without sections is one section with an empty Title.
type Section struct {
	Title  string `json:"title"` // number and title as printed, «1. ОРГАНИЗАЦИЯ»
	Counts Counts `json:"counts"`
}

// Report is the facts of a plan's monitoring at a reporting date.
type Report struct {
	Date     time.Time        `json:"date"`
	Period   *document.Period `json:"period,omitempty"` // the plan's period the deadlines are read in
	Sections []Section        `json:"sections"`
	Total    Counts           `json:"total"`
	Measures []Measure        `json:"measures"`
}

// Filter returns the measures for which keep is true, in plan order.
func (r *Report) Filter(keep func(*Measure) bool) []Measure {
	var out []Measure
	for i := range r.Measures {
		if keep(&r.Measures[i]) {
			out = append(out, r.Measures[i])
		}
	}
	return out
}

// Overdue are the measures overdue at the reporting date.
func (r *Report) Overdue() []Measure {
	return r.Filter(func(m *Measure) bool { return m.Effective == document.StatusOverdue })
}

// Cancelled are the cancelled measures, with their notes.
func (r *Report) Cancelled() []Measure {
	return r.Filter(func(m *Measure) bool { return m.Effective == document.StatusCancelled })
}

// Ahead are the measures done ahead of time.
func (r *Report) Ahead() []Measure { return r.Filter(func(m *Measure) bool { return m.Ahead }) }

// Undated are the measures whose deadline cannot be placed in time
// («срок не определён»).
func (r *Report) Undated() []Measure { return r.Filter(func(m *Measure) bool { return !m.DueKnown }) }

// OverdueByDate counts the overdue measures whose deadline passed without
// the monitoring marking them overdue.
func (r *Report) OverdueByDate() int {
	return len(r.Filter(func(m *Measure) bool { return m.OverdueByDate }))
}

var (
	titleColRE       = regexp.MustCompile(`(?i)мероприяти|наименовани|содержани`)
	responsibleColRE = regexp.MustCompile(`(?i)ответствен|исполнител`)
)

// columns finds the keys of a plan's title, deadline and responsible
// columns: the template's keys, else by the column titles officials use.
type columns struct {
	title, responsible string
	deadline           []string
}

func planColumns(p *document.Plan) columns {
	c := columns{title: "title", responsible: "responsible", deadline: rollover.DeadlineColumns(p)}
	if len(p.Columns) == 0 {
		return c
	}
	has := func(key string) bool {
		for _, col := range p.Columns {
			if col.Key == key {
				return true
			}
		}
		return false
	}
	pick := func(want string, re *regexp.Regexp) string {
		if has(want) {
			return want
		}
		for _, col := range p.Columns {
			if col.Key != document.NumberKey && re.MatchString(col.Title) {
				return col.Key
			}
		}
		return ""
	}
	c.title = pick("title", titleColRE)
	c.responsible = pick("responsible", responsibleColRE)
	if c.title == "" {
		// The first column that is neither the number nor a deadline.
		for _, col := range p.Columns {
			if col.Key != document.NumberKey && !contains(c.deadline, col.Key) {
				c.title = col.Key
				break
			}
		}
	}
	return c
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// oneLine is a cell as one line of text: paragraphs joined by spaces.
func oneLine(c document.Content) string {
	return strings.Join(strings.Fields(c.Plain()), " ")
}

// ErrNoPlan is returned for a document without a plan of measures.
var ErrNoPlan = errors.New("в документе нет плана мероприятий (блока plan): анализировать нечего")

// Facts counts plan's measures by status at the reporting date date (its
// calendar day counts; the time of day is ignored). The deadlines are
// read in the plan's period (rollover.DocumentPeriod).
func Facts(plan *document.Document, date time.Time) (*Report, error) {
	if plan == nil {
		return nil, ErrNoPlan
	}
	if date.IsZero() {
		return nil, errors.New("не указана дата отчёта")
	}
	day := time.Date(date.Year(), date.Month(), date.Day(), 0, 0, 0, 0, time.UTC)
	period, _ := rollover.DocumentPeriod(plan)
	r := &Report{Date: day, Period: period}
	plans := 0
	for _, b := range plan.Body {
		p := b.Plan
		if p == nil {
			continue
		}
		plans++
		if len(r.Measures)+p.Measures() > MaxMeasures {
			return nil, fmt.Errorf("в плане больше %d мероприятий: такой план не анализируется", MaxMeasures)
		}
		cols := planColumns(p)
		for si, g := range p.Groups() {
			title := strings.TrimSpace(strings.Join(strings.Fields(p.SectionNumber(si)+" "+g.Title), " "))
			r.Sections = append(r.Sections, Section{Title: title})
			sec := len(r.Sections) - 1
			for ii, it := range g.Items {
				m := measure(it, cols, period, day)
				m.Section = sec
				m.Number = p.ItemNumber(si, ii)
				r.Sections[sec].Counts.add(m.Effective)
				r.Total.add(m.Effective)
				r.Measures = append(r.Measures, m)
			}
		}
	}
	if plans == 0 {
		return nil, ErrNoPlan
	}
	return r, nil
}

// measure reads one measure and decides its status at day.
func measure(it document.Measure, cols columns, period *document.Period, day time.Time) Measure {
	m := Measure{
		Title:       oneLine(it.Cells[cols.title]),
		Responsible: oneLine(it.Cells[cols.responsible]),
		Note:        strings.TrimSpace(it.Note),
		Status:      it.Status,
		Effective:   it.Status,
	}
	var parts []string
	for _, k := range cols.deadline {
		if s := oneLine(it.Cells[k]); s != "" {
			parts = append(parts, s)
		}
	}
	m.Deadline = strings.Join(parts, "; ")
	m.Due, m.DueKnown = rollover.DeadlineEnd(m.Deadline, period)
	switch it.Status {
	case document.StatusDone:
		m.Ahead = m.DueKnown && day.Before(m.Due)
	case document.StatusCancelled, document.StatusOverdue:
	default:
		if m.DueKnown && day.After(m.Due) {
			m.Effective = document.StatusOverdue
			m.OverdueByDate = true
		}
	}
	return m
}
