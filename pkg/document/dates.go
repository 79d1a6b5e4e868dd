package document

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// WrittenDate is a date found in a string as an official wrote it:
// «30.08.2023г.», ««15» мая 2023 года», «15 мая 2023 г.». The text is never
// rewritten to another form; the positions say where the day and the year
// stand, so that a rollover can change the digits and nothing else.
type WrittenDate struct {
	Start, End       int    // bytes of the date in the string, quotes and «г.», «года» included
	Day, Month, Year int    // as written; Valid says whether such a day exists
	DayAt, YearAt    [2]int // bytes of the day's and the year's digits
	Named            bool   // the month is a word («мая»), not digits
}

// Valid reports whether the date exists (no 31.02, no 13th month).
func (w WrittenDate) Valid() bool {
	t := w.Time()
	return w.Year > 0 && t.Day() == w.Day && int(t.Month()) == w.Month && t.Year() == w.Year
}

// Time is the date at midnight UTC; meaningful when Valid.
func (w WrittenDate) Time() time.Time {
	return time.Date(w.Year, time.Month(w.Month), w.Day, 0, 0, 0, 0, time.UTC)
}

// monthsGenitive are the month names as a date writes them («15 мая»).
var monthsGenitive = []string{"января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря"}

// dateSp is any space, including the no-break ones (\s is ASCII only).
const dateSp = `[\s\p{Zs}]`

var (
	// numericDateRE is ДД.ММ.ГГГГ with one- or two-digit day and month.
	numericDateRE = regexp.MustCompile(`([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})`)
	// namedDateRE is «15» мая 2023, "15" мая 2023, 15 мая 2023.
	namedDateRE = regexp.MustCompile(`(?i)(["«“„]?)([0-9]{1,2})(["»”“]?)` + dateSp + `*(` +
		strings.Join(monthsGenitive, "|") + `)` + dateSp + `+([0-9]{4})`)
	// yearSuffixRE is the «г.», «г», «года» written after the year.
	yearSuffixRE = regexp.MustCompile(`^` + dateSp + `*(?:года|г\.|г)`)
)

var closingQuote = map[string]string{"": "", `"`: `"`, "«": "»", "“": "”", "„": "“"}

// FindDates returns the dates written in s, in order: ДД.ММ.ГГГГ (day and
// month of one or two digits) and a day with a month name, the day in
// quotes or not, each with an optional «г.», «г» or «года» after the
// year. A date that does not exist («31.02.2023») is returned too, with
// Valid false, so that a check can name it. Digits that run on into other
// digits or dots («1.2.30.08.2023», «30.08.20231») are not a date.
func FindDates(s string) []WrittenDate {
	var out []WrittenDate
	for _, m := range numericDateRE.FindAllStringSubmatchIndex(s, -1) {
		if digitOrDotDigitBefore(s, m[0]) || digitOrDotDigitAfter(s, m[1]) {
			continue
		}
		out = append(out, WrittenDate{
			Start: m[0], End: withSuffix(s, m[1]),
			Day: atoi(s[m[2]:m[3]]), Month: atoi(s[m[4]:m[5]]), Year: atoi(s[m[6]:m[7]]),
			DayAt: [2]int{m[2], m[3]}, YearAt: [2]int{m[6], m[7]},
		})
	}
	for _, m := range namedDateRE.FindAllStringSubmatchIndex(s, -1) {
		open, shut := s[m[2]:m[3]], s[m[6]:m[7]]
		if closingQuote[open] != shut {
			continue // «15 мая or 15» мая: not a day as written
		}
		if digitOrDotDigitBefore(s, m[4]) || letterAfter(s, m[9]) || digitOrDotDigitAfter(s, m[11]) {
			continue
		}
		if open == "" && m[8] == m[5] {
			continue // «15мая»: no space, no quotes
		}
		out = append(out, WrittenDate{
			Start: m[0], End: withSuffix(s, m[1]),
			Day: atoi(s[m[4]:m[5]]), Month: monthOf(s[m[8]:m[9]]), Year: atoi(s[m[10]:m[11]]),
			DayAt: [2]int{m[4], m[5]}, YearAt: [2]int{m[10], m[11]}, Named: true,
		})
	}
	// The two kinds never overlap (one needs dots, the other a month
	// word); order them by position.
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].Start < out[j-1].Start; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// ParseWrittenDate parses s when the whole of it, spaces around aside, is
// one date as officials write it: «30.08.2023», «30.08.2023г.», «30.08.2023
// г.», ««15» мая 2023 года», «"15" мая 2023 г.», «15 мая 2023 г.». The
// positions in the result are bytes of s.
func ParseWrittenDate(s string) (WrittenDate, error) {
	t := strings.TrimFunc(s, isDateSpace)
	lead := strings.Index(s, t)
	ds := FindDates(t)
	if len(ds) != 1 || ds[0].Start != 0 || ds[0].End != len(t) {
		return WrittenDate{}, fmt.Errorf("дата «%s» не распознана: пишите как 30.08.2023, 30.08.2023 г. или «15» мая 2023 года", s)
	}
	d := ds[0]
	if !d.Valid() {
		return WrittenDate{}, fmt.Errorf("даты «%s» не существует", s)
	}
	d.Start += lead
	d.End += lead
	d.DayAt[0] += lead
	d.DayAt[1] += lead
	d.YearAt[0] += lead
	d.YearAt[1] += lead
	return d, nil
}

