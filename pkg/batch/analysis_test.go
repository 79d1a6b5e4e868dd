package batch

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kartograf-ru/kartograf"
	"github.com/kartograf-ru/kartograf/internal/testtool"
	"github.com/kartograf-ru/kartograf/internal/testtool/extract"
	"github.com/kartograf-ru/kartograf/internal/testtool/marks"
	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/registry"
)

// passedAt15March are the measures of seed 001 whose deadline, judged by
// hand, has passed at 15.03.2024 («Февраль 2024г.», «Май 2023г.» …).
var passedAt15March = map[string]bool{
	"1.1": true, "1.2": true, "1.3": true, "1.4": true, "1.5": true, "1.6": true, "1.7": true,
	"1.11": true, "1.12": true, "2.5": true,
}

var markCycle = []document.Status{"", "done", "in_progress", "not_started", "overdue", "cancelled", "done", "done"}

// handCount is the test's own count of one school's measures at
// 15.03.2024.
type handCount struct{ total, done, overdue, cancelled int }

// markedPlans rolls seed 001, its marks cleared, through a batch into n
// schools' monitoring workbooks, marks each school's measures in its
// workbook with excelize as the school would, and reads the workbooks
// back as a run's last-year documents. It returns them, the schools and
// the hand counts.
func markedPlans(t *testing.T, eng *kartograf.Engine, n int) (map[string]*document.Document, []registry.School, []handCount) {
	t.Helper()
	base := seed(t)
	var numbers []string
	for _, b := range base.Body {
		if b.Plan == nil {
			continue
		}
		for si := range b.Plan.Sections {
			for ii := range b.Plan.Sections[si].Items {
				m := &b.Plan.Sections[si].Items[ii]
				m.Status, m.Note = "", ""
				numbers = append(numbers, b.Plan.ItemNumber(si, ii))
			}
		}
	}
	ss := schools(n)
	dir := t.TempDir()
	sum, err := Run(context.Background(), Job{Engine: eng, Base: base, Schools: ss, Formats: []kartograf.Format{kartograf.XLSX}, Out: dir})
	if err != nil || sum.Failed > 0 {
		t.Fatalf("batch: %v %+v", err, sum)
	}
	prev := map[string]*document.Document{}
	var hand []handCount
	for i, s := range ss {
		path := filepath.Join(dir, s.ID+".xlsx")
		var h handCount
		// Measure rows come in plan order; each school marks its own.
		h.total = marks.Set(t, path, func(k int, _ string) document.Status {
			x := uint32(i)*2654435761 ^ uint32(k)*40503
			x ^= x >> 13
			x *= 0x5bd1e995
			x ^= x >> 15
			st := markCycle[x%uint32(len(markCycle))]
			switch {
			case st == document.StatusDone:
				h.done++
			case st == document.StatusCancelled:
				h.cancelled++
			case st == document.StatusOverdue, st != document.StatusCancelled && passedAt15March[numbers[k]]:
				h.overdue++
			}
			return st
		})
		if h.total != len(numbers) {
			t.Fatalf("%s: %d measures, want %d", path, h.total, len(numbers))
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if prev[s.ID], err = eng.Import(bytes.NewReader(data), int64(len(data))); err != nil {
			t.Fatal(err)
		}
		hand = append(hand, h)
	}
	return prev, ss, hand
}

// percent is the test's own share with a decimal comma and a no-break
// space before the sign.
func percent(part, whole int) string {
	return strings.Replace(strconv.FormatFloat(float64(part)*100/float64(whole)+1e-9, 'f', 1, 64), ".", ",", 1) + "\u00a0%"
}

func measuresWord(n int) string {
	switch {
	case n%10 == 1 && n%100 != 11:
		return "мероприятия"
	default:
		return "мероприятий"
	}
}

func measuresNom(n int) string {
	switch {
	case n%10 == 1 && n%100 != 11:
		return "мероприятие"
	case n%10 >= 2 && n%10 <= 4 && (n%100 < 12 || n%100 > 14):
		return "мероприятия"
	}
	return "мероприятий"
}

// flat is text with every run of spaces, no-break ones included, made one
// space: pdftotext turns U+00A0 into a space and breaks lines.
func flat(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\u00a0", " ")), " ")
}

// printed is what a reader sees of an analysis file: the workbook's
// cells, the DOCX's paragraphs, the PDF's text.
func printed(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	switch filepath.Ext(path) {
	case ".xlsx":
		var cells []string
		for _, s := range extract.XLSX(t, data).Sheets {
			for _, c := range s.Cells {
				cells = append(cells, c.Value)
			}
		}
		return flat(strings.Join(cells, "\n"))
	case ".docx":
		return flat(extract.DOCX(t, data).Text())
	}
	return flat(testtool.Run(t, "pdftotext", "-raw", path, "-"))
}

var march15 = time.Date(2024, 3, 15, 0, 0, 0, 0, time.UTC)

func analysisJob(t *testing.T, eng *kartograf.Engine, prev map[string]*document.Document, ss []registry.School, out string) Job {
	return Job{Engine: eng, Previous: prev, Schools: ss, To: "2024-2025", Out: out, Workers: 2,
		Formats:  []kartograf.Format{kartograf.PDF, kartograf.DOCX, kartograf.XLSX},
		Analysis: &Analysis{Date: march15, Organization: &document.Organization{FullName: "Управление образования"}, Target: 30}}
}

func TestRunAnalysis(t *testing.T) {
	const k = 4
	eng := testdocEngine(t)
	prev, ss, hand := markedPlans(t, eng, k)
	out := t.TempDir()
	job := analysisJob(t, eng, prev, ss, out)
	sum, err := Run(context.Background(), job)
	if err != nil || sum.Rendered != k || sum.Failed != 0 || sum.AnalysisFailed != 0 {
		t.Fatalf("%v %+v", err, sum)
	}
	var all handCount
	for i, o := range sum.Outcomes {
		h := hand[i]
		all.total, all.done, all.overdue, all.cancelled = all.total+h.total, all.done+h.done, all.overdue+h.overdue, all.cancelled+h.cancelled
		if o.Analysis == nil || o.Analysis.Status != StatusRendered || o.Analysis.Template != "analysis-report@1.0.0" {
			t.Fatalf("%s: analysis %+v", o.ID, o.Analysis)
		}
		var got []string
		for _, f := range o.Files {
			got = append(got, f.Kind+":"+f.Path)
		}
		want := []string{":" + o.ID + ".pdf", ":" + o.ID + ".docx", ":" + o.ID + ".xlsx",
			"analysis:" + o.ID + "-analysis.pdf", "analysis:" + o.ID + "-analysis.docx", "analysis:" + o.ID + "-analysis.xlsx"}
		if !slices.Equal(got, want) {
			t.Fatalf("%s: files %q, want %q", o.ID, got, want)
		}
		facts := fmt.Sprintf("По состоянию на 15.03.2024 выполнено %d из %d %s (%s)", h.done, h.total, measuresWord(h.total), percent(h.done, h.total))
		if c := h.cancelled; c > 0 {
			word := "отменённых"
			if c%10 == 1 && c%100 != 11 {
				word = "отменённого"
			}
			facts += fmt.Sprintf("; без учёта %d %s — %d из %d (%s)", c, word, h.done, h.total-c, percent(h.done, h.total-c))
		}
		facts = flat(facts + ".")
		overdue := "Просроченных мероприятий нет."
		if h.overdue > 0 {
			overdue = flat(fmt.Sprintf("Просрочено %d %s (%s)", h.overdue, measuresNom(h.overdue), percent(h.overdue, h.total)))
		}
		for _, f := range o.Files[3:] {
			text := printed(t, filepath.Join(out, f.Path))
			if !strings.Contains(text, facts) || !strings.Contains(text, overdue) {
				t.Errorf("%s lacks «%s» or «%s»:\n%.600s", f.Path, facts, overdue, text)
			}
		}
	}
	if all.done == 0 || all.overdue == 0 || all.cancelled == 0 || all.done == all.total {
		t.Fatalf("the marks do not exercise the counts: %+v", all)
	}

	// The district: every school counted, the totals the sum of the schools'.
	d := sum.District
	if d == nil || d.Status != StatusRendered || d.Schools != k || d.Unread != 0 || len(d.Files) != 3 {
		t.Fatalf("district %+v", d)
	}
	facts := flat(fmt.Sprintf("По состоянию на 15.03.2024 в районе %d школы, выполнено %d из %d %s (%s).", k, all.done, all.total,
		measuresWord(all.total), percent(all.done, all.total)))
	for _, f := range d.Files {
		if f.Path != DistrictName+"."+f.Format || f.Kind != KindAnalysis {
			t.Errorf("district file %+v", f)
		}
		text := printed(t, filepath.Join(out, f.Path))
		if !strings.Contains(text, facts) || !strings.Contains(text, "Управление образования") {
			t.Errorf("%s lacks «%s»:\n%.600s", f.Path, facts, text)
		}
		if f.Format == "xlsx" && !strings.Contains(text, fmt.Sprintf("Итого %d %d", all.total, all.done)) {
			t.Errorf("%s: no total row «Итого %d %d»", f.Path, all.total, all.done)
		}
	}

	// The index lists the analyses.
	idx := NewIndex(job, sum)
	if err := idx.WriteFiles(out, job.Shard); err != nil {
		t.Fatal(err)
	}
	var back Index
	data, _ := os.ReadFile(filepath.Join(out, "index.json"))
	if err := json.Unmarshal(data, &back); err != nil || back.AnalysisDate != "15.03.2024" || back.District == nil ||
		len(back.District.Files) != 3 || back.Schools[1].Analysis == nil || back.Schools[1].Files[4].Kind != KindAnalysis {
		t.Fatalf("index.json: %v\n%s", err, data)
	}
	csvData, _ := os.ReadFile(filepath.Join(out, "index.csv"))
	if lines := strings.Count(string(csvData), "\n"); lines != 1+k*6+3 {
		t.Errorf("index.csv has %d lines, want %d", lines, 1+k*6+3)
	}
	for _, w := range []string{"s0002-analysis.docx", "district-analysis.pdf", DistrictRowName, "analysis-report@1.0.0"} {
		if !strings.Contains(string(csvData), w) {
			t.Errorf("index.csv lacks %q", w)
		}
	}
	xb, _ := os.ReadFile(filepath.Join(out, "index.xlsx"))
	if x := flat(strings.Join(cellValues(t, xb), "\n")); !strings.Contains(x, "district-analysis.xlsx") || !strings.Contains(x, "s0004-analysis.pdf") {
		t.Errorf("index.xlsx does not list the analyses:\n%.400s", x)
	}

	// The zip holds the same files.
	var zbuf bytes.Buffer
	if err := WriteZip(&zbuf, out, idx, job.Shard); err != nil {
		t.Fatal(err)
	}
	checkZip(t, zbuf.Bytes(), out, k)

	// A rerun skips everything; a new date re-renders the analyses only.
	again, err := Run(context.Background(), job)
	if err != nil || again.Skipped != k || again.Rendered != 0 || again.District.Status != StatusSkipped {
		t.Fatalf("rerun: %v %+v %+v", err, again, again.District)
	}
	if !slicesEqualJSON(again.Outcomes[2].Files, sum.Outcomes[2].Files) || !slicesEqualJSON(again.District.Files, d.Files) {
		t.Errorf("a skipped school's files differ from the run's")
	}
	roadmap := filepath.Join(out, "s0001.pdf")
	before, _ := os.Stat(roadmap)
	job.Analysis.Date = time.Date(2024, 5, 31, 0, 0, 0, 0, time.UTC)
	later, err := Run(context.Background(), job)
	if err != nil || later.Rendered != k || later.District.Status != StatusRendered {
		t.Fatalf("new date: %v %+v", err, later)
	}
	if after, _ := os.Stat(roadmap); !after.ModTime().Equal(before.ModTime()) {
		t.Errorf("a new analysis date rewrote the unchanged roadmap")
	}
	if text := printed(t, filepath.Join(out, "s0001-analysis.xlsx")); !strings.Contains(text, "По состоянию на 31.05.2024") {
		t.Errorf("s0001-analysis.xlsx is not at the new date:\n%.300s", text)
	}
	if again, err := Run(context.Background(), job); err != nil || again.Skipped != k {
		t.Fatalf("rerun at the new date: %v %+v", err, again)
	}

	// Streaming gives the same files.
	job.Analysis.Date = march15
	var sbuf bytes.Buffer
	if _, err := Stream(context.Background(), &sbuf, analysisJob(t, eng, prev, ss, "")); err != nil {
		t.Fatal(err)
	}
	// The directory is at 31.05 now; the stream at 15.03 equals the first run.
	if _, err := Run(context.Background(), job); err != nil {
		t.Fatal(err)
	}
	checkZip(t, sbuf.Bytes(), out, k)
}

func testdocEngine(t *testing.T) *kartograf.Engine { return newJob(t, "", 0).Engine }

func slicesEqualJSON(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return bytes.Equal(x, y)
}

func cellValues(t *testing.T, data []byte) []string {
	var out []string
	for _, s := range extract.XLSX(t, data).Sheets {
		for _, c := range s.Cells {
			out = append(out, c.Value)
		}
	}
	return out
}

// checkZip holds an archive's documents to the files of out.
func checkZip(t *testing.T, data []byte, out string, k int) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range zr.File {
		if strings.HasPrefix(f.Name, "index") {
			continue
		}
		n++
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(rc)
		rc.Close()
		want, err := os.ReadFile(filepath.Join(out, f.Name))
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("zip entry %s differs from the file (%v)", f.Name, err)
		}
	}
	if n != k*6+3 {
		t.Errorf("zip holds %d documents, want %d", n, k*6+3)
	}
}

