package rollover

import (
	"slices"
	"strconv"
	"strings"

	"github.com/kartograf-ru/kartograf/internal/lazyre"
	"github.com/kartograf-ru/kartograf/pkg/document"
)

// PeriodError is returned when the year the document is written for cannot
// be found: it has no usable period and no year in its title or subtitle.
type PeriodError struct {
	Reason string // in Russian
}

func (e *PeriodError) Error() string {
	return "не удалось определить, на какой год составлен документ: " + e.Reason
}

// TargetError is returned when the target year is malformed, of the wrong
// form for the document (academic versus calendar year) or not later than
// the document's own year.
type TargetError struct {
	To     string // the value as given
	Reason string // in Russian, naming the expected form
}

func (e *TargetError) Error() string {
	return "целевой год «" + e.To + "» не подходит: " + e.Reason
}

// span is an academic year (2023-2024, start 2023) or a calendar year.
type span struct {
	start    int
	academic bool
}

func (s span) String() string {
	if s.academic {
		return strconv.Itoa(s.start) + "-" + strconv.Itoa(s.start+1)
	}
	return strconv.Itoa(s.start)
}

var (
	academicRE = lazyre.New(`^[\s\p{Zs}]*(\d{4})[\s\p{Zs}]*[-–—/][\s\p{Zs}]*(\d{4})[\s\p{Zs}]*$`)
	yearOnlyRE = lazyre.New(`^[\s\p{Zs}]*(\d{4})[\s\p{Zs}]*$`)
)

func parseAcademic(s string) (int, int, bool) {
	m := academicRE.FindStringSubmatch(s)
	if m == nil {
		return 0, 0, false
	}
	a, _ := strconv.Atoi(m[1])
	b, _ := strconv.Atoi(m[2])
	return a, b, true
}

// Roll returns a deep copy of d moved to academic year to ("2024-2025"; also
// "2024/2025", "2024–2025") or, for a document whose period is a calendar
// year, to calendar year to ("2025"), with a report of what changed and of
// the years kept. d is not modified. Errors are *PeriodError when d's own
// year cannot be found and *TargetError when to is unusable.
func Roll(d *document.Document, to string) (*document.Document, *Report, error) {
	if d == nil {
		return nil, nil, &PeriodError{Reason: "документ не задан"}
	}
	src, err := sourceSpan(d)
	if err != nil {
		return nil, nil, err
	}
	tgt, err := parseTarget(to, src)
	if err != nil {
		return nil, nil, err
	}
	r := &roller{
		src:   src.start,
		shift: tgt.start - src.start,
		rep:   &Report{From: src.String(), To: tgt.String(), Shift: tgt.start - src.start},
	}
	return r.document(d), r.rep, nil
}

// sourceSpan finds the year d is written for: its period, else a year in
// its title or subtitle.
func sourceSpan(d *document.Document) (span, error) {
	var bad string
	if p := d.Period; p != nil {
		if p.AcademicYear != "" {
			if a, b, ok := parseAcademic(p.AcademicYear); ok && b == a+1 && a >= minYear && a < maxYear {
				return span{a, true}, nil
			}
			bad = "учебный год «" + p.AcademicYear + "» в period.academic_year должен быть в виде ГГГГ-ГГГГ, например 2023-2024"
		}
		if p.Year >= minYear && p.Year <= maxYear {
			return span{p.Year, false}, nil
		}
		from, e1 := document.ParseWrittenDate(p.From)
		to, e2 := document.ParseWrittenDate(p.To)
		switch {
		case e1 == nil && e2 == nil && to.Year == from.Year+1:
			return span{from.Year, true}, nil
		case e1 == nil && from.Year >= minYear && from.Year <= maxYear:
			return span{from.Year, false}, nil
		case e2 == nil && to.Year >= minYear && to.Year <= maxYear:
			return span{to.Year, false}, nil
		}
	}
	for _, s := range []string{d.Title, d.Subtitle} {
		for _, e := range scanYears(s) {
			if e.kind == exprRange {
				return span{e.years[0].v, true}, nil
			}
		}
	}
	for _, s := range []string{d.Title, d.Subtitle} {
		for _, e := range scanYears(s) {
			if e.kind == exprSingle && yearWordRE.MatchString(after(s, e.end)) {
				return span{e.years[0].v, false}, nil
			}
		}
	}
	if p := d.Period; bad == "" && p != nil && p.Years != "" {
		bad = "период из нескольких лет «" + p.Years + "» (period.years) не переносится на следующий год; укажите в period учебный или календарный год, к которому относится документ"
	}
	if bad != "" {
		return span{}, &PeriodError{Reason: bad}
	}
	return span{}, &PeriodError{Reason: "не задан period (academic_year или year), а в заголовке и подзаголовке нет года вида «на 2023-2024 учебный год» или «на 2023 год»"}
}

