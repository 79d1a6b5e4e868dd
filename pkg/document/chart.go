package document

import (
	"math"
	"strconv"
)

// Chart is a diagram drawn natively in every format — vector graphics in
// the PDF, an editable chart part with its data in DOCX, a chart over the
// cells that hold its data in XLSX:
//
//	{"chart": {"type": "bar", "title": "Выполнение мероприятий по разделам",
//	  "categories": ["Раздел 1", "Раздел 2"],
//	  "series": [{"name": "Выполнено", "values": [5, 3]}, {"name": "Не выполнено", "values": [1, 2]}],
//	  "stacked": true, "unit": "мероприятий"}}
//
// Values are numbers; they print with a decimal comma and Decimals digits.
type Chart struct {
	// Type is "bar" (columns; grouped, or stacked with Stacked), "line"
	// or "pie" (one series, shares of the whole).
	Type string `json:"type"`
	// Title is the figure's caption, printed under it and kept with it
	// (ГОСТ Р 7.32: «Рисунок N — …» is the author's to write).
	Title      string        `json:"title"`
	Categories []string      `json:"categories"`
	Series     []ChartSeries `json:"series"`
	// Stacked stacks a bar chart's series in one column per category.
	Stacked bool `json:"stacked,omitempty"`
	// Unit names what the values measure («балл», «%», «мероприятий»):
	// printed with the value axis and the data labels' legend.
	Unit string `json:"unit,omitempty"`
	// Decimals is how many digits the values print with after the comma
	// (0–4); omitted, the most any value needs, at most 2.
	Decimals *int `json:"decimals,omitempty"`
	// Target is a horizontal line at a value across a bar or line chart
	// («Целевое значение»).
	Target *ChartTarget `json:"target,omitempty"`
	// Legend false hides the legend; omitted, it is shown when there is
	// more than one series, and always for a pie.
	Legend *bool `json:"legend,omitempty"`
}

// ChartSeries is one named row of values, one per category.
type ChartSeries struct {
	Name   string    `json:"name"`
	Values []float64 `json:"values"`
}

// ChartTarget is a target line.
type ChartTarget struct {
	Name  string  `json:"name"`
	Value float64 `json:"value"`
}

// Chart types.
const (
	ChartBar  = "bar"
	ChartLine = "line"
	ChartPie  = "pie"
)

// Bounds of a chart, so that every format can draw it legibly on a page.
const (
	MaxChartCategories = 40
	MaxChartSeries     = 8
	maxChartDecimals   = 4
)

// FeatureCharts: the template version draws chart blocks.
const FeatureCharts = "charts"

// ShowsLegend reports whether the chart prints its legend.
func (c *Chart) ShowsLegend() bool {
	if c.Legend != nil {
		return *c.Legend
	}
	return c.Type == ChartPie || len(c.Series) > 1
}

// ValueDecimals is the digits after the comma every value prints with:
// Decimals, or the most any value (and the target) needs, at most 2.
func (c *Chart) ValueDecimals() int {
	if c.Decimals != nil {
		return *c.Decimals
	}
	d := 0
	need := func(v float64) {
		for d < 2 && math.Abs(v*math.Pow10(d)-math.Round(v*math.Pow10(d))) > 1e-9 {
			d++
		}
	}
	for _, s := range c.Series {
		for _, v := range s.Values {
			need(v)
		}
	}
	if c.Target != nil {
		need(c.Target.Value)
	}
	return d
}

// chart checks a chart block at path.
func (v *validator) chart(path string, c *Chart) {
	switch c.Type {
	case ChartBar, ChartLine, ChartPie:
	case "":
		v.add(path+".type", "обязательное поле отсутствует: bar, line или pie")
	default:
		v.add(path+".type", "тип диаграммы «%s» не поддерживается; допустимы bar (столбцы), line (линии), pie (круговая)", c.Type)
	}
	v.required(path+".title", c.Title)
	switch n := len(c.Categories); {
	case n == 0:
		v.add(path+".categories", "не может быть пустым")
	case n > MaxChartCategories:
		v.add(path+".categories", "не больше %d категорий: диаграмма с большим числом не читается; разделите её или дайте таблицу", MaxChartCategories)
	}
	for i, cat := range c.Categories {
		v.required(path+".categories["+strconv.Itoa(i)+"]", cat)
	}
	switch n := len(c.Series); {
	case n == 0:
		v.add(path+".series", "не может быть пустым")
	case n > MaxChartSeries:
		v.add(path+".series", "не больше %d рядов", MaxChartSeries)
	case c.Type == ChartPie && n != 1:
		v.add(path+".series", "у круговой диаграммы один ряд значений, а не %d", n)
	}
	for i, s := range c.Series {
		p := path + ".series[" + strconv.Itoa(i) + "]"
		v.required(p+".name", s.Name)
		if len(s.Values) != len(c.Categories) {
			v.add(p+".values", "значений %d, а категорий %d: по одному значению на категорию", len(s.Values), len(c.Categories))
		}
		sum := 0.0
		for j, x := range s.Values {
			switch {
			case math.IsNaN(x) || math.IsInf(x, 0) || math.Abs(x) > 1e12:
				v.add(p+".values["+strconv.Itoa(j)+"]", "значение вне допустимого диапазона")
			case c.Type == ChartPie && x < 0:
				v.add(p+".values["+strconv.Itoa(j)+"]", "доля круговой диаграммы не может быть отрицательной")
			case c.Stacked && x < 0:
				v.add(p+".values["+strconv.Itoa(j)+"]", "в накопительной диаграмме значения не могут быть отрицательными")
			}
			sum += x
		}
		if c.Type == ChartPie && len(s.Values) > 0 && sum <= 0 {
			v.add(p+".values", "у круговой диаграммы сумма долей должна быть больше нуля")
		}
	}
	if c.Stacked && c.Type != ChartBar {
		v.add(path+".stacked", "накопление (stacked) бывает только у столбчатой диаграммы (bar)")
	}
	if c.Target != nil {
		if c.Type == ChartPie {
			v.add(path+".target", "у круговой диаграммы нет целевой линии")
		}
		v.required(path+".target.name", c.Target.Name)
		if x := c.Target.Value; math.IsNaN(x) || math.IsInf(x, 0) || math.Abs(x) > 1e12 {
			v.add(path+".target.value", "значение вне допустимого диапазона")
		}
	}
	if c.Decimals != nil && (*c.Decimals < 0 || *c.Decimals > maxChartDecimals) {
		v.add(path+".decimals", "знаков после запятой от 0 до %d", maxChartDecimals)
	}
	v.text(path+".unit", c.Unit)
}
