package spacing_test

import (
	"fmt"

	"github.com/kartograf-ru/kartograf/internal/testtool/spacing"
)

// Measure a rendering of the analysis template (A4, right margin 10 mm,
// Liberation Serif 14 pt) and check it against issue 18's goal.
func ExampleMeasure() {
	r, err := spacing.Measure("analysis.pdf", spacing.Options{
		FontSize:    14,
		SpaceEm:     0.25,
		RightMargin: 10 * 72 / 25.4,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d lines, max %.2f, p95 %.2f, %d hyphenated (at most %d in a row)\n",
		r.Lines, r.Max, r.P95, r.Hyphenated, r.MaxHyphenRun)
	if r.Max > 2 || r.MaxHyphenRun > 2 {
		fmt.Println("not yet as good as the goal")
	}
}

// Compare a rendering of analysis-long with Typst's recorded figures.
func ExampleTypst() {
	ref, renderer, err := spacing.Typst("analysis-long")
	if err != nil {
		fmt.Println(err)
		return
	}
	r, err := spacing.Measure("analysis-long.pdf", ref.Options())
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("p95 %.2f, %s's %.2f\n", r.P95, renderer, ref.P95)
}
