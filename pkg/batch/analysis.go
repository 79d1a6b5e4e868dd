package batch

// The analysis of last year's implementation, made in the same run as the
// new roadmaps: the last-year documents with the schools' monitoring marks
// that the run rolls over are exactly what pkg/analysis reads.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"strings"
	"time"

	"github.com/kartograf-ru/kartograf"
	"github.com/kartograf-ru/kartograf/pkg/analysis"
	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/registry"
)

// Analysis asks a run with last year's document of every school
// (Job.Previous) for the analysis of its implementation at Date: each
// school's as ИД-analysis.<format>, and the district's over every school
// of the registry as district-analysis.<format>.
type Analysis struct {
	Date time.Time
	// Organization issues the district analysis; nil: the schools' common
	// parent body, if they have one.
	Organization *document.Organization
	// Target is the completion share the district aims at, in per cent
	// (0: none); see analysis.DistrictOptions.
	Target float64
}

// KindAnalysis marks the files of an analysis in Outcome.Files and
// DistrictOutcome.Files; a roadmap's files have no kind.
const KindAnalysis = "analysis"

// Names of the district analysis: its files are DistrictName.<format> in
// the output root; its state is .kartograf/DistrictName.json.
const DistrictName = "district-analysis"

// AnalysisOutcome is what happened to one analysis document.
type AnalysisOutcome struct {
	Status    string `json:"status"` // StatusRendered, StatusSkipped or StatusFailed
	Error     string `json:"error,omitempty"`
	Template  string `json:"template,omitempty"`
	InputHash string `json:"input_hash,omitempty"`
}

// DistrictOutcome is what happened to the district analysis.
type DistrictOutcome struct {
	AnalysisOutcome
	// Schools were counted; Unread could not be (no last-year document, a
	// plan without measures …) and are listed in the document.
	Schools int    `json:"schools"`
	Unread  int    `json:"unread"`
	Files   []File `json:"files"`
}

// analysisState is the analysis part of a state record.
type analysisState struct {
	Date      string `json:"date"`
	InputHash string `json:"input_hash"`
	Template  string `json:"template"`
}

// checkAnalysis refuses an analysis the run cannot make.
func (job *Job) checkAnalysis() error {
	a := job.Analysis
	if a == nil {
		return nil
	}
	if job.Previous == nil {
		return errors.New("batch: анализ реализации строится по документам прошлого года с отметками мониторинга: " +
			"укажите каталог документов школ (ИД.json или ИД.xlsx), а не общий план")
	}
	if a.Date.IsZero() {
		return errors.New("batch: не указана дата анализа")
	}
	if math.IsNaN(a.Target) || a.Target < 0 || a.Target > 100 {
		return errors.New("batch: целевое значение доли выполненных мероприятий — число от 0 до 100 (процентов)")
	}
	for _, s := range job.Schools {
		// File systems on Windows and macOS ignore case: «S1-Analysis.pdf»
		// is the analysis of s1.
		id := strings.ToLower(s.ID)
		if strings.HasSuffix(id, "-analysis") || id == "district" {
			return fmt.Errorf("batch: идентификатор школы «%s» (строка %d реестра) совпадает с именем файла анализа "+
				"(ИД-analysis.*, district-analysis.*): переименуйте школу или формируйте пакет без анализа", s.ID, s.Row)
		}
	}
	return nil
}

// schoolAnalysis makes the analysis of school s's last-year plan prev,
// adding its files to r (and their bytes, when streaming). A plan the
// analysis cannot read is the analysis's problem, recorded in
// r.outcome.Analysis: the school still gets its new roadmap. The error
// is only a failure to write; st is nil unless the analysis is in place.
func (job *Job) schoolAnalysis(ctx context.Context, r *result, s registry.School, prev *document.Document, formats []string) (st *analysisState, rendered bool, err error) {
	out := &AnalysisOutcome{Status: StatusFailed}
	r.outcome.Analysis = out
	doc, err := analysis.Build(prev, analysis.Options{Date: job.Analysis.Date})
	if err != nil {
		out.Error = problemText(err)
		return nil, false, nil
	}
	files, data, st, rendered, err := job.renderAnalysis(ctx, doc, s.ID, s.ID+"-analysis", formats)
	switch {
	case errors.Is(err, errWrite):
		return nil, false, err
	case err != nil:
		out.Error = problemText(err)
		return nil, false, nil
	}
	out.Template, out.InputHash = st.Template, st.InputHash
	out.Status = StatusSkipped
	if rendered {
		out.Status = StatusRendered
	}
	r.outcome.Files = append(r.outcome.Files, files...)
	r.data = append(r.data, data...)
	return st, rendered, nil
}

