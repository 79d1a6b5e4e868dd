package analysis_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/kartograf-ru/kartograf"
	"github.com/kartograf-ru/kartograf/internal/textcheck"
	"github.com/kartograf-ru/kartograf/pkg/analysis"
	"github.com/kartograf-ru/kartograf/pkg/document"
)

// handIndicator is one indicator of the district test, with every
// school's value in the reporting year in units of 10^-dec (ok false: no
// value) and the value a year before, which must not show.
type handIndicator struct {
	name, unit string
	dec        int
	target     int64 // units; -1: none
	lower      bool
	values     func(i int) (int64, bool)
}

// Seven schools: s0007's workbook is broken, yet its results count;
// s0003 has no 2023-2024 value of the first indicator.
var handIndicators = []handIndicator{
	{"Средний балл ОГЭ по математике", "балл", 1, 38, false, func(i int) (int64, bool) { return 33 + 2*int64(i), i != 2 }},
	{"Доля обучающихся, не преодолевших минимальный порог", "%", 1, 100, true, func(i int) (int64, bool) { return 125 - 17*int64(i), true }},
	{"Средний балл ЕГЭ по русскому языку", "балл", 0, 70, false, func(i int) (int64, bool) { return 60 + 3*int64(i), i != 5 }},
	{"Средний балл ВПР по математике (5 класс)", "балл", 1, -1, false, func(i int) (int64, bool) { return 31 + 2*int64(i), true }},
	{"Число участников олимпиад муниципального этапа", "человек", 0, 21, false, func(i int) (int64, bool) { return 18 + int64(i), i != 0 }},
}

const handSchools = 7

// handText is u units of 10^-d as printed: «3,5», «12».
func handText(u int64, d int) string {
	if d == 0 {
		return strconv.FormatInt(u, 10)
	}
	s := fmt.Sprintf("%.*f", d, float64(u)/10)
	return strings.Replace(s, ".", ",", 1)
}

func handFloat(u int64, d int) float64 {
	if d == 0 {
		return float64(u)
	}
	return float64(u) / 10
}

// handRefs are how the data names each school: by id, by name in
// another case, with spaces around.
func handRef(i int) string {
	switch i % 3 {
	case 0:
		return fmt.Sprintf("s%04d", i+1)
	case 1:
		return fmt.Sprintf("  мкоу сош № %d ", i+1)
	}
	return fmt.Sprintf("МКОУ СОШ № %d", i+1)
}

func handDistrict() []analysis.SchoolPlan {
	var out []analysis.SchoolPlan
	for i := range handSchools {
		s := analysis.SchoolPlan{ID: fmt.Sprintf("s%04d", i+1), Source: fmt.Sprintf("s%04d.xlsx", i+1)}
		if i == handSchools-1 {
			s.Problem = "файл повреждён"
		} else {
			s.Plan = itemsPlan(i+1, document.StatusInProgress)
			s.Plan.Organization.ShortName = fmt.Sprintf("МКОУ СОШ № %d", i+1)
		}
		out = append(out, s)
	}
	return out
}

// handName is the printed name: the unread school has only its id.
func handName(i int) string {
	if i == handSchools-1 {
		return fmt.Sprintf("s%04d", i+1)
	}
	return fmt.Sprintf("МКОУ СОШ № %d", i+1)
}

