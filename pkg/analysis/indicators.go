package analysis

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/typo"
)

// Indicator is one result a school is judged by (a ВПР, ОГЭ or ЕГЭ
// average, a share below the threshold) over school years, as the
// methodologist keeps it:
//
//	{"name": "Средний балл ОГЭ по математике", "unit": "балл", "decimals": 1,
//	 "target": 3.8, "values": [{"year": "2022-2023", "value": 3.4},
//	 {"year": "2023-2024", "value": 3.7}]}
type Indicator struct {
	Name string `json:"name"`
	// Unit is what the values measure: «балл», «%», «чел.»; «балл» and
	// «человек» agree with the number in the phrases, others print as
	// written.
	Unit string `json:"unit,omitempty"`
	// Decimals is the digits after the comma (0–4); omitted, the most any
	// value or the target needs, at most 2.
	Decimals *int `json:"decimals,omitempty"`
	// Target is the value the plan aims at.
	Target *float64 `json:"target,omitempty"`
	// Better is "higher" (default) or "lower": whether the target is
	// reached from below or from above («Доля обучающихся ниже порога»).
	Better string           `json:"better,omitempty"`
	Values []IndicatorValue `json:"values"`
}

// IndicatorValue is an indicator's value in one year («2023-2024», «2024»).
type IndicatorValue struct {
	Year  string  `json:"year"`
	Value float64 `json:"value"`
}

// Directions of an indicator.
const (
	BetterHigher = "higher"
	BetterLower  = "lower"
)

// Bounds of indicator data, so that its table and charts stay legible and
// a hostile file costs little.
const (
	MaxIndicators        = 200
	MaxIndicatorYears    = 15 // distinct years over all indicators
	maxIndicatorName     = 500
	maxIndicatorUnit     = 40
	maxIndicatorYear     = 20
	maxIndicatorDecimals = 4
	maxIndicatorValue    = 1e9
)

// HeadingIndicators is the heading of the indicator dynamics.
const HeadingIndicators = "Динамика показателей"

// IndicatorError is a problem in indicator data: where (a JSON path such
// as «indicators[2].values[0].value», or a sheet cell) and what.
type IndicatorError struct {
	Where string
	Msg   string
}

func (e *IndicatorError) Error() string {
	if e.Where == "" {
		return "показатели: " + e.Msg
	}
	return "показатели: " + e.Where + ": " + e.Msg
}

