package xlsx

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/kartograf-ru/kartograf/internal/testtool"
	"github.com/kartograf-ru/kartograf/internal/testtool/testtpl"
	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/render/view"
)

// chartBook renders d (its charts drawn whatever the template's features)
// through the view, and returns the workbook and the view.
func chartBook(t testing.TB, d *document.Document) ([]byte, *view.View) {
	t.Helper()
	if err := document.Validate(d); err != nil {
		t.Fatal(err)
	}
	v, err := view.Build(context.Background(), d, testtpl.Edited(t, d.Template, "", nil), view.Meta{})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := writeShared.RenderView(context.Background(), &buf, v); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), v
}

func viewCharts(v *view.View) []*view.Chart {
	var out []*view.Chart
	for _, b := range v.Blocks {
		if b.Kind == view.KindChart {
			out = append(out, b.Chart)
		}
	}
	return out
}

// chartSer is a series of a chart part: the formulas of its name,
// categories and values.
type chartSer struct {
	Name string `xml:"tx>strRef>f"`
	Cat  string `xml:"cat>strRef>f"`
	Val  string `xml:"val>numRef>f"`
	Fill struct {
		Color struct {
			Val string `xml:"val,attr"`
		} `xml:"srgbClr"`
	} `xml:"spPr>solidFill"`
	Line struct {
		Color struct {
			Val string `xml:"val,attr"`
		} `xml:"srgbClr"`
	} `xml:"spPr>ln>solidFill"`
}

// chartSeries lists the <ser> elements of a chart part in order.
func chartSeries(t *testing.T, part string) []chartSer {
	t.Helper()
	var out []chartSer
	dec := xml.NewDecoder(strings.NewReader(part))
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "ser" {
			var s chartSer
			if err := dec.DecodeElement(&s, &se); err != nil {
				t.Fatal(err)
			}
			out = append(out, s)
		}
	}
}

var rangeRE = regexp.MustCompile(`^'([^']+)'!\$([A-Z]+)\$(\d+)(?::\$([A-Z]+)\$(\d+))?$`)

// rangeCells reads the cells of a formula's range (one column), raw.
func rangeCells(t *testing.T, f *excelize.File, ref string) []string {
	t.Helper()
	m := rangeRE.FindStringSubmatch(ref)
	if m == nil {
		t.Fatalf("range %q", ref)
	}
	r1, _ := strconv.Atoi(m[3])
	r2 := r1
	if m[4] != "" {
		if m[4] != m[2] {
			t.Fatalf("range %q spans columns", ref)
		}
		r2, _ = strconv.Atoi(m[5])
	}
	var out []string
	for r := r1; r <= r2; r++ {
		v, err := f.GetCellValue(m[1], m[2]+strconv.Itoa(r), excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, v)
	}
	return out
}

// anchor is a chart's place in the drawing: 0-based cells.
type anchor struct {
	From cellPos `xml:"from"`
	To   cellPos `xml:"to"`
}

type cellPos struct {
	Col    int `xml:"col"`
	ColOff int `xml:"colOff"`
	Row    int `xml:"row"`
	RowOff int `xml:"rowOff"`
}

