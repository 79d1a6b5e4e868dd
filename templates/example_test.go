package templates_test

import (
	"fmt"

	"github.com/kartograf-ru/kartograf/templates"
)

// A reference with a version picks that version; without one, the latest.
func ExampleRegistry_Resolve() {
	reg, err := templates.New()
	if err != nil {
		fmt.Println(err)
		return
	}
	v, _ := reg.Resolve("school-roadmap")
	fmt.Println(v.Ref(), v.Manifest.Page.Size, v.Manifest.Page.Orientation, len(v.Manifest.Plan.Columns), "колонок")
	_, err = reg.Resolve("school-roadmap@9.0.0")
	fmt.Println(err)
	// Output:
	// school-roadmap@1.1.0 A4 landscape 7 колонок
	// шаблон «school-roadmap@9.0.0» не найден; есть: analysis@1.0.0, analysis@1.1.0, analysis-report@1.0.0, municipal-roadmap@1.0.0, municipal-roadmap@1.1.0, programme-appendix@1.0.0, school-programme@1.0.0, school-roadmap@1.0.0, school-roadmap@1.1.0
}
