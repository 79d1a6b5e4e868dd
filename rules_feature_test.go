package kartograf

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/kartograf-ru/kartograf/pkg/document"
)

// A document that uses what its template version does not print is
// refused by the engine, naming the field, the version and the versions
// that print it; the version that has the features accepts it.
func TestFeatureGateThroughTheEngine(t *testing.T) {
	eng, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join("testdata", "documents", "appendix-grif.json"))
	if err != nil {
		t.Fatal(err)
	}
	d, err := eng.Decode(data, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := eng.Validate(d, ""); err != nil {
		t.Fatalf("with its own template: %v", err)
	}
	err = eng.Validate(d, "school-roadmap@1.1.0")
	if err == nil {
		t.Fatal("school-roadmap@1.1.0 accepted a document with an appendix grif")
	}
	for _, want := range []string{
		"appendix: шаблон school-roadmap@1.1.0 не печатает приложение (appendix); выберите версию, где это есть: programme-appendix@1.0.0, school-programme@1.0.0",
		"letterhead: шаблон school-roadmap@1.1.0 не печатает документ без бланка организации (letterhead_optional)",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the problems do not say %q:\n%v", want, err)
		}
	}
}

// Only a version that lists the feature «charts» takes a chart; every
// other refuses it at its path rather than let it reach a renderer.
func TestChartsRefusedByReleasedVersions(t *testing.T) {
	eng, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	charts := 0
	doc := `{"kind": "analysis", "title": "Анализ", "organization": {"full_name": "Школа"}, "body": [{"chart": {"type": "bar", "title": "Выполнение", "categories": ["Раздел 1"], "series": [{"name": "Выполнено", "values": [5]}]}}]}`
	for _, v := range eng.Templates().List() {
		d, err := eng.Decode([]byte(doc), v.Ref())
		if err == nil {
			err = eng.Validate(d, v.Ref())
		}
		if slices.Contains(v.Manifest.Features, document.FeatureCharts) {
			if err != nil && strings.Contains(err.Error(), "body[0].chart") {
				t.Errorf("%s lists «charts» but refuses a chart: %v", v.Ref(), err)
			}
			charts++
			continue
		}
		if err == nil || !strings.Contains(err.Error(), "body[0].chart: шаблон "+v.Ref()+" не печатает диаграммы") {
			t.Errorf("%s: %v", v.Ref(), err)
		}
	}
	if charts == 0 {
		t.Error("no version takes charts")
	}
}