// CheckIndicators checks indicator data against its bounds; where names
// each indicator's place for the message (nil: its JSON path).
func CheckIndicators(ins []Indicator, where func(i int, field string) string) error {
	if where == nil {
		where = func(i int, field string) string {
			p := "indicators[" + strconv.Itoa(i) + "]"
			if field != "" {
				p += "." + field
			}
			return p
		}
	}
	bad := func(i int, field, format string, a ...any) error {
		return &IndicatorError{Where: where(i, field), Msg: fmt.Sprintf(format, a...)}
	}
	if len(ins) > MaxIndicators {
		return &IndicatorError{Msg: fmt.Sprintf("показателей %d, допустимо не больше %d", len(ins), MaxIndicators)}
	}
	years := map[string]bool{}
	names := map[string]int{}
	for i, in := range ins {
		name := strings.TrimSpace(in.Name)
		switch {
		case name == "":
			return bad(i, "name", "не указано название показателя")
		case !utf8.ValidString(in.Name) || utf8.RuneCountInString(name) > maxIndicatorName:
			return bad(i, "name", "название длиннее %d знаков или не в UTF-8", maxIndicatorName)
		}
		if j, ok := names[name]; ok {
			return bad(i, "name", "показатель «%s» уже указан (%s)", name, where(j, ""))
		}
		names[name] = i
		if !utf8.ValidString(in.Unit) || utf8.RuneCountInString(in.Unit) > maxIndicatorUnit {
			return bad(i, "unit", "единица измерения длиннее %d знаков или не в UTF-8", maxIndicatorUnit)
		}
		if in.Decimals != nil && (*in.Decimals < 0 || *in.Decimals > maxIndicatorDecimals) {
			return bad(i, "decimals", "знаков после запятой от 0 до %d", maxIndicatorDecimals)
		}
		switch in.Better {
		case "", BetterHigher, BetterLower:
		default:
			return bad(i, "better", "«%s»: допустимо higher (лучше больше) или lower (лучше меньше)", in.Better)
		}
		if in.Target != nil && !finite(*in.Target) {
			return bad(i, "target", "целевое значение вне допустимого диапазона (по модулю не больше 10⁹)")
		}
		if len(in.Values) == 0 {
			return bad(i, "values", "нет ни одного значения показателя «%s»", name)
		}
		seen := map[string]int{}
		for k, v := range in.Values {
			f := "values[" + strconv.Itoa(k) + "]"
			y := strings.TrimSpace(v.Year)
			switch {
			case y == "":
				return bad(i, f+".year", "не указан год")
			case !utf8.ValidString(y) || utf8.RuneCountInString(y) > maxIndicatorYear:
				return bad(i, f+".year", "год длиннее %d знаков или не в UTF-8", maxIndicatorYear)
			}
			if p, ok := seen[y]; ok {
				return bad(i, f+".year", "год «%s» повторяется (уже в values[%d])", y, p)
			}
			seen[y] = k
			if !finite(v.Value) {
				return bad(i, f+".value", "значение вне допустимого диапазона (по модулю не больше 10⁹)")
			}
			if !years[y] {
				years[y] = true
				if len(years) > MaxIndicatorYears {
					return bad(i, f+".year", "лет больше %d: разделите данные на несколько таблиц", MaxIndicatorYears)
				}
			}
		}
	}
	return nil
}

func finite(v float64) bool {
	return !math.IsNaN(v) && !math.IsInf(v, 0) && math.Abs(v) <= maxIndicatorValue
}

// decimals is the digits every number of the indicator prints with.
func (in *Indicator) decimals() int {
	if in.Decimals != nil {
		return *in.Decimals
	}
	c := document.Chart{}
	for _, v := range in.Values {
		c.Categories = append(c.Categories, v.Year)
	}
	s := document.ChartSeries{}
	for _, v := range in.Values {
		s.Values = append(s.Values, v.Value)
	}
	c.Series = []document.ChartSeries{s}
	if in.Target != nil {
		c.Target = &document.ChartTarget{Value: *in.Target}
	}
	return c.ValueDecimals()
}

// units is v in units of 10^-d, rounded half away from zero: the number
// as printed, so that comparisons agree with what the reader sees.
func units(v float64, d int) int64 { return int64(math.Round(v * math.Pow10(d))) }

// sorted is the indicator's values in year order. Years as schools write
// them («2022-2023», «2023/2024», «2024») sort as strings.
func (in *Indicator) sorted() []IndicatorValue {
	vs := slices.Clone(in.Values)
	for i := range vs {
		vs[i].Year = strings.TrimSpace(vs[i].Year)
	}
	slices.SortStableFunc(vs, func(a, b IndicatorValue) int { return strings.Compare(a.Year, b.Year) })
	return vs
}

// NumberText is v with d decimals and a decimal comma: «3,7», «−0,3».
func NumberText(v float64, d int) string { return unitsText(units(v, d), d) }

func unitsText(u int64, d int) string {
	s := document.FormatNumber(u, d)
	if strings.HasPrefix(s, "-") {
		s = "−" + s[1:]
	}
	return s
}

// unitForms are the forms of units that agree with their number: the
// nominative («3,7 балла», «4 балла», «5 баллов», «21 балл») and the
// genitive after «до» («до 4 баллов», «до 21 балла»). A fraction takes
// the genitive singular in both («3,7 балла», «до 3,7 балла»).
var unitForms = map[string]struct{ nom, gen [3]string }{
	"балл":    {[3]string{"балл", "балла", "баллов"}, [3]string{"балла", "баллов", "баллов"}},
	"человек": {[3]string{"человек", "человека", "человек"}, [3]string{"человека", "человек", "человек"}},
}

