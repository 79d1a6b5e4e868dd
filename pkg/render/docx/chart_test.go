package docx

import (
	"bytes"
	"context"
	"encoding/xml"
	"io"
	"path"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/render/view"
	"github.com/kartograf-ru/kartograf/templates"
)

// chartDoc is an analysis with the charts the genre draws: completion by
// section (stacked), an exam average over years against its target, the
// share of measures done, results by subject and year, and a chart of
// many long categories.
func chartDoc() *document.Document {
	f := false
	longCats := []string{
		"Совершенствование управленческой деятельности", "Повышение квалификации педагогических работников",
		"Развитие внутренней системы оценки качества", "Работа с обучающимися, имеющими трудности в обучении",
		"Взаимодействие с родителями (законными представителями)", "Организация внеурочной деятельности",
		"Профориентационная работа с обучающимися", "Совершенствование материально-технической базы",
		"Методическое сопровождение молодых специалистов", "Подготовка к государственной итоговой аттестации",
		"Психолого-педагогическое сопровождение", "Сетевое взаимодействие с образовательными организациями",
		"Мониторинг образовательных результатов",
	}
	longVals := make([]float64, len(longCats))
	for i := range longVals {
		longVals[i] = float64(40 + 4*i)
	}
	return &document.Document{
		Kind:         document.KindAnalysis,
		Organization: document.Organization{FullName: "МБОУ «Средняя школа № 3»"},
		Title:        "Анализ реализации дорожной карты",
		Body: []document.Block{
			{Heading: &document.Heading{Text: "Выполнение мероприятий"}},
			{Paragraph: &document.Paragraph{Text: "Выполнено 14 из 24 мероприятий."}},
			{Chart: &document.Chart{Type: document.ChartBar, Title: "Рисунок 1 — Выполнение мероприятий по разделам", Stacked: true, Unit: "мероприятий",
				Categories: []string{"Управление", "Кадры", "Обучающиеся", "Родители"},
				Series: []document.ChartSeries{
					{Name: "Выполнено", Values: []float64{5, 3, 4, 2}},
					{Name: "В работе", Values: []float64{1, 2, 0, 1}},
					{Name: "Не выполнено", Values: []float64{0, 1, 2, 1}},
					{Name: "Отменено", Values: []float64{1, 0, 0, 1}},
				}}},
			{Chart: &document.Chart{Type: document.ChartLine, Title: "Рисунок 2 — Средний балл ОГЭ по математике", Unit: "балл",
				Categories: []string{"2021", "2022", "2023", "2024", "2025"},
				Series:     []document.ChartSeries{{Name: "Средний балл", Values: []float64{3.4, 3.5, 3.45, 3.7, 3.75}}},
				Target:     &document.ChartTarget{Name: "Целевое значение", Value: 3.8}}},
			{Chart: &document.Chart{Type: document.ChartPie, Title: "Рисунок 3 — Доля выполненных мероприятий",
				Categories: []string{"Выполнено", "В работе", "Не выполнено", "Отменено"},
				Series:     []document.ChartSeries{{Name: "Мероприятия", Values: []float64{14, 4, 4, 2}}}}},
			{Chart: &document.Chart{Type: document.ChartBar, Title: "Рисунок 4 — Средний балл ВПР по предметам", Unit: "балл",
				Categories: []string{"Русский язык", "Математика", "Окружающий мир"},
				Series: []document.ChartSeries{
					{Name: "2023", Values: []float64{3.6, 3.4, 3.9}},
					{Name: "2024", Values: []float64{3.7, 3.5, 3.8}},
					{Name: "2025", Values: []float64{3.8, 3.7, 4.1}},
				}}},
			{Chart: &document.Chart{Type: document.ChartBar, Title: "Рисунок 5 — Выполнение по направлениям", Unit: "%", Legend: &f,
				Categories: longCats, Series: []document.ChartSeries{{Name: "Выполнено, %", Values: longVals}},
				Target: &document.ChartTarget{Name: "План", Value: 75}}},
			{Signature: &document.Signature{Position: "Директор", Name: "И.И. Иванов"}},
		},
	}
}

