package document

import (
	"strconv"
	"time"

	"github.com/kartograf-ru/kartograf/internal/lazyre"
)

// MonthEnd is the last day of a month at midnight UTC: the end of a
// deadline written as a month («Май 2023г.»). month is 1…12.
func MonthEnd(year, month int) time.Time {
	return time.Date(year, time.Month(month)+1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, -1)
}

// AcademicYearEnd is 31 August of year: the last day of the academic year
// that ends in it (the «2023-2024» year ends on 31.08.2024).
func AcademicYearEnd(year int) time.Time { return MonthEnd(year, 8) }

// YearEnd is 31 December of year.
func YearEnd(year int) time.Time { return MonthEnd(year, 12) }

// periodYearsRE is a span of years as a period writes it: «2023-2024»,
// «2021–2024 гг.», «2023/2024».
var periodYearsRE = lazyre.New(`^[\s\p{Zs}]*(\d{4})[\s\p{Zs}]*[-–—/][\s\p{Zs}]*(\d{4})`)

// Bounds is the first and the last day of the period (midnight UTC), in
// this order of trust: From and To as written dates; the academic year
// («2023-2024»: 01.09.2023 … 31.08.2024); the span of Years
// («2021-2024»: 01.01.2021 … 31.12.2024); the calendar Year. A bound that
// none of them gives takes the other's year (a period with only To
// starts on 1 January of its year; one with only From ends on 31
// December). ok is false when the period names no time at all.
func (p *Period) Bounds() (start, end time.Time, ok bool) {
	if p == nil {
		return time.Time{}, time.Time{}, false
	}
	var hasStart, hasEnd bool
	if d, err := ParseWrittenDate(p.From); err == nil {
		start, hasStart = d.Time(), true
	}
	if d, err := ParseWrittenDate(p.To); err == nil {
		end, hasEnd = d.Time(), true
	}
	years := func(s string) (int, int, bool) {
		m := periodYearsRE.FindStringSubmatch(s)
		if m == nil {
			return 0, 0, false
		}
		a, _ := strconv.Atoi(m[1])
		b, _ := strconv.Atoi(m[2])
		return a, b, a > 0 && b >= a
	}
	if a, b, ok := years(p.AcademicYear); ok {
		if !hasStart {
			start, hasStart = time.Date(a, time.September, 1, 0, 0, 0, 0, time.UTC), true
		}
		if !hasEnd {
			end, hasEnd = AcademicYearEnd(b), true
		}
	}
	if a, b, ok := years(p.Years); ok {
		if !hasStart {
			start, hasStart = time.Date(a, time.January, 1, 0, 0, 0, 0, time.UTC), true
		}
		if !hasEnd {
			end, hasEnd = YearEnd(b), true
		}
	}
	if p.Year > 0 {
		if !hasStart {
			start, hasStart = time.Date(p.Year, time.January, 1, 0, 0, 0, 0, time.UTC), true
		}
		if !hasEnd {
			end, hasEnd = YearEnd(p.Year), true
		}
	}
	switch {
	case hasStart && hasEnd:
	case hasStart:
		end = YearEnd(start.Year())
	case hasEnd:
		start = time.Date(end.Year(), time.January, 1, 0, 0, 0, 0, time.UTC)
	default:
		return time.Time{}, time.Time{}, false
	}
	if end.Before(start) {
		return time.Time{}, time.Time{}, false
	}
	return start, end, true
}
