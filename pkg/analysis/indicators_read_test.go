package analysis_test

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/kartograf-ru/kartograf/pkg/analysis"
)

// workbook is a first sheet of rows as a methodologist types them: a
// string cell is text (a Russian Excel leaves «3,4» typed into a cell
// formatted as text), a float64 is a number.
func workbook(t testing.TB, rows [][]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", "Результаты"); err != nil {
		t.Fatal(err)
	}
	for r, row := range rows {
		for c, v := range row {
			if v == nil {
				continue
			}
			cell, err := excelize.CoordinatesToCellName(c+1, r+1)
			if err != nil {
				t.Fatal(err)
			}
			if err := f.SetCellValue("Результаты", cell, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	// A second sheet is never read.
	if _, err := f.NewSheet("Заметки"); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// indicatorSheet is testdata/analysis/indicators.json as a sheet: a title
// row above the header, numbers as numbers and as text with a decimal
// comma, «—» and empty cells for years without a value.
var indicatorSheet = [][]any{
	{"Результаты ГИА и ВПР"},
	{},
	{"Показатель", "Единица", "2021-2022", "2022/2023", "2023–2024 уч. г.", "Цель", "Лучше"},
	{"Средний балл ОГЭ по математике", "балл", 3.2, "3,4", "3,7", "3,8"},
	{"Средний балл ОГЭ по русскому языку", "балл", "3,9", 4.0, 3.9, 3.8, "выше"},
	{"Средний балл ЕГЭ по русскому языку", "балл", 64.0, 68.0, 71.0, 70.0},
	{"Средний балл ЕГЭ по профильной математике", "балл", 52.0, "55", 55.0, 60.0},
	{"Средний балл ВПР по математике (5 класс)", "балл", 3.5, 3.6, "3,6"},
	{},
	{"Доля неудовлетворительных результатов ОГЭ", "%", "12,5", "9,8 %", 6.4, 5.0, "ниже"},
	{"Доля обучающихся ниже порога ВПР", "%", 14.0, 11.2, 8.0, 10.0, "ниже"},
	{"Число участников олимпиад муниципального этапа", "человек", "—", nil, 21.0, 25.0},
}

// TestReadIndicatorsXLSX: the sheet gives the same dynamics as the JSON
// (decimals come from the values, so the two are compared by their
// phrases and table).
func TestReadIndicatorsXLSX(t *testing.T) {
	ins, err := analysis.ReadIndicators(bytes.NewReader(workbook(t, indicatorSheet)), "Показатели.XLSX")
	if err != nil {
		t.Fatal(err)
	}
	js := testIndicators(t)
	if len(ins) != len(js) {
		t.Fatalf("%d indicators, want %d", len(ins), len(js))
	}
	for i := range ins {
		a, b := ins[i], js[i]
		a.Decimals, b.Decimals = nil, nil
		if a.Better == "" {
			a.Better = "higher"
		}
		if b.Better == "" {
			b.Better = "higher"
		}
		if !reflect.DeepEqual(a, b) {
			t.Errorf("row %d:\n%+v\nwant\n%+v", i, a, b)
		}
	}
	var phrases []string
	for i := range ins {
		if p := ins[i].Dynamics(); p != "" {
			phrases = append(phrases, p)
		}
	}
	// Decimals are what the indicator's values need (11,2 → «8,0»), so
	// the sheet says what the JSON says with its "decimals".
	want := strings.Join(indicatorPhrases, "\n")
	if got := strings.Join(phrases, "\n"); got != want {
		t.Errorf("phrases:\n%s\nwant:\n%s", got, want)
	}
}

func TestReadIndicatorsMatrixJSON(t *testing.T) {
	ins, err := analysis.ReadIndicators(strings.NewReader(`{"years": ["2022-2023", "2023-2024", "2024-2025"],
	  "indicators": [{"name": "Средний балл ОГЭ по математике", "unit": "балл", "target": 3.8, "values": [3.4, null, 3.7]}]}`), "x.json")
	if err != nil {
		t.Fatal(err)
	}
	want := []analysis.IndicatorValue{{Year: "2022-2023", Value: 3.4}, {Year: "2024-2025", Value: 3.7}}
	if len(ins) != 1 || !reflect.DeepEqual(ins[0].Values, want) {
		t.Errorf("%+v", ins)
	}
}

// TestReadIndicatorsErrors: each mistake is named in Russian with its
// JSON path or its cell.
func TestReadIndicatorsErrors(t *testing.T) {
	many := `{"indicators": [` + strings.Repeat(`{"name": "x", "values": [{"year": "2024", "value": 1}]},`, 200) +
		`{"name": "y", "values": [{"year": "2024", "value": 1}]}]}`
	var years []string
	for y := 2000; y < 2016; y++ {
		years = append(years, `{"year": "`+string(rune('0'+y/1000))+"0"+string(rune('0'+y/10%10))+string(rune('0'+y%10))+`", "value": 1}`)
	}
	for _, c := range []struct {
		name, file string
		data       []byte
		want       []string
	}{
		{"extension", "x.csv", []byte("a"), []string{"«x.csv»", ".json или .xlsx"}},
		{"syntax", "x.json", []byte(`{"indicators": [`), []string{"JSON оборван"}},
		{"empty", "x.json", []byte(``), []string{"файл пуст"}},
		{"unknown field", "x.json", []byte(`{"indicators": [{"name": "a", "valuez": []}]}`), []string{`"valuez"`, "неизвестное поле"}},
		{"no name", "x.json", []byte(`{"indicators": [{"values": [{"year": "2024", "value": 1}]}]}`), []string{"indicators[0].name", "не указано название"}},
		{"not a number", "x.json", []byte(`{"indicators": [{"name": "a", "values": [{"year": "2024", "value": "3,4"}]}]}`), []string{"indicators[0].values", "value", "ожидается число, а в файле строка"}},
		{"duplicate year", "x.json", []byte(`{"indicators": [{"name": "a", "values": [{"year": "2024", "value": 1}, {"year": " 2024", "value": 2}]}]}`), []string{"indicators[0].values[1].year", "«2024» повторяется"}},
		{"duplicate name", "x.json", []byte(`{"indicators": [{"name": "a", "values": [{"year": "2024", "value": 1}]}, {"name": "a", "values": [{"year": "2024", "value": 1}]}]}`), []string{"indicators[1].name", "уже указан"}},
		{"no values", "x.json", []byte(`{"indicators": [{"name": "a", "values": []}]}`), []string{"indicators[0].values", "нет ни одного значения"}},
		{"better", "x.json", []byte(`{"indicators": [{"name": "a", "better": "up", "values": [{"year": "2024", "value": 1}]}]}`), []string{"indicators[0].better", "«up»"}},
		{"decimals", "x.json", []byte(`{"indicators": [{"name": "a", "decimals": 7, "values": [{"year": "2024", "value": 1}]}]}`), []string{"indicators[0].decimals"}},
		{"huge", "x.json", []byte(`{"indicators": [{"name": "a", "values": [{"year": "2024", "value": 1e300}]}]}`), []string{"indicators[0].values[0].value", "диапазона"}},
		{"too many", "x.json", []byte(many), []string{"показателей 201", "не больше 200"}},
		{"too many years", "x.json", []byte(`{"indicators": [{"name": "a", "values": [` + strings.Join(years, ",") + `]}]}`), []string{"indicators[0].values[15].year", "лет больше 15"}},
		{"matrix length", "x.json", []byte(`{"years": ["2023", "2024"], "indicators": [{"name": "a", "values": [1]}]}`), []string{"indicators[0].values", "значений 1, а лет в years 2"}},
		{"not a workbook", "x.xlsx", []byte("PK not a zip"), []string{"не книга Excel"}},
		{"xlsx no header", "x.xlsx", workbook(t, [][]any{{"Математика", 3.4}}), []string{"лист «Результаты»", "заголов"}},
		{"xlsx bad header", "x.xlsx", workbook(t, [][]any{{"Показатель", "2024", "Итог"}}), []string{"ячейка C1", "«Итог» не понят"}},
		{"xlsx duplicate year", "x.xlsx", workbook(t, [][]any{{"Показатель", "2023-2024", "2023/2024"}}), []string{"ячейка C1", "«2023-2024» повторяется", "B1"}},
		{"xlsx no years", "x.xlsx", workbook(t, [][]any{{"Показатель", "Единица"}, {"a", "балл"}}), []string{"нет ни одного года"}},
		{"xlsx not a number", "x.xlsx", workbook(t, [][]any{{"Показатель", "2024"}, {"a", "3,4,5"}, {"b", "три"}}), []string{"ячейка B2", "«3,4,5» — не число"}},
		{"xlsx no name", "x.xlsx", workbook(t, [][]any{{"Показатель", "2024"}, {"a", 1.0}, {nil, 2.0}}), []string{"ячейка A3", "не указано название"}},
		{"xlsx no values", "x.xlsx", workbook(t, [][]any{{"Показатель", "2024"}, {"a", "—"}}), []string{"ячейка A2", "нет ни одного значения"}},
		{"xlsx value outside", "x.xlsx", workbook(t, [][]any{{"Показатель", "2024"}, {"a", 1.0, 2.0}}), []string{"ячейка C2", "без заголовка"}},
		{"xlsx better", "x.xlsx", workbook(t, [][]any{{"Показатель", "2024", "Лучше"}, {"a", 1.0, "вверх"}}), []string{"ячейка C2", "«вверх»"}},
		{"xlsx target", "x.xlsx", workbook(t, [][]any{{"Показатель", "2024", "Цель"}, {"a", 1.0, "высокая"}}), []string{"ячейка C2", "целевое значение"}},
		{"xlsx duplicate name", "x.xlsx", workbook(t, [][]any{{"Показатель", "2024"}, {"a", 1.0}, {"a", 2.0}}), []string{"ячейка A3", "уже указан"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := analysis.ReadIndicators(bytes.NewReader(c.data), c.file)
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
		})
	}
}

// TestReadIndicatorsTooLarge: a file beyond the bound is refused before
// it is parsed.
func TestReadIndicatorsTooLarge(t *testing.T) {
	big := strings.Repeat(" ", analysis.MaxIndicatorsJSON) + "{}"
	if _, err := analysis.ReadIndicators(strings.NewReader(big), "x.json"); err == nil || !strings.Contains(err.Error(), "больше 1 МиБ") {
		t.Errorf("%v", err)
	}
}

// FuzzReadIndicators: no input panics the reader, and what it accepts
// is within the bounds and builds.
func FuzzReadIndicators(f *testing.F) {
	f.Add([]byte(`{"indicators": [{"name": "a", "unit": "балл", "target": 3.8, "better": "lower", "values": [{"year": "2023", "value": 3.4}, {"year": "2024", "value": 3.7}]}]}`), false)
	f.Add([]byte(`{"years": ["2023", "2024"], "indicators": [{"name": "a", "values": [null, 1]}]}`), false)
	f.Add([]byte(`{"indicators": [{"name": "a", "decimals": 4, "values": [{"year": "2024", "value": -1e9}]}]}`), false)
	f.Add(workbook(f, indicatorSheet), true)
	f.Add(workbook(f, [][]any{{"Показатель", "2024", "Цель"}, {"a", "1 234,5", "—"}}), true)
	f.Fuzz(func(t *testing.T, data []byte, xlsx bool) {
		name := "f.json"
		if xlsx {
			name = "f.xlsx"
		}
		ins, err := analysis.ReadIndicators(bytes.NewReader(data), name)
		if err != nil {
			return
		}
		if len(ins) == 0 || len(ins) > analysis.MaxIndicators {
			t.Fatalf("%d indicators accepted", len(ins))
		}
		if err := analysis.CheckIndicators(ins, nil); err != nil {
			t.Fatalf("accepted, then refused: %v", err)
		}
		for i := range ins {
			_ = ins[i].Dynamics()
		}
	})
}
