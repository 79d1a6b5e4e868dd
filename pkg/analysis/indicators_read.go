package analysis

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/kartograf-ru/kartograf/internal/lazyre"

	"github.com/xuri/excelize/v2"

	"github.com/kartograf-ru/kartograf/pkg/document"
)

// Bounds of an indicator file: a school's results are a few kilobytes.
const (
	MaxIndicatorsJSON = 1 << 20 // bytes of a JSON file
	MaxIndicatorsXLSX = 4 << 20 // bytes of a workbook
	maxXLSXUnzipped   = 32 << 20
	maxXLSXPart       = 16 << 20
	maxSheetRows      = 2000 // rows looked at, empty ones included
	maxSheetCols      = 64
	maxRowsAbove      = 10 // non-empty rows above the header
)

// ReadIndicators reads indicator data from r; name's extension says its
// form:
//
//   - .json: {"indicators": [{"name", "unit", "decimals", "target",
//     "better", "values": [{"year", "value"}]}]}, or the same table by
//     years: {"years": ["2022-2023", "2023-2024"], "indicators": [{"name",
//     "values": [3.4, 3.7]}]} (null for a year without a value);
//   - .xlsx: the first sheet, a header row «Показатель | Единица | годы… |
//     Цель» (optional «Лучше»: «выше» or «ниже»), one indicator per row;
//     numbers typed with a decimal comma as text («3,4») are numbers, an
//     empty cell or «—» is a year without a value.
//
// Errors are in Russian and name the JSON path or the cell.
func ReadIndicators(r io.Reader, name string) ([]Indicator, error) {
	ext := strings.ToLower(filepath.Ext(name))
	limit := int64(MaxIndicatorsJSON)
	switch ext {
	case ".json":
	case ".xlsx":
		limit = MaxIndicatorsXLSX
	default:
		return nil, &IndicatorError{Msg: fmt.Sprintf("файл «%s»: показатели читаются из .json или .xlsx", filepath.Base(name))}
	}
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, fmt.Errorf("показатели: %w", err)
	}
	if int64(len(data)) > limit {
		return nil, &IndicatorError{Msg: fmt.Sprintf("файл больше %d МиБ", limit>>20)}
	}
	if ext == ".json" {
		return readIndicatorsJSON(data)
	}
	return readIndicatorsXLSX(data)
}

type rawIndicators struct {
	Years      []string       `json:"years"`
	Indicators []rawIndicator `json:"indicators"`
}

type rawIndicator struct {
	Name     string          `json:"name"`
	Unit     string          `json:"unit"`
	Decimals *int            `json:"decimals"`
	Target   *float64        `json:"target"`
	Better   string          `json:"better"`
	Values   json.RawMessage `json:"values"`
}

func strictDecode(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("после данных есть ещё текст")
	}
	return nil
}

// jsonProblem says what encoding/json found, in Russian.
func jsonProblem(where string, err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return &IndicatorError{Where: where, Msg: fmt.Sprintf("JSON не читается (байт %d): %v", syn.Offset, syn)}
	case errors.As(err, &typ):
		f := typ.Field
		if where != "" && f != "" {
			f = where + "." + f
		} else if f == "" {
			f = where
		}
		return &IndicatorError{Where: f, Msg: "ожидается " + jsonKind(typ.Type.Kind().String()) + ", а в файле " + jsonKind(typ.Value)}
	case errors.Is(err, io.EOF):
		return &IndicatorError{Where: where, Msg: "файл пуст"}
	case errors.Is(err, io.ErrUnexpectedEOF):
		return &IndicatorError{Where: where, Msg: "JSON оборван"}
	}
	if s, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		return &IndicatorError{Where: where, Msg: "неизвестное поле " + s + ": допустимы name, unit, decimals, target, better, values (year, value), years"}
	}
	return &IndicatorError{Where: where, Msg: err.Error()}
}