// unitKey maps the forms a methodologist may type to the unit.
func unitKey(unit string) string {
	switch u := strings.ToLower(strings.TrimSpace(unit)); u {
	case "балл", "балла", "баллов", "баллы":
		return "балл"
	case "человек", "человека", "чел":
		return "человек"
	default:
		return u
	}
}

// withUnit is the number u (units of 10^-d) followed by its unit agreeing
// with it, in the nominative or the genitive (after «до»). A unit without
// known forms prints as written: «12,5 %», «40 чел.».
func withUnit(u int64, d int, unit string, genitive bool) string {
	num := unitsText(u, d)
	unit = strings.TrimSpace(unit)
	if unit == "" {
		return num
	}
	f, ok := unitForms[unitKey(unit)]
	if !ok {
		return num + "\u00a0" + unit
	}
	forms := f.nom
	if genitive {
		forms = f.gen
	}
	if d > 0 {
		// A number written with decimals is read as a fraction
		// («три целых семь десятых балла»; «4,0 балла»): genitive singular.
		return num + "\u00a0" + f.gen[0]
	}
	n := u
	if n < 0 {
		n = -n
	}
	return num + "\u00a0" + typo.Plural(int(n%100), forms[0], forms[1], forms[2])
}

// WithUnit is v, printed with d decimals, and its unit agreeing with it in
// the nominative: «3,7 балла», «4 балла», «5 баллов», «21 балл».
func WithUnit(v float64, d int, unit string) string { return withUnit(units(v, d), d, unit, false) }

// Dynamics is the phrase on an indicator with values in at least two
// years: the change from the previous year to the last and whether the
// target is reached; "" for fewer years.
//
//	Значение показателя «Средний балл ОГЭ по математике» выросло с 3,4 до 3,7 балла (+0,3); целевое значение 3,8 не достигнуто.
func (in *Indicator) Dynamics() string {
	vs := in.sorted()
	if len(vs) < 2 {
		return ""
	}
	d := in.decimals()
	prev, last := units(vs[len(vs)-2].Value, d), units(vs[len(vs)-1].Value, d)
	s := "Значение показателя «" + strings.TrimSpace(in.Name) + "» "
	switch {
	case last > prev:
		s += "выросло с " + unitsText(prev, d) + " до " + withUnit(last, d, in.Unit, true) + " (+" + unitsText(last-prev, d) + ")"
	case last < prev:
		s += "снизилось с " + unitsText(prev, d) + " до " + withUnit(last, d, in.Unit, true) + " (" + unitsText(last-prev, d) + ")"
	default:
		s += "не изменилось (" + withUnit(last, d, in.Unit, false) + ")"
	}
	if in.Target != nil {
		t := units(*in.Target, d)
		reached := last >= t
		if in.Better == BetterLower {
			reached = last <= t
		}
		s += "; целевое значение " + unitsText(t, d)
		if reached {
			s += " достигнуто"
		} else {
			s += " не достигнуто"
		}
	}
	return s + "."
}

// indicatorBlocks are the blocks of the indicator dynamics: the heading,
// the table indicator × years, then per indicator its phrase and chart.
func indicatorBlocks(ins []Indicator) []document.Block {
	if len(ins) == 0 {
		return nil
	}
	out := []document.Block{heading(HeadingIndicators), {Table: indicatorTable(ins)}}
	for i := range ins {
		in := &ins[i]
		if p := in.Dynamics(); p != "" {
			out = append(out, document.Block{Paragraph: &document.Paragraph{Text: p}})
		}
		out = append(out, document.Block{Chart: in.chart()})
	}
	return out
}

// indicatorYears is every year of the indicators, in order.
func indicatorYears(ins []Indicator) []string {
	var ys []string
	for _, in := range ins {
		for _, v := range in.Values {
			if y := strings.TrimSpace(v.Year); !slices.Contains(ys, y) {
				ys = append(ys, y)
			}
		}
	}
	slices.Sort(ys)
	return ys
}

