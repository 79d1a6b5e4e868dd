package view

import (
	"context"
	"strconv"
	"testing"

	"github.com/kartograf-ru/kartograf/internal/testtool/testtpl"
	"github.com/kartograf-ru/kartograf/pkg/document"
)

// BenchmarkBuild is the cost the presentation model adds to a render: a
// plan of n measures with quotes and initials in some cells (copied and
// typographed) and plain text in the rest (shared with the document).
func BenchmarkBuild(b *testing.B) {
	for _, n := range []int{150, 10_000} {
		d := bigPlan(n)
		items := d.Body[0].Plan.Sections[0].Items
		for i := range items {
			if i%3 == 0 {
				items[i].Cells["title"] = document.Text(`Семинар "Школа 500+" для И.И. Иванова, 2023 г.`)
			}
		}
		tv := testtpl.Edited(b, "school-roadmap@1.1.0", "", nil)
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Build(context.Background(), d, tv, Meta{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