func jsonKind(k string) string {
	switch k {
	case "float64", "int", "number":
		return "число"
	case "string":
		return "строка"
	case "slice", "array":
		return "список [...]"
	case "struct", "object":
		return "объект {...}"
	case "bool":
		return "true/false"
	}
	return k
}

func readIndicatorsJSON(data []byte) ([]Indicator, error) {
	var raw rawIndicators
	if err := strictDecode(data, &raw); err != nil {
		var probe struct {
			Schools json.RawMessage `json:"schools"`
		}
		if json.Unmarshal(data, &probe) == nil && probe.Schools != nil {
			return nil, &IndicatorError{Where: "schools", Msg: "это показатели нескольких школ ({\"schools\": […]}) — они читаются в сводном анализе района " +
				"(kartograf analyze --district … --indicators, или архив школ .zip на странице «Анализ реализации»)"}
		}
		return nil, jsonProblem("", err)
	}
	return rawToIndicators(raw.Years, raw.Indicators, "")
}

// rawToIndicators makes the indicators of a JSON list (in the shape by
// years when years is not nil) and checks them; prefix is the list's JSON
// path before «indicators» («schools[2].»).
func rawToIndicators(years []string, ris []rawIndicator, prefix string) ([]Indicator, error) {
	if len(ris) == 0 {
		return nil, &IndicatorError{Where: prefix + "indicators", Msg: "нет ни одного показателя"}
	}
	if len(ris) > MaxIndicators {
		return nil, &IndicatorError{Where: prefix + "indicators", Msg: fmt.Sprintf("показателей %d, допустимо не больше %d", len(ris), MaxIndicators)}
	}
	if len(years) > MaxIndicatorYears {
		return nil, &IndicatorError{Where: "years", Msg: fmt.Sprintf("лет %d, допустимо не больше %d", len(years), MaxIndicatorYears)}
	}
	out := make([]Indicator, 0, len(ris))
	for i, ri := range ris {
		p := prefix + "indicators[" + strconv.Itoa(i) + "].values"
		in := Indicator{Name: ri.Name, Unit: ri.Unit, Decimals: ri.Decimals, Target: ri.Target, Better: ri.Better}
		if len(ri.Values) == 0 || string(ri.Values) == "null" {
			return nil, &IndicatorError{Where: p, Msg: "нет значений показателя"}
		}
		if years == nil {
			if err := strictDecode(ri.Values, &in.Values); err != nil {
				return nil, jsonProblem(p, err)
			}
		} else {
			var vs []*float64
			if err := strictDecode(ri.Values, &vs); err != nil {
				return nil, jsonProblem(p, err)
			}
			if len(vs) != len(years) {
				return nil, &IndicatorError{Where: p, Msg: fmt.Sprintf("значений %d, а лет в years %d: по одному на год (null — нет значения)", len(vs), len(years))}
			}
			for k, v := range vs {
				if v != nil {
					in.Values = append(in.Values, IndicatorValue{Year: years[k], Value: *v})
				}
			}
		}
		out = append(out, in)
	}
	where := func(i int, field string) string {
		if years != nil && strings.HasPrefix(field, "values[") {
			// Values of the table by years are numbered over the
			// years given, not over those with a value.
			return prefix + "indicators[" + strconv.Itoa(i) + "].values"
		}
		p := prefix + "indicators[" + strconv.Itoa(i) + "]"
		if field != "" {
			p += "." + field
		}
		return p
	}
	if err := CheckIndicators(out, where); err != nil {
		return nil, err
	}
	return out, nil
}

// xlsxRow is where a workbook row's indicator came from, to name the cell
// of a problem CheckIndicators finds.
type xlsxRow struct {
	row     int
	valCols []int  // the column of each value, in Values' order
	school  string // the «Школа» cell of a district's sheet
}

// sheetCols are the columns of the header row (1-based, 0: none).
type sheetCols struct {
	name, unit, target, better int
	// school is the «Школа» column of a district's sheet (0: a school's own).
	school int
	years  map[int]string
}