// Every chart block is a chart part whose series take their names,
// categories and values from cells of the sheet that hold exactly the
// chart's texts and numbers; the chart has no title of its own (the
// caption is the merged row right under it), takes the view's colours,
// spans the sheet's columns and covers whole rows.
func TestChartOverItsCells(t *testing.T) {
	data, v := chartBook(t, testtpl.AnalysisChartsDoc())
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	drawing, ok := writePart(t, data, "xl/drawings/drawing1.xml")
	if !ok {
		t.Fatal("no drawing")
	}
	var wsDr struct {
		Anchors []anchor `xml:"twoCellAnchor"`
	}
	if err := xml.Unmarshal([]byte(drawing), &wsDr); err != nil {
		t.Fatal(err)
	}
	cols, err := f.GetCols(SheetText)
	if err != nil {
		t.Fatal(err)
	}
	charts := viewCharts(v)
	if len(wsDr.Anchors) != len(charts) {
		t.Fatalf("%d charts drawn, want %d", len(wsDr.Anchors), len(charts))
	}
	for i, c := range charts {
		part, ok := writePart(t, data, fmt.Sprintf("xl/charts/chart%d.xml", i+1))
		if !ok {
			t.Fatalf("chart %d: no part", i+1)
		}
		if !strings.Contains(part, `<chart><autoTitleDeleted val="1"></autoTitleDeleted><view3D>`) {
			t.Errorf("chart %d: the chart has a title of its own", i+1)
		}
		sers := chartSeries(t, part)
		want := len(c.Series)
		if c.Target != nil {
			want++
		}
		if len(sers) != want {
			t.Fatalf("chart %d: %d series, want %d", i+1, len(sers), want)
		}
		lastData := 0
		for si, s := range sers {
			name, values := "", []float64(nil)
			if si < len(c.Series) {
				name, values = c.Series[si].Name, c.Series[si].Values
			} else {
				name = c.Target.Name
				for range c.Categories {
					values = append(values, c.Target.Value)
				}
			}
			if got := rangeCells(t, f, s.Name); len(got) != 1 || got[0] != name {
				t.Errorf("chart %d series %d: name cell %s holds %q, want %q", i+1, si, s.Name, got, name)
			}
			if got := rangeCells(t, f, s.Cat); strings.Join(got, "|") != strings.Join(c.Categories, "|") {
				t.Errorf("chart %d series %d: categories %s hold %q, want %q", i+1, si, s.Cat, got, c.Categories)
			}
			got := rangeCells(t, f, s.Val)
			if len(got) != len(values) {
				t.Fatalf("chart %d series %d: values %s hold %q, want %v", i+1, si, s.Val, got, values)
			}
			for k, g := range got {
				if x, err := strconv.ParseFloat(g, 64); err != nil || x != values[k] {
					t.Errorf("chart %d series %d: value %d is %q, want %v", i+1, si, k, g, values[k])
				}
			}
			m := rangeRE.FindStringSubmatch(s.Val)
			lastData, _ = strconv.Atoi(m[5])
			if c.Type != document.ChartPie && si < len(c.Series) && s.Fill.Color.Val+s.Line.Color.Val != c.Colors[si] {
				t.Errorf("chart %d series %d: fill %q line %q, want %s", i+1, si, s.Fill.Color.Val, s.Line.Color.Val, c.Colors[si])
			}
		}
		if c.Type == document.ChartPie {
			for k, col := range c.Colors {
				if !strings.Contains(part, fmt.Sprintf(`<dPt><idx val="%d"></idx><bubble3D val="0"></bubble3D><spPr><a:solidFill><a:srgbClr val="%s">`, k, col)) {
					t.Errorf("chart %d: slice %d is not filled %s", i+1, k, col)
				}
			}
		}
		if c.Target != nil && !strings.Contains(part, `<a:prstDash val="dash">`) {
			t.Errorf("chart %d: the target line is not dashed", i+1)
		}
		a := wsDr.Anchors[i]
		if a.From.Col != 0 || a.From.ColOff != 0 || a.To.Col != len(cols) || a.To.ColOff != 0 {
			t.Errorf("chart %d: spans columns %d+%d … %d+%d, want the sheet's %d columns", i+1, a.From.Col, a.From.ColOff, a.To.Col, a.To.ColOff, len(cols))
		}
		if a.From.Row != lastData || a.From.RowOff != 0 || a.To.RowOff != 0 {
			t.Errorf("chart %d: from row %d+%d to %d+%d, want whole rows from %d, right under its data", i+1, a.From.Row, a.From.RowOff, a.To.Row, a.To.RowOff, lastData)
		}
		caption, _ := f.GetCellValue(SheetText, fmt.Sprintf("A%d", a.To.Row+1))
		if caption != c.Title {
			t.Errorf("chart %d: under it %q, want the caption %q", i+1, caption, c.Title)
		}
		// The covered rows are the chart's: empty.
		for r := a.From.Row + 1; r <= a.To.Row; r++ {
			if s, _ := f.GetCellValue(SheetText, fmt.Sprintf("A%d", r)); s != "" {
				t.Errorf("chart %d: covered row %d holds %q", i+1, r, s)
			}
		}
	}
}

