package batch

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"

	"github.com/kartograf-ru/kartograf"
	"github.com/kartograf-ru/kartograf/internal/zipx"
	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/registry"
	"github.com/kartograf-ru/kartograf/pkg/rollover"
)

// Job describes one batch run.
type Job struct {
	Engine *kartograf.Engine
	// Base is the one plan every school starts from (a municipal typical
	// plan); or Previous holds last year's document of each school by id.
	Base     *document.Document
	Previous map[string]*document.Document
	Schools  []registry.School
	// To rolls every document over to this academic year ("2024-2025");
	// empty keeps the base's period.
	To       string
	Formats  []kartograf.Format // default: PDF
	Template string             // default: the document's, then per kind
	// Out is the output directory. Without it (Stream), every file goes
	// into the archive as it is made: nothing touches the disk and nothing
	// is skipped.
	Out string
	zip *zipx.Writer
	// Workers render in parallel; default one per CPU.
	Workers int
	Shard   Shard
	// Progress, when set, is called after each school in registry order,
	// never concurrently.
	Progress func(Progress)
	// Analysis, when set, adds the analysis of last year's implementation
	// per school and for the district (see Analysis); nil: none.
	Analysis *Analysis

	shared *sharedBase // Base rolled over once for every school
}

// Shard selects every Count-th school starting at Index (0-based), so that
// Count independent jobs share a run. The zero value selects all.
type Shard struct{ Index, Count int }

// ParseShard reads "i/n" with 0 ≤ i < n, as Kubernetes Indexed Jobs number
// their pods (JOB_COMPLETION_INDEX).
func ParseShard(s string) (Shard, error) {
	i, n, ok := strings.Cut(s, "/")
	a, err1 := strconv.Atoi(i)
	b, err2 := strconv.Atoi(n)
	if !ok || err1 != nil || err2 != nil || b < 1 || a < 0 || a >= b {
		return Shard{}, fmt.Errorf("часть «%s»: ожидается i/n, где 0 ≤ i < n, например 0/4", s)
	}
	return Shard{Index: a, Count: b}, nil
}

func (s Shard) String() string {
	if s.Count <= 1 {
		return ""
	}
	return fmt.Sprintf("%d/%d", s.Index, s.Count)
}

func (s Shard) takes(i int) bool { return s.Count <= 1 || i%s.Count == s.Index }

// Statuses of an Outcome.
const (
	StatusRendered = "rendered"
	StatusSkipped  = "skipped" // up to date from an earlier run
	StatusFailed   = "failed"
)

// Outcome is what happened to one school.
type Outcome struct {
	School    registry.School `json:"-"`
	ID        string          `json:"id"`
	ShortName string          `json:"short_name"`
	Status    string          `json:"status"`
	Error     string          `json:"error,omitempty"`
	InputHash string          `json:"input_hash,omitempty"`
	Template  string          `json:"template,omitempty"`
	Files     []File          `json:"files"`
	// Unplaced counts years the rollover could not place and left alone;
	// they deserve a look.
	Unplaced int `json:"unplaced_years,omitempty"`
	// Analysis is what happened to the school's analysis, when the run
	// makes them; its files are in Files with Kind KindAnalysis.
	Analysis *AnalysisOutcome `json:"analysis,omitempty"`
}

// Progress is reported after each school.
type Progress struct {
	Done, Total               int
	Rendered, Skipped, Failed int
	Last                      *Outcome
}

// Summary is the result of a run, schools in registry order.
type Summary struct {
	Outcomes                  []Outcome
	Rendered, Skipped, Failed int
	// AnalysisFailed counts schools whose analysis could not be made;
	// District is the district analysis, when the run makes one.
	AnalysisFailed int
	District       *DistrictOutcome
}

// result travels from a worker to the collector.
type result struct {
	index   int
	outcome Outcome
	data    [][]byte // the files, in streaming mode
}