var yearHeader = lazyre.New(`^(\d{4})(?:\s*[-–—/]\s*(\d{4}))?\s*([а-яё. ]*)$`)

// headerKind reads a header cell: a known column or a year.
func headerKind(s string) (kind, year string) {
	l := strings.ToLower(strings.TrimSpace(s))
	switch {
	case l == "":
		return "", ""
	case strings.HasPrefix(l, "школ") || l == "оо" || strings.HasPrefix(l, "образовательн") ||
		strings.HasPrefix(l, "наименование оо") || strings.HasPrefix(l, "организаци") || strings.HasPrefix(l, "учреждени"):
		// Before «наименование»: «Наименование ОО» names the school.
		return "school", ""
	case strings.HasPrefix(l, "показател") || strings.HasPrefix(l, "наименование"):
		return "name", ""
	case strings.HasPrefix(l, "единиц") || strings.HasPrefix(l, "ед.") || l == "ед":
		return "unit", ""
	case strings.HasPrefix(l, "цел"):
		return "target", ""
	case strings.HasPrefix(l, "лучше") || strings.HasPrefix(l, "направлен"):
		return "better", ""
	}
	if m := yearHeader.FindStringSubmatch(l); m != nil {
		if m[2] != "" {
			return "year", m[1] + "-" + m[2]
		}
		return "year", m[1]
	}
	return "?", ""
}

func cellName(col, row int) string {
	n, err := excelize.CoordinatesToCellName(col, row)
	if err != nil {
		return "строка " + strconv.Itoa(row) + ", столбец " + strconv.Itoa(col)
	}
	return "ячейка " + n
}

// cellNumber reads a number as a Russian Excel shows it: «3,4» typed as
// text, «3.4» stored as a number, «12,5 %», «1 234,5».
func cellNumber(s string) (float64, error) {
	t := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "%"))
	if i, j := strings.IndexByte(t, ','), strings.IndexByte(t, '.'); i >= 0 && j > i {
		t = strings.ReplaceAll(t, ",", "") // «1,234.5» of an English format
	}
	u, frac, err := document.ParseNumber(t)
	if err != nil {
		return 0, fmt.Errorf("«%s» — не число (%v)", s, err)
	}
	f, err := strconv.ParseFloat(strconv.FormatInt(u, 10)+"e-"+strconv.Itoa(frac), 64)
	if err != nil || !finite(f) {
		return 0, fmt.Errorf("«%s» — вне допустимого диапазона (по модулю не больше 10⁹)", s)
	}
	return f, nil
}

// indicatorSheet is the first sheet of an indicator workbook as read: its
// header and one indicator per row, with where each came from.
type indicatorSheet struct {
	name  string
	hdr   *sheetCols
	row   int // the header's
	ins   []Indicator
	where []xlsxRow
}

func readIndicatorsXLSX(data []byte) ([]Indicator, error) {
	sh, err := readIndicatorSheet(data, maxSheetRows, MaxIndicators)
	if err != nil {
		return nil, err
	}
	if sh.hdr.school != 0 {
		return nil, &IndicatorError{Where: "лист «" + sh.name + "», " + cellName(sh.hdr.school, sh.row),
			Msg: "в таблице есть столбец «Школа»: это показатели нескольких школ — они читаются в сводном анализе района " +
				"(kartograf analyze --district … --indicators, или архив школ .zip на странице «Анализ реализации»)"}
	}
	if err := CheckIndicators(sh.ins, func(i int, field string) string { return sh.cell(sh.where[i], field) }); err != nil {
		return nil, err
	}
	return sh.ins, nil
}

