package kartograf_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/kartograf-ru/kartograf"
	"github.com/kartograf-ru/kartograf/internal/testtool"
	"github.com/kartograf-ru/kartograf/internal/testtool/extract"
	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/render/view"
)

// The cross-format chart test (issue 15): one document with a chart of
// every kind — stacked and grouped bars, a line with a target, a pie — is
// rendered to PDF, DOCX and XLSX, and each chart is read back from the
// files themselves:
//   - the data: the DOCX chart part's caches and the cells the XLSX
//     chart's formulas point at hold the same categories, series names,
//     values and target as the input, and the same chart type and grouping;
//   - what a reader sees: the PDF, and the DOCX and XLSX as LibreOffice
//     prints them, show each chart's axis unit, categories, legend, axis
//     ticks, target label and caption in the same order, the whole chart
//     on one page.
//
// The expected texts come from the view (the one place that decides
// them), the expected data from the input.

func xcCharts() []*document.Chart {
	one := 1
	return []*document.Chart{
		{
			Type: document.ChartBar, Stacked: true, Title: "Выполнение мероприятий по разделам плана", Unit: "мероприятий",
			Categories: []string{"Управление", "Кадры", "Обучающиеся", "Родители"},
			Series: []document.ChartSeries{
				{Name: "Выполнено", Values: []float64{5, 3, 4, 2}},
				{Name: "В работе", Values: []float64{1, 2, 1, 0}},
				{Name: "Просрочено", Values: []float64{1, 0, 2, 1}},
			},
		},
		{
			Type: document.ChartBar, Title: "Средний балл по предметам", Unit: "балл", Decimals: &one,
			Categories: []string{"Математика", "Русский язык", "Физика"},
			Series: []document.ChartSeries{
				{Name: "2023", Values: []float64{3.4, 3.9, 3.6}},
				{Name: "2024", Values: []float64{3.7, 4.0, 3.5}},
			},
			Target: &document.ChartTarget{Name: "Цель", Value: 4},
		},
		{
			Type: document.ChartLine, Title: "Средний балл ОГЭ по математике", Unit: "балл",
			Categories: []string{"2021-2022", "2022-2023", "2023-2024", "2024-2025"},
			Series:     []document.ChartSeries{{Name: "Средний балл", Values: []float64{3.4, 3.5, 3.7, 3.9}}},
			Target:     &document.ChartTarget{Name: "Целевое значение", Value: 3.8},
		},
		{
			Type: document.ChartPie, Title: "Обучающиеся по уровням образования",
			Categories: []string{"Начальное общее", "Основное общее", "Среднее общее"},
			Series:     []document.ChartSeries{{Name: "Обучающиеся", Values: []float64{112, 140, 38}}},
		},
	}
}

func xcDocument() *document.Document {
	d := &document.Document{
		Kind:         document.KindAnalysis,
		Template:     "analysis-report@1.0.0",
		Title:        "Анализ реализации дорожной карты",
		Organization: document.Organization{FullName: "Муниципальное казённое общеобразовательное учреждение «Средняя школа № 1»"},
		Date:         "15.03.2024",
	}
	for i, c := range xcCharts() {
		d.Body = append(d.Body,
			document.Block{Heading: &document.Heading{Text: fmt.Sprintf("Часть %d", i+1), Level: 1}},
			document.Block{Chart: c})
	}
	return d
}

// xcData is a chart's data as a file holds it.
type xcData struct {
	Kinds      []string // plot kinds in order: bar, line, pie
	Grouping   string   // the bar chart's: stacked or clustered
	Categories []string
	Series     []xcSeries // the target is the last series, when there is one
}

type xcSeries struct {
	Name   string
	Values []float64
}

// xcWant is the input chart as the files must hold it: the target is a
// series of its value in every category.
func xcWant(c *document.Chart) xcData {
	d := xcData{Categories: c.Categories}
	switch c.Type {
	case document.ChartBar:
		d.Kinds, d.Grouping = []string{"bar"}, "clustered"
		if c.Stacked {
			d.Grouping = "stacked"
		}
	case document.ChartLine:
		d.Kinds = []string{"line"}
	case document.ChartPie:
		d.Kinds = []string{"pie"}
	}
	for _, s := range c.Series {
		d.Series = append(d.Series, xcSeries{s.Name, s.Values})
	}
	if c.Target != nil {
		if c.Type == document.ChartBar {
			d.Kinds = append(d.Kinds, "line")
		}
		v := make([]float64, len(c.Categories))
		for i := range v {
			v[i] = c.Target.Value
		}
		d.Series = append(d.Series, xcSeries{c.Target.Name, v})
	}
	return d
}

// chartSpace is the part of DrawingML's chart schema the test reads.
type chartSpace struct {
	PlotArea plotArea `xml:"chart>plotArea"`
}

