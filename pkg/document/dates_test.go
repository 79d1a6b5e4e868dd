package document

import (
	"strings"
	"testing"
)

// The forms officials write a date in, each parsed to its day and nothing
// else of the text moved.
func TestParseWrittenDate(t *testing.T) {
	for _, c := range []struct {
		in        string
		y, m, d   int
		year, day string // the digits DayAt and YearAt point at
	}{
		{"30.08.2023", 2023, 8, 30, "2023", "30"},
		{"30.08.2023г.", 2023, 8, 30, "2023", "30"},
		{"30.08.2023 г.", 2023, 8, 30, "2023", "30"},
		{"30.08.2023\u00a0г.", 2023, 8, 30, "2023", "30"},
		{"1.09.2023 года", 2023, 9, 1, "2023", "1"},
		{`"15" мая 2023 года`, 2023, 5, 15, "2023", "15"},
		{"«15» мая 2023 г.", 2023, 5, 15, "2023", "15"},
		{"«24» декабря 2015 г.", 2015, 12, 24, "2015", "24"},
		{"15 мая 2023 г.", 2023, 5, 15, "2023", "15"},
		{"„1“ СЕНТЯБРЯ 2024 г", 2024, 9, 1, "2024", "1"},
		{" 29.02.2024 ", 2024, 2, 29, "2024", "29"},
	} {
		w, err := ParseWrittenDate(c.in)
		if err != nil {
			t.Errorf("%q: %v", c.in, err)
			continue
		}
		if w.Year != c.y || w.Month != c.m || w.Day != c.d || !w.Valid() {
			t.Errorf("%q: got %d-%d-%d (valid %v), want %d-%d-%d", c.in, w.Year, w.Month, w.Day, w.Valid(), c.y, c.m, c.d)
		}
		if got := c.in[w.YearAt[0]:w.YearAt[1]]; got != c.year {
			t.Errorf("%q: year digits %q", c.in, got)
		}
		if got := c.in[w.DayAt[0]:w.DayAt[1]]; got != c.day {
			t.Errorf("%q: day digits %q", c.in, got)
		}
	}
	for _, c := range []struct{ in, msg string }{
		{"31.02.2023", "не существует"},
		{"31.13.2023", "не существует"},
		{`"31" июня 2023 г.`, "не существует"},
		{"2023-08-30", "не распознана"},
		{"30.08.23", "не распознана"},
		{"август 2023 г.", "не распознана"},
		{"«15 мая 2023 г.", "не распознана"},
		{"15мая 2023", "не распознана"},
		{"30.08.2023 городской", "не распознана"},
		{"от 30.08.2023", "не распознана"},
		{"", "не распознана"},
	} {
		if _, err := ParseWrittenDate(c.in); err == nil || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("%q: error %v, want one saying %q", c.in, err, c.msg)
		}
	}
}

// Inside a requisites line the date is found where it stands, and numbers
// of the order or protocol are not taken for one.
func TestFindDatesInRequisites(t *testing.T) {
	for _, c := range []struct{ in, date string }{
		{`от "10" февраля 2021 г. N 12-п`, `"10" февраля 2021 г.`},
		{"№ 12-п от 10.02.2021", "10.02.2021"},
		{"Протокол № 1 от 30.08.2023г.", "30.08.2023г."},
		{`протокол от "15" мая 2023 года № 4`, `"15" мая 2023 года`},
		{"УТВЕРЖДЕНО на педсовете 28.08.2007г. _____________Леер Л.Е.", "28.08.2007г."},
		{"приказ от «31» августа 2023\u00a0г. № 55-о", "«31» августа 2023\u00a0г."},
	} {
		ds := FindDates(c.in)
		if len(ds) != 1 {
			t.Errorf("%q: %d dates, want 1", c.in, len(ds))
			continue
		}
		if got := c.in[ds[0].Start:ds[0].End]; got != c.date || !ds[0].Valid() {
			t.Errorf("%q: found %q (valid %v), want %q", c.in, got, ds[0].Valid(), c.date)
		}
	}
	for _, s := range []string{"№ 12-п", "пункт 1.2.30.08.2023", "версия 1.02.20231", "в 2023 году", "15мая 2023"} {
		if ds := FindDates(s); len(ds) != 0 {
			t.Errorf("%q: found %q", s, s[ds[0].Start:ds[0].End])
		}
	}
	two := "с 01.09.2023 по «31» мая 2024 г."
	if ds := FindDates(two); len(ds) != 2 || ds[0].Month != 9 || ds[1].Month != 5 {
		t.Errorf("%q: %+v", two, ds)
	}
}

// A date that is only printed may be any text, but one written like a date
// that is wrong is a problem; a date something is computed from must parse.
func TestValidateDatesAsWritten(t *testing.T) {
	base := func() *Document {
		return &Document{
			Kind: KindRoadmap, Organization: Organization{FullName: "МБОУ «СОШ № 3»"}, Title: "Программа",
			Body: []Block{{Paragraph: &Paragraph{Text: "Текст."}}},
		}
	}
	ok := base()
	ok.Date = "«15» мая 2023 г."
	ok.Period = &Period{From: `"1" сентября 2023 года`, To: "31.05.2024г."}
	ok.Approvals = []Approval{{Kind: ApprovalApprove, Name: "М.В. Малахинова", Date: "август 2023 г."}}
	ok.Body = append(ok.Body, Block{Signature: &Signature{Position: "Директор", Name: "М.В. Малахинова", Date: "__.__.____"}})
	if err := Validate(ok); err != nil {
		t.Fatalf("dates as written: %v", err)
	}

	bad := base()
	bad.Date = "31.13.2023"
	bad.Period = &Period{From: "сентябрь 2023", To: "01.09.2023"}
	bad.Approvals = []Approval{{Kind: ApprovalApprove, Name: "М.В. Малахинова", Date: "2023-08-30"}}
	bad.Body = append(bad.Body, Block{Signature: &Signature{Position: "Директор", Name: "М.В. Малахинова", Date: `"31" июня 2023 г.`}})
	want := []string{
		"date: даты «31.13.2023» не существует",
		"period.from: дата «сентябрь 2023» не распознана",
		"approvals[0].date: дата «2023-08-30» не распознана",
		`body[1].signature.date: даты «"31" июня 2023 г.» не существует`,
	}
	assertProblems(t, bad, want)

	order := base()
	order.Period = &Period{From: "«1» сентября 2024 г.", To: "31.05.2024"}
	assertProblems(t, order, []string{"period.to: конец периода раньше начала"})
}

func assertProblems(t *testing.T, d *Document, want []string) {
	t.Helper()
	err := Validate(d)
	if err == nil {
		t.Fatalf("no problems, want %q", want)
	}
	got := err.Error()
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("no problem %q in:\n%s", w, got)
		}
	}
}
