package pdf

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kartograf-ru/kartograf/fonts"
	"github.com/kartograf-ru/kartograf/internal/testtool"
	"github.com/kartograf-ru/kartograf/internal/testtool/testtpl"
	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/render/view"
	"github.com/kartograf-ru/kartograf/templates"
)

// The charts of an analysis, in the genre's shape.
func barBySection() *document.Chart {
	return &document.Chart{
		Type: "bar", Title: "Выполнение мероприятий по разделам", Stacked: true, Unit: "мероприятий",
		Categories: []string{"Раздел 1. Управление", "Раздел 2. Кадры", "Раздел 3. Обучающиеся", "Раздел 4. Родители"},
		Series: []document.ChartSeries{
			{Name: "Выполнено", Values: []float64{5, 3, 4, 2}},
			{Name: "В работе", Values: []float64{1, 2, 1, 0}},
			{Name: "Не выполнено", Values: []float64{1, 0, 2, 1}},
			{Name: "Отменено", Values: []float64{0, 1, 0, 1}},
		},
	}
}

func lineOGE() *document.Chart {
	return &document.Chart{
		Type: "line", Title: "Средний балл ОГЭ по математике", Unit: "балл",
		Categories: []string{"2021", "2022", "2023", "2024", "2025"},
		Series:     []document.ChartSeries{{Name: "Средний балл", Values: []float64{3.4, 3.5, 3.4, 3.7, 3.9}}},
		Target:     &document.ChartTarget{Name: "Целевое значение", Value: 3.8},
	}
}

func pieDone() *document.Chart {
	return &document.Chart{
		Type: "pie", Title: "Доля выполненных мероприятий",
		Categories: []string{"Выполнено", "В работе", "Не выполнено", "Отменено"},
		Series:     []document.ChartSeries{{Name: "Мероприятия", Values: []float64{14, 4, 3, 2}}},
	}
}

func groupedBySubject() *document.Chart {
	return &document.Chart{
		Type: "bar", Title: "Средний балл по предметам", Unit: "балл",
		Categories: []string{"Математика", "Русский язык", "Физика", "История"},
		Series: []document.ChartSeries{
			{Name: "2023", Values: []float64{3.4, 3.9, 3.6, 4.0}},
			{Name: "2024", Values: []float64{3.7, 4.0, 3.5, 4.1}},
			{Name: "2025", Values: []float64{3.9, 4.2, 3.8, 4.1}},
		},
		Target: &document.ChartTarget{Name: "Цель", Value: 4},
	}
}

func manyCategories() *document.Chart {
	c := &document.Chart{Type: "bar", Title: "Выполнение по школам района", Unit: "%"}
	s := document.ChartSeries{Name: "Выполнено"}
	for i := range 14 {
		c.Categories = append(c.Categories, fmt.Sprintf("Муниципальное общеобразовательное учреждение № %d", i+1))
		s.Values = append(s.Values, float64(40+i*4))
	}
	c.Series = []document.ChartSeries{s}
	return c
}

func chartDoc(charts ...*document.Chart) *document.Document {
	var body []document.Block
	for _, c := range charts {
		body = append(body, document.Block{Chart: c})
	}
	return viewDoc(body...)
}

func chartVersion(t testing.TB) *templates.Version {
	return testtpl.Edited(t, "analysis@1.1.0", "", nil)
}

