package document

import (
	"testing"
	"time"
)

func TestMonthEnd(t *testing.T) {
	for _, c := range []struct {
		y, m int
		want string
	}{
		{2023, 5, "2023-05-31"}, {2024, 2, "2024-02-29"}, {2023, 2, "2023-02-28"}, {2023, 12, "2023-12-31"},
		{2024, 4, "2024-04-30"},
	} {
		if got := MonthEnd(c.y, c.m).Format(time.DateOnly); got != c.want {
			t.Errorf("MonthEnd(%d, %d) = %s, want %s", c.y, c.m, got, c.want)
		}
	}
	if got := AcademicYearEnd(2024).Format(time.DateOnly); got != "2024-08-31" {
		t.Errorf("AcademicYearEnd(2024) = %s", got)
	}
}

func TestPeriodBounds(t *testing.T) {
	for _, c := range []struct {
		name       string
		p          *Period
		start, end string // "" end: not ok
	}{
		{"academic", &Period{AcademicYear: "2023-2024"}, "2023-09-01", "2024-08-31"},
		{"academic with en dash", &Period{AcademicYear: "2023–2024"}, "2023-09-01", "2024-08-31"},
		{"year", &Period{Year: 2025}, "2025-01-01", "2025-12-31"},
		{"years", &Period{Years: "2021–2024 гг."}, "2021-01-01", "2024-12-31"},
		{"written dates win", &Period{AcademicYear: "2023-2024", From: "«1» сентября 2023 года", To: "31.05.2024г."}, "2023-09-01", "2024-05-31"},
		{"only to", &Period{To: "30.06.2024"}, "2024-01-01", "2024-06-30"},
		{"nothing", &Period{}, "", ""},
		{"nil", nil, "", ""},
		{"reversed", &Period{From: "01.09.2024", To: "31.05.2024"}, "", ""},
	} {
		s, e, ok := c.p.Bounds()
		if c.end == "" {
			if ok {
				t.Errorf("%s: Bounds() = %s…%s, want none", c.name, s.Format(time.DateOnly), e.Format(time.DateOnly))
			}
			continue
		}
		if !ok || s.Format(time.DateOnly) != c.start || e.Format(time.DateOnly) != c.end {
			t.Errorf("%s: Bounds() = %s…%s %v, want %s…%s", c.name, s.Format(time.DateOnly), e.Format(time.DateOnly), ok, c.start, c.end)
		}
	}
}