// parseTarget reads to and checks it against the source span.
func parseTarget(to string, src span) (span, error) {
	fail := func(reason string) (span, error) { return span{}, &TargetError{To: to, Reason: reason} }
	const forms = "ожидается учебный год в виде ГГГГ-ГГГГ (например, 2024-2025) или календарный год ГГГГ (например, 2025)"
	var t span
	if a, b, ok := parseAcademic(to); ok {
		if b != a+1 {
			return fail("второй год учебного года должен следовать за первым: ожидается ГГГГ-ГГГГ, например " + span{a, true}.String())
		}
		t = span{a, true}
	} else if m := yearOnlyRE.FindStringSubmatch(to); m != nil {
		y, _ := strconv.Atoi(m[1])
		t = span{y, false}
	} else {
		return fail(forms)
	}
	if t.start < minYear || t.start >= maxYear {
		return fail("год вне допустимого диапазона " + strconv.Itoa(minYear) + "–" + strconv.Itoa(maxYear-1))
	}
	next := span{src.start + 1, src.academic}
	switch {
	case src.academic && !t.academic:
		return fail("документ составлен на " + src.String() + " учебный год: укажите учебный год в виде ГГГГ-ГГГГ, например " + next.String())
	case !src.academic && t.academic:
		return fail("документ составлен на " + src.String() + " год: укажите календарный год в виде ГГГГ, например " + next.String())
	case t.start <= src.start:
		return fail("должен быть позже исходного (" + src.String() + "), например " + next.String())
	}
	return t, nil
}

// roller walks a document, building the copy and the report.
type roller struct {
	src, shift int
	rep        *Report
}

func (r *roller) change(path, before, after string) {
	if before != after {
		r.rep.Changes = append(r.rep.Changes, Change{Path: path, Before: before, After: after})
	}
}

