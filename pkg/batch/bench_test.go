package batch

import (
	"context"
	"testing"

	"github.com/kartograf-ru/kartograf"
)

// BenchmarkRun is one school per op: rollover, personalisation,
// validation and rendering of seed 001 to PDF, DOCX and XLSX, written to
// disk, on one worker.
func BenchmarkRun(b *testing.B) {
	for _, c := range []struct {
		name    string
		formats []kartograf.Format
	}{
		{"pdf", []kartograf.Format{kartograf.PDF}},
		{"pdf+docx+xlsx", []kartograf.Format{kartograf.PDF, kartograf.DOCX, kartograf.XLSX}},
	} {
		b.Run(c.name, func(b *testing.B) {
			job := newJob(b, b.TempDir(), b.N)
			job.Formats, job.Workers = c.formats, 1
			b.ReportAllocs()
			b.ResetTimer()
			sum, err := Run(context.Background(), job)
			if err != nil || sum.Rendered != b.N {
				b.Fatalf("%v %+v", err, sum)
			}
		})
	}
}
