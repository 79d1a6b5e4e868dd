package xlsx

import (
	"testing"

	"github.com/kartograf-ru/kartograf/templates"
)

// TestColumnPx: a column's drawn width is whole pixels, rounded as Excel
// and LibreOffice round it, so that a sheet of six columns one page wide
// (the district analysis: 32,13 + 5 × 11,93 characters on a portrait
// page with 30 and 10 mm margins) is scaled below 100 % rather than
// printed 3 px too wide, its right edge on pages of its own.
func TestColumnPx(t *testing.T) {
	for _, c := range []struct{ width, px float64 }{{11.93, 84}, {32.13, 225}, {9.18, 64}, {8.34, 58}, {28.37, 199}} {
		if got := columnPx(c.width); got != c.px {
			t.Errorf("%.2f characters: %.0f px, want %.0f", c.width, got, c.px)
		}
	}
	cols := []planCol{{px: pxOf(32.13)}}
	for range 5 {
		cols = append(cols, planCol{px: pxOf(11.93)})
	}
	if w := sheetPx(cols); w != 645 {
		t.Errorf("the sheet is %.1f px wide as drawn, want 645", w)
	}
	m := &templates.Manifest{}
	m.Page.Orientation = "portrait"
	m.Page.Margins.Left, m.Page.Margins.Right = 30, 10
	b := &book{m: m}
	if all := b.printablePx(false); all >= 645 {
		t.Fatalf("the page is %.1f px wide: the test no longer shows the overflow", all)
	}
	if s := b.printScaleAs(0, sheetPx(cols), false); s >= 100 {
		t.Errorf("scale %d %%: the sheet prints past the right margin", s)
	}
}
