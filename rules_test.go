package kartograf

import (
	"errors"
	"strings"
	"testing"

	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/templates"
)

// The engine answers "can the fonts draw this?" from the faces, without a
// renderer: a character no face of the template has is a problem naming
// the field and the font; Cyrillic, «ёлочки», № and the dashes pass.
func TestValidateFontCoverageWithoutRenderer(t *testing.T) {
	eng, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	d := &document.Document{
		Kind: document.KindAnalysis, Title: "Справка «№ 1» — ёж",
		Organization: document.Organization{FullName: "МКОУ СОШ № 1"},
		Body:         []document.Block{{Paragraph: &document.Paragraph{Text: "текст \U000F0000 и \u0D9A"}}},
	}
	err = eng.Validate(d, "analysis@1.1.0")
	var ve *document.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("Validate = %v, want a *document.ValidationError", err)
	}
	msg := err.Error()
	for _, want := range []string{"body[0].paragraph.text", "U+F0000", "U+0D9A", "«Liberation Serif»"} {
		if !strings.Contains(msg, want) {
			t.Errorf("the problem does not say %q: %s", want, msg)
		}
	}
	if strings.Contains(msg, "title") {
		t.Errorf("the title's characters are all drawable: %s", msg)
	}
	rules, err := eng.rules.rules(mustVersion(t, eng, "analysis@1.1.0"))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range "АаЯяЁё«»№—–\u00a0ABCxyz0123456789" {
		if !rules.Covers(r) {
			t.Errorf("Covers(%q) = false", r)
		}
	}
}

func mustVersion(t *testing.T, eng *Engine, ref string) *templates.Version {
	t.Helper()
	v, err := eng.Templates().Resolve(ref)
	if err != nil {
		t.Fatal(err)
	}
	return v
}
