package batch

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/kartograf-ru/kartograf"
	"github.com/kartograf-ru/kartograf/pkg/document"
)

// BenchmarkRunAnalysis is one school per op from its last-year document
// (seed 001 with its marks) rolled over and rendered to PDF, DOCX and
// XLSX on one worker, without and with its analysis: the difference is
// what the analysis adds per school. Shard 1/2 of twice the schools keeps
// the district analysis, made once per run, out of the per-school figure.
func BenchmarkRunAnalysis(b *testing.B) {
	for _, with := range []bool{false, true} {
		name := "roadmap"
		if with {
			name = "roadmap+analysis"
		}
		b.Run(name, func(b *testing.B) {
			job := newJob(b, b.TempDir(), 2*b.N)
			job.Previous, job.Base, job.Workers = map[string]*document.Document{}, nil, 1
			for _, s := range job.Schools {
				job.Previous[s.ID] = seed(b)
			}
			job.Shard = Shard{Index: 1, Count: 2}
			if with {
				job.Analysis = &Analysis{Date: march15}
			}
			b.ReportAllocs()
			b.ResetTimer()
			sum, err := Run(context.Background(), job)
			if err != nil || sum.Rendered != b.N || sum.AnalysisFailed != 0 {
				b.Fatalf("%v %+v", err, sum)
			}
		})
	}
}

// BenchmarkDistrictAnalysis is the district analysis of 40 schools, once
// per run, in PDF, DOCX and XLSX.
func BenchmarkDistrictAnalysis(b *testing.B) {
	job := newJob(b, "", 40)
	job.Previous, job.Base = map[string]*document.Document{}, nil
	for _, s := range job.Schools {
		job.Previous[s.ID] = seed(b)
	}
	job.Analysis = &Analysis{Date: march15, Target: 50, Organization: &document.Organization{FullName: "Управление образования"}}
	job.Formats = []kartograf.Format{kartograf.PDF, kartograf.DOCX, kartograf.XLSX}
	b.ReportAllocs()
	for b.Loop() {
		job.Out = b.TempDir()
		if err := os.Mkdir(filepath.Join(job.Out, stateDir), 0o755); err != nil {
			b.Fatal(err)
		}
		d, _, err := job.district(context.Background())
		if err != nil || d.Status != StatusRendered {
			b.Fatalf("%v %+v", err, d)
		}
	}
}