// text moves the years of s allowed by m and records the result.
func (r *roller) text(path, s string, m mode) string {
	exprs := scanYears(s)
	if len(exprs) == 0 {
		return s
	}
	t := &textScan{s: s}
	var b strings.Builder
	last := 0
	for _, e := range exprs {
		move, why := decide(t, e, m, r.src, r.shift)
		if !move {
			r.keep(path, s, e, why)
			continue
		}
		shiftDigits(&b, s, &last, e, r.shift)
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	out := b.String()
	r.change(path, s, out)
	return out
}

func (r *roller) keep(path, s string, e yearExpr, why string) {
	r.rep.Kept = append(r.rep.Kept, Kept{Path: path, Text: excerpt(s, e.start, e.end), Year: e.yearText(s), Why: why})
}

// keepAll reports every year of s as kept for the same reason.
func (r *roller) keepAll(path, s, why string) string {
	for _, e := range scanYears(s) {
		r.keep(path, s, e, why)
	}
	return s
}

// clear empties a requisite field.
func (r *roller) clear(path, s string) string {
	r.change(path, s, "")
	return ""
}

func (r *roller) document(d *document.Document) *document.Document {
	out := &document.Document{
		Kind:     d.Kind,
		Template: d.Template,
		Language: d.Language,
	}
	if d.Period != nil {
		out.Period = r.period(d.Period)
	}
	o := d.Organization
	out.Organization = document.Organization{
		FullName:  r.keepAll("organization.full_name", o.FullName, whyOrg),
		ShortName: r.keepAll("organization.short_name", o.ShortName, whyOrg),
		Parent:    r.keepAll("organization.parent", o.Parent, whyOrg),
		District:  r.keepAll("organization.district", o.District, whyOrg),
		Region:    r.keepAll("organization.region", o.Region, whyOrg),
	}
	out.Title = r.text("title", d.Title, modeDeadline)
	out.Subtitle = r.text("subtitle", d.Subtitle, modeDeadline)
	out.Date = r.clear("date", d.Date)
	out.Number = r.clear("number", d.Number)
	out.Place = r.keepAll("place", d.Place, whyPlace)
	r.structure(d, out)
	if d.Approvals != nil {
		out.Approvals = make([]document.Approval, len(d.Approvals))
		for i, a := range d.Approvals {
			out.Approvals[i] = r.approval("approvals["+strconv.Itoa(i)+"]", a)
		}
	}
	if d.Body != nil {
		out.Body = make([]document.Block, len(d.Body))
	}
	narrative := false // inside the analysis part of a roadmap or mixed document
	for i, b := range d.Body {
		switch {
		case b.Plan != nil || b.Passport != nil:
			narrative = false
		case b.Heading != nil && analysisHeadingRE.MatchString(b.Heading.Text):
			narrative = true
		case b.Heading != nil && planHeadingRE.MatchString(b.Heading.Text):
			narrative = false
		}
		m := modeText
		if d.Kind == document.KindAnalysis || narrative {
			m = modeNarrative
		}
		out.Body[i] = r.block("body["+strconv.Itoa(i)+"]", b, m)
	}
	return out
}

var (
	analysisHeadingRE = lazyre.New(`(?i)анализ|справк`)
	planHeadingRE     = lazyre.New(`(?i)план|дорожн\p{L}*[\s\p{Zs}]+карт|мероприяти`)
	deadlineRE        = lazyre.New(`(?i)срок`)
)

func (r *roller) period(p *document.Period) *document.Period {
	out := &document.Period{}
	out.AcademicYear = r.text("period.academic_year", p.AcademicYear, modeDeadline)
	out.Years = r.years(p)
	out.Year = p.Year
	if p.Year != 0 {
		if y := p.Year + r.shift; p.Year >= minYear && y <= 2200 {
			out.Year = y
			r.change("period.year", strconv.Itoa(p.Year), strconv.Itoa(y))
		} else {
			r.rep.Kept = append(r.rep.Kept, Kept{Path: "period.year", Text: strconv.Itoa(p.Year), Year: strconv.Itoa(p.Year), Why: whyUnknown})
		}
	}
	out.From = r.periodDate("period.from", p.From)
	out.To = r.periodDate("period.to", p.To)
	return out
}

// periodDate shifts a date as written (document.ParseWrittenDate) by
// changing its year's digits only: «"15" мая 2023 года» becomes «"15" мая
// 2024 года», «01.09.2023г.» «01.09.2024г.». 29 February becomes the 28th
// in a common year so that the period stays valid.
func (r *roller) periodDate(path, s string) string {
	if s == "" {
		return ""
	}
	w, err := document.ParseWrittenDate(s)
	if err != nil {
		return r.keepAll(path, s, whyPeriod)
	}
	y := w.Year + r.shift
	var b strings.Builder
	last := 0
	if w.Month == 2 && w.Day == 29 && !leap(y) {
		b.WriteString(s[:w.DayAt[0]])
		b.WriteString("28")
		last = w.DayAt[1]
	}
	b.WriteString(s[last:w.YearAt[0]])
	b.WriteString(pad(y, 4))
	b.WriteString(s[w.YearAt[1]:])
	out := b.String()
	r.change(path, s, out)
	return out
}

func (r *roller) approval(path string, a document.Approval) document.Approval {
	out := a
	out.Title = r.keepAll(path+".title", a.Title, whyStamp)
	out.Position = r.keepAll(path+".position", a.Position, whyStamp)
	out.Issuer = r.keepAll(path+".issuer", a.Issuer, whyStamp)
	out.Name = r.keepAll(path+".name", a.Name, whyStamp)
	out.Date = r.clear(path+".date", a.Date)
	out.Number = r.clear(path+".number", a.Number)
	out.Basis = blankRequisites(a.Basis)
	if a.Lines != nil {
		// Lines as written hold the requisites where they stand («Протокол
		// № 1 от 30.08.2023г.», ««24» декабря 2015 г.»): blank them as in
		// Basis, keep every other word.
		out.Lines = make([]string, len(a.Lines))
		for i, l := range a.Lines {
			lp := path + ".lines[" + strconv.Itoa(i) + "]"
			out.Lines[i] = l
			if requisitesLine(l) {
				out.Lines[i] = blankRequisites(l)
			}
			r.change(lp, l, out.Lines[i])
			r.keepAll(lp, out.Lines[i], whyStamp)
		}
	}
	if out.Kind != document.ApprovalSeal && out.Title == "" && out.Position == "" && out.Name == "" &&
		out.Basis == "" && out.Issuer == "" && len(out.Lines) == 0 && (a.Date != "" || a.Number != "") {
		// The stamp held only requisites: leave blanks to fill in, so that
		// it is neither lost nor empty.
		out.Basis = "от __.__.____ № ___"
	}
	r.change(path+".basis", a.Basis, out.Basis)
	r.keepAll(path+".basis", out.Basis, whyUnknown)
	return out
}

var (
	numDateRE  = lazyre.New(`\d{1,2}\.\d{1,2}\.\d{2,4}(?:[\s\p{Zs}]*года|[\s\p{Zs}]*г\.|[\s\p{Zs}]*г)?`)
	textDateRE = lazyre.New(`(?i)["«“„]?\d{1,2}["»”“]?[\s\p{Zs}]*` + monthForms + `[\s\p{Zs}]+\d{4}(?:[\s\p{Zs}]*года|[\s\p{Zs}]*г\.|[\s\p{Zs}]*г)?`)
	// numberRE is a number after «№», or after the Latin «N» that legal
	// texts write for it («от 10.02.2021 N 12-п»).
	numberRE = lazyre.New(`(?:№|\bN)[\s\p{Zs}]*[\p{L}\d]+(?:[-/.][\p{L}\d]+)*`)
)

// blankRequisites replaces dates and numbers in a stamp's basis with
// placeholders, keeping the words: «приказ № 55 от 31.08.2023г.» →
// «приказ № ___ от __.__.____».
func blankRequisites(s string) string {
	s = textDateRE.ReplaceAllString(s, "«__» ________ ____ г.")
	s = numDateRE.ReplaceAllString(s, "__.__.____")
	// A number inside «quotes» names an organisation («МБОУ «СОШ № 3»»),
	// not the act.
	var b strings.Builder
	last, counted, depth := 0, 0, 0
	for _, m := range numberRE.FindAllStringIndex(s, -1) {
		// Quote depth up to this number, counted on from the last one.
		depth += strings.Count(s[counted:m[0]], "«") - strings.Count(s[counted:m[0]], "»")
		counted = m[0]
		num := s[m[0]:m[1]]
		if strings.IndexFunc(num, func(r rune) bool { return r >= '0' && r <= '9' }) < 0 || depth > 0 {
			continue
		}
		b.WriteString(s[last:m[0]])
		if num[0] == 'N' {
			b.WriteString("N ___")
		} else {
			b.WriteString("№ ___")
		}
		last = m[1]
	}
	b.WriteString(s[last:])
	return b.String()
}

// requisitesLineRE starts a stamp's line that carries requisites.
var requisitesLineRE = lazyre.New(`(?i)^[\s\p{Zs}]*(?:протокол|приказ|решени|постановлени|распоряжени|от[\s\p{Zs}])`)

// requisitesLine reports whether a stamp's line as written carries the
// requisites to blank: a date, or a protocol or order line. The other
// lines (position, «_____ И.О. Фамилия», «М.п.», «МБОУ «СОШ № 3»») stay.
func requisitesLine(s string) bool {
	return numDateRE.MatchString(s) || textDateRE.MatchString(s) || requisitesLineRE.MatchString(s)
}

func (r *roller) block(path string, b document.Block, m mode) document.Block {
	var out document.Block
	if h := b.Heading; h != nil {
		out.Heading = &document.Heading{Text: r.text(path+".heading.text", h.Text, modeText), Level: h.Level, Align: h.Align, Numbered: h.Numbered}
	}
	structureBlock(b, &out)
	if p := b.Paragraph; p != nil {
		out.Paragraph = &document.Paragraph{Text: r.text(path+".paragraph.text", p.Text, m), Align: p.Align}
	}
	if b.List != nil {
		out.List = r.list(path+".list", b.List, m)
	}
	if p := b.Passport; p != nil {
		out.Passport = &document.Passport{}
		if p.Rows != nil {
			out.Passport.Rows = make([]document.PassportRow, len(p.Rows))
		}
		for i, row := range p.Rows {
			rp := path + ".passport.rows[" + strconv.Itoa(i) + "]"
			vm := modeText
			if deadlineRE.MatchString(row.Label) {
				vm = modeDeadline
			}
			out.Passport.Rows[i] = document.PassportRow{
				Label: r.text(rp+".label", row.Label, modeText),
				Value: r.content(rp+".value", row.Value, vm),
			}
		}
	}
	if b.Plan != nil {
		out.Plan = r.plan(path+".plan", b.Plan)
	}
	if t := b.Table; t != nil {
		out.Table = r.table(path+".table", t, m)
	}
	if s := b.Signature; s != nil {
		out.Signature = &document.Signature{
			Position: r.keepAll(path+".signature.position", s.Position, whySignature),
			Name:     r.keepAll(path+".signature.name", s.Name, whySignature),
			Date:     r.clear(path+".signature.date", s.Date),
		}
	}
	return out
}

func (r *roller) plan(path string, p *document.Plan) *document.Plan {
	out := &document.Plan{}
	deadline := map[string]bool{}
	for _, k := range DeadlineColumns(p) {
		deadline[k] = true
	}
	if p.Columns != nil {
		out.Columns = make([]document.Column, len(p.Columns))
	}
	for i, c := range p.Columns {
		out.Columns[i] = c
		out.Columns[i].Title = r.text(path+".columns["+strconv.Itoa(i)+"].title", c.Title, modeText)
	}
	out.Numbering = p.Numbering
	if p.Items != nil {
		// A plan of measures without sections: its measures move as a
		// section's do.
		out.Items = make([]document.Measure, len(p.Items))
	}
	for ii, it := range p.Items {
		out.Items[ii] = r.measure(path+".items["+strconv.Itoa(ii)+"]", it, p.Columns, deadline)
	}
	if p.Sections != nil {
		out.Sections = make([]document.Section, len(p.Sections))
	}
	for si, s := range p.Sections {
		sp := path + ".sections[" + strconv.Itoa(si) + "]"
		os := document.Section{
			Number: r.keepAll(sp+".number", s.Number, whyNumber),
			Title:  r.text(sp+".title", s.Title, modeText),
		}
		if s.Items != nil {
			os.Items = make([]document.Measure, len(s.Items))
		}
		for ii, it := range s.Items {
			os.Items[ii] = r.measure(sp+".items["+strconv.Itoa(ii)+"]", it, p.Columns, deadline)
		}
		out.Sections[si] = os
	}
	return out
}

func (r *roller) measure(path string, m document.Measure, cols []document.Column, deadline map[string]bool) document.Measure {
	out := document.Measure{Number: r.keepAll(path+".number", m.Number, whyNumber)}
	if m.Cells != nil {
		out.Cells = make(map[string]document.Content, len(m.Cells))
	}
	// Cells in column order, then the undeclared ones sorted.
	keys := make([]string, 0, len(m.Cells))
	for _, c := range cols {
		if _, ok := m.Cells[c.Key]; ok && !slices.Contains(keys, c.Key) {
			keys = append(keys, c.Key)
		}
	}
	declared := len(keys)
	for k := range m.Cells {
		if !slices.Contains(keys[:declared], k) {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys[declared:])
	for _, k := range keys {
		cm := modeText
		if deadline[k] {
			cm = modeDeadline
		}
		out.Cells[k] = r.content(path+"."+k, m.Cells[k], cm)
	}
	r.change(path+".status", string(m.Status), string(document.StatusNone))
	out.Note = r.clear(path+".note", m.Note)
	return out
}

func (r *roller) table(path string, t *document.Table, m mode) *document.Table {
	out := &document.Table{}
	colMode := make([]mode, len(t.Columns))
	if t.Columns != nil {
		out.Columns = make([]document.TableColumn, len(t.Columns))
	}
	for i, c := range t.Columns {
		out.Columns[i] = document.TableColumn{Title: r.text(path+".columns["+strconv.Itoa(i)+"].title", c.Title, m), Width: c.Width}
		colMode[i] = m
		if m != modeNarrative && deadlineRE.MatchString(c.Title) {
			colMode[i] = modeDeadline
		}
	}
	if t.Rows != nil {
		out.Rows = make([][]document.Content, len(t.Rows))
	}
	for ri, row := range t.Rows {
		if row == nil {
			continue
		}
		out.Rows[ri] = make([]document.Content, len(row))
		for ci, c := range row {
			cm := m
			if ci < len(colMode) {
				cm = colMode[ci]
			}
			out.Rows[ri][ci] = r.content(path+".rows["+strconv.Itoa(ri)+"]["+strconv.Itoa(ci)+"]", c, cm)
		}
	}
	return out
}

// content copies c, paths following the validator: a single paragraph is
// the path itself, otherwise path[i] and path[i].list….
func (r *roller) content(path string, c document.Content, m mode) document.Content {
	if c == nil {
		return nil
	}
	out := make(document.Content, len(c))
	if len(c) == 1 && c[0].List == nil {
		out[0].Text = r.text(path, c[0].Text, m)
		return out
	}
	for i, p := range c {
		pp := path + "[" + strconv.Itoa(i) + "]"
		if p.List != nil {
			out[i].Text = r.text(pp+".text", p.Text, m)
			out[i].List = r.list(pp+".list", p.List, m)
			continue
		}
		out[i].Text = r.text(pp, p.Text, m)
	}
	return out
}

func (r *roller) list(path string, l *document.List, m mode) *document.List {
	if l == nil {
		return nil
	}
	out := &document.List{Ordered: l.Ordered, Marker: l.Marker, Start: l.Start}
	if l.Items != nil {
		out.Items = make([]document.ListItem, len(l.Items))
	}
	for i, it := range l.Items {
		p := path + ".items[" + strconv.Itoa(i) + "]"
		if it.List == nil {
			out.Items[i].Text = r.text(p, it.Text, m)
			continue
		}
		out.Items[i].Text = r.text(p+".text", it.Text, m)
		out.Items[i].List = r.list(p+".list", it.List, m)
	}
	return out
}