func chartVersion(t testing.TB) *templates.Version {
	t.Helper()
	reg, err := templates.New()
	if err != nil {
		t.Fatal(err)
	}
	v, err := reg.Resolve("analysis@1.1.0")
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// renderCharts renders d through the view (view.Build does not ask for
// the template feature «charts», which no released version lists).
func renderCharts(t testing.TB, d *document.Document) ([]byte, *view.View) {
	t.Helper()
	v := chartVersion(t)
	vw, err := view.Build(context.Background(), d, v, view.Meta{})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := NewRenderer().RenderView(context.Background(), &buf, vw); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), vw
}

func viewCharts(vw *view.View) []*view.Chart {
	var out []*view.Chart
	for _, b := range vw.Blocks {
		if b.Chart != nil {
			out = append(out, b.Chart)
		}
	}
	return out
}

// TestChartPartsHoldData: each chart is a chart part of its own, with its
// kind, every category, series name and value, the target as a dashed
// line series and the view's axis.
func TestChartPartsHoldData(t *testing.T) {
	data, vw := renderCharts(t, chartDoc())
	parts := unzip(t, data)
	mustWellFormed(t, parts)
	charts := viewCharts(vw)
	if len(charts) != 5 {
		t.Fatalf("view has %d charts", len(charts))
	}
	for i, c := range charts {
		x, ok := parts[chartPart(i+1)]
		if !ok {
			t.Fatalf("no %s", chartPart(i+1))
		}
		for _, cat := range c.Categories {
			if !strings.Contains(x, "<c:v>"+plainText(cat)+"</c:v>") {
				t.Errorf("chart %d: category %q missing", i+1, cat)
			}
		}
		for _, s := range c.Series {
			if !strings.Contains(x, "<c:v>"+plainText(s.Name)+"</c:v>") {
				t.Errorf("chart %d: series name %q missing", i+1, s.Name)
			}
			for _, v := range s.Values {
				if !strings.Contains(x, "<c:v>"+strconv.FormatFloat(v, 'g', -1, 64)+"</c:v>") {
					t.Errorf("chart %d: value %v of %q missing", i+1, v, s.Name)
				}
			}
		}
		if !strings.Contains(x, `<c:autoTitleDeleted val="1"/>`) {
			t.Errorf("chart %d prints a title of its own: the caption is the document's", i+1)
		}
		if got := strings.Contains(x, `<c:legendPos val="b"/>`); got != c.Legend {
			t.Errorf("chart %d: legend at the bottom %v, want %v", i+1, got, c.Legend)
		}
		if !strings.Contains(x, `<c:externalData r:id="rId1">`) {
			t.Errorf("chart %d: no embedded data", i+1)
		}
		if c.Type != document.ChartPie {
			a := c.Axis
			for _, want := range []string{`<c:max val="` + xnum(a.Max) + `"/>`, `<c:min val="` + xnum(a.Min) + `"/>`, `<c:majorUnit val="` + xnum(a.Step) + `"/>`} {
				if !strings.Contains(x, want) {
					t.Errorf("chart %d: axis lacks %s", i+1, want)
				}
			}
		}
		if c.Target != nil {
			name := "<c:v>" + plainText(c.Target.Name) + "</c:v>"
			k := strings.Index(x, name)
			if k < 0 || !strings.Contains(x[:k], "<c:lineChart>") {
				t.Errorf("chart %d: target %q is no line series", i+1, c.Target.Name)
				continue
			}
			ser := x[strings.LastIndex(x[:k], "<c:ser>"):]
			ser = ser[:strings.Index(ser, "</c:ser>")]
			if !strings.Contains(ser, `<a:prstDash val="dash"/>`) || !strings.Contains(ser, `<c:symbol val="none"/>`) {
				t.Errorf("chart %d: target line not dashed without markers: %s", i+1, ser)
			}
		}
	}
	for name, want := range map[int][]string{
		1: {`<c:barDir val="col"/>`, `<c:grouping val="stacked"/>`, `<c:overlap val="100"/>`},
		2: {`<c:lineChart>`, `<c:grouping val="standard"/>`},
		3: {`<c:pieChart>`, `<c:dPt><c:idx val="3"/>`, `<a:srgbClr val="` + charts[2].Colors[3] + `"/>`},
		4: {`<c:grouping val="clustered"/>`, `<a:srgbClr val="` + charts[3].Colors[2] + `"/>`},
	} {
		for _, w := range want {
			if !strings.Contains(parts[chartPart(name)], w) {
				t.Errorf("chart %d lacks %s", name, w)
			}
		}
	}
	if strings.Contains(parts[chartPart(4)], "<c:overlap") {
		t.Error("a grouped chart overlaps its columns")
	}
}

