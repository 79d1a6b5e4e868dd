package analysis_test

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/kartograf-ru/kartograf"
	"github.com/kartograf-ru/kartograf/internal/testtool"
	"github.com/kartograf-ru/kartograf/internal/textcheck"
	"github.com/kartograf-ru/kartograf/pkg/analysis"
	"github.com/kartograf-ru/kartograf/pkg/document"
)

const nb = "\u00a0"

// TestWithUnit: the unit agrees with its number as Russian wants it; a
// number with decimals is a fraction and takes the genitive singular.
func TestWithUnit(t *testing.T) {
	for _, c := range []struct {
		v    float64
		d    int
		unit string
		want string
	}{
		{3.7, 1, "балл", "3,7" + nb + "балла"},
		{4, 0, "балл", "4" + nb + "балла"},
		{5, 0, "балл", "5" + nb + "баллов"},
		{21, 0, "балл", "21" + nb + "балл"},
		{1, 0, "балл", "1" + nb + "балл"},
		{2, 0, "балл", "2" + nb + "балла"},
		{11, 0, "балл", "11" + nb + "баллов"},
		{12, 0, "балл", "12" + nb + "баллов"},
		{22, 0, "балл", "22" + nb + "балла"},
		{25, 0, "балл", "25" + nb + "баллов"},
		{111, 0, "балл", "111" + nb + "баллов"},
		{101, 0, "баллов", "101" + nb + "балл"},
		{4, 1, "балл", "4,0" + nb + "балла"},
		{0.5, 1, "балл", "0,5" + nb + "балла"},
		{21.25, 2, "балл", "21,25" + nb + "балла"},
		{12.5, 1, "%", "12,5" + nb + "%"},
		{3, 0, "человек", "3" + nb + "человека"},
		{5, 0, "человек", "5" + nb + "человек"},
		{40, 0, "чел.", "40" + nb + "чел."},
		{7, 0, "", "7"},
		{-2.5, 1, "балл", "−2,5" + nb + "балла"},
	} {
		if got := analysis.WithUnit(c.v, c.d, c.unit); got != c.want {
			t.Errorf("WithUnit(%v, %d, %q) = %q, want %q", c.v, c.d, c.unit, got, c.want)
		}
	}
}

// TestDynamicsGenitive: after «до» the whole number phrase is genitive:
// «до 4 баллов», «до 21 балла», «до 3,7 балла».
func TestDynamicsGenitive(t *testing.T) {
	zero := 0
	for _, c := range []struct {
		from, to float64
		want     string
	}{
		{3, 4, "выросло с 3 до 4" + nb + "баллов (+1)"},
		{20, 21, "выросло с 20 до 21" + nb + "балла (+1)"},
		{25, 22, "снизилось с 25 до 22" + nb + "баллов (−3)"},
		{12, 11, "снизилось с 12 до 11" + nb + "баллов (−1)"},
		{1, 1, "не изменилось (1" + nb + "балл)"},
	} {
		in := analysis.Indicator{Name: "Балл", Unit: "балл", Decimals: &zero, Values: []analysis.IndicatorValue{
			{Year: "2024", Value: c.to}, {Year: "2023", Value: c.from}}}
		if got := in.Dynamics(); !strings.Contains(got, c.want) {
			t.Errorf("%v → %v: %q, want it to hold %q", c.from, c.to, got, c.want)
		}
	}
}

// indicatorPhrases are the phrases the test data must give, written out
// by hand from testdata/analysis/indicators.json (the change is the last
// year against the one before; «better: lower» reaches its target from
// above; the single-year indicator has none).
var indicatorPhrases = []string{
	"Значение показателя «Средний балл ОГЭ по математике» выросло с 3,4 до 3,7" + nb + "балла (+0,3); целевое значение 3,8 не достигнуто.",
	"Значение показателя «Средний балл ОГЭ по русскому языку» снизилось с 4,0 до 3,9" + nb + "балла (−0,1); целевое значение 3,8 достигнуто.",
	"Значение показателя «Средний балл ЕГЭ по русскому языку» выросло с 68 до 71" + nb + "балла (+3); целевое значение 70 достигнуто.",
	"Значение показателя «Средний балл ЕГЭ по профильной математике» не изменилось (55" + nb + "баллов); целевое значение 60 не достигнуто.",
	"Значение показателя «Средний балл ВПР по математике (5 класс)» не изменилось (3,6" + nb + "балла).",
	"Значение показателя «Доля неудовлетворительных результатов ОГЭ» снизилось с 9,8 до 6,4" + nb + "% (−3,4); целевое значение 5,0 не достигнуто.",
	"Значение показателя «Доля обучающихся ниже порога ВПР» снизилось с 11,2 до 8,0" + nb + "% (−3,2); целевое значение 10,0 достигнуто.",
}

