package view

import (
	"slices"
	"strings"
	"testing"

	"github.com/kartograf-ru/kartograf/pkg/document"
)

// TestChartAxis: one value axis for every format — spanning zero, the
// values (stacked: their sums) and the target, in round steps.
func TestChartAxis(t *testing.T) {
	for _, c := range []struct {
		chart  document.Chart
		labels []string
	}{
		{document.Chart{Type: "bar", Categories: []string{"а", "б"}, Series: []document.ChartSeries{{Name: "s", Values: []float64{3.4, 3.7}}}, Target: &document.ChartTarget{Name: "t", Value: 4}},
			[]string{"0", "1", "2", "3", "4"}},
		{document.Chart{Type: "bar", Stacked: true, Categories: []string{"а", "б"}, Series: []document.ChartSeries{{Name: "s", Values: []float64{14, 3}}, {Name: "t", Values: []float64{4, 1}}}},
			[]string{"0", "5", "10", "15", "20"}},
		{document.Chart{Type: "line", Categories: []string{"а", "б"}, Series: []document.ChartSeries{{Name: "s", Values: []float64{-12.5, 77.8}}}},
			[]string{"-20", "0", "20", "40", "60", "80"}},
		{document.Chart{Type: "line", Categories: []string{"а"}, Series: []document.ChartSeries{{Name: "s", Values: []float64{0.12}}}},
			[]string{"0,00", "0,05", "0,10", "0,15"}},
	} {
		v := chart(&c.chart)
		if d := strings.IndexByte(c.labels[0]+",", ','); v.Axis.Decimals != len(c.labels[0])-min(d+1, len(c.labels[0])) {
			t.Errorf("%v: axis decimals %d for labels %v", c.chart.Series, v.Axis.Decimals, c.labels)
		}
		if !slices.Equal(v.Axis.Labels, c.labels) {
			t.Errorf("%v: axis %v, want %v", c.chart.Series, v.Axis.Labels, c.labels)
		}
	}
	v := chart(&document.Chart{Type: "pie", Title: "Доли", Categories: []string{"а", "б", "в"}, Series: []document.ChartSeries{{Name: "s", Values: []float64{1, 2.25, 1000}}}})
	if len(v.Colors) != 3 || !v.Legend || len(v.Axis.Ticks) != 0 {
		t.Errorf("pie: colours %v, legend %v, axis %v", v.Colors, v.Legend, v.Axis)
	}
	if want := []string{"1,00", "2,25", "1\u00a0000,00"}; !slices.Equal(v.Series[0].Labels, want) {
		t.Errorf("labels %q, want %q", v.Series[0].Labels, want)
	}
}