// TestChartWorkbook: each chart's embedded workbook opens and holds the
// chart's categories, series names and numbers where its formulas say.
func TestChartWorkbook(t *testing.T) {
	data, vw := renderCharts(t, chartDoc())
	parts := unzip(t, data)
	for i, c := range viewCharts(vw) {
		x := parts[chartDataPart(i+1)]
		f, err := excelize.OpenReader(strings.NewReader(x))
		if err != nil {
			t.Fatalf("chart %d workbook: %v", i+1, err)
		}
		cell := func(col, row int) string {
			name, _ := excelize.CoordinatesToCellName(col, row)
			v, err := f.GetCellValue(chartSheet, name, excelize.Options{RawCellValue: true})
			if err != nil {
				t.Fatal(err)
			}
			return v
		}
		for k, cat := range c.Categories {
			if got := cell(1, k+2); got != cat {
				t.Errorf("chart %d A%d = %q, want %q", i+1, k+2, got, cat)
			}
		}
		for j, s := range c.Series {
			if got := cell(j+2, 1); got != s.Name {
				t.Errorf("chart %d: series %d named %q, want %q", i+1, j, got, s.Name)
			}
			for k, v := range s.Values {
				got, err := strconv.ParseFloat(cell(j+2, k+2), 64)
				if err != nil || got != v {
					t.Errorf("chart %d: %s[%d] = %v (%v), want %v", i+1, s.Name, k, got, err, v)
				}
			}
		}
		if c.Target != nil {
			col := len(c.Series) + 2
			if got := cell(col, 1); got != c.Target.Name {
				t.Errorf("chart %d: target column named %q", i+1, got)
			}
			if got := cell(col, 2); got != xnum(c.Target.Value) {
				t.Errorf("chart %d: target %q, want %v", i+1, got, c.Target.Value)
			}
		}
		f.Close()
		// Every formula of the chart points into the sheet's filled range.
		for _, m := range regexp.MustCompile(`<c:f>'([^']+)'!\$([A-Z])\$(\d+)(?::\$([A-Z])\$(\d+))?</c:f>`).FindAllStringSubmatch(parts[chartPart(i+1)], -1) {
			if m[1] != chartSheet {
				t.Errorf("chart %d refers to sheet %q", i+1, m[1])
			}
			last, _ := strconv.Atoi(m[3])
			if m[5] != "" {
				last, _ = strconv.Atoi(m[5])
			}
			if last > len(c.Categories)+1 || int(m[2][0]-'A') > len(c.Series)+1 {
				t.Errorf("chart %d: formula %s beyond the data", i+1, m[0])
			}
		}
	}
}

