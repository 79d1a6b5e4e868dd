package docx

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"github.com/kartograf-ru/kartograf/internal/testtool"
	"github.com/kartograf-ru/kartograf/internal/testtool/extract"
	"github.com/kartograf-ru/kartograf/pkg/document"
)

// squash drops every space, so that a label LibreOffice wrapped or turned
// word by word still reads as one.
func squash(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '\u00a0' {
			return -1
		}
		return r
	}, s)
}

// TestChartLibreOfficeDraws: LibreOffice opens the DOCX and draws every
// chart from its part: the page that prints a chart's caption prints the
// chart's categories, its value axis' ticks (a pie: its values), its
// legend's series names and its target's name, in the Russian number
// format. The caption and its chart are on one page.
func TestChartLibreOfficeDraws(t *testing.T) {
	testtool.Require(t, "pdftotext")
	data, vw := renderCharts(t, chartDoc())
	dir := t.TempDir()
	in := filepath.Join(dir, "charts.docx")
	if err := os.WriteFile(in, data, 0o644); err != nil {
		t.Fatal(err)
	}
	pdf := extract.ConvertDOCXToPDF(t, dir, in)[0]
	pages := strings.Split(testtool.Run(t, "pdftotext", "-raw", "-enc", "UTF-8", pdf, "-"), "\f")
	for i, c := range viewCharts(vw) {
		at := -1
		for p, text := range pages {
			if strings.Contains(squash(text), squash(c.Title)) {
				at = p
			}
		}
		if at < 0 {
			t.Errorf("chart %d: caption %q not printed", i+1, c.Title)
			continue
		}
		page := squash(pages[at])
		want := append([]string{}, c.Categories...)
		if c.Type == document.ChartPie {
			for k, ok := range newChartFit(c, 170).pieLabels {
				if ok {
					want = append(want, c.Series[0].Labels[k])
				}
			}
		} else {
			want = append(want, c.Axis.Labels...)
		}
		if c.Legend && c.Type != document.ChartPie { // a pie's legend names its categories
			for _, s := range c.Series {
				want = append(want, s.Name)
			}
		}
		if c.Target != nil {
			want = append(want, c.Target.Name, c.Target.Label)
		}
		if c.Unit != "" {
			want = append(want, c.Unit)
		}
		for _, w := range want {
			if !strings.Contains(page, squash(w)) {
				t.Errorf("chart %d: %q not on the page of its caption (page %d):\n%s", i+1, w, at+1, pages[at])
			}
		}
	}
	// Value labels with a decimal comma, none with a point.
	all := strings.Join(pages, "")
	if !strings.Contains(all, "3,75") || strings.Contains(all, "3.75") {
		t.Errorf("value labels not in the Russian format:\n%s", all)
	}
}