// cell names the cell of field (as CheckIndicators names it) of the
// indicator read from row w.
func (sh *indicatorSheet) cell(w xlsxRow, field string) string {
	hdr := sh.hdr
	col := 0
	switch {
	case field == "name" || field == "values" || field == "":
		col = hdr.name
	case field == "unit":
		col = hdr.unit
	case field == "target":
		col = hdr.target
	case field == "better":
		col = hdr.better
	case field == "school":
		col = hdr.school
	case strings.HasPrefix(field, "values["):
		k, _ := strconv.Atoi(field[len("values["):strings.IndexByte(field, ']')])
		if k < len(w.valCols) {
			col = w.valCols[k]
		}
	}
	if col == 0 {
		return "лист «" + sh.name + "», строка " + strconv.Itoa(w.row)
	}
	return "лист «" + sh.name + "», " + cellName(col, w.row)
}

// readIndicatorSheet reads the first sheet of a workbook: the header row
// (titles above it passed over), then one indicator per row, at most
// maxRows rows looked at and maxItems indicators.
func readIndicatorSheet(data []byte, maxRows, maxItems int) (*indicatorSheet, error) {
	bad := func(format string, a ...any) error {
		return &IndicatorError{Msg: "файл повреждён или это не книга Excel (.xlsx): " + fmt.Sprintf(format, a...)}
	}
	// The central directory gives every part's unpacked size, and
	// archive/zip refuses data beyond it: a zip bomb stops here.
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, bad("%v", err)
	}
	var total uint64
	for _, zf := range zr.File {
		if zf.UncompressedSize64 > maxXLSXPart {
			return nil, &IndicatorError{Msg: fmt.Sprintf("часть «%s» книги после распаковки больше %d МиБ", zf.Name, maxXLSXPart>>20)}
		}
		total += zf.UncompressedSize64
	}
	if total > maxXLSXUnzipped {
		return nil, &IndicatorError{Msg: fmt.Sprintf("книга после распаковки больше %d МиБ", maxXLSXUnzipped>>20)}
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: maxXLSXUnzipped, UnzipXMLSizeLimit: maxXLSXPart})
	if err != nil {
		return nil, bad("%v", err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, bad("в книге нет листов")
	}
	sheet := sheets[0]
	at := func(col, row int, format string, a ...any) error {
		return &IndicatorError{Where: "лист «" + sheet + "», " + cellName(col, row), Msg: fmt.Sprintf(format, a...)}
	}
	rows, err := f.Rows(sheet)
	if err != nil {
		return nil, bad("лист «%s»: %v", sheet, err)
	}
	defer rows.Close()
	sh := &indicatorSheet{name: sheet}
	above := 0
	for r := 1; rows.Next(); r++ {
		if r > maxRows {
			return nil, &IndicatorError{Where: "лист «" + sheet + "»", Msg: fmt.Sprintf("строк больше %d", maxRows)}
		}
		cells, err := rows.Columns()
		if err != nil {
			return nil, bad("лист «%s», строка %d: %v", sheet, r, err)
		}
		last := 0
		for c, v := range cells {
			if strings.TrimSpace(v) != "" {
				last = c + 1
			}
		}
		if last == 0 {
			continue
		}
		if last > maxSheetCols {
			return nil, at(last, r, "данные дальше столбца %d: показатели занимают столбцы «Показатель | Единица | годы | Цель»", maxSheetCols)
		}
		cells = cells[:last]
		if sh.hdr == nil {
			// Titles above the table («Результаты ГИА») are passed over:
			// the header is the first row that names «Показатель».
			if !slices.ContainsFunc(cells, func(v string) bool { k, _ := headerKind(v); return k == "name" }) {
				if above++; above > maxRowsAbove {
					break
				}
				continue
			}
			h, err := readHeader(cells, r, at)
			if err != nil {
				return nil, err
			}
			sh.hdr, sh.row = h, r
			continue
		}
		in, w, err := readIndicatorRow(cells, r, sh.hdr, at)
		if err != nil {
			return nil, err
		}
		sh.ins, sh.where = append(sh.ins, in), append(sh.where, w)
		if len(sh.ins) > maxItems {
			return nil, at(sh.hdr.name, r, "показателей больше %d", maxItems)
		}
	}
	if err := rows.Error(); err != nil {
		return nil, bad("лист «%s»: %v", sheet, err)
	}
	if sh.hdr == nil {
		return nil, &IndicatorError{Where: "лист «" + sheet + "»", Msg: fmt.Sprintf("нет строки заголовков «Показатель | Единица | годы… | Цель» (ищется в первых %d заполненных строках)", maxRowsAbove)}
	}
	if len(sh.ins) == 0 {
		return nil, &IndicatorError{Where: "лист «" + sheet + "»", Msg: "под строкой заголовков нет ни одного показателя"}
	}
	return sh, nil
}

