package xlsx

import (
	"slices"
	"strings"
	"testing"

	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/typo"
)

// Narrative after the plan goes on a text sheet after the plan sheet, so
// that the sheets read in order read the body in order: «paragraph, plan,
// paragraph, signature» has the first paragraph on «Текст» (with the
// letterhead) and the second paragraph and the signature on «Текст (2)»,
// not all of them before the plan.
func TestNarrativeAfterPlanOnFurtherSheet(t *testing.T) {
	d := writeLoad(t, "testdata", "documents", "plan-no-sections.json")
	after := "По итогам года Управление образования готовит аналитическую справку о выполнении плана."
	d.Body = slices.Insert(d.Body, 2, document.Block{Paragraph: &document.Paragraph{Text: after}})
	before := d.Body[0].Paragraph.Text
	name := d.Body[3].Signature.Name

	f := writeOpen(t, writeRender(t, d, Meta{}))
	want := []string{SheetText, SheetPlan, TextSheet(1), SheetSummary, SheetMeta}
	if got := f.GetSheetList(); !slices.Equal(got, want) {
		t.Fatalf("sheets %q, want %q", got, want)
	}
	text := func(sheet string) string {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for _, r := range rows {
			b.WriteString(strings.Join(r, "\n") + "\n")
		}
		return b.String()
	}
	first, second := text(SheetText), text(TextSheet(1))
	if !strings.Contains(first, typo.Typograph(before)) {
		t.Errorf("«%s» lacks the paragraph before the plan", SheetText)
	}
	for _, s := range []string{typo.Typograph(after), typo.Typograph(name)} {
		if strings.Contains(first, s) {
			t.Errorf("«%s» prints %q, which follows the plan", SheetText, s)
		}
	}
	if i, j := strings.Index(second, typo.Typograph(after)), strings.Index(second, typo.Typograph(name)); i < 0 || j < i {
		t.Errorf("«%s» has the paragraph at %d and the signature at %d, want both, in that order:\n%s", TextSheet(1), i, j, second)
	}
	// The letterhead is on the first sheet only.
	if org := typo.Typograph(d.Organization.FullName); org != "" && strings.Contains(second, org) {
		t.Errorf("«%s» repeats the letterhead", TextSheet(1))
	}
	// Every text sheet prints as the document.
	hf, err := f.GetHeaderFooter(TextSheet(1))
	if err != nil || hf.OddFooter == "" {
		t.Errorf("«%s» has no page footer: %+v, %v", TextSheet(1), hf, err)
	}
}

func TestTextSheetNames(t *testing.T) {
	for i, want := range []string{"Текст", "Текст (2)", "Текст (3)", "Текст (12)"} {
		if i == 3 {
			i = 11
		}
		got := TextSheet(i)
		if got != want {
			t.Errorf("TextSheet(%d) = %q, want %q", i, got, want)
		}
		if n := len([]rune(got)); n > 31 || strings.ContainsAny(got, `[]:*?/\`) {
			t.Errorf("TextSheet(%d) = %q is no sheet name Excel takes", i, got)
		}
	}
}
