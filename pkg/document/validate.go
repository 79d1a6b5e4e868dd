package document

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/kartograf-ru/kartograf/internal/lazyre"
)

// Rules are what validation needs to know beyond the document itself; the
// renderer fills them from the template version. The zero value checks the
// document alone.
type Rules struct {
	// Columns is the column set of plans that declare none.
	Columns []Column
	// Covers reports whether the fonts can draw r; nil skips the check.
	Covers func(r rune) bool
	// FontName names the fonts in messages about missing glyphs.
	FontName string
	// Template is the version's reference (id@version); when set, a
	// document that uses a feature missing from Features is a problem.
	Template string
	// Features are what the version prints beyond the original contract
	// (templates.Manifest.Features).
	Features []string
	// FeatureVersions lists the template versions that print a feature,
	// for the message; nil names none.
	FeatureVersions func(feature string) []string
}

// Validate checks a decoded document with no template knowledge.
func Validate(d *Document) error { return Rules{}.Validate(d) }

// Validate runs every semantic check and returns all problems as one
// *ValidationError, or nil.
func (r Rules) Validate(d *Document) error { return r.ValidateContext(context.Background(), d) }

// ValidateContext is Validate that gives up when ctx is done: checking a
// document of 100 000 measures takes a few hundred milliseconds, more
// under load, which a render whose client has gone away should not spend.
// It looks at ctx before it starts and every 64 blocks, measures, rows or
// list items, and then returns ctx.Err() itself (not wrapped, not a
// *ValidationError), whatever problems it had found.
func (r Rules) ValidateContext(ctx context.Context, d *Document) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	v := validator{rules: r, ctx: ctx}
	v.document(d)
	if v.err != nil {
		return v.err
	}
	if len(v.problems) == 0 {
		return nil
	}
	return &ValidationError{Problems: v.problems}
}

type validator struct {
	rules    Rules
	problems []Problem
	ctx      context.Context
	count    int   // blocks, measures, rows and list items seen so far
	err      error // ctx.Err() once noticed: every loop then stops

	// covered caches the fonts' coverage of short runes (see plain).
	covered [plainRunes]uint8
}

// stop counts one element of a loop and says whether to leave it: every
// ctxEvery elements it looks at the context. The count runs over the whole
// document, so many small lists are looked between as often as one plan.
func (v *validator) stop() bool {
	if v.err != nil {
		return true
	}
	if v.count++; v.count%ctxEvery == 0 {
		v.err = v.ctx.Err()
	}
	return v.err != nil
}

func (v *validator) add(path, format string, args ...any) {
	v.problems = append(v.problems, Problem{Path: path, Message: fmt.Sprintf(format, args...)})
}

var dateRE = lazyre.New(`^(\d{2})\.(\d{2})\.(\d{4})$`)

// ParseDate parses a date written as ДД.ММ.ГГГГ.
func ParseDate(s string) (time.Time, error) {
	m := dateRE.FindStringSubmatch(s)
	if m == nil {
		return time.Time{}, fmt.Errorf("дата «%s» должна быть в виде ДД.ММ.ГГГГ", s)
	}
	day, _ := strconv.Atoi(m[1])
	month, _ := strconv.Atoi(m[2])
	year, _ := strconv.Atoi(m[3])
	t := time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
	if t.Day() != day || int(t.Month()) != month {
		return time.Time{}, fmt.Errorf("даты «%s» не существует", s)
	}
	return t, nil
}

// date checks a date that something is computed from (the period's
// bounds): it must be one date as officials write it (ParseWrittenDate).
func (v *validator) date(path, s string) {
	if s == "" {
		return
	}
	if _, err := ParseWrittenDate(s); err != nil {
		v.add(path, "%s", err.Error())
	}
}