type chartPlot struct {
	XMLName  xml.Name
	Grouping struct {
		Val string `xml:"val,attr"`
	} `xml:"grouping"`
	Series []struct {
		Tx struct {
			Ref   string   `xml:"strRef>f"`
			Cache []string `xml:"strRef>strCache>pt>v"`
			V     string   `xml:"v"`
		} `xml:"tx"`
		Cat struct {
			Ref   string   `xml:"strRef>f"`
			Cache []string `xml:"strRef>strCache>pt>v"`
		} `xml:"cat"`
		Val struct {
			Ref   string   `xml:"numRef>f"`
			Cache []string `xml:"numRef>numCache>pt>v"`
		} `xml:"val"`
	} `xml:"ser"`
}

// plotArea gathers its plots, whatever their element's name.
type plotArea struct {
	Plots []chartPlot `xml:",any"`
}

// chartData reads a chart part; cells, when given, resolves the formulas
// (the XLSX chart holds references), else the caches are read (the DOCX
// chart holds them, its embedded workbook being for editing).
func chartData(t *testing.T, part []byte, cells func(ref string) []string) xcData {
	t.Helper()
	var cs chartSpace
	if err := xml.Unmarshal(part, &cs); err != nil {
		t.Fatal(err)
	}
	var d xcData
	for _, p := range cs.PlotArea.Plots {
		kind, ok := strings.CutSuffix(p.XMLName.Local, "Chart")
		if !ok || len(p.Series) == 0 {
			continue
		}
		// A format may draw the target as a plot of its own beside the
		// series' plot of the same kind: one kind of plot is one kind.
		if len(d.Kinds) == 0 || d.Kinds[len(d.Kinds)-1] != kind {
			d.Kinds = append(d.Kinds, kind)
		}
		if kind == "bar" {
			d.Grouping = p.Grouping.Val
		}
		for _, s := range p.Series {
			name, cats, vals := s.Tx.V, s.Cat.Cache, s.Val.Cache
			if len(s.Tx.Cache) > 0 {
				name = s.Tx.Cache[0]
			}
			if cells != nil {
				if cats = cells(s.Cat.Ref); s.Tx.Ref != "" {
					name = strings.Join(cells(s.Tx.Ref), "")
				}
				vals = cells(s.Val.Ref)
			}
			if d.Categories == nil {
				d.Categories = cats
			} else if !slices.Equal(d.Categories, cats) {
				t.Errorf("series «%s» has the categories %q, the chart %q", name, cats, d.Categories)
			}
			ser := xcSeries{Name: name}
			for _, v := range vals {
				f, err := strconv.ParseFloat(v, 64)
				if err != nil {
					t.Errorf("series «%s»: value %q is no number", name, v)
				}
				ser.Values = append(ser.Values, f)
			}
			d.Series = append(d.Series, ser)
		}
	}
	return d
}

func zipParts(t *testing.T, data []byte, re *regexp.Regexp) [][]byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	type part struct {
		n    int
		data []byte
	}
	var parts []part
	for _, f := range zr.File {
		m := re.FindStringSubmatch(f.Name)
		if m == nil {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		n, _ := strconv.Atoi(m[1])
		parts = append(parts, part{n, b})
	}
	slices.SortFunc(parts, func(a, b part) int { return a.n - b.n })
	out := make([][]byte, len(parts))
	for i, p := range parts {
		out[i] = p.data
	}
	return out
}

// xlsxCells resolves a chart formula ('Лист'!$B$3:$B$6, one row or one
// column) to the cells' values as the workbook holds them.
func xlsxCells(t *testing.T, f *excelize.File) func(string) []string {
	return func(ref string) []string {
		t.Helper()
		sheet, rng, ok := strings.Cut(ref, "!")
		if !ok {
			t.Fatalf("chart formula %q names no sheet", ref)
		}
		sheet = strings.ReplaceAll(strings.Trim(sheet, "'"), "''", "'")
		from, to, _ := strings.Cut(strings.ReplaceAll(rng, "$", ""), ":")
		if to == "" {
			to = from
		}
		c0, r0, err := excelize.CellNameToCoordinates(from)
		if err != nil {
			t.Fatal(err)
		}
		c1, r1, err := excelize.CellNameToCoordinates(to)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for r := r0; r <= r1; r++ {
			for c := c0; c <= c1; c++ {
				name, _ := excelize.CoordinatesToCellName(c, r)
				v, err := f.GetCellValue(sheet, name, excelize.Options{RawCellValue: true})
				if err != nil {
					t.Fatal(err)
				}
				out = append(out, v)
			}
		}
		return out
	}
}

// xcTexts are the words a reader sees of chart c, in reading order.
func xcTexts(c *view.Chart) []string {
	var out []string
	if c.Unit != "" && c.Type != document.ChartPie {
		out = append(out, c.Unit)
	}
	out = append(out, c.Categories...)
	if c.Type != document.ChartPie && len(c.Series) > 1 {
		for _, s := range c.Series {
			out = append(out, s.Name)
		}
	}
	return append(out, c.Title)
}

// pageOf is the 1-based page of the first occurrence of w in the pages at
// or after page from.
func pageOf(pages []string, w string, from int) int {
	for i := max(from-1, 0); i < len(pages); i++ {
		if strings.Contains(pages[i], w) {
			return i + 1
		}
	}
	return 0
}