// handJSON is the district's data as a methodologist writes it, with the
// year before (which must not show) and a school of another district.
func handJSON(t testing.TB) []byte {
	t.Helper()
	type val struct {
		Year  string  `json:"year"`
		Value float64 `json:"value"`
	}
	type ind struct {
		Name     string   `json:"name"`
		Unit     string   `json:"unit"`
		Decimals int      `json:"decimals"`
		Target   *float64 `json:"target,omitempty"`
		Better   string   `json:"better,omitempty"`
		Values   []val    `json:"values"`
	}
	type school struct {
		School     string `json:"school"`
		Indicators []ind  `json:"indicators"`
	}
	var schools []school
	for i := range handSchools {
		s := school{School: handRef(i)}
		for _, h := range handIndicators {
			in := ind{Name: h.name, Unit: h.unit, Decimals: h.dec, Values: []val{{"2022-2023", 1}}}
			if h.target >= 0 {
				tg := handFloat(h.target, h.dec)
				in.Target = &tg
			}
			if h.lower {
				in.Better = "lower"
			}
			if u, ok := h.values(i); ok {
				in.Values = append(in.Values, val{"2023-2024", handFloat(u, h.dec)})
			}
			s.Indicators = append(s.Indicators, in)
		}
		schools = append(schools, s)
	}
	schools = append(schools, school{School: "s0099", Indicators: []ind{{Name: "Средний балл ОГЭ по математике", Unit: "балл", Decimals: 1, Values: []val{{"2023-2024", 5}}}}})
	data, err := json.Marshal(map[string]any{"schools": schools})
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func ruSchoolsGen(n int) string {
	return strconv.Itoa(n) + " " + ruPlural(n, "школы", "школ", "школ")
}

// handPhrase is the test's own phrase on indicator h.
func handPhrase(h handIndicator) string {
	var vs []int64
	for i := range handSchools {
		if u, ok := h.values(i); ok {
			vs = append(vs, u)
		}
	}
	unit := func(u int64) string {
		if h.dec > 0 {
			if h.unit == "балл" {
				return handText(u, h.dec) + "\u00a0балла"
			}
			return handText(u, h.dec) + "\u00a0" + h.unit
		}
		switch h.unit {
		case "балл":
			return handText(u, 0) + "\u00a0" + ruPlural(int(u), "балл", "балла", "баллов")
		case "человек":
			return handText(u, 0) + "\u00a0" + ruPlural(int(u), "человек", "человека", "человек")
		}
		return handText(u, 0) + "\u00a0" + h.unit
	}
	gen := func(u int64) string {
		if h.dec == 0 && h.unit == "балл" {
			return handText(u, 0) + "\u00a0" + ruPlural(int(u), "балла", "баллов", "баллов")
		}
		if h.dec == 0 && h.unit == "человек" {
			return handText(u, 0) + "\u00a0" + ruPlural(int(u), "человека", "человек", "человек")
		}
		return unit(u)
	}
	s := "Показатель «" + h.name + "» за 2023-2024: от " + handText(slices.Min(vs), h.dec) + " до " + gen(slices.Max(vs))
	if h.target >= 0 {
		n := 0
		for _, v := range vs {
			if (!h.lower && v >= h.target) || (h.lower && v <= h.target) {
				n++
			}
		}
		s += "; целевое значение " + unit(h.target) + " "
		if n == 0 {
			s += "не достигла ни одна из " + ruSchoolsGen(len(vs))
		} else {
			s += ruPlural(n, "достигла", "достигли", "достигли") + " " + strconv.Itoa(n) + " из " + ruSchoolsGen(len(vs))
		}
	}
	if m := handSchools - len(vs); m > 0 {
		s += "; нет данных у " + ruSchoolsGen(m)
	}
	return s + "."
}

// schoolIndicatorPart is the blocks under «Показатели школ».
func schoolIndicatorPart(t *testing.T, doc *document.Document) (at int, part []document.Block) {
	t.Helper()
	at = slices.IndexFunc(doc.Body, func(b document.Block) bool {
		return b.Heading != nil && b.Heading.Text == analysis.HeadingSchoolIndicators
	})
	if at < 0 {
		t.Fatal("no heading «Показатели школ»")
	}
	end := slices.IndexFunc(doc.Body[at+1:], func(b document.Block) bool { return b.Heading != nil })
	if end < 0 {
		end = len(doc.Body) - at - 1
	}
	return at, doc.Body[at+1 : at+1+end]
}

func handDoc(t *testing.T, data []byte, name string) *document.Document {
	t.Helper()
	sis, err := analysis.ReadDistrictIndicators(bytes.NewReader(data), name)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := analysis.District(handDistrict(), analysis.DistrictOptions{Options: analysis.Options{Date: seedDate}, Indicators: sis,
		Organization: &document.Organization{FullName: "Управление образования местной администрации Баксанского муниципального района"}})
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func TestDistrictIndicators(t *testing.T) {
	doc := handDoc(t, handJSON(t), "показатели.json")
	at, part := schoolIndicatorPart(t, doc)
	if prev := doc.Body[at-1]; prev.Table == nil || prev.Table.TotalRow != "Всего" {
		t.Errorf("«Показатели школ» does not follow the totals by status")
	}
	if next := doc.Body[at+1+len(part)]; next.Heading == nil || next.Heading.Text != analysis.HeadingUnread {
		t.Errorf("«Показатели школ» is not followed by the unread schools")
	}
	var tables []*document.Table
	var phrases, items []string
	var charts []*document.Chart
	for _, b := range part {
		switch {
		case b.Table != nil:
			tables = append(tables, b.Table)
		case b.Paragraph != nil:
			phrases = append(phrases, b.Paragraph.Text)
		case b.Chart != nil:
			charts = append(charts, b.Chart)
		case b.List != nil:
			for _, it := range b.List.Items {
				items = append(items, it.Text)
			}
		}
	}
	// Four indicators fit a portrait table: five make two, of 3 and 2.
	if len(tables) != 2 || len(tables[0].Columns) != 4 || len(tables[1].Columns) != 3 {
		t.Fatalf("%d tables, want 2 of 3 and 2 indicators", len(tables))
	}
	for k, h := range handIndicators {
		tb, c := tables[k/3], k%3+1
		col := tb.Columns[c]
		if col.HeaderTitle() != h.name+", "+strings.ReplaceAll(h.unit, " ", "\u00a0") || col.Type != document.ColumnNumber || col.Decimals == nil || *col.Decimals != h.dec {
			t.Errorf("%s: column %+v", h.name, col)
		}
		if len(tb.Rows) != handSchools+1 {
			t.Fatalf("table %d: %d rows, want %d schools and the targets", k/3, len(tb.Rows), handSchools)
		}
		for i := range handSchools {
			want := "—"
			if u, ok := h.values(i); ok {
				want = handText(u, h.dec)
			}
			if tb.Rows[i][0].Plain() != handName(i) || tb.Rows[i][c].Plain() != want {
				t.Errorf("%s, school %d: %q %q, want %q %q", h.name, i, tb.Rows[i][0].Plain(), tb.Rows[i][c].Plain(), handName(i), want)
			}
		}
		target := tb.Rows[handSchools]
		want := "—"
		if h.target >= 0 {
			want = handText(h.target, h.dec)
		}
		if target[0].Plain() != "Целевое значение" || target[c].Plain() != want {
			t.Errorf("%s: target row %q %q, want %q", h.name, target[0].Plain(), target[c].Plain(), want)
		}
	}
	wantPhrases := []string{"Значения показателей школ за 2023-2024."}
	for _, h := range handIndicators {
		wantPhrases = append(wantPhrases, handPhrase(h))
	}
	wantPhrases = append(wantPhrases, "Не сопоставлены со школами района и не учтены данные показателей:")
	if !slices.Equal(phrases, wantPhrases) {
		t.Errorf("phrases:\n%s\nwant:\n%s", strings.Join(phrases, "\n"), strings.Join(wantPhrases, "\n"))
	}
	if want := []string{"«s0099» — такой школы нет среди школ района"}; !slices.Equal(items, want) {
		t.Errorf("unmatched %q, want %q", items, want)
	}
	if len(charts) != len(handIndicators) {
		t.Fatalf("%d charts, want %d", len(charts), len(handIndicators))
	}
	for k, h := range handIndicators {
		c := charts[k]
		var cats, vals []string
		for i := range handSchools {
			if u, ok := h.values(i); ok {
				cats, vals = append(cats, handName(i)), append(vals, handText(u, h.dec))
			}
		}
		var got []string
		for _, v := range c.Series[0].Values {
			got = append(got, analysis.NumberText(v, c.ValueDecimals()))
		}
		if c.Type != document.ChartBar || c.Title != h.name+" (2023-2024)" || !slices.Equal(c.Categories, cats) || !slices.Equal(got, vals) {
			t.Errorf("chart %d: %s %q %q %q, want %q %q", k, c.Type, c.Title, c.Categories, got, cats, vals)
		}
		if (h.target >= 0) != (c.Target != nil) || c.Target != nil && analysis.NumberText(c.Target.Value, h.dec) != handText(h.target, h.dec) {
			t.Errorf("chart %d: target %+v", k, c.Target)
		}
	}
	if got := analysis.UnmatchedIndicators(handDistrict(), mustRead(t, handJSON(t))); len(got) != 1 {
		t.Errorf("UnmatchedIndicators: %q", got)
	}
	if err := document.Validate(doc); err != nil {
		t.Errorf("not a valid document: %v", err)
	}
}

func mustRead(t *testing.T, data []byte) []analysis.SchoolIndicators {
	t.Helper()
	sis, err := analysis.ReadDistrictIndicators(bytes.NewReader(data), "x.json")
	if err != nil {
		t.Fatal(err)
	}
	return sis
}

// TestDistrictIndicatorsXLSX: the same data kept as a long sheet (a row
// per school and indicator, rows of a school apart) gives the same part.
func TestDistrictIndicatorsXLSX(t *testing.T) {
	rows := [][]any{{"Результаты школ района"}, {"Школа", "Показатель", "Единица", "2022-2023", "2023-2024", "Цель", "Лучше"}}
	for _, h := range handIndicators {
		for i := range handSchools {
			row := []any{handRef(i), h.name, h.unit, 1.0, nil, nil, nil}
			if u, ok := h.values(i); ok {
				row[4] = handText(u, h.dec)
			}
			if h.target >= 0 && i == 0 {
				row[5] = handFloat(h.target, h.dec)
			}
			if h.lower {
				row[6] = "ниже"
			}
			rows = append(rows, row)
		}
	}
	rows = append(rows, []any{"s0099", handIndicators[0].name, "балл", nil, 5.0})
	fromJSON := handDoc(t, handJSON(t), "показатели.json")
	fromXLSX := handDoc(t, workbook(t, rows), "показатели.xlsx")
	_, want := schoolIndicatorPart(t, fromJSON)
	_, got := schoolIndicatorPart(t, fromXLSX)
	a, _ := json.Marshal(want)
	b, _ := json.Marshal(got)
	if !bytes.Equal(a, b) {
		t.Errorf("the sheet gives\n%s\nthe JSON\n%s", b, a)
	}
}

func TestDistrictIndicatorErrors(t *testing.T) {
	sheet := func(rows ...[]any) []byte {
		return workbook(t, append([][]any{{"Школа", "Показатель", "Единица", "2024", "Цель"}}, rows...))
	}
	for _, c := range []struct {
		name, file string
		data       []byte
		want       string
	}{
		{"single-school JSON", "a.json", []byte(`{"indicators": [{"name": "a", "values": [{"year": "2024", "value": 1}]}]}`), "показатели одной школы"},
		{"single-school sheet", "a.xlsx", workbook(t, [][]any{{"Показатель", "2024"}, {"a", 1.0}}), "строка 1: это показатели одной школы"},
		{"no school", "a.json", []byte(`{"schools": [{"school": " ", "indicators": []}]}`), "schools[0].school: не указана школа"},
		{"school twice", "a.json", []byte(`{"schools": [{"school": "s1", "indicators": [{"name": "a", "values": [{"year": "2024", "value": 1}]}]},
			{"school": "S1", "indicators": [{"name": "a", "values": [{"year": "2024", "value": 1}]}]}]}`), "schools[1].school: школа «S1» уже указана (schools[0].school)"},
		{"bad value", "a.json", []byte(`{"schools": [{"school": "s1", "indicators": [{"name": "a", "values": [{"year": "2024", "value": "3,4"}]}]}]}`),
			"schools[0].indicators[0].values"},
		{"two targets", "a.json", []byte(`{"schools": [{"school": "s1", "indicators": [{"name": "a", "target": 3, "values": [{"year": "2024", "value": 1}]}]},
			{"school": "s2", "indicators": [{"name": "A", "target": 4, "values": [{"year": "2024", "value": 1}]}]}]}`),
			"schools[1].indicators[0].target: целевое значение показателя «A» не совпадает с указанным ранее (schools[0].indicators[0].target)"},
		{"empty school cell", "a.xlsx", sheet([]any{"s1", "a", "балл", 1.0}, []any{nil, "b", "балл", 2.0}), "ячейка A3: не указана школа"},
		{"two targets in cells", "a.xlsx", sheet([]any{"s1", "a", "балл", 1.0, 3.0}, []any{"s2", "a", "балл", 2.0, 4.0}),
			"ячейка E3: целевое значение показателя «a» не совпадает с указанным ранее (лист «Результаты», ячейка E2)"},
		{"indicator twice at a school", "a.xlsx", sheet([]any{"s1", "a", "балл", 1.0}, []any{"s2", "a", "балл", 2.0}, []any{"s1", "a", "балл", 2.0}),
			"ячейка B4: показатель «a» уже указан"},
		{"bad number", "a.xlsx", sheet([]any{"s1", "a", "балл", "три"}), "ячейка D2: 2024: «три» — не число"},
		{"format", "a.csv", nil, "читаются из .json или .xlsx"},
	} {
		_, err := analysis.ReadDistrictIndicators(bytes.NewReader(c.data), c.file)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
	// The district's file given for one school says where it belongs.
	for name, data := range map[string][]byte{"a.json": handJSON(t), "a.xlsx": sheet([]any{"s1", "a", "балл", 1.0})} {
		_, err := analysis.ReadIndicators(bytes.NewReader(data), name)
		if err == nil || !strings.Contains(err.Error(), "нескольких школ") || !strings.Contains(err.Error(), "--district") {
			t.Errorf("%s for one school: %v", name, err)
		}
	}
	// One school's indicators are refused by the district, not ignored.
	_, err := analysis.District(handDistrict(), analysis.DistrictOptions{Options: analysis.Options{Date: seedDate,
		Indicators: []analysis.Indicator{{Name: "a", Values: []analysis.IndicatorValue{{Year: "2024", Value: 1}}}}}})
	if err == nil || !strings.Contains(err.Error(), "по школам") {
		t.Errorf("one school's indicators in a district: %v", err)
	}
}

// TestDistrictIndicatorPlurals: «достигла 1 из 25 школ», «достигли 2 …»,
// «из 21 школы», and the target with its unit agreeing.
func TestDistrictIndicatorPlurals(t *testing.T) {
	for _, c := range []struct{ schools, reached, target int }{{25, 1, 4}, {25, 2, 5}, {25, 5, 21}, {25, 11, 1}, {25, 21, 2}, {21, 21, 11}, {1, 0, 3}} {
		var schools []analysis.SchoolPlan
		var sis []analysis.SchoolIndicators
		for i := range c.schools {
			id := "s" + strconv.Itoa(i)
			schools = append(schools, analysis.SchoolPlan{ID: id, Plan: itemsPlan(1)})
			v := float64(c.target - 1)
			if i < c.reached {
				v = float64(c.target)
			}
			tg := float64(c.target)
			sis = append(sis, analysis.SchoolIndicators{School: id, Indicators: []analysis.Indicator{{Name: "И", Unit: "балл", Target: &tg,
				Values: []analysis.IndicatorValue{{Year: "2024", Value: v}}}}})
		}
		doc, err := analysis.District(schools, analysis.DistrictOptions{Options: analysis.Options{Date: seedDate}, Indicators: sis, Organization: uo})
		if err != nil {
			t.Fatal(err)
		}
		want := "целевое значение " + strconv.Itoa(c.target) + "\u00a0" + ruPlural(c.target, "балл", "балла", "баллов") + " "
		if c.reached == 0 {
			want += "не достигла ни одна из " + ruSchoolsGen(c.schools)
		} else {
			want += ruPlural(c.reached, "достигла", "достигли", "достигли") + " " + strconv.Itoa(c.reached) + " из " + ruSchoolsGen(c.schools)
		}
		if !strings.Contains(textcheck.DocumentText(doc, nil), want) {
			t.Errorf("%+v: no %q", c, want)
		}
	}
}

// TestDistrictIndicatorRenders: the part's table and phrases are in the
// PDF, in the DOCX printed by LibreOffice and in the workbook.
func TestDistrictIndicatorRenders(t *testing.T) {
	eng, err := kartograf.New(kartograf.Options{})
	if err != nil {
		t.Fatal(err)
	}
	doc := handDoc(t, handJSON(t), "показатели.json")
	if err := eng.Validate(doc, ""); err != nil {
		t.Fatalf("not a valid document: %v", err)
	}
	want := []string{analysis.HeadingSchoolIndicators, handName(0)}
	for _, h := range handIndicators[:3] {
		u, _ := h.values(0)
		want = append(want, handText(u, h.dec))
	}
	for _, h := range handIndicators {
		want = append(want, handPhrase(h))
	}
	want = append(want, "«s0099» — такой школы нет среди школ района")
	xlsxText, pdfText, docxText := printedTexts(t, eng, doc)
	for name, text := range map[string]string{"XLSX": xlsxText, "PDF": pdfText, "DOCX printed by LibreOffice": docxText} {
		if err := textcheck.InOrder(want, text); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func FuzzReadDistrictIndicators(f *testing.F) {
	f.Add(handJSON(f), true)
	f.Add([]byte(`{"years": ["2023", "2024"], "schools": [{"school": "s1", "indicators": [{"name": "a", "values": [1, null]}]}]}`), true)
	f.Add(workbook(f, [][]any{{"Школа", "Показатель", "2024", "Цель"}, {"s1", "a", "3,4", 3.0}, {"s2", "a", 4.0}}), false)
	f.Fuzz(func(t *testing.T, data []byte, isJSON bool) {
		name := "f.xlsx"
		if isJSON {
			name = "f.json"
		}
		sis, err := analysis.ReadDistrictIndicators(bytes.NewReader(data), name)
		if err != nil {
			return
		}
		if err := analysis.CheckDistrictIndicators(sis, nil); err != nil {
			t.Fatalf("read data fails its own check: %v", err)
		}
		schools := []analysis.SchoolPlan{{ID: "s1", Plan: itemsPlan(1)}, {ID: "s2", Problem: "нет"}}
		doc, err := analysis.District(schools, analysis.DistrictOptions{Options: analysis.Options{Date: seedDate}, Indicators: sis,
			Organization: &document.Organization{FullName: "Управление образования"}})
		if err != nil {
			t.Fatal(err)
		}
		if err := document.Validate(doc); err != nil {
			t.Fatalf("not a valid document: %v", err)
		}
	})
}

// TestDistrictIndicatorChartChunks: 45 schools' values are drawn whole, in
// charts of at most MaxChartCategories schools.
func TestDistrictIndicatorChartChunks(t *testing.T) {
	var schools []analysis.SchoolPlan
	var sis []analysis.SchoolIndicators
	for i := range 45 {
		id := fmt.Sprintf("s%04d", i+1)
		schools = append(schools, analysis.SchoolPlan{ID: id, Plan: itemsPlan(1)})
		sis = append(sis, analysis.SchoolIndicators{School: id, Indicators: []analysis.Indicator{{Name: "И", Unit: "%",
			Values: []analysis.IndicatorValue{{Year: "2024", Value: float64(i)}}}}})
	}
	doc, err := analysis.District(schools, analysis.DistrictOptions{Options: analysis.Options{Date: seedDate}, Indicators: sis, Organization: uo})
	if err != nil {
		t.Fatal(err)
	}
	_, part := schoolIndicatorPart(t, doc)
	var got []string
	n := 0
	for _, b := range part {
		if b.Chart != nil {
			got = append(got, b.Chart.Title)
			n += len(b.Chart.Categories)
		}
	}
	want := []string{"И (2024), школы 1–40 из 45", "И (2024), школы 41–45 из 45"}
	if !slices.Equal(got, want) || n != 45 {
		t.Errorf("charts %q over %d schools, want %q over 45", got, n, want)
	}
}

// TestDistrictNeedsItsIssuer: without a body named in the options or a
// parent the schools share, District asks for it instead of giving a
// document the engine refuses; with either it builds.
func TestDistrictNeedsItsIssuer(t *testing.T) {
	plan := seedPlan(t)
	plan.Organization.Parent = ""
	schools := []analysis.SchoolPlan{{ID: "s1", Plan: plan}}
	opts := analysis.DistrictOptions{Options: analysis.Options{Date: seedDate}}
	if _, err := analysis.District(schools, opts); !errors.Is(err, analysis.ErrNoOrganization) {
		t.Errorf("no issuer: %v", err)
	}
	opts.Organization = &document.Organization{FullName: "  "}
	if _, err := analysis.District(schools, opts); !errors.Is(err, analysis.ErrNoOrganization) {
		t.Errorf("a blank issuer: %v", err)
	}
	opts.Organization = &document.Organization{FullName: "Управление образования"}
	if d, err := analysis.District(schools, opts); err != nil || d.Organization.FullName != "Управление образования" {
		t.Errorf("with the issuer: %v", err)
	}
	opts.Organization = nil
	plan.Organization.Parent = "Управление образования района"
	if d, err := analysis.District(schools, opts); err != nil || d.Organization.FullName != "Управление образования района" {
		t.Errorf("with the parent: %v", err)
	}
}

// uo is an issuing body for the tests whose schools name no parent.
var uo = &document.Organization{FullName: "Управление образования"}

// TestNotSchoolFile: what a batch output folder holds besides the
// schools' plans is told apart by name.
func TestNotSchoolFile(t *testing.T) {
	for name, school := range map[string]bool{
		"s0001.xlsx": true, "район/s0001.json": true, "analysis.xlsx": true, "s0001-analysis-plan.json": true,
		"index.json": false, "район/index-0-of-4.xlsx": false, "INDEX.CSV": false,
		"s0001-analysis.xlsx": false, "район/district-analysis.pdf": false, "S1-Analysis.JSON": false,
		"~$s0001.xlsx": false, ".~lock.s0001.xlsx#": false,
	} {
		if got := analysis.NotSchoolFile(name) == ""; got != school {
			t.Errorf("%s: a school's file %v, want %v (%q)", name, got, school, analysis.NotSchoolFile(name))
		}
	}
}
