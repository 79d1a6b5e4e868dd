package view

import (
	"math"

	"github.com/kartograf-ru/kartograf/pkg/document"
)

// Chart is a chart block as every renderer draws it: its texts typographed,
// its values formatted the Russian way, and the one value axis, palette
// and proportions that the PDF, DOCX and XLSX share, so that the same chart
// reads the same in each.
type Chart struct {
	Source     *document.Chart
	Type       string // document.ChartBar, ChartLine or ChartPie
	Stacked    bool
	Title      string // the caption, printed under the chart
	Categories []string
	Series     []ChartSeries
	Unit       string
	Decimals   int
	Target     *ChartTarget
	Legend     bool
	// Axis is the value axis of a bar or line chart (zero for a pie).
	Axis ChartAxis
	// Colors are the fills, "RRGGBB": one per series, or one per category
	// for a pie. Dark enough for white data labels and distinct in grey.
	Colors []string
	// Aspect is the plot's height over its width; the chart takes the
	// text width.
	Aspect float64
}

// ChartSeries is one series with its values printed.
type ChartSeries struct {
	Name   string
	Values []float64
	Labels []string // each value with a decimal comma and Decimals digits
}

// ChartTarget is the target line with its value printed.
type ChartTarget struct {
	Name  string
	Value float64
	Label string
}

// ChartAxis is a value axis from Min to Max in Step, with the printed
// value of each tick.
type ChartAxis struct {
	Min, Max, Step float64
	Ticks          []float64
	Labels         []string
	// Decimals is the digits after the comma every tick label has: what
	// the step needs, so a format's own axis numbering matches Labels.
	Decimals int
}

// chartPalette: colours that keep apart in print and in grey.
var chartPalette = []string{"1F4E79", "C55A11", "548235", "7F6000", "7030A0", "2E75B6", "A5A5A5", "843C0C"}

// chartAspect is the height of a chart over its width: a plot a person
// reads at a glance, and several fit on a portrait page.
const chartAspect = 0.5

func chart(c *document.Chart) *Chart {
	out := &Chart{
		Source: c, Type: c.Type, Stacked: c.Stacked && c.Type == document.ChartBar,
		Title: typographOne(c.Title), Unit: typographOne(c.Unit),
		Decimals: c.ValueDecimals(), Legend: c.ShowsLegend(), Aspect: chartAspect,
	}
	for _, cat := range c.Categories {
		out.Categories = append(out.Categories, typographOne(cat))
	}
	for _, s := range c.Series {
		cs := ChartSeries{Name: typographOne(s.Name), Values: s.Values}
		for _, v := range s.Values {
			cs.Labels = append(cs.Labels, ChartNumber(v, out.Decimals))
		}
		out.Series = append(out.Series, cs)
	}
	if c.Target != nil {
		out.Target = &ChartTarget{Name: typographOne(c.Target.Name), Value: c.Target.Value, Label: ChartNumber(c.Target.Value, out.Decimals)}
	}
	n := len(out.Series)
	if out.Type == document.ChartPie {
		n = len(out.Categories)
	}
	for i := 0; i < n; i++ {
		out.Colors = append(out.Colors, chartPalette[i%len(chartPalette)])
	}
	if out.Type != document.ChartPie {
		out.Axis = chartAxis(out)
	}
	return out
}

// ChartNumber prints v with d digits after a decimal comma.
func ChartNumber(v float64, d int) string {
	return document.FormatNumber(int64(math.Round(v*math.Pow10(d))), d)
}

// chartAxis spans zero and every value (the stacked sums for a stacked
// chart) and the target, in 1, 2 or 5 times a power of ten, with about
// five steps.
func chartAxis(c *Chart) ChartAxis {
	lo, hi := 0.0, 0.0
	see := func(v float64) { lo, hi = min(lo, v), max(hi, v) }
	for i := range c.Categories {
		sum := 0.0
		for _, s := range c.Series {
			if i < len(s.Values) {
				if c.Stacked {
					sum += s.Values[i]
				} else {
					see(s.Values[i])
				}
			}
		}
		if c.Stacked {
			see(sum)
		}
	}
	if c.Target != nil {
		see(c.Target.Value)
	}
	if hi == lo {
		hi = lo + 1
	}
	raw := (hi - lo) / 5
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step := mag
	for _, f := range []float64{1, 2, 5, 10} {
		if f*mag >= raw {
			step = f * mag
			break
		}
	}
	a := ChartAxis{Min: math.Floor(lo/step) * step, Max: math.Ceil(hi/step) * step, Step: step}
	d := 0
	for d < 4 && math.Abs(step*math.Pow10(d)-math.Round(step*math.Pow10(d))) > 1e-9 {
		d++
	}
	a.Decimals = d
	for v := a.Min; v <= a.Max+step/2; v += step {
		v = math.Round(v/step) * step
		a.Ticks = append(a.Ticks, v)
		a.Labels = append(a.Labels, ChartNumber(v, d))
	}
	return a
}