func chartView(t testing.TB, d *document.Document) *view.View {
	t.Helper()
	v, err := view.Build(context.Background(), d, chartVersion(t), view.Meta{})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func chartPDF(t testing.TB, d *document.Document) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := NewRenderer(new(fonts.Library)).RenderView(context.Background(), &buf, chartView(t, d)); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// writeTemp writes data to a file in a test's temporary directory.
func writeTemp(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// Every word of each chart comes out of the PDF's text, in reading order:
// the unit over the axis, the categories left to right, the legend, then
// the caption under it; the value labels and the target's name are there.
func TestChartWordsInPDF(t *testing.T) {
	charts := []*document.Chart{barBySection(), lineOGE(), pieDone(), groupedBySubject()}
	data := chartPDF(t, chartDoc(charts...))
	txt := strings.Join(strings.Fields(testtool.Run(t, "pdftotext", "-raw", "-enc", "UTF-8", writeTemp(t, "c.pdf", data), "-")), " ")
	txt = strings.ReplaceAll(txt, "\u00a0", " ")
	at := 0
	for _, c := range charts {
		want := []string{}
		if c.Unit != "" {
			want = append(want, c.Unit)
		}
		if c.Type != document.ChartPie {
			want = append(want, c.Categories...)
		}
		if c.Type == document.ChartPie {
			want = append(want, c.Categories...)
		} else if len(c.Series) > 1 {
			for _, s := range c.Series {
				want = append(want, s.Name)
			}
		}
		want = append(want, c.Title)
		for _, w := range want {
			i := strings.Index(txt[at:], w)
			if i < 0 {
				t.Fatalf("%q: %q not found after byte %d in\n%s", c.Title, w, at, txt)
			}
			at += i + len(w)
		}
	}
	for _, w := range []string{"Целевое значение 3,8", "Цель 4,0", "3,4", "3,9", "4,2", "14"} {
		if !strings.Contains(txt, w) {
			t.Errorf("value label or target %q missing in\n%s", w, txt)
		}
	}
}

// The charts are vector: the file holds no image at all.
func TestChartNoImage(t *testing.T) {
	data := chartPDF(t, chartDoc(barBySection(), lineOGE(), pieDone(), groupedBySubject(), manyCategories()))
	if bytes.Contains(data, []byte("/Subtype /Image")) || bytes.Contains(data, []byte("/Subtype/Image")) {
		t.Error("an image XObject in the PDF")
	}
	out := testtool.Run(t, "pdfimages", "-list", writeTemp(t, "c.pdf", data))
	if n := len(strings.Split(strings.TrimSpace(out), "\n")); n != 2 {
		t.Errorf("pdfimages lists images:\n%s", out)
	}
	if !bytes.Equal(data, chartPDF(t, chartDoc(barBySection(), lineOGE(), pieDone(), groupedBySubject(), manyCategories()))) {
		t.Error("the same charts render to different bytes")
	}
}

// opBox is the extent of an op on its page.
func (l *layout) opBox(o *op) box {
	switch o.kind {
	case opText:
		f := l.faces.styles[o.face.style][o.face.fallback]
		asc := float64(f.Ascent()) / float64(f.UnitsPerEm()) * o.size
		desc := -float64(f.Descent()) / float64(f.UnitsPerEm()) * o.size
		if o.flags&turned != 0 {
			return box{o.x - asc, o.y - o.w, o.x + desc, o.y}
		}
		return box{o.x, o.y - asc, o.x + o.w, o.y + desc}
	case opPath:
		b := box{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}
		for i, xy := 0, o.pts.xy; i+1 < len(xy); i += 2 {
			b = box{min(b.x0, xy[i]), min(b.y0, xy[i+1]), max(b.x1, xy[i]), max(b.y1, xy[i+1])}
		}
		return b
	}
	return box{min(o.x, o.x2), min(o.y, o.y2), max(o.x, o.x2), max(o.y, o.y2)}
}

// Every op of every chart, glyphs included, lies inside the text frame
// and on one page, and the caption is its last text, under the plot.
func TestChartInsideFrame(t *testing.T) {
	charts := []*document.Chart{barBySection(), lineOGE(), pieDone(), groupedBySubject(), manyCategories()}
	l := layoutView(t, NewRenderer(new(fonts.Library)), chartDoc(charts...), chartVersion(t), nil)
	if len(l.charts) != len(charts) {
		t.Fatalf("%d charts drawn, want %d", len(l.charts), len(charts))
	}
	frame := box{l.left, l.top, l.right, l.bottom}
	for ci, sp := range l.charts {
		ops := l.pages[sp.page].ops[sp.from:sp.to]
		var texts, shapes int
		last, lowest := "", 0.0
		for i := range ops {
			o := &ops[i]
			if o.kind == opNone {
				continue
			}
			b := l.opBox(o)
			if !b.inside(frame) {
				t.Errorf("chart %d, page %d: op %d %q at %.1f,%.1f–%.1f,%.1f outside the frame %.1f,%.1f–%.1f,%.1f",
					ci+1, sp.page+1, o.kind, o.text, b.x0, b.y0, b.x1, b.y1, frame.x0, frame.y0, frame.x1, frame.y1)
			}
			if o.kind == opText {
				texts++
				last = o.text
			} else {
				shapes++
				lowest = max(lowest, b.y1)
			}
			if o.kind == opText && o.y < lowest && o.text == charts[ci].Title {
				t.Errorf("chart %d: caption above the plot", ci+1)
			}
		}
		if texts == 0 || shapes == 0 {
			t.Errorf("chart %d: %d texts, %d shapes", ci+1, texts, shapes)
		}
		if !strings.HasSuffix(charts[ci].Title, last) {
			t.Errorf("chart %d: last text %q, want the end of the caption %q", ci+1, last, charts[ci].Title)
		}
	}
}

// A chart that does not fit the space left starts a new page whole; the
// same chart at the top of the document stays on the first page.
func TestChartMovesWhole(t *testing.T) {
	r := NewRenderer(new(fonts.Library))
	alone := layoutView(t, r, chartDoc(groupedBySubject()), chartVersion(t), nil)
	if len(alone.charts) != 1 || alone.charts[0].page != 0 {
		t.Fatalf("a chart after the letterhead: %+v, want on page 1", alone.charts)
	}
	// Add paragraphs until the chart no longer fits after them.
	var l *layout
	var body []document.Block
	for n := 1; ; n++ {
		if n > 60 {
			t.Fatal("the chart never moved to page 2")
		}
		body = append(body, document.Block{Paragraph: &document.Paragraph{Text: "Мероприятия раздела выполнены в срок, результаты обсуждены на педагогическом совете."}})
		l = layoutView(t, r, viewDoc(append(body, document.Block{Chart: groupedBySubject()})...), chartVersion(t), nil)
		if l.charts[0].page > 0 {
			break
		}
	}
	sp := l.charts[0]
	if sp.page != 1 || sp.from != 1 || len(l.pages) != 2 {
		t.Fatalf("chart at page %d of %d, ops %d…%d: want the first thing on page 2", sp.page+1, len(l.pages), sp.from, sp.to)
	}
	prev := l.pages[0]
	if left := l.bottom - l.opBox(&prev.ops[len(prev.ops)-1]).y1; left > alone.chartHeight() {
		t.Errorf("the chart moved though %.1f pt were left for its %.1f", left, alone.chartHeight())
	}
	top := math.Inf(1)
	for i := sp.from; i < sp.to; i++ {
		top = min(top, l.opBox(&l.pages[1].ops[i]).y0)
	}
	if top < l.top-0.01 || top > l.top+l.lineHeight(l.m.Sizes.Table) {
		t.Errorf("chart on page 2 starts at %.1f, the frame at %.1f", top, l.top)
	}
}

// chartHeight is the height the first chart took: from its highest op to
// its lowest.
func (l *layout) chartHeight() float64 {
	sp := l.charts[0]
	lo, hi := math.Inf(1), math.Inf(-1)
	for i := sp.from; i < sp.to; i++ {
		b := l.opBox(&l.pages[sp.page].ops[i])
		lo, hi = min(lo, b.y0), max(hi, b.y1)
	}
	return hi - lo
}

// The SVG preview draws the chart: coloured bars and slices, the dashed
// target, turned labels and the words.
func TestChartPreview(t *testing.T) {
	v := chartView(t, chartDoc(lineOGE(), pieDone(), manyCategories()))
	p, err := NewRenderer(new(fonts.Library)).Preview(context.Background(), v)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	for i := range p.Pages() {
		if err := p.WriteSVG(&b, i); err != nil {
			t.Fatal(err)
		}
	}
	svg := b.String()
	for _, w := range []string{`<polygon points=`, `<polyline points=`, `stroke-dasharray="3 2"`, `fill="#1F4E79"`,
		`transform="rotate(-90 `, ">Средний балл ОГЭ по математике<", ">Доля выполненных мероприятий<", ">Целевое значение 3,8<"} {
		if !strings.Contains(strings.ReplaceAll(svg, "\u00a0", " "), w) {
			t.Errorf("no %s in the preview", w)
		}
	}
}

// BenchmarkRenderCharts: a short analysis with four charts, as PDF and as
// the SVG preview.
func BenchmarkRenderCharts(b *testing.B) {
	body := []document.Block{{Paragraph: &document.Paragraph{Text: "Выполнено 14 из 23 мероприятий (60,9 %)."}}}
	for _, c := range []*document.Chart{barBySection(), lineOGE(), pieDone(), groupedBySubject()} {
		body = append(body, document.Block{Chart: c}, document.Block{Paragraph: &document.Paragraph{Text: "Средний балл по математике вырос с 3,4 до 3,7."}})
	}
	v := chartView(b, viewDoc(body...))
	r := NewRenderer(new(fonts.Library))
	ctx := context.Background()
	var buf bytes.Buffer
	if err := r.RenderView(ctx, &buf, v); err != nil {
		b.Fatal(err)
	}
	b.Run("pdf/charts4", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			buf.Reset()
			if err := r.RenderView(ctx, &buf, v); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(buf.Len()), "bytes/doc")
	})
	b.Run("svg/charts4", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			buf.Reset()
			p, err := r.Preview(ctx, v)
			if err != nil {
				b.Fatal(err)
			}
			for i := range p.Pages() {
				if err := p.WriteSVG(&buf, i); err != nil {
					b.Fatal(err)
				}
			}
		}
		b.ReportMetric(float64(buf.Len()), "bytes/doc")
	})
}
