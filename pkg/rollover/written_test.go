package rollover_test

import (
	"slices"
	"testing"

	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/rollover"
)

// Dates as officials write them move by their year's digits only; the
// requisites of a stamp written line by line are blanked where they stand.
func TestRollDatesAsWritten(t *testing.T) {
	d := &document.Document{
		Kind:         document.KindRoadmap,
		Organization: document.Organization{FullName: "МБОУ «СОШ № 3»"},
		Title:        "Программа перехода в эффективный режим работы",
		Period:       &document.Period{From: `"1" сентября 2023 года`, To: "«29» февраля 2024 г."},
		Approvals: []document.Approval{
			{Kind: document.ApprovalReviewed, Lines: []string{"на заседании педагогического совета", "Протокол № 1 от 30.08.2023г."}},
			{Kind: document.ApprovalApprove, Title: "Утверждаю:", Lines: []string{"Директор МБОУ «СОШ № 3»", "_____________ М.В. Малахинова", "«24» августа 2023 г.", "М.п."}},
			{Kind: document.ApprovalAgree, Basis: `протокол от "15" мая 2023 года N 4-у`},
			{Kind: document.ApprovalByOrder, Basis: "приказом по МБОУ «СОШ № 3» от 31.08.2023г. № 55"},
		},
		Body: []document.Block{
			{Paragraph: &document.Paragraph{Text: `Программа разработана в соответствии с приказом от "10" февраля 2021 г. N 12-п.`}},
			{Paragraph: &document.Paragraph{Text: `Отчёт о выполнении представить до "15" мая 2024 года.`}},
		},
	}
	out, rep := roll(t, d, "2024-2025")
	if got, want := out.Period.From, `"1" сентября 2024 года`; got != want {
		t.Errorf("period.from %q, want %q", got, want)
	}
	if got, want := out.Period.To, "«28» февраля 2025 г."; got != want {
		t.Errorf("period.to %q, want %q", got, want)
	}
	if want := []string{"на заседании педагогического совета", "Протокол № ___ от __.__.____"}; !slices.Equal(out.Approvals[0].Lines, want) {
		t.Errorf("approvals[0].lines %q, want %q", out.Approvals[0].Lines, want)
	}
	if want := []string{"Директор МБОУ «СОШ № 3»", "_____________ М.В. Малахинова", "«__» ________ ____ г.", "М.п."}; !slices.Equal(out.Approvals[1].Lines, want) {
		t.Errorf("approvals[1].lines %q, want %q", out.Approvals[1].Lines, want)
	}
	if got, want := out.Approvals[2].Basis, "протокол от «__» ________ ____ г. N ___"; got != want {
		t.Errorf("approvals[2].basis %q, want %q", got, want)
	}
	if got, want := out.Approvals[3].Basis, "приказом по МБОУ «СОШ № 3» от __.__.____ № ___"; got != want {
		t.Errorf("approvals[3].basis %q, want %q", got, want)
	}
	for i, want := range []string{
		`Программа разработана в соответствии с приказом от "10" февраля 2021 г. N 12-п.`,
		`Отчёт о выполнении представить до "15" мая 2025 года.`,
	} {
		if got := out.Body[i].Paragraph.Text; got != want {
			t.Errorf("paragraph %d\n%q, want\n%q", i, got, want)
		}
	}
	if k := findKept(rep, "2021", ""); k == nil {
		t.Errorf("the order's date 2021 is not reported as kept: %+v", rep.Kept)
	}
	if !hasChange(rep, "approvals[0].lines[1]") || !hasChange(rep, "approvals[1].lines[2]") || hasChange(rep, "approvals[1].lines[3]") {
		t.Errorf("changes of the stamp lines: %+v", rep.Changes)
	}
	checkReportMatchesDiff(t, d, out, rep)
	checkYearsAccounted(t, d, out, rep, 1)
	if err := document.Validate(out); err != nil {
		t.Errorf("rolled document: %v", err)
	}
}

func hasChange(rep *rollover.Report, path string) bool {
	for _, c := range rep.Changes {
		if c.Path == path {
			return true
		}
	}
	return false
}