// writtenDate checks a date that is only printed, as written: any text
// passes («август 2023 г.», a rollover's «__.__.____») unless it is
// written like a date that is wrong («31.13.2023», «2023-08-30») or names
// a day that does not exist («"31" июня 2023 г.»).
func (v *validator) writtenDate(path, s string) {
	v.text(path, s)
	if p := writtenDateProblem(s); p != "" {
		v.add(path, "%s", p)
	}
}

// text checks one string: no control characters, no invisible bidi or
// zero-width characters (documents built in Go do not pass the decoder's
// check), every rune drawable.
func (v *validator) text(path, s string) {
	if hasInvisible(s) {
		v.problems = invisibleProblems(path, s, v.problems)
		s = stripInvisible(s)
	}
	var missing []rune
	for i := 0; i < len(s); {
		// The common runes inline, then plain (see validate_fast.go).
		if c := s[i]; c >= 0x20 && c < 0x7F && v.covered[c] == runeOK {
			i++
			continue
		} else if c >= 0xC2 && c <= 0xDF && i+1 < len(s) && v.covered[rune(c&0x1F)<<6|rune(s[i+1]&0x3F)] == runeOK && s[i+1]&0xC0 == 0x80 {
			i += 2
			continue
		}
		if n := v.plain(s, i); n > 0 {
			i += n
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		if r == '\n' || r == '\t' {
			continue
		}
		if unicode.IsControl(r) || r == '\uFFFD' {
			v.add(path, "недопустимый управляющий символ U+%04X", r)
			continue
		}
		if v.rules.Covers != nil && !v.rules.Covers(r) && !slices.Contains(missing, r) {
			missing = append(missing, r)
		}
	}
	for _, r := range missing {
		v.add(path, "символ «%c» (U+%04X) отсутствует в шрифте %s и в запасных шрифтах", r, r, v.fontName())
	}
}

func (v *validator) fontName() string {
	if v.rules.FontName == "" {
		return "документа"
	}
	return "«" + v.rules.FontName + "»"
}

func (v *validator) required(path, s string) {
	if strings.TrimSpace(s) == "" {
		v.add(path, "не может быть пустым")
		return
	}
	v.text(path, s)
}

func (v *validator) document(d *Document) {
	if !slices.Contains(kinds, d.Kind) {
		v.add("kind", "недопустимый вид документа «%s»; допустимо: roadmap, analysis, mixed", d.Kind)
	}
	if d.Language != "" && d.Language != "ru" {
		v.add("language", "поддерживается только язык ru")
	}
	if d.LetterheadShown() || d.Organization != (Organization{}) {
		v.required("organization.full_name", d.Organization.FullName)
	}
	v.text("organization.short_name", d.Organization.ShortName)
	v.text("organization.parent", d.Organization.Parent)
	v.text("organization.district", d.Organization.District)
	v.text("organization.region", d.Organization.Region)
	v.required("title", d.Title)
	v.text("subtitle", d.Subtitle)
	v.text("number", d.Number)
	v.text("place", d.Place)
	v.qr(d.QR)
	v.structure(d)
	v.writtenDate("date", d.Date)
	if p := d.Period; p != nil {
		if p.AcademicYear != "" {
			v.academicYear("period.academic_year", p.AcademicYear)
		}
		if p.Years != "" {
			v.years("period.years", p.Years)
		}
		v.date("period.from", p.From)
		v.date("period.to", p.To)
		if p.From != "" && p.To != "" {
			from, e1 := ParseWrittenDate(p.From)
			to, e2 := ParseWrittenDate(p.To)
			if e1 == nil && e2 == nil && to.Time().Before(from.Time()) {
				v.add("period.to", "конец периода раньше начала")
			}
		}
	}
	for i, a := range d.Approvals {
		v.approval("approvals["+strconv.Itoa(i)+"]", a)
	}
	if len(d.Body) == 0 {
		v.add("body", "не может быть пустым")
	}
	for i, b := range d.Body {
		if v.stop() {
			return
		}
		v.block("body["+strconv.Itoa(i)+"]", b)
	}
}

var academicYearRE = lazyre.New(`^(\d{4})-(\d{4})$`)

func (v *validator) academicYear(path, s string) {
	m := academicYearRE.FindStringSubmatch(s)
	if m == nil {
		v.add(path, "учебный год «%s» должен быть в виде ГГГГ-ГГГГ", s)
		return
	}
	a, _ := strconv.Atoi(m[1])
	b, _ := strconv.Atoi(m[2])
	if b != a+1 {
		v.add(path, "учебный год «%s»: второй год должен следовать за первым", s)
	}
}

func (v *validator) approval(path string, a Approval) {
	if !slices.Contains(approvalKinds, a.Kind) {
		v.add(path+".kind", "недопустимый вид грифа «%s»", a.Kind)
	}
	if a.Side != "" && a.Side != "left" && a.Side != "right" {
		v.add(path+".side", "допустимо left или right")
	}
	if a.Kind != ApprovalSeal && a.Title == "" && a.Position == "" && a.Name == "" && a.Basis == "" && a.Number == "" && a.Date == "" && a.Issuer == "" && len(a.Lines) == 0 {
		v.add(path, "пустой гриф: укажите должность, И.О. Фамилию, реквизиты или основание")
	}
	v.text(path+".title", a.Title)
	v.text(path+".position", a.Position)
	v.text(path+".issuer", a.Issuer)
	v.text(path+".name", a.Name)
	v.text(path+".number", a.Number)
	v.text(path+".basis", a.Basis)
	v.writtenDate(path+".date", a.Date)
	v.stampLines(path, a)
}

func (v *validator) block(path string, b Block) {
	n := 0
	for _, set := range []bool{b.Heading != nil, b.Paragraph != nil, b.List != nil, b.Passport != nil, b.Plan != nil, b.Table != nil, b.Signature != nil, b.PageBreak != nil, b.Contents != nil, b.Chart != nil} {
		if set {
			n++
		}
	}
	if n != 1 {
		v.add(path, "блок должен содержать ровно одно из полей heading, paragraph, list, passport, plan, table, signature, page_break, contents, chart")
		return
	}
	switch {
	case b.Heading != nil:
		v.required(path+".heading.text", b.Heading.Text)
		if b.Heading.Level < 0 || b.Heading.Level > 3 {
			v.add(path+".heading.level", "уровень заголовка от 1 до 3")
		}
	case b.Paragraph != nil:
		v.required(path+".paragraph.text", b.Paragraph.Text)
	case b.List != nil:
		v.list(path+".list", b.List)
	case b.Passport != nil:
		if len(b.Passport.Rows) == 0 {
			v.add(path+".passport.rows", "не может быть пустым")
		}
		for i, r := range b.Passport.Rows {
			if v.stop() {
				return
			}
			p := path + ".passport.rows[" + strconv.Itoa(i) + "]"
			v.required(p+".label", r.Label)
			v.content(p+".value", r.Value)
		}
	case b.Plan != nil:
		v.plan(path+".plan", b.Plan)
	case b.Table != nil:
		v.table(path+".table", b.Table)
	case b.Signature != nil:
		v.required(path+".signature.position", b.Signature.Position)
		v.required(path+".signature.name", b.Signature.Name)
		v.writtenDate(path+".signature.date", b.Signature.Date)
	case b.Chart != nil:
		v.chart(path+".chart", b.Chart)
	case b.Contents != nil:
		v.text(path+".contents.title", b.Contents.Title)
		if b.Contents.Levels < 0 || b.Contents.Levels > 3 {
			v.add(path+".contents.levels", "уровень заголовков в содержании от 1 до 3")
		}
	}
}

func (v *validator) list(path string, l *List) {
	if len(l.Items) == 0 {
		v.add(path+".items", "список не может быть пустым")
	}
	if l.Start < 0 {
		v.add(path+".start", "должно быть не меньше 0")
	}
	v.text(path+".marker", l.Marker)
	for i, it := range l.Items {
		if v.stop() {
			return
		}
		p := path + ".items[" + strconv.Itoa(i) + "]"
		if it.List == nil {
			v.required(p, it.Text)
			continue
		}
		v.text(p+".text", it.Text)
		v.list(p+".list", it.List)
	}
}

func (v *validator) content(path string, c Content) {
	if c.IsZero() {
		v.add(path, "не может быть пустым")
		return
	}
	if len(c) == 1 && c[0].List == nil {
		v.text(path, c[0].Text)
		return
	}
	for i, p := range c {
		if v.stop() {
			return
		}
		pp := path + "[" + strconv.Itoa(i) + "]"
		if p.List != nil {
			v.list(pp+".list", p.List)
		} else {
			v.text(pp, p.Text)
		}
	}
}

// cell is content that may be empty (an empty plan cell is legitimate).
func (v *validator) cell(path string, c Content) {
	if c.IsZero() {
		for _, p := range c {
			v.text(path, p.Text)
		}
		return
	}
	v.content(path, c)
}

var columnKeyRE = lazyre.New(`^[a-z][a-z0-9_]*$`)

func (v *validator) plan(path string, p *Plan) {
	cols := p.Columns
	if len(cols) == 0 {
		cols = v.rules.Columns
	}
	// Keys seen before, with how often: comparing each column with all
	// before it took seconds on a plan of 40 000 columns (a 1 MB body).
	declared := make(map[string]int, len(p.Columns))
	for i, c := range p.Columns {
		if v.stop() {
			return
		}
		cp := path + ".columns[" + strconv.Itoa(i) + "]"
		if !columnKeyRE.MatchString(c.Key) {
			v.add(cp+".key", "ключ колонки «%s»: допустимы строчные латинские буквы, цифры и _", c.Key)
		}
		if slices.Contains(reservedMeasureKeys[1:], c.Key) {
			v.add(cp+".key", "ключ «%s» зарезервирован для мониторинга", c.Key)
		}
		for range declared[c.Key] {
			v.add(cp+".key", "колонка «%s» объявлена дважды", c.Key)
		}
		declared[c.Key]++
		v.text(cp+".title", c.Title)
		if c.Width < 0 {
			v.add(cp+".width", "ширина не может быть отрицательной")
		}
	}
	known := make(map[string]bool, len(cols))
	for _, c := range cols {
		known[c.Key] = true
	}
	if p.Numbering != "" && p.Numbering != NumberingAuto && p.Numbering != NumberingAsWritten {
		v.add(path+".numbering", "недопустимая нумерация «%s»; допустимо: auto (недостающие номера проставляются), as_written (только номера из документа)", p.Numbering)
	}
	if len(p.Items) > 0 && len(p.Sections) > 0 {
		v.add(path, "в плане либо разделы (sections), либо мероприятия без разделов (items), но не то и другое вместе")
		return
	}
	if len(p.Sections) == 0 && len(p.Items) == 0 {
		v.add(path+".sections", "план не может быть пустым: укажите разделы (sections) или мероприятия без разделов (items)")
		return
	}
	measures := 0
	// seen holds where each number was first given; paths are built only
	// for a problem (see validate_lazy.go): a plan's checks find none in
	// nearly every document.
	seen := map[string][2]int{}
	itemPath := func(si, ii int) string {
		if len(p.Sections) == 0 {
			return path + ".items[" + strconv.Itoa(ii) + "]"
		}
		return path + ".sections[" + strconv.Itoa(si) + "].items[" + strconv.Itoa(ii) + "]"
	}
	for si, s := range p.Groups() {
		if v.stop() {
			return
		}
		sp := path + ".sections[" + strconv.Itoa(si) + "]"
		if len(p.Sections) > 0 {
			// A section may have no title (its measures then follow the
			// previous ones without a row of their own), but not one of
			// spaces only: that would print an empty section row.
			if s.Title != "" && strings.TrimSpace(s.Title) == "" {
				v.add(sp+".title", "название раздела из одних пробелов; уберите поле title, если у раздела нет названия")
			}
			v.text(sp+".title", s.Title)
			v.text(sp+".number", s.Number)
		}
		for ii, m := range s.Items {
			if v.stop() {
				return
			}
			measures++
			mpath := ""
			mp := func() string {
				if mpath == "" {
					mpath = itemPath(si, ii)
				}
				return mpath
			}
			// Numbered as written, a measure may have no number, and each
			// section may count from «1)» again, as printed documents do.
			if num := p.ItemNumber(si, ii); num != "" {
				if p.AsWritten() {
					num = strconv.Itoa(si) + "\x00" + num
				}
				if prev, dup := seen[num]; dup {
					v.add(mp()+".number", "номер «%s» уже есть у мероприятия %s", p.ItemNumber(si, ii), itemPath(prev[0], prev[1]))
				} else {
					seen[num] = [2]int{si, ii}
				}
			}
			n := len(v.problems)
			if v.text("", m.Number); v.redo(n) {
				v.text(mp()+".number", m.Number)
			}
			n = len(v.problems)
			if v.text("", m.Note); v.redo(n) {
				v.text(mp()+".note", m.Note)
			}
			if m.Status != StatusNone && !slices.Contains(statuses, m.Status) {
				v.add(mp()+".status", "недопустимый статус «%s»", m.Status)
			}
			empty := true
			var keyBuf [16]string // a measure's cells, without an allocation
			for _, k := range appendSortedKeys(keyBuf[:0], m.Cells) {
				c := m.Cells[k]
				if len(cols) > 0 && !known[k] {
					v.add(mp()+"."+k, "колонка «%s» не объявлена в плане; колонки: %s", k, columnKeys(cols))
					continue
				}
				if k == NumberKey {
					v.add(mp()+"."+k, "номер задаётся полем number, а не ячейкой")
					continue
				}
				if !c.IsZero() {
					empty = false
				}
				n := len(v.problems)
				if v.cell("", c); v.redo(n) {
					v.cell(mp()+"."+k, c)
				}
			}
			for _, c := range cols {
				if c.Required && m.Cells[c.Key].IsZero() {
					v.add(mp()+"."+c.Key, "обязательная колонка «%s» не заполнена", c.Title)
				}
			}
			if empty {
				v.add(mp(), "мероприятие без содержания")
			}
		}
	}
	if measures == 0 && len(p.Sections) > 0 {
		v.add(path+".sections", "в плане нет ни одного мероприятия")
	}
}

func (v *validator) table(path string, t *Table) {
	if len(t.Columns) == 0 {
		v.add(path+".columns", "не может быть пустым")
	}
	for i, c := range t.Columns {
		v.text(path+".columns["+strconv.Itoa(i)+"].title", c.Title)
	}
	v.tableOptions(path, t)
	for ri, row := range t.Rows {
		if v.stop() {
			return
		}
		rp := path + ".rows[" + strconv.Itoa(ri) + "]"
		if len(row) != len(t.Columns) {
			v.add(rp, "в строке %d ячеек, а колонок %d", len(row), len(t.Columns))
		}
		for ci, c := range row {
			v.cell(rp+"["+strconv.Itoa(ci)+"]", c)
		}
	}
	if v.err == nil {
		_, probs := t.Numbers()
		for _, p := range probs {
			v.add(path+"."+p.Path, "%s", p.Message)
		}
	}
}

func columnKeys(cols []Column) string {
	keys := make([]string, len(cols))
	for i, c := range cols {
		keys[i] = c.Key
	}
	return strings.Join(keys, ", ")
}

// appendSortedKeys appends m's keys to keys, sorted.
func appendSortedKeys[V any](keys []string, m map[string]V) []string {
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
