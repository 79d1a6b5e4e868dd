package rollover_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/rollover"
)

// A programme for several years names no year to roll from: Roll says so,
// naming period.years, instead of guessing from the span.
func TestRollRefusesSeveralYearsAlone(t *testing.T) {
	d := &document.Document{Kind: document.KindRoadmap, Title: "Программа развития", Period: &document.Period{Years: "2023-2026"},
		Organization: document.Organization{FullName: "МБОУ СОШ"},
		Body:         []document.Block{{Paragraph: &document.Paragraph{Text: "Текст"}}}}
	_, _, err := rollover.Roll(d, "2024-2025")
	var pe *rollover.PeriodError
	if !errors.As(err, &pe) || !strings.Contains(pe.Error(), "period.years") {
		t.Fatalf("Roll = %v, want a PeriodError naming period.years", err)
	}
}

// With a year to roll from, the span of several years is kept and
// reported; the structure fields are copied, and the grif's requisites
// (the order of the old year) are cleared.
func TestRollKeepsSeveralYears(t *testing.T) {
	no := false
	d := &document.Document{Kind: document.KindRoadmap, Title: "Дорожная карта", Letterhead: &no, Cover: true, HeadingNumbering: "roman",
		Period:   &document.Period{AcademicYear: "2023-2024", Years: "2023-2026"},
		Appendix: &document.Appendix{Number: "2", To: "к приказу Управления образования", Date: "10.02.2023", OrderNumber: "12-п"},
		Body: []document.Block{{Contents: &document.Contents{Title: "Содержание"}}, {PageBreak: &document.PageBreak{}},
			{Heading: &document.Heading{Text: "Паспорт", Numbered: &no}}}}
	out, rep, err := rollover.Roll(d, "2024-2025")
	if err != nil {
		t.Fatal(err)
	}
	if out.Period.Years != "2023-2026" {
		t.Errorf("period.years = %q, want it kept", out.Period.Years)
	}
	kept := false
	for _, k := range rep.Kept {
		kept = kept || k.Path == "period.years"
	}
	if !kept {
		t.Errorf("period.years not reported as kept: %+v", rep.Kept)
	}
	if out.Letterhead == nil || *out.Letterhead || !out.Cover || out.HeadingNumbering != "roman" {
		t.Errorf("structure fields not copied: %+v", out)
	}
	if a := out.Appendix; a == nil || a.Number != "2" || a.To != d.Appendix.To || a.Date != "" || a.OrderNumber != "" {
		t.Errorf("appendix = %+v, want number and text kept, requisites cleared", a)
	}
	if out.Body[0].Contents == nil || out.Body[0].Contents.Title != "Содержание" || out.Body[1].PageBreak == nil ||
		out.Body[2].Heading.Numbered == nil || *out.Body[2].Heading.Numbered {
		t.Errorf("structure blocks not copied: %+v", out.Body)
	}
}