// LooksLikeDate reports whether s is written like a numeric date — digits
// with dots, slashes or dashes between them, perhaps «г.» or «года»
// after — so that a field printed as written («август 2023 г.», «__.__.____»)
// can still say that «31.13.2023» or «2023-08-30» is a mistake.
func LooksLikeDate(s string) bool {
	t := strings.TrimFunc(s, isDateSpace)
	for _, suf := range []string{"года", "г.", "г"} {
		if u, ok := strings.CutSuffix(t, suf); ok {
			t = strings.TrimRightFunc(u, isDateSpace)
			break
		}
	}
	digits, seps := 0, 0
	for _, r := range t {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '.' || r == '/' || r == '-' || isDateSpace(r):
			seps++
		default:
			return false
		}
	}
	return digits > 0 && seps > 0
}

// writtenDateProblem is what a field printed as written says of s, or "":
// a value that parses is fine, and so is one that is not written like a
// date at all; a date that does not exist, or digits and dots that are no
// date, are problems.
func writtenDateProblem(s string) string {
	if strings.TrimFunc(s, isDateSpace) == "" {
		return ""
	}
	_, err := ParseWrittenDate(s)
	if err == nil {
		return ""
	}
	if LooksLikeDate(s) {
		return err.Error()
	}
	return invalidDatesProblem(s)
}

// invalidDatesProblem names the first date in s that does not exist, or "".
func invalidDatesProblem(s string) string {
	for _, d := range FindDates(s) {
		if !d.Valid() {
			return "даты «" + s[d.Start:d.End] + "» не существует"
		}
	}
	return ""
}

func isDateSpace(r rune) bool { return unicode.IsSpace(r) || unicode.Is(unicode.Zs, r) }

// withSuffix extends a date ending at end over «г.», «г» or «года» when one
// follows as a word of its own («2023г.», «2023 года», not «2023 городской»).
func withSuffix(s string, end int) int {
	m := yearSuffixRE.FindStringIndex(s[end:])
	if m == nil {
		return end
	}
	e := end + m[1]
	if s[e-1] != '.' && letterAfter(s, e) {
		return end
	}
	return e
}

func digitOrDotDigitBefore(s string, i int) bool {
	if i > 0 && s[i-1] >= '0' && s[i-1] <= '9' {
		return true
	}
	return i > 1 && s[i-1] == '.' && s[i-2] >= '0' && s[i-2] <= '9'
}

func digitOrDotDigitAfter(s string, i int) bool {
	if i < len(s) && s[i] >= '0' && s[i] <= '9' {
		return true
	}
	return i+1 < len(s) && s[i] == '.' && s[i+1] >= '0' && s[i+1] <= '9'
}

func letterAfter(s string, i int) bool {
	r, _ := utf8.DecodeRuneInString(s[i:])
	return i < len(s) && unicode.IsLetter(r)
}

func monthOf(name string) int {
	name = strings.ToLower(name)
	for i, m := range monthsGenitive {
		if m == name {
			return i + 1
		}
	}
	return 0
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}