// Column titles of the indicator table.
const (
	ColumnIndicator = "Показатель"
	ColumnUnit      = "Единица измерения"
	ColumnChange    = "Изменение к предыдущему году"
	ColumnTarget    = "Целевое значение"
)

// indicatorTable is indicators × years, with the change of the last year
// against the one before and the target. A unit all indicators share is
// said once, in the indicator column's title («Показатель, балл»: a column
// unit belongs to number columns, and these are text); otherwise each row
// names its own.
// Cells are text already formatted, since each row has its own decimals.
func indicatorTable(ins []Indicator) *document.Table {
	years := indicatorYears(ins)
	shared := strings.TrimSpace(ins[0].Unit)
	oneUnit := shared != ""
	for _, in := range ins {
		oneUnit = oneUnit && strings.TrimSpace(in.Unit) == shared
	}
	t := &document.Table{Columns: []document.TableColumn{{Title: ColumnIndicator, Width: 30}}}
	if oneUnit {
		t.Columns[0].Title += ", " + shared
	} else {
		t.Columns = append(t.Columns, document.TableColumn{Title: ColumnUnit, Width: 11})
	}
	// The change and target columns have long titles: a little wider.
	yw := 60.0 / (float64(len(years)) + 2.8)
	for _, y := range years {
		t.Columns = append(t.Columns, document.TableColumn{Title: y, Width: yw, Align: "right"})
	}
	t.Columns = append(t.Columns,
		document.TableColumn{Title: ColumnChange, Width: 1.4 * yw, Align: "right"},
		document.TableColumn{Title: ColumnTarget, Width: 1.4 * yw, Align: "right"})
	for i := range ins {
		in := &ins[i]
		d := in.decimals()
		row := []document.Content{document.Text(strings.TrimSpace(in.Name))}
		if !oneUnit {
			row = append(row, document.Text(strings.TrimSpace(in.Unit)))
		}
		byYear := map[string]float64{}
		for _, v := range in.Values {
			byYear[strings.TrimSpace(v.Year)] = v.Value
		}
		for _, y := range years {
			cell := "—"
			if v, ok := byYear[y]; ok {
				cell = NumberText(v, d)
			}
			row = append(row, document.Text(cell))
		}
		row = append(row, document.Text(in.change()), document.Text("—"))
		if in.Target != nil {
			row[len(row)-1] = document.Text(NumberText(*in.Target, d))
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// change is the last year's value minus the previous year's, signed
// («+0,3», «−0,2», «0,0»), or «—» for a single year.
func (in *Indicator) change() string {
	vs := in.sorted()
	if len(vs) < 2 {
		return "—"
	}
	d := in.decimals()
	c := units(vs[len(vs)-1].Value, d) - units(vs[len(vs)-2].Value, d)
	if c > 0 {
		return "+" + unitsText(c, d)
	}
	return unitsText(c, d)
}

// TargetName is the name of an indicator chart's target line.
const TargetName = "Целевое значение"

// chart is the indicator over its years: a line, or a column for a single
// year, with the target line; its caption is the indicator's name.
func (in *Indicator) chart() *document.Chart {
	d := in.decimals()
	c := &document.Chart{Type: document.ChartLine, Title: strings.TrimSpace(in.Name), Unit: strings.TrimSpace(in.Unit), Decimals: &d}
	vs := in.sorted()
	if len(vs) == 1 {
		c.Type = document.ChartBar
	}
	s := document.ChartSeries{Name: strings.TrimSpace(in.Name)}
	for _, v := range vs {
		c.Categories = append(c.Categories, v.Year)
		s.Values = append(s.Values, v.Value)
	}
	c.Series = []document.ChartSeries{s}
	if in.Target != nil {
		c.Target = &document.ChartTarget{Name: TargetName, Value: *in.Target}
	}
	return c
}
