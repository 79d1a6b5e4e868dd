package cli

// batch --analysis-date: the analysis of last year's implementation per
// school and for the district, made in the same run as the new roadmaps.

import (
	"flag"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strings"

	"github.com/kartograf-ru/kartograf/pkg/batch"
	"github.com/kartograf-ru/kartograf/pkg/document"
)

// batchAnalysisFlags are batch's flags of the analysis.
type batchAnalysisFlags struct {
	date, org *string
	target    *float64
}

func addBatchAnalysisFlags(fs *flag.FlagSet) batchAnalysisFlags {
	return batchAnalysisFlags{
		date: fs.String("analysis-date", "", "с --plan КАТАЛОГ: дата отчёта ДД.ММ.ГГГГ — сформировать и анализ реализации прошлогодней карты "+
			"каждой школы (ИД-analysis.*) и сводный анализ района (district-analysis.*)"),
		org: fs.String("organization", "", "с --analysis-date: полное наименование органа управления образованием для сводного анализа "+
			"(по умолчанию — общая вышестоящая организация школ)"),
		target: fs.Float64("target", 0, "с --analysis-date: целевая доля выполненных мероприятий, % (линия на диаграмме сводного анализа; 0 — нет)"),
	}
}

// usage checks the flags that need no file read.
func (a batchAnalysisFlags) usage() string {
	if *a.date == "" && (*a.org != "" || *a.target != 0) {
		return "--organization и --target задаются вместе с --analysis-date ДД.ММ.ГГГГ"
	}
	if t := *a.target; math.IsNaN(t) || t < 0 || t > 100 {
		return "--target: доля в процентах, от 0 до 100"
	}
	return ""
}

// analysis is the job's analysis, nil without --analysis-date; the error
// is a usage error, told as analyze tells its --date.
func (a batchAnalysisFlags) analysis() (*batch.Analysis, error) {
	if *a.date == "" {
		return nil, nil
	}
	day, err := document.ParseWrittenDate(*a.date)
	if err != nil {
		return nil, fmt.Errorf("--analysis-date: %w", err)
	}
	an := &batch.Analysis{Date: day.Time(), Target: *a.target}
	if org := strings.TrimSpace(*a.org); org != "" {
		an.Organization = &document.Organization{FullName: org}
	}
	return an, nil
}

// reportAnalysis tells what became of the analyses after the run's
// summary line; it reports whether all were made.
func reportAnalysis(w io.Writer, out string, sum *batch.Summary) bool {
	made := 0
	for _, o := range sum.Outcomes {
		if o.Analysis != nil && o.Analysis.Status != batch.StatusFailed {
			made++
		}
	}
	fmt.Fprintf(w, "batch: анализ реализации: школ %d, ошибок %d", made, sum.AnalysisFailed)
	ok := sum.AnalysisFailed == 0
	switch d := sum.District; {
	case d == nil:
		fmt.Fprint(w, "; сводный анализ района формирует часть 0/n")
	case d.Status == batch.StatusFailed:
		ok = false
		fmt.Fprintf(w, "; сводный анализ района не сформирован: %s", d.Error)
	default:
		fmt.Fprintf(w, "; сводный анализ района (школ %d, не прочитано %d): %s.*", d.Schools, d.Unread, filepath.Join(out, batch.DistrictName))
	}
	fmt.Fprintln(w)
	return ok
}
