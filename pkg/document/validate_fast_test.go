package document_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/kartograf-ru/kartograf/pkg/document"
)

// Validation asks the font coverage about a printable ASCII character
// once, not at each occurrence, and still reports one the fonts lack,
// with the non-ASCII ones, in order.
func TestValidateAsksCoverageOncePerASCII(t *testing.T) {
	asked := map[rune]int{}
	rules := document.Rules{Covers: func(r rune) bool {
		asked[r]++
		return r != '#' && r != 'ж'
	}}
	d := &document.Document{Kind: document.KindAnalysis, Organization: document.Organization{FullName: "МКОУ СОШ № 1"},
		Title: "Analysis 2024", Body: []document.Block{
			{Paragraph: &document.Paragraph{Text: strings.Repeat("aaa bbb 2024 ", 50)}},
			{Paragraph: &document.Paragraph{Text: "x # ж #"}},
		}}
	var ve *document.ValidationError
	if err := rules.Validate(d); !errors.As(err, &ve) {
		t.Fatalf("want a validation error, got %v", err)
	}
	var got []string
	for _, p := range ve.Problems {
		got = append(got, p.Message)
	}
	if len(got) != 2 || !strings.Contains(got[0], "«#»") || !strings.Contains(got[1], "«ж»") {
		t.Errorf("problems %q, want # then ж missing", got)
	}
	for _, r := range "ab2 " {
		if asked[r] != 1 {
			t.Errorf("coverage of %q asked %d times, want 1", r, asked[r])
		}
	}
}