// TestChartPackageResolves is what Word checks when it opens a package:
// every relationship's target is a part of it, every part has a content
// type, every r:id a part uses is one of its relationships, and the
// drawings' ids are unique.
func TestChartPackageResolves(t *testing.T) {
	data, _ := renderCharts(t, chartDoc())
	parts := unzip(t, data)
	types := parts["[Content_Types].xml"]
	for name := range parts {
		if name != "[Content_Types].xml" && !coveredByTypes(types, name) {
			t.Errorf("part %s has no content type", name)
		}
	}
	for i := 1; i <= 5; i++ {
		if !strings.Contains(types, `<Override PartName="/`+chartPart(i)+`" ContentType="`+chartContentType+`"/>`) {
			t.Errorf("chart %d: no content type override", i)
		}
	}
	type rel struct {
		ID         string `xml:"Id,attr"`
		Target     string `xml:"Target,attr"`
		TargetMode string `xml:"TargetMode,attr"`
	}
	seen := 0
	for name, x := range parts {
		if !strings.HasSuffix(name, ".rels") {
			continue
		}
		var rels struct {
			Rels []rel `xml:"Relationship"`
		}
		if err := xml.Unmarshal([]byte(x), &rels); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		// _rels/x.rels describes x, beside the _rels folder.
		dir := path.Dir(path.Dir(name))
		source := path.Join(dir, strings.TrimSuffix(path.Base(name), ".rels"))
		ids := map[string]bool{}
		for _, r := range rels.Rels {
			if ids[r.ID] {
				t.Errorf("%s: relationship %s repeated", name, r.ID)
			}
			ids[r.ID] = true
			if r.TargetMode == "External" {
				continue
			}
			target := path.Join(dir, r.Target)
			if strings.HasPrefix(r.Target, "/") {
				target = strings.TrimPrefix(r.Target, "/")
			}
			if _, ok := parts[target]; !ok {
				t.Errorf("%s: %s → %s, which is not in the package", name, r.ID, target)
			}
			seen++
		}
		src, ok := parts[source]
		if !ok && source != "" {
			continue // the package's own relationships
		}
		for _, m := range regexp.MustCompile(`r:(?:id|embed|link)="([^"]+)"`).FindAllStringSubmatch(src, -1) {
			if !ids[m[1]] {
				t.Errorf("%s uses %s, which %s lacks", source, m[1], name)
			}
		}
	}
	if seen < 10 {
		t.Errorf("only %d relationships walked", seen)
	}
	ids := map[string]bool{}
	for _, m := range regexp.MustCompile(`<wp:docPr id="(\d+)"`).FindAllStringSubmatch(parts[mainPart], -1) {
		if ids[m[1]] {
			t.Errorf("drawing id %s repeated", m[1])
		}
		ids[m[1]] = true
	}
	if len(ids) != 5 {
		t.Errorf("%d drawings in the document, want 5", len(ids))
	}
}

// TestChartKeptWithCaption: the drawing stands in a paragraph that keeps
// with the next, its caption, centred under it; the drawing is as wide as
// the text and as high as the view's proportion.
func TestChartKeptWithCaption(t *testing.T) {
	data, vw := renderCharts(t, chartDoc())
	doc := unzip(t, data)[mainPart]
	width := int64(textTwips(vw.Manifest())) * emuPerTwip
	for i, c := range viewCharts(vw) {
		k := strings.Index(doc, `r:id="`+chartRelPrefix+strconv.Itoa(i+1)+`"`)
		if k < 0 {
			t.Fatalf("chart %d not drawn in the body", i+1)
		}
		p := doc[strings.LastIndex(doc[:k], "<w:p>"):]
		drawing := p[:strings.Index(p, "</w:p>")+len("</w:p>")]
		capPara := p[len(drawing):]
		capPara = capPara[:strings.Index(capPara, "</w:p>")+len("</w:p>")]
		if caption := paragraphs(t, capPara)[0]; caption != c.Title {
			t.Errorf("chart %d: the paragraph after it is %q, want its caption %q", i+1, caption, c.Title)
		}
		if !strings.Contains(drawing, "<w:keepNext/>") || !strings.Contains(drawing, "<w:keepLines/>") {
			t.Errorf("chart %d: drawing not kept with its caption: %s", i+1, drawing[:200])
		}
		if !strings.Contains(capPara, `<w:jc w:val="center"/>`) && !strings.Contains(capPara, `w:val="center"`) {
			// The template's centred paragraph may centre by its style.
			if !strings.Contains(capPara, "<w:pStyle") {
				t.Errorf("chart %d: caption not centred: %s", i+1, capPara)
			}
		}
		m := regexp.MustCompile(`<wp:extent cx="(\d+)" cy="(\d+)"/>`).FindStringSubmatch(drawing)
		if m == nil {
			t.Fatalf("chart %d: no extent", i+1)
		}
		cx, _ := strconv.ParseInt(m[1], 10, 64)
		cy, _ := strconv.ParseInt(m[2], 10, 64)
		// The plot keeps the view's proportion; turned labels add below.
		plot := int64(float64(width)*c.Aspect + 0.5)
		if cx != width || cy < plot || cy > plot+maxExtraMM*emuPerMM {
			t.Errorf("chart %d: drawing %d×%d EMU, want %d wide and %d high or a little more", i+1, cx, cy, width, plot)
		}
		if _, h := vw.Manifest().PageSizeMM(); float64(cy) > (h-vw.Manifest().Page.Margins.Top-vw.Manifest().Page.Margins.Bottom-20)*emuPerMM {
			t.Errorf("chart %d: %d EMU high does not fit a page with its caption", i+1, cy)
		}
	}
}