func readHeader(cells []string, r int, at func(col, row int, format string, a ...any) error) (*sheetCols, error) {
	h := &sheetCols{years: map[int]string{}}
	seen := map[string]int{}
	for c, v := range cells {
		col := c + 1
		kind, year := headerKind(v)
		switch kind {
		case "":
			continue
		case "?":
			return nil, at(col, r, "заголовок «%s» не понят: ожидаются «Показатель», «Единица», годы (2024 или 2023-2024), «Цель», «Лучше»", strings.TrimSpace(v))
		case "year":
			if p, ok := seen[year]; ok {
				return nil, at(col, r, "год «%s» повторяется (уже в %s)", year, cellName(p, r))
			}
			seen[year] = col
			h.years[col] = year
			if len(h.years) > MaxIndicatorYears {
				return nil, at(col, r, "лет больше %d", MaxIndicatorYears)
			}
			continue
		}
		slot := map[string]*int{"name": &h.name, "unit": &h.unit, "target": &h.target, "better": &h.better, "school": &h.school}[kind]
		if *slot != 0 {
			return nil, at(col, r, "столбец «%s» повторяется (уже в %s)", strings.TrimSpace(v), cellName(*slot, r))
		}
		*slot = col
	}
	if h.name == 0 {
		return nil, at(1, r, "в строке заголовков нет столбца «Показатель»")
	}
	if len(h.years) == 0 {
		return nil, at(h.name, r, "в строке заголовков нет ни одного года (2024 или 2023-2024)")
	}
	return h, nil
}

func readIndicatorRow(cells []string, r int, h *sheetCols, at func(col, row int, format string, a ...any) error) (Indicator, xlsxRow, error) {
	get := func(col int) string {
		if col == 0 || col > len(cells) {
			return ""
		}
		return strings.TrimSpace(cells[col-1])
	}
	in := Indicator{Name: get(h.name), Unit: get(h.unit)}
	w := xlsxRow{row: r, school: get(h.school)}
	for c := range cells {
		col := c + 1
		v := get(col)
		if v == "" {
			continue
		}
		switch col {
		case h.name, h.unit, h.school:
			continue
		case h.target:
			if document.IsNoValue(v) {
				continue
			}
			t, err := cellNumber(v)
			if err != nil {
				return in, w, at(col, r, "целевое значение: %v", err)
			}
			in.Target = &t
			continue
		case h.better:
			switch strings.ToLower(v) {
			case "выше", "больше", "higher":
				in.Better = BetterHigher
			case "ниже", "меньше", "lower":
				in.Better = BetterLower
			default:
				return in, w, at(col, r, "«%s»: пишите «выше» (лучше больше) или «ниже» (лучше меньше)", v)
			}
			continue
		}
		year, ok := h.years[col]
		if !ok {
			return in, w, at(col, r, "значение «%s» в столбце без заголовка", v)
		}
		if document.IsNoValue(v) {
			continue
		}
		x, err := cellNumber(v)
		if err != nil {
			return in, w, at(col, r, "%s: %v", year, err)
		}
		in.Values = append(in.Values, IndicatorValue{Year: year, Value: x})
		w.valCols = append(w.valCols, col)
	}
	if in.Name == "" {
		return in, w, at(h.name, r, "не указано название показателя")
	}
	return in, w, nil
}
