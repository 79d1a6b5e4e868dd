package spacing

import (
	"strings"
	"testing"
)

// The recorded Typst figures are there for both judged documents and are
// consistent with themselves.
func TestTypstFigures(t *testing.T) {
	for _, doc := range []string{"000_f50bb33c8ce6181b", "analysis-long"} {
		r, renderer, err := Typst(doc)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(renderer, "typst ") {
			t.Errorf("renderer %q", renderer)
		}
		if r.Lines < 40 || r.P95 < 1 || r.P95 > r.Max || r.MaxHyphenRun > r.Hyphenated || r.FontSize < 8 || r.RightMarginMM <= 0 {
			t.Errorf("%s: figures %+v do not hold together", doc, r)
		}
		if o := r.Options(); o.check() != nil {
			t.Errorf("%s: options %+v", doc, o)
		}
	}
	if _, _, err := Typst("no-such-document"); err == nil {
		t.Error("figures for a document never measured")
	}
}