// errWrite marks a failure to write an output file, which stops a school
// (or the district) rather than being the analysis's problem.
var errWrite = errors.New("запись")

// renderAnalysis prepares doc once and renders it in every format as
// name.<format>, unless the state of id in the output directory says the
// same document is there already.
func (job *Job) renderAnalysis(ctx context.Context, doc *document.Document, id, name string, formats []string) (files []File, data [][]byte, st *analysisState, rendered bool, err error) {
	prep, err := job.Engine.Prepare(ctx, doc, "")
	if err != nil {
		return nil, nil, nil, false, err
	}
	st = &analysisState{Date: analysis.DateText(job.Analysis.Date), InputHash: prep.InputHash, Template: prep.Template.Ref()}
	if job.Out != "" {
		if old := readState(job.Out, id); old != nil && old.Analysis != nil &&
			old.Analysis.InputHash == st.InputHash && old.Analysis.Template == st.Template {
			if files := old.intact(job.Out, KindAnalysis, formats); files != nil {
				return files, nil, st, false, nil
			}
		}
	}
	for _, f := range job.Formats {
		var buf bytes.Buffer
		if _, err := job.Engine.RenderPrepared(ctx, &buf, prep, kartograf.RenderOptions{Format: f}); err != nil {
			return nil, nil, nil, false, err
		}
		file := File{Format: string(f), Path: name + "." + string(f), SHA256: fileSum(buf.Bytes()), Size: int64(buf.Len()), Kind: KindAnalysis}
		if job.Out != "" {
			if err := writeAtomic(filepath.Join(job.Out, file.Path), buf.Bytes()); err != nil {
				return nil, nil, nil, false, fmt.Errorf("%w %s: %w", errWrite, file.Path, err)
			}
		} else {
			data = append(data, buf.Bytes())
		}
		files = append(files, file)
	}
	return files, data, st, true, nil
}

// district makes the district analysis over the last-year plan of every
// school of the registry — not only the shard's: the plans are the run's
// input, which every shard has, so shard 0 makes the whole district's
// analysis without waiting for the others, and the other shards make
// none (shards sharing a directory would write the same files). It
// returns nil when the run makes no district analysis.
func (job *Job) district(ctx context.Context) (*DistrictOutcome, [][]byte, error) {
	if job.Analysis == nil || (job.Shard.Count > 1 && job.Shard.Index != 0) {
		return nil, nil, nil
	}
	out := &DistrictOutcome{AnalysisOutcome: AnalysisOutcome{Status: StatusFailed}, Files: []File{}}
	plans := make([]analysis.SchoolPlan, len(job.Schools))
	for i, s := range job.Schools {
		plans[i] = analysis.SchoolPlan{ID: s.ID, Name: s.ShortName, Plan: job.Previous[s.ID]}
		if plans[i].Plan == nil {
			plans[i].Problem = "нет документа прошлого года"
		}
	}
	a := job.Analysis
	facts, err := analysis.DistrictFacts(plans, a.Date)
	if err != nil {
		out.Error = problemText(err)
		return out, nil, nil
	}
	out.Schools, out.Unread = len(facts.Schools), len(facts.Unread)
	if a.Organization == nil && facts.Parent == "" {
		// The template needs an issuing body; without one the engine's
		// «organization.full_name: не может быть пустым» would not say what
		// to do.
		out.Error = analysis.ErrNoOrganization.Error() + " (--organization «…»)"
		return out, nil, nil
	}
	doc := facts.Document(analysis.DistrictOptions{Options: analysis.Options{Date: a.Date},
		Organization: a.Organization, Target: a.Target})
	formats := job.formatNames()
	files, data, st, rendered, err := job.renderAnalysis(ctx, doc, DistrictName, DistrictName, formats)
	switch {
	case errors.Is(err, errWrite):
		return out, nil, err
	case err != nil:
		out.Error = problemText(err)
		return out, nil, nil
	}
	out.Files, out.Template, out.InputHash, out.Status = files, st.Template, st.InputHash, StatusSkipped
	if rendered {
		out.Status = StatusRendered
		if job.Out != "" {
			rec, err := json.Marshal(state{ID: DistrictName, Files: files, Analysis: st})
			if err == nil {
				err = writeAtomic(statePath(job.Out, DistrictName), rec)
			}
			if err != nil {
				return out, nil, fmt.Errorf("состояние сводного анализа: %w", err)
			}
		}
	}
	return out, data, nil
}

func (job *Job) formatNames() []string {
	formats := make([]string, len(job.Formats))
	for k, f := range job.Formats {
		formats[k] = string(f)
	}
	return formats
}
