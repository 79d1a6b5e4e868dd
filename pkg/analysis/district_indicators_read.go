package analysis

import (
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
)

// Bounds of a district's indicator file: tens of schools, a few
// indicators each over a few years.
const (
	MaxDistrictIndicatorsFile = 8 << 20 // bytes of a JSON file or workbook
	maxDistrictSheetRows      = MaxDistrictIndicatorRows + 100
)

// ReadDistrictIndicators reads the indicators of a district's schools
// from r; name's extension says its form:
//
//   - .json: {"schools": [{"school": "s0001", "indicators": [...]}]}, each
//     school's indicators as ReadIndicators reads them (a top-level
//     "years" gives the shape by years to every school);
//   - .xlsx: the first sheet, as ReadIndicators reads it with a column
//     «Школа» in front: «Школа | Показатель | Единица | годы… | Цель |
//     Лучше», one row per school and indicator.
//
// «school» is the school's id (its file name without extension) or its
// name; District matches it to the district's schools. Errors are in
// Russian and name the JSON path or the cell.
func ReadDistrictIndicators(r io.Reader, name string) ([]SchoolIndicators, error) {
	ext := strings.ToLower(filepath.Ext(name))
	switch ext {
	case ".json", ".xlsx":
	default:
		return nil, &IndicatorError{Msg: fmt.Sprintf("файл «%s»: показатели школ читаются из .json или .xlsx", filepath.Base(name))}
	}
	data, err := io.ReadAll(io.LimitReader(r, MaxDistrictIndicatorsFile+1))
	if err != nil {
		return nil, fmt.Errorf("показатели: %w", err)
	}
	if len(data) > MaxDistrictIndicatorsFile {
		return nil, &IndicatorError{Msg: fmt.Sprintf("файл больше %d МиБ", MaxDistrictIndicatorsFile>>20)}
	}
	if ext == ".json" {
		return readDistrictIndicatorsJSON(data)
	}
	return readDistrictIndicatorsXLSX(data)
}

type rawDistrictIndicators struct {
	Years   []string `json:"years"`
	Schools []struct {
		School     string         `json:"school"`
		Indicators []rawIndicator `json:"indicators"`
	} `json:"schools"`
}

// oneSchool says that a file holds one school's indicators.
const oneSchool = "это показатели одной школы, без указания школ: для сводного анализа района укажите их по школам"

func readDistrictIndicatorsJSON(data []byte) ([]SchoolIndicators, error) {
	var raw rawDistrictIndicators
	if err := strictDecode(data, &raw); err != nil {
		var probe struct {
			Indicators json.RawMessage `json:"indicators"`
		}
		if json.Unmarshal(data, &probe) == nil && probe.Indicators != nil {
			return nil, &IndicatorError{Where: "indicators", Msg: oneSchool + ` — {"schools": [{"school": "s0001", "indicators": […]}]}`}
		}
		return nil, jsonProblem("", err)
	}
	if len(raw.Schools) == 0 {
		return nil, &IndicatorError{Where: "schools", Msg: "нет ни одной школы"}
	}
	if len(raw.Schools) > MaxSchools {
		return nil, &IndicatorError{Where: "schools", Msg: fmt.Sprintf("школ %d, допустимо не больше %d", len(raw.Schools), MaxSchools)}
	}
	out := make([]SchoolIndicators, 0, len(raw.Schools))
	for s, rs := range raw.Schools {
		p := "schools[" + strconv.Itoa(s) + "]."
		if strings.TrimSpace(rs.School) == "" {
			return nil, &IndicatorError{Where: p + "school", Msg: "не указана школа (ИД — имя файла без расширения — или наименование)"}
		}
		ins, err := rawToIndicators(raw.Years, rs.Indicators, p)
		if err != nil {
			return nil, err
		}
		out = append(out, SchoolIndicators{School: rs.School, Indicators: ins})
	}
	// Values of the shape by years are numbered over the years given.
	where := func(s, i int, field string) string {
		p := "schools[" + strconv.Itoa(s) + "]"
		if i < 0 {
			return p + ".school"
		}
		p += ".indicators[" + strconv.Itoa(i) + "]"
		if raw.Years != nil && strings.HasPrefix(field, "values[") {
			return p + ".values"
		}
		if field != "" {
			p += "." + field
		}
		return p
	}
	if err := CheckDistrictIndicators(out, where); err != nil {
		return nil, err
	}
	return out, nil
}

func readDistrictIndicatorsXLSX(data []byte) ([]SchoolIndicators, error) {
	sh, err := readIndicatorSheet(data, maxDistrictSheetRows, MaxDistrictIndicatorRows)
	if err != nil {
		return nil, err
	}
	if sh.hdr.school == 0 {
		return nil, &IndicatorError{Where: "лист «" + sh.name + "», строка " + strconv.Itoa(sh.row),
			Msg: oneSchool + " — первым столбцом «Школа» (ИД школы или её наименование), по строке на школу и показатель"}
	}
	// Rows of one school need not be together: they are gathered in the
	// order the schools first appear.
	var out []SchoolIndicators
	var rows [][]xlsxRow
	bySchool := map[string]int{}
	for k, w := range sh.where {
		if w.school == "" {
			return nil, &IndicatorError{Where: "лист «" + sh.name + "», " + cellName(sh.hdr.school, w.row), Msg: "не указана школа (ИД — имя файла без расширения — или наименование)"}
		}
		s, ok := bySchool[fold(w.school)]
		if !ok {
			if len(out) >= MaxSchools {
				return nil, &IndicatorError{Where: "лист «" + sh.name + "», " + cellName(sh.hdr.school, w.row), Msg: fmt.Sprintf("школ больше %d", MaxSchools)}
			}
			s = len(out)
			bySchool[fold(w.school)] = s
			out = append(out, SchoolIndicators{School: w.school})
			rows = append(rows, nil)
		}
		out[s].Indicators = append(out[s].Indicators, sh.ins[k])
		rows[s] = append(rows[s], w)
	}
	err = CheckDistrictIndicators(out, func(s, i int, field string) string {
		if i < 0 {
			return sh.cell(rows[s][0], "school")
		}
		return sh.cell(rows[s][i], field)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