// TestChartDeterministic: the same charts give the same bytes, the
// embedded workbooks included.
func TestChartDeterministic(t *testing.T) {
	a, _ := renderCharts(t, chartDoc())
	b, _ := renderCharts(t, chartDoc())
	if !bytes.Equal(a, b) {
		t.Error("two renders of the same charts differ")
	}
}

// BenchmarkChartDocx renders the five charts of chartDoc: the chart
// parts and the embedded workbooks.
func BenchmarkChartDocx(b *testing.B) {
	vw, err := view.Build(context.Background(), chartDoc(), chartVersion(b), view.Meta{})
	if err != nil {
		b.Fatal(err)
	}
	r := NewRenderer()
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := r.RenderView(context.Background(), &buf, vw); err != nil {
			b.Fatal(err)
		}
	}
}

// TestChartNeedsItsParagraph: a template that prints a narrative
// paragraph inside other text, or not at all, would lose the chart; the
// render fails instead. A template that prints it alone draws it, even
// without styles of its own.
func TestChartNeedsItsParagraph(t *testing.T) {
	d := &document.Document{Kind: document.KindRoadmap, Title: "Карта", Body: []document.Block{
		{Chart: &document.Chart{Type: document.ChartLine, Title: "Динамика", Categories: []string{"2024", "2025"},
			Series: []document.ChartSeries{{Name: "Балл", Values: []float64{3.5, 3.9}}}}},
	}}
	parts := renderTest(t, testVersion(t, body), d)
	if !strings.Contains(parts[chartPart(1)], "<c:v>Динамика</c:v>") && !strings.Contains(parts[chartPart(1)], "<c:v>Балл</c:v>") {
		t.Errorf("the test template drew no chart: %v", parts[chartPart(1)])
	}
	for _, c := range []struct{ name, tmpl, want string }{
		{"inline", strings.Replace(body, "<w:t>{{.Paragraph.Text}}</w:t>", `<w:t xml:space="preserve">Текст: {{.Paragraph.Text}}</w:t>`, 1), "внутри другого текста"},
		{"absent", strings.Replace(body, "{{p if .Paragraph}}", "{{p if false}}", 1), "не все диаграммы документа (0 из 1)"},
	} {
		err := NewRenderer().Render(context.Background(), io.Discard, d, testVersion(t, c.tmpl), Meta{})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want an error saying %q", c.name, err, c.want)
		}
	}
}

// TestChartCheck: the dry run of a version that draws charts draws one.
func TestChartCheck(t *testing.T) {
	v := chartVersion(t)
	m := v.Manifest
	if Sample(&m).Body[len(Sample(&m).Body)-2].Chart != nil {
		t.Fatal("the sample of a version without charts has a chart")
	}
	m.Features = append(append([]string{}, m.Features...), document.FeatureCharts)
	s := Sample(&m)
	if s.Body[len(s.Body)-2].Chart == nil {
		t.Fatal("the sample of a version with charts has none")
	}
	bad := testVersion(t, strings.Replace(body, "{{p if .Paragraph}}", "{{p if false}}", 1))
	bad.Manifest.Features = append(append([]string{}, bad.Manifest.Features...), document.FeatureCharts)
	if err := NewRenderer().Check(bad); err == nil || !strings.Contains(err.Error(), "диаграммы") {
		t.Errorf("a version with charts that prints no paragraph passed the dry run: %v", err)
	}
}