// TestRunAnalysisProblems: a school whose last-year plan has no measures
// gets its roadmap and an analysis problem, and is listed unread in the
// district's; a school without a last-year document is unread too; a
// shard other than 0 makes no district analysis; a base plan refuses it.
func TestRunAnalysisProblems(t *testing.T) {
	eng := testdocEngine(t)
	ss := schools(3)
	// A document without a plan of measures is a roadmap still, but there
	// is nothing to analyse.
	empty := seed(t)
	empty.Body = slices.DeleteFunc(empty.Body, func(b document.Block) bool { return b.Plan != nil })
	prev := map[string]*document.Document{"s0001": seed(t), "s0002": empty}
	job := analysisJob(t, eng, prev, ss, t.TempDir())
	job.Formats = []kartograf.Format{kartograf.XLSX}
	sum, err := Run(context.Background(), job)
	if err != nil {
		t.Fatal(err)
	}
	o := sum.Outcomes
	if o[0].Status != StatusRendered || o[0].Analysis.Status != StatusRendered || o[2].Status != StatusFailed || o[2].Analysis != nil {
		t.Fatalf("outcomes %+v", o)
	}
	if o[1].Status != StatusRendered || (o[1].Analysis == nil || o[1].Analysis.Status != StatusFailed || o[1].Analysis.Error == "" ||
		len(o[1].Files) != 1 || sum.AnalysisFailed != 1) {
		t.Errorf("a plan without measures: %+v %+v, failed analyses %d", o[1], o[1].Analysis, sum.AnalysisFailed)
	}
	if d := sum.District; d == nil || d.Schools != 1 || d.Unread != 2 || d.Status != StatusRendered {
		t.Errorf("district %+v", d)
	}
	idx := NewIndex(job, sum)
	csvData, _ := idx.CSV()
	if !strings.Contains(string(csvData), "s0002;МКОУ СОШ №2;failed;;;;;;;анализ: в документе нет плана мероприятий") {
		t.Errorf("index.csv lacks the analysis problem:\n%s", csvData)
	}

	// Schools without a common parent body and no Organization: the
	// district analysis says what to give.
	job.Out, job.Analysis.Organization = t.TempDir(), nil
	sum, err = Run(context.Background(), job)
	if d := sum.District; err != nil || d == nil || d.Status != StatusFailed || !strings.Contains(d.Error, "--organization") {
		t.Errorf("no issuing body: %v %+v", err, d)
	}
	if csvData, _ := NewIndex(job, sum).CSV(); !strings.Contains(string(csvData), ";"+DistrictRowName+";failed;") {
		t.Errorf("index.csv lacks the district's problem:\n%s", csvData)
	}

	job.Out, job.Shard = t.TempDir(), Shard{Index: 1, Count: 2}
	sum, err = Run(context.Background(), job)
	if err != nil || sum.District != nil || len(sum.Outcomes) != 1 {
		t.Fatalf("shard 1/2: %v %+v", err, sum)
	}
	job.Shard = Shard{Index: 0, Count: 2}
	sum, err = Run(context.Background(), job)
	if err != nil || sum.District == nil || sum.District.Schools+sum.District.Unread != 3 || len(sum.Outcomes) != 2 {
		t.Fatalf("shard 0/2 makes the whole district's: %v %+v", err, sum)
	}

	shared := newJob(t, t.TempDir(), 1)
	shared.Analysis = &Analysis{Date: march15}
	if _, err := Run(context.Background(), shared); err == nil || !strings.Contains(err.Error(), "документам прошлого года") {
		t.Errorf("a base plan with an analysis: %v", err)
	}
	job.Shard = Shard{}
	job.Schools = append(job.Schools, registry.School{ID: "S1-Analysis", ShortName: "x", FullName: "x", Row: 9})
	if _, err := Run(context.Background(), job); err == nil || !strings.Contains(err.Error(), "«S1-Analysis» (строка 9") {
		t.Errorf("an id that names an analysis file: %v", err)
	}
}