// The same document gives the same bytes; with a plan, the chart blocks'
// parts come first and «Сводка»'s chart keeps its title.
func TestChartDeterministic(t *testing.T) {
	a, _ := chartBook(t, testtpl.AnalysisChartsDoc())
	for range 3 {
		if b, _ := chartBook(t, testtpl.AnalysisChartsDoc()); !bytes.Equal(a, b) {
			t.Fatal("two renders of one document differ")
		}
	}
	d := testtpl.TypographyDoc()
	d.Body = append(d.Body, testtpl.AnalysisChartsDoc().Body[:2]...)
	data, _ := chartBook(t, d)
	if b, _ := chartBook(t, d); !bytes.Equal(data, b) {
		t.Fatal("two renders of a plan with a chart differ")
	}
	first, _ := writePart(t, data, "xl/charts/chart1.xml")
	summary, _ := writePart(t, data, "xl/charts/chart2.xml")
	if !strings.Contains(first, "autoTitleDeleted") || !strings.Contains(summary, "Статусы мероприятий по разделам") || strings.Contains(summary, "autoTitleDeleted") {
		t.Errorf("chart parts mixed up:\n%.300s\n%.300s", first, summary)
	}
}

// A chart block that does not fit in the rest of the page starts the
// next one: after enough paragraphs, a page break stands right above
// its data.
func TestChartStartsPageWhenItDoesNotFit(t *testing.T) {
	d := testtpl.AnalysisChartsDoc()
	var body []document.Block
	for range 30 {
		body = append(body, document.Block{Paragraph: &document.Paragraph{Text: "Строка текста перед диаграммой."}})
	}
	d.Body = append(body, d.Body[1])
	data, v := chartBook(t, d)
	sheet, _ := writePart(t, data, "xl/worksheets/sheet1.xml")
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	c := viewCharts(v)[0]
	rows, _ := f.GetRows(SheetText)
	head := -1
	for r, row := range rows {
		if len(row) > 1 && row[1] == c.Series[0].Name {
			head = r + 1
		}
	}
	if head < 0 {
		t.Fatal("no data header")
	}
	if !strings.Contains(sheet, fmt.Sprintf(`<brk id="%d" max="16383" man="1"/>`, head-1)) {
		t.Errorf("no page break above the chart's data (row %d): %s", head, regexp.MustCompile(`<rowBreaks.*</rowBreaks>`).FindString(sheet))
	}
}