// indicatorRows is the table of the test data computed by hand.
var indicatorRows = [][]string{
	{"Средний балл ОГЭ по математике", "балл", "3,2", "3,4", "3,7", "+0,3", "3,8"},
	{"Средний балл ОГЭ по русскому языку", "балл", "3,9", "4,0", "3,9", "−0,1", "3,8"},
	{"Средний балл ЕГЭ по русскому языку", "балл", "64", "68", "71", "+3", "70"},
	{"Средний балл ЕГЭ по профильной математике", "балл", "52", "55", "55", "0", "60"},
	{"Средний балл ВПР по математике (5 класс)", "балл", "3,5", "3,6", "3,6", "0,0", "—"},
	{"Доля неудовлетворительных результатов ОГЭ", "%", "12,5", "9,8", "6,4", "−3,4", "5,0"},
	{"Доля обучающихся ниже порога ВПР", "%", "14,0", "11,2", "8,0", "−3,2", "10,0"},
	{"Число участников олимпиад муниципального этапа", "человек", "—", "—", "21", "—", "25"},
}

func testIndicators(t testing.TB) []analysis.Indicator {
	t.Helper()
	data := testtool.RepoFile(t, "testdata", "analysis", "indicators.json")
	ins, err := analysis.ReadIndicators(bytes.NewReader(data), "indicators.json")
	if err != nil {
		t.Fatal(err)
	}
	return ins
}

// indicatorPart is the blocks between «Динамика показателей» and the next
// heading.
func indicatorPart(t *testing.T, doc *document.Document) (at int, part []document.Block) {
	t.Helper()
	at = slices.IndexFunc(doc.Body, func(b document.Block) bool {
		return b.Heading != nil && b.Heading.Text == analysis.HeadingIndicators
	})
	if at < 0 {
		t.Fatal("no heading «Динамика показателей»")
	}
	end := slices.IndexFunc(doc.Body[at+1:], func(b document.Block) bool { return b.Heading != nil })
	if end < 0 {
		end = len(doc.Body) - at - 1
	}
	return at, doc.Body[at+1 : at+1+end]
}