// TestRunWithoutAnalysis: without Job.Analysis a run of last-year
// documents writes exactly the files it always did.
func TestRunWithoutAnalysis(t *testing.T) {
	eng := testdocEngine(t)
	ss := schools(2)
	prev := map[string]*document.Document{"s0001": seed(t), "s0002": seed(t)}
	out := t.TempDir()
	job := analysisJob(t, eng, prev, ss, out)
	job.Analysis, job.Formats = nil, []kartograf.Format{kartograf.XLSX}
	sum, err := Run(context.Background(), job)
	if err != nil || sum.Rendered != 2 || sum.District != nil {
		t.Fatalf("%v %+v", err, sum)
	}
	if err := NewIndex(job, sum).WriteFiles(out, job.Shard); err != nil {
		t.Fatal(err)
	}
	var names []string
	filepath.WalkDir(out, func(p string, e os.DirEntry, err error) error {
		if err == nil && !e.IsDir() {
			rel, _ := filepath.Rel(out, p)
			names = append(names, filepath.ToSlash(rel))
		}
		return err
	})
	slices.Sort(names)
	want := []string{".kartograf/s0001.json", ".kartograf/s0002.json", "index.csv", "index.json", "index.xlsx", "s0001.xlsx", "s0002.xlsx"}
	if !slices.Equal(names, want) {
		t.Errorf("files %q, want %q", names, want)
	}
	for _, n := range []string{"index.json", ".kartograf/s0001.json"} {
		data, _ := os.ReadFile(filepath.Join(out, n))
		if strings.Contains(string(data), "analysis") || strings.Contains(string(data), `"kind"`) {
			t.Errorf("%s mentions an analysis:\n%s", n, data)
		}
	}
}
