package xlsx

import (
	"slices"
	"testing"

	"github.com/kartograf-ru/kartograf/pkg/render/view"
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

// TestGridSpans: a table with fewer columns than the sheet covers runs of
// its columns whose widths are nearest its own shares; with as many, one
// each.
func TestGridSpans(t *testing.T) {
	cols := func(fr ...float64) []view.Column {
		out := make([]view.Column, len(fr))
		for i, f := range fr {
			out[i].Frac = f
		}
		return out
	}
	// The section × status table of an analysis sets the sheet's columns;
	// the list of overdue measures (№, Мероприятие, Срок, Ответственные,
	// Примечание) goes over them: «Мероприятие» two columns, not one.
	eight := []float64{199, 64, 64, 64, 64, 64, 64, 58}
	for _, c := range []struct {
		cols []view.Column
		px   []float64
		want []int
	}{
		{cols(0.08, 0.37, 0.15, 0.2, 0.2), eight, []int{0, 1, 3, 4, 6, 8}},
		{cols(0.5, 0.5), []float64{10, 10, 10, 10}, []int{0, 2, 4}},
		{cols(0.1, 0.1, 0.8), []float64{100, 10, 10, 10}, []int{0, 1, 2, 4}},
		{cols(0.25, 0.25, 0.25, 0.25), []float64{1, 1, 1, 1}, []int{0, 1, 2, 3, 4}},
		{cols(1), []float64{5, 5, 5}, []int{0, 3}},
	} {
		if got := gridSpans(c.cols, c.px); !slices.Equal(got, c.want) {
			t.Errorf("%v on %v: %v, want %v", c.cols, c.px, got, c.want)
		}
	}
}