func TestIndicatorDynamics(t *testing.T) {
	doc, err := analysis.Build(seedPlan(t), analysis.Options{Date: seedDate, Indicators: testIndicators(t)})
	if err != nil {
		t.Fatal(err)
	}
	at, part := indicatorPart(t, doc)
	// After the sections table and its chart, before the overdue list.
	if prev := doc.Body[at-1]; prev.Chart == nil || prev.Chart.Title != analysis.ChartSections {
		t.Errorf("the dynamics do not follow the sections chart")
	}
	if next := doc.Body[at+1+len(part)]; next.Heading == nil || next.Heading.Text != analysis.HeadingOverdue {
		t.Errorf("the dynamics are not followed by the overdue measures")
	}
	if len(part) == 0 || part[0].Table == nil {
		t.Fatal("no table under «Динамика показателей»")
	}
	tb := part[0].Table
	var titles []string
	for _, c := range tb.Columns {
		titles = append(titles, c.Title)
	}
	wantTitles := []string{"Показатель", "Единица измерения", "2021-2022", "2022-2023", "2023-2024", "Изменение к предыдущему году", "Целевое значение"}
	if !slices.Equal(titles, wantTitles) {
		t.Errorf("columns %q, want %q", titles, wantTitles)
	}
	if len(tb.Rows) != len(indicatorRows) {
		t.Fatalf("%d rows, want %d", len(tb.Rows), len(indicatorRows))
	}
	for i, row := range tb.Rows {
		var got []string
		for _, c := range row {
			got = append(got, c.Plain())
		}
		if !slices.Equal(got, indicatorRows[i]) {
			t.Errorf("row %d: %q, want %q", i, got, indicatorRows[i])
		}
	}
	var phrases []string
	var charts []*document.Chart
	for _, b := range part[1:] {
		switch {
		case b.Paragraph != nil:
			phrases = append(phrases, b.Paragraph.Text)
		case b.Chart != nil:
			charts = append(charts, b.Chart)
		}
	}
	if !slices.Equal(phrases, indicatorPhrases) {
		t.Errorf("phrases:\n%s\nwant:\n%s", strings.Join(phrases, "\n"), strings.Join(indicatorPhrases, "\n"))
	}
	// One chart per indicator, captioned with its name, over its years,
	// with its values and target: a line, or a column for one year.
	if len(charts) != len(indicatorRows) {
		t.Fatalf("%d charts, want %d", len(charts), len(indicatorRows))
	}
	for i, c := range charts {
		want := indicatorRows[i]
		if c.Title != want[0] || c.Unit != want[1] {
			t.Errorf("chart %d: title %q unit %q, want %q %q", i, c.Title, c.Unit, want[0], want[1])
		}
		typ := document.ChartLine
		if i == len(charts)-1 {
			typ = document.ChartBar
		}
		if c.Type != typ {
			t.Errorf("chart %d: type %s, want %s", i, c.Type, typ)
		}
		if len(c.Series) != 1 {
			t.Fatalf("chart %d: %d series", i, len(c.Series))
		}
		var years, vals []string
		for k, y := range []string{"2021-2022", "2022-2023", "2023-2024"} {
			if want[2+k] != "—" {
				years = append(years, y)
				vals = append(vals, want[2+k])
			}
		}
		if !slices.Equal(c.Categories, years) {
			t.Errorf("chart %d: categories %q, want %q", i, c.Categories, years)
		}
		var got []string
		for _, v := range c.Series[0].Values {
			got = append(got, analysis.NumberText(v, c.ValueDecimals()))
		}
		if !slices.Equal(got, vals) {
			t.Errorf("chart %d: values %q, want %q", i, got, vals)
		}
		switch {
		case want[6] == "—" && c.Target != nil:
			t.Errorf("chart %d: a target line without a target", i)
		case want[6] != "—" && (c.Target == nil || c.Target.Name != analysis.TargetName ||
			analysis.NumberText(c.Target.Value, c.ValueDecimals()) != want[6]):
			t.Errorf("chart %d: target %+v, want %s", i, c.Target, want[6])
		}
	}
	if err := document.Validate(doc); err != nil {
		t.Errorf("the analysis with indicators is not valid: %v", err)
	}
}

// TestIndicatorTableSharedUnit: one unit for all is said once, in the
// indicator column's title, there is no unit column, and the analysis is
// valid (a unit on the text year columns made it fail every render).
func TestIndicatorTableSharedUnit(t *testing.T) {
	ins := testIndicators(t)[:2]
	doc, err := analysis.Build(seedPlan(t), analysis.Options{Date: seedDate, Indicators: ins})
	if err != nil {
		t.Fatal(err)
	}
	_, part := indicatorPart(t, doc)
	tb := part[0].Table
	if len(tb.Columns) != 6 || tb.Columns[0].Title != analysis.ColumnIndicator+", балл" || tb.Columns[1].Title != "2021-2022" {
		t.Errorf("columns %+v", tb.Columns)
	}
	if err := document.Validate(doc); err != nil {
		t.Errorf("the analysis with one unit is not valid: %v", err)
	}
}

// TestIndicatorRenders: the phrases and the table's numbers are in the
// PDF, in the DOCX printed by LibreOffice and in the workbook.
func TestIndicatorRenders(t *testing.T) {
	eng, err := kartograf.New(kartograf.Options{})
	if err != nil {
		t.Fatal(err)
	}
	doc, err := analysis.Build(seedPlan(t), analysis.Options{Date: seedDate, Indicators: testIndicators(t)})
	if err != nil {
		t.Fatal(err)
	}
	if err := eng.Validate(doc, ""); err != nil {
		t.Fatalf("not a valid document: %v", err)
	}
	want := []string{analysis.HeadingIndicators}
	// The table's first row, then every phrase in order.
	want = append(want, indicatorRows[0][2:]...)
	want = append(want, indicatorPhrases...)
	xlsxText, pdfText, docxText := printedTexts(t, eng, doc)
	for name, text := range map[string]string{"XLSX": xlsxText, "PDF": pdfText, "DOCX printed by LibreOffice": docxText} {
		if err := textcheck.InOrder(want, text); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}
