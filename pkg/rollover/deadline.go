package rollover

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/kartograf-ru/kartograf/internal/lazyre"
	"github.com/kartograf-ru/kartograf/pkg/document"
)

// DeadlineColumns are the keys of a plan's deadline columns: a column
// keyed with «deadline» or titled «Срок…»; a plan that declares no
// columns takes the template's, whose deadline key is «deadline». These
// are the cells Roll moves bare years in and DeadlineEnd reads.
func DeadlineColumns(p *document.Plan) []string {
	var keys []string
	for _, c := range p.Columns {
		if strings.Contains(c.Key, "deadline") || deadlineRE.MatchString(c.Title) {
			keys = append(keys, c.Key)
		}
	}
	if len(p.Columns) == 0 {
		keys = append(keys, "deadline")
	}
	return keys
}

// wholePeriodRE names a deadline that lasts the whole period of the plan
// or recurs in it: the measure is due by the period's end.
var wholePeriodRE = lazyre.New(`(?i)в[\s\p{Zs}]+течени|на[\s\p{Zs}]+протяжени|постоянн|ежемесячн|ежеквартальн|ежегодн|еженедельн|ежедневн|систематическ|регулярн|по[\s\p{Zs}]+итогам|весь[\s\p{Zs}]+период`)

// DeadlineEnd is the last day (midnight UTC) by which a measure is due,
// read from its deadline as officials write it, with the rollover's
// understanding of written years; ok is false when the text cannot be
// placed in time («по запросу», «по отдельному плану», empty).
//
// A deadline naming several times is due at the latest of them
// («Декабрь 2024г., март 2025г.» — 31.03.2025). Each is read as:
//
//   - a full date (document.FindDates: «до 31.08.2024», «до "15" октября
//     2023 года»): that day;
//   - a month and a year («Май 2023г.», «Октябрь – ноябрь 2024г.»): the
//     month's last day;
//   - a quarter or half-year and a year («IV квартал 2023», «1 полугодие
//     2024 г.»): its last day; a term («III четверть 2024») the year's;
//   - an examination and a year («по расписанию ГИА-2024»): the end of
//     that academic year, 31 August;
//   - two consecutive years («2023-2024 учебный год»): 31 August of the
//     second with «учебн…» after them, else 31 December; a longer span
//     («2021-2024 гг.») and a lone year («2022 г.»): 31 December.
//
// Without a year, within is the plan's period (document.Period.Bounds):
// months alone («Март», «Апрель-август») fall in it, the latest such month
// counting; a deadline of the whole period or a recurring one («в течение
// года», «на протяжении года», «постоянно», «ежемесячно», «по итогам
// четверти») is its end. Without a period such deadlines cannot be placed.
func DeadlineEnd(s string, within *document.Period) (time.Time, bool) {
	var best time.Time
	found := false
	take := func(t time.Time) {
		if !found || t.After(best) {
			best = t
		}
		found = true
	}
	for _, d := range document.FindDates(s) {
		if d.Valid() {
			take(d.Time())
		}
	}
	for _, e := range scanYears(s) {
		y := e.years[len(e.years)-1].v
		switch e.kind {
		case exprDate:
			continue // a valid one is FindDates's; «31.02.2024» is no time
		case exprRange, exprLongRange:
			if e.years[1].b-e.years[1].a == 2 {
				y = e.years[0].v + 1 // «2023/24»
			}
			if e.kind == exprRange && strings.HasPrefix(strings.ToLower(strings.TrimLeftFunc(s[e.end:], isSpace)), "учебн") {
				take(document.AcademicYearEnd(y))
			} else {
				take(document.YearEnd(y))
			}
			continue
		}
		pre := s[:e.start]
		if month, day, _ := monthBefore(pre); month {
			if day == 0 { // a day and month with a year is a FindDates date
				w, _ := lastWord(pre, isSpaceOrComma)
				take(document.MonthEnd(y, monthNumber(w)))
			}
			continue
		}
		switch {
		case examBefore(pre):
			take(document.AcademicYearEnd(y))
		case periodBefore(pre):
			take(periodPartEnd(pre, y))
		default:
			take(document.YearEnd(y))
		}
	}
	if found {
		return best, true
	}
	start, end, ok := within.Bounds()
	if !ok {
		return time.Time{}, false
	}
	for _, m := range monthsIn(s) {
		// The latest month of that name within the period.
		for y := end.Year(); y >= start.Year(); y-- {
			me := document.MonthEnd(y, m)
			if !me.After(end) && !me.Before(start) {
				take(me)
				break
			}
		}
	}
	if found {
		return best, true
	}
	if wholePeriodRE.MatchString(s) {
		return end, true
	}
	return time.Time{}, false
}

// DocumentPeriod is the period of d as Roll reads it: d.Period when it
// names a time, else the academic or calendar year its title or subtitle
// states («на 2023-2024 учебный год», «на 2023 год»); ok is false when
// none is found.
func DocumentPeriod(d *document.Document) (*document.Period, bool) {
	if _, _, ok := d.Period.Bounds(); ok {
		return d.Period, true
	}
	sp, err := sourceSpan(d)
	if err != nil {
		return nil, false
	}
	if sp.academic {
		return &document.Period{AcademicYear: sp.String()}, true
	}
	return &document.Period{Year: sp.start}, true
}

// monthStems in calendar order; «ма» (May) after «март».
var monthStems = []string{"январ", "феврал", "март", "апрел", "ма", "июн", "июл", "август", "сентябр", "октябр", "ноябр", "декабр"}

// monthNumber is 1…12 for a month word monthRE accepts, 0 otherwise.
func monthNumber(w string) int {
	if !monthRE.MatchString(w) {
		return 0
	}
	for i, st := range monthStems {
		if strings.HasPrefix(w, st) && (st != "ма" || !strings.HasPrefix(w, "март")) {
			return i + 1
		}
	}
	return 0
}

// monthsIn lists the months named in s as words of their own.
func monthsIn(s string) []int {
	var out []int
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if !unicode.IsLetter(r) {
			i += n
			continue
		}
		j := i
		for j < len(s) {
			r, n := utf8.DecodeRuneInString(s[j:])
			if !unicode.IsLetter(r) {
				break
			}
			j += n
		}
		if m := monthNumber(strings.ToLower(s[i:j])); m > 0 {
			out = append(out, m)
		}
		i = j
	}
	return out
}

// romanParts are the ordinals a quarter or half-year is written with.
var romanParts = map[string]int{"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}

// periodPartEnd is the end of the quarter or half-year that ends pre
// («IV квартал », «1 полугодие ») in year y; of the year for a term, or
// when the ordinal is not read.
func periodPartEnd(pre string, y int) time.Time {
	w, rest := lastWord(pre, isSpace)
	rest = strings.TrimRightFunc(rest, isSpace)
	rest = strings.TrimSuffix(strings.TrimSuffix(rest, "-й"), "-е")
	i := len(rest)
	for i > 0 {
		r, n := utf8.DecodeLastRuneInString(rest[:i])
		if !(r >= '0' && r <= '9') && !strings.ContainsRune("IVXivx", r) {
			break
		}
		i -= n
	}
	n := romanParts[strings.ToLower(rest[i:])]
	switch {
	case n == 0:
	case strings.HasPrefix(w, "квартал"):
		return document.MonthEnd(y, 3*n)
	case strings.HasPrefix(w, "полугоди") && n <= 2:
		return document.MonthEnd(y, 6*n)
	}
	return document.YearEnd(y)
}