// LibreOffice prints each chart whole on one page with its caption, its
// data above it, its category, axis, legend and value labels, in Russian
// number format.
func TestChartsPrintWithLibreOffice(t *testing.T) {
	soffice := testtool.Require(t, "soffice")
	testtool.Require(t, "pdftotext")
	data, v := chartBook(t, testtpl.AnalysisChartsDoc())
	dir := t.TempDir()
	in := filepath.Join(dir, "charts.xlsx")
	if err := os.WriteFile(in, data, 0o644); err != nil {
		t.Fatal(err)
	}
	testtool.Run(t, soffice, "--headless", "--norestore", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"), "--convert-to", "pdf", "--outdir", dir, in)
	pdf := filepath.Join(dir, "charts.pdf")
	if keep := os.Getenv("KARTOGRAF_KEEP"); keep != "" {
		os.WriteFile(filepath.Join(keep, "charts.xlsx"), data, 0o644)
		b, _ := os.ReadFile(pdf)
		os.WriteFile(filepath.Join(keep, "charts.xlsx.pdf"), b, 0o644)
	}
	all := testtool.Run(t, "pdftotext", "-layout", "-enc", "UTF-8", pdf, "-")
	n := strings.Count(all, "\f")
	space := regexp.MustCompile(`\s+`)
	pages := make([]string, n)
	for p := range pages {
		text := testtool.Run(t, "pdftotext", "-layout", "-enc", "UTF-8", "-f", strconv.Itoa(p+1), "-l", strconv.Itoa(p+1), pdf, "-")
		pages[p] = " " + space.ReplaceAllString(text, " ") + " "
	}
	has := func(page, s string) bool { return strings.Contains(page, " "+space.ReplaceAllString(s, " ")+" ") }
	for i, c := range viewCharts(v) {
		at := -1
		for p, text := range pages {
			if has(text, c.Title) {
				at = p
			}
		}
		if at < 0 {
			t.Errorf("chart %d: caption %q not printed", i+1, c.Title)
			continue
		}
		page := pages[at]
		var want []string
		want = append(want, c.Categories...)
		for _, s := range c.Series {
			if chartLegend(c) {
				want = append(want, s.Name)
			}
			if chartLabels(c) {
				for k, l := range s.Labels {
					if s.Values[k] != 0 {
						want = append(want, l)
					}
				}
			}
		}
		if c.Target != nil {
			want = append(want, c.Target.Name)
		}
		if c.Unit != "" {
			want = append(want, c.Unit)
		}
		want = append(want, c.Axis.Labels...)
		for _, w := range want {
			if !has(page, w) {
				t.Errorf("chart %d: %q is not on the caption's page %d", i+1, w, at+1)
			}
		}
		// The data, when a page holds it with the chart, is on that page
		// too: its last category's row right above the chart.
		if len(c.Categories) <= 5 && !has(page, c.Categories[len(c.Categories)-1]+" "+c.Series[0].Labels[len(c.Categories)-1]) {
			t.Errorf("chart %d: its data is not on the caption's page %d", i+1, at+1)
		}
		t.Logf("chart %d printed on page %d", i+1, at+1)
	}
}

// A chart of 40 long categories, its labels turned upright, is no taller
// with its caption than a printed page.
func TestChartNoTallerThanPage(t *testing.T) {
	d := testtpl.AnalysisChartsDoc()
	long := d.Body[9].Chart
	var cats []string
	var vals []float64
	for i := range document.MaxChartCategories {
		cats = append(cats, fmt.Sprintf("%d. %s; %s", i+1, long.Categories[i%len(long.Categories)], long.Categories[(i+5)%len(long.Categories)]))
		vals = append(vals, float64(i%7))
	}
	long.Categories, long.Series[0].Values = cats, vals
	d.Body = d.Body[8:]
	data, v := chartBook(t, d)
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	drawing, _ := writePart(t, data, "xl/drawings/drawing1.xml")
	var wsDr struct {
		Anchors []anchor `xml:"twoCellAnchor"`
	}
	if err := xml.Unmarshal([]byte(drawing), &wsDr); err != nil || len(wsDr.Anchors) != 1 {
		t.Fatalf("%v: %d charts", err, len(wsDr.Anchors))
	}
	a := wsDr.Anchors[0]
	h := 0.0
	for r := a.From.Row + 1; r <= a.To.Row+1; r++ { // the covered rows and the caption
		ht, err := f.GetRowHeight(SheetText, r)
		if err != nil {
			t.Fatal(err)
		}
		h += ht
	}
	b := &book{m: v.Manifest()}
	if page := b.pageHeightPt(false, 100); h > page*pageSlack {
		t.Errorf("chart and caption %.0f pt tall, the page %.0f pt", h, page)
	}
	if !strings.Contains(mustPart(t, data, "xl/charts/chart1.xml"), `rot="-5400000"`) {
		t.Error("40 long categories: labels not turned")
	}
}

func mustPart(t *testing.T, data []byte, name string) string {
	t.Helper()
	s, ok := writePart(t, data, name)
	if !ok {
		t.Fatalf("no part %s", name)
	}
	return s
}

// BenchmarkRenderCharts renders the analysis with five charts (their data
// cells, chart parts and page keeping) through its view.
func BenchmarkRenderCharts(b *testing.B) {
	d := testtpl.AnalysisChartsDoc()
	v, err := view.Build(context.Background(), d, testtpl.Edited(b, d.Template, "", nil), view.Meta{})
	if err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := writeShared.RenderView(context.Background(), &buf, v); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len()), "bytes/op-out")
}