func TestCrossFormatCharts(t *testing.T) {
	testtool.Require(t, "pdftotext")
	eng, err := kartograf.New(kartograf.Options{})
	if err != nil {
		t.Fatal(err)
	}
	doc := xcDocument()
	ctx := context.Background()
	prep, err := eng.Prepare(ctx, doc, "")
	if err != nil {
		t.Fatal(err)
	}
	var views []*view.Chart
	for _, b := range prep.View.Blocks {
		if b.Kind == view.KindChart {
			views = append(views, b.Chart)
		}
	}
	charts := xcCharts()
	if len(views) != len(charts) {
		t.Fatalf("the view holds %d charts, want %d", len(views), len(charts))
	}
	files := map[kartograf.Format][]byte{}
	for _, f := range []kartograf.Format{kartograf.PDF, kartograf.DOCX, kartograf.XLSX} {
		var buf bytes.Buffer
		if _, err := eng.RenderPrepared(ctx, &buf, prep, kartograf.RenderOptions{Format: f}); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		files[f] = buf.Bytes()
	}

	t.Run("data", func(t *testing.T) {
		docxParts := zipParts(t, files[kartograf.DOCX], regexp.MustCompile(`^word/charts/chart(\d+)\.xml$`))
		xlsxParts := zipParts(t, files[kartograf.XLSX], regexp.MustCompile(`^xl/charts/chart(\d+)\.xml$`))
		if len(docxParts) != len(charts) || len(xlsxParts) != len(charts) {
			t.Fatalf("chart parts: DOCX %d, XLSX %d, want %d each", len(docxParts), len(xlsxParts), len(charts))
		}
		book, err := excelize.OpenReader(bytes.NewReader(files[kartograf.XLSX]))
		if err != nil {
			t.Fatal(err)
		}
		defer book.Close()
		for i, c := range charts {
			want := xcWant(c)
			for name, got := range map[string]xcData{
				"DOCX": chartData(t, docxParts[i], nil),
				"XLSX": chartData(t, xlsxParts[i], xlsxCells(t, book)),
			} {
				if fmt.Sprint(got) != fmt.Sprint(want) {
					t.Errorf("%s, chart %d «%s»:\n got %+v\nwant %+v", name, i+1, c.Title, got, want)
				}
			}
		}
	})

	t.Run("printed", func(t *testing.T) {
		dir := t.TempDir()
		pdf := filepath.Join(dir, "charts.pdf")
		docx := filepath.Join(dir, "charts-docx.docx")
		xlsx := filepath.Join(dir, "charts-xlsx.xlsx")
		for p, f := range map[string]kartograf.Format{pdf: kartograf.PDF, docx: kartograf.DOCX, xlsx: kartograf.XLSX} {
			if err := os.WriteFile(p, files[f], 0o644); err != nil {
				t.Fatal(err)
			}
		}
		printed := extract.ConvertDOCXToPDF(t, filepath.Join(dir, "lo"), docx, xlsx)
		for name, path := range map[string]string{"PDF": pdf, "DOCX": printed[0], "XLSX": printed[1]} {
			text := testtool.Run(t, "pdftotext", "-raw", "-enc", "UTF-8", path, "-")
			var pages []string
			for _, p := range strings.Split(text, "\f") {
				pages = append(pages, strings.Join(strings.Fields(strings.ReplaceAll(p, "\u00a0", " ")), " "))
			}
			// Each chart's page is its caption's, the captions in order.
			page, at := 1, 0
			for i, c := range views {
				title := strings.ReplaceAll(c.Title, "\u00a0", " ")
				p := pageOf(pages, title, page)
				if p == 0 {
					t.Errorf("%s: the caption «%s» of chart %d not found from page %d on", name, title, i+1, page)
					continue
				}
				if p == page && at > 0 {
					if k := strings.Index(pages[p-1][at:], title); k < 0 {
						t.Errorf("%s: the caption «%s» of chart %d is out of order on page %d", name, title, i+1, p)
					}
				}
				prev := page
				page = p
				on := pages[p-1]
				// The words of the chart are on its caption's page (LibreOffice
				// prints a chart's words in an order of its own, so their order
				// is asserted in Kartograf's PDF only).
				words := xcTexts(c)
				if c.Type != document.ChartPie {
					words = append(words, c.Axis.Labels...)
				}
				if c.Target != nil {
					words = append(words, c.Target.Label)
				}
				for _, w := range words {
					if w = strings.ReplaceAll(w, "\u00a0", " "); !strings.Contains(on, w) {
						t.Errorf("%s, chart %d «%s»: «%s» is not on the caption's page %d", name, i+1, title, w, p)
					}
				}
				if name == "PDF" {
					// In reading order, ending with the caption, after the
					// previous chart's caption.
					k := at
					if p != prev {
						k = 0
					}
					for _, w := range xcTexts(c) {
						w = strings.ReplaceAll(w, "\u00a0", " ")
						n := strings.Index(on[k:], w)
						if n < 0 {
							t.Errorf("PDF, chart %d «%s»: «%s» is out of order", i+1, title, w)
							continue
						}
						k += n + len(w)
					}
				}
				at = strings.Index(on, title) + len(title)
			}
		}
	})
}
