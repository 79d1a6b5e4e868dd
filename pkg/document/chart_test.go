package document

import (
	"strings"
	"testing"
)

func chartDoc(c string) string {
	return `{"kind": "analysis", "title": "Анализ", "organization": {"full_name": "Школа"}, "body": [{"chart": ` + c + `}]}`
}

// TestChartValidation: a chart every format can draw passes; each way of
// breaking one is named at its path.
func TestChartValidation(t *testing.T) {
	good := `{"type": "bar", "title": "Выполнение", "categories": ["Раздел 1", "Раздел 2"], "series": [{"name": "Выполнено", "values": [5, 3.5]}], "target": {"name": "Цель", "value": 4}}`
	d, err := DecodeBytes([]byte(chartDoc(good)))
	if err != nil {
		t.Fatal(err)
	}
	if err := (Rules{}).Validate(d); err != nil {
		t.Fatalf("a good chart: %v", err)
	}
	if got := d.Body[0].Chart.ValueDecimals(); got != 1 {
		t.Errorf("decimals %d, want 1 (3,5)", got)
	}
	if f := d.Features(); len(f) != 1 || f[0].Feature != FeatureCharts || f[0].Path != "body[0].chart" {
		t.Errorf("features %v", f)
	}
	for _, c := range []struct{ chart, path, msg string }{
		{`{"type": "radar", "title": "x", "categories": ["a"], "series": [{"name": "s", "values": [1]}]}`, "body[0].chart.type", "допустимо: bar, line, pie"},
		{`{"type": "bar", "title": "x", "categories": ["a", "b"], "series": [{"name": "s", "values": [1]}]}`, "body[0].chart.series[0].values", "значений 1, а категорий 2"},
		{`{"type": "pie", "title": "x", "categories": ["a"], "series": [{"name": "s", "values": [1]}, {"name": "t", "values": [2]}]}`, "body[0].chart.series", "один ряд"},
		{`{"type": "pie", "title": "x", "categories": ["a", "b"], "series": [{"name": "s", "values": [-1, 2]}]}`, "body[0].chart.series[0].values[0]", "отрицательной"},
		{`{"type": "line", "stacked": true, "title": "x", "categories": ["a"], "series": [{"name": "s", "values": [1]}]}`, "body[0].chart.stacked", "только у столбчатой"},
		{`{"type": "bar", "title": "", "categories": ["a"], "series": [{"name": "s", "values": [1]}]}`, "body[0].chart.title", ""},
		{`{"type": "bar", "title": "x", "categories": [], "series": []}`, "body[0].chart.categories", "пустым"},
		{`{"type": "bar", "title": "x", "decimals": 7, "categories": ["a"], "series": [{"name": "s", "values": [1]}]}`, "body[0].chart.decimals", "не больше 4"},
		{`{"type": "pie", "title": "x", "categories": ["a"], "series": [{"name": "s", "values": [1]}], "target": {"name": "t", "value": 1}}`, "body[0].chart.target", "нет целевой линии"},
	} {
		d, err := DecodeBytes([]byte(chartDoc(c.chart)))
		if err == nil {
			err = (Rules{}).Validate(d)
		}
		if err == nil || !strings.Contains(err.Error(), c.path+": ") || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("%s: %v, want a problem at %s with %q", c.chart, err, c.path, c.msg)
		}
	}
}