// Run renders every selected school. It fails only when the run cannot
// start or its output cannot be written; a school's own problems are its
// Outcome. When ctx is cancelled, schools not yet started are left out and
// ctx's error is returned with the summary of those that finished.
func Run(ctx context.Context, job Job) (*Summary, error) {
	if err := job.check(); err != nil {
		return nil, err
	}
	job.shared = new(sharedBase)
	if job.Out != "" {
		if err := os.MkdirAll(filepath.Join(job.Out, stateDir), 0o755); err != nil {
			return nil, fmt.Errorf("каталог результатов: %w", err)
		}
		if err := removeStale(job.Out); err != nil {
			return nil, fmt.Errorf("каталог результатов: %w", err)
		}
	}
	var picked []registry.School
	for i, s := range job.Schools {
		if job.Shard.takes(i) {
			picked = append(picked, s)
		}
	}

	jobs := make(chan int)
	results := make(chan result)
	// window bounds how far workers may run ahead of the collector, which
	// emits in registry order: memory stays flat whatever the order of
	// completion.
	window := make(chan struct{}, 4*job.Workers)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		defer close(jobs)
		for i := range picked {
			select {
			case window <- struct{}{}:
			case <-ctx.Done():
				return
			}
			select {
			case jobs <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	done := make(chan struct{})
	for range job.Workers {
		go func() {
			defer func() { done <- struct{}{} }()
			for i := range jobs {
				results <- job.school(ctx, i, picked[i])
			}
		}()
	}
	go func() {
		for range job.Workers {
			<-done
		}
		close(results)
	}()

	sum := &Summary{Outcomes: make([]Outcome, 0, len(picked))}
	pending := map[int]result{}
	var writeErr error
	for r := range results {
		pending[r.index] = r
		for {
			next, ok := pending[len(sum.Outcomes)]
			if !ok {
				break
			}
			delete(pending, next.index)
			if writeErr == nil && job.zip != nil && next.data != nil {
				if err := zipFiles(job.zip, next.outcome.Files, next.data); err != nil {
					writeErr = fmt.Errorf("архив: %w", err)
					cancel()
				}
			}
			sum.add(next.outcome)
			<-window
			if job.Progress != nil {
				job.Progress(Progress{Done: len(sum.Outcomes), Total: len(picked), Rendered: sum.Rendered,
					Skipped: sum.Skipped, Failed: sum.Failed, Last: &sum.Outcomes[len(sum.Outcomes)-1]})
			}
		}
	}
	if writeErr != nil {
		return sum, writeErr
	}
	if err := ctx.Err(); err != nil && len(sum.Outcomes) < len(picked) {
		return sum, fmt.Errorf("прервано: готово %d из %d: %w", len(sum.Outcomes), len(picked), context.Cause(ctx))
	}
	d, data, err := job.district(ctx)
	sum.District = d
	if err == nil && job.zip != nil && data != nil {
		if err = zipFiles(job.zip, d.Files, data); err != nil {
			err = fmt.Errorf("архив: %w", err)
		}
	}
	return sum, err
}

func (s *Summary) add(o Outcome) {
	s.Outcomes = append(s.Outcomes, o)
	if o.Analysis != nil && o.Analysis.Status == StatusFailed {
		s.AnalysisFailed++
	}
	switch o.Status {
	case StatusRendered:
		s.Rendered++
	case StatusSkipped:
		s.Skipped++
	default:
		s.Failed++
	}
}

func (job *Job) check() error {
	if job.Engine == nil {
		return errors.New("batch: Job.Engine is required")
	}
	if (job.Base == nil) == (job.Previous == nil) {
		return errors.New("batch: нужен либо общий план, либо документы прошлого года по школам")
	}
	if job.Out == "" && job.zip == nil {
		return errors.New("batch: нужен каталог результатов (Job.Out) или batch.Stream")
	}
	if len(job.Formats) == 0 {
		job.Formats = []kartograf.Format{kartograf.PDF}
	}
	if job.Workers <= 0 {
		job.Workers = runtime.NumCPU()
	}
	if job.Shard.Count > 1 && (job.Shard.Index < 0 || job.Shard.Index >= job.Shard.Count) {
		return fmt.Errorf("batch: часть %d/%d вне диапазона", job.Shard.Index, job.Shard.Count)
	}
	return job.checkAnalysis()
}

// school makes, checks and renders one school's document.
func (job *Job) school(ctx context.Context, i int, s registry.School) result {
	r := result{index: i, outcome: Outcome{School: s, ID: s.ID, ShortName: s.ShortName, Files: []File{}}}
	fail := func(err error) result {
		r.outcome.Status = StatusFailed
		r.outcome.Error = problemText(err)
		r.outcome.Files = []File{}
		r.outcome.Analysis = nil
		r.data = nil
		return r
	}
	if err := ctx.Err(); err != nil {
		return fail(err)
	}
	base, shared := job.Base, true
	if job.Previous != nil {
		shared = false
		if base = job.Previous[s.ID]; base == nil {
			return fail(fmt.Errorf("нет документа прошлого года для школы «%s»", s.ID))
		}
	}
	var doc *document.Document
	switch {
	case job.To != "" && shared:
		rolled, rep, err := job.sharedRoll()
		if err != nil {
			return fail(err)
		}
		doc = ownCopy(rolled)
		r.outcome.Unplaced = unplaced(rep)
	case job.To != "":
		// Roll returns a fresh copy, which is personalised in place.
		rolled, rep, err := rollover.Roll(base, job.To)
		if err != nil {
			return fail(err)
		}
		doc = rolled
		r.outcome.Unplaced = unplaced(rep)
	default:
		doc = ownCopy(base)
	}
	personalize(doc, s, shared)
	// One preparation per school — template, validation, hash and view —
	// serves every format.
	prep, err := job.Engine.Prepare(ctx, doc, job.Template)
	if err != nil {
		return fail(err)
	}
	v, hash := prep.Template, prep.InputHash
	r.outcome.InputHash, r.outcome.Template = hash, v.Ref()
	formats := job.formatNames()
	skipped := false
	if job.Out != "" {
		if files := upToDate(job.Out, s.ID, hash, v.Ref(), formats); files != nil {
			skipped, r.outcome.Files = true, files
		}
	}
	for _, f := range job.Formats {
		if skipped {
			break
		}
		var buf bytes.Buffer
		if _, err := job.Engine.RenderPrepared(ctx, &buf, prep, kartograf.RenderOptions{Format: f}); err != nil {
			return fail(err)
		}
		file := File{Format: string(f), Path: s.ID + "." + string(f), SHA256: fileSum(buf.Bytes()), Size: int64(buf.Len())}
		if job.Out != "" {
			if err := writeAtomic(filepath.Join(job.Out, file.Path), buf.Bytes()); err != nil {
				return fail(fmt.Errorf("запись %s: %w", file.Path, err))
			}
		} else {
			r.data = append(r.data, buf.Bytes())
		}
		r.outcome.Files = append(r.outcome.Files, file)
	}
	var an *analysisState
	if job.Analysis != nil {
		fresh := false
		if an, fresh, err = job.schoolAnalysis(ctx, &r, s, base, formats); err != nil {
			return fail(err)
		}
		skipped = skipped && !fresh
	}
	if skipped {
		r.outcome.Status = StatusSkipped
		return r
	}
	if job.Out != "" {
		// The state goes last: a school counts as finished only once every
		// file of it is in place.
		st, err := json.Marshal(state{ID: s.ID, InputHash: hash, Template: v.Ref(), Files: r.outcome.Files, Analysis: an})
		if err == nil {
			err = writeAtomic(statePath(job.Out, s.ID), st)
		}
		if err != nil {
			return fail(fmt.Errorf("состояние школы: %w", err))
		}
	}
	r.outcome.Status = StatusRendered
	return r
}

// problemText is an error as one line per problem, for the index.
func problemText(err error) string {
	var ve *document.ValidationError
	if errors.As(err, &ve) {
		lines := make([]string, len(ve.Problems))
		for i, p := range ve.Problems {
			lines[i] = p.String()
		}
		return "документ содержит ошибки: " + strings.Join(lines, "; ")
	}
	return err.Error()
}

func unplaced(rep *rollover.Report) int {
	n := 0
	for _, k := range rep.Kept {
		if strings.Contains(k.Why, "не удалось") {
			n++
		}
	}
	return n
}
