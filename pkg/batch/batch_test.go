package batch

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/kartograf-ru/kartograf"
	"github.com/kartograf-ru/kartograf/internal/testtool"
	"github.com/kartograf-ru/kartograf/internal/testtool/testdoc"
	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/registry"
	"github.com/kartograf-ru/kartograf/pkg/rollover"
	"github.com/kartograf-ru/kartograf/pkg/xlsximport"
)

func seed(t testing.TB) *document.Document { return testdoc.Seed(t, testdoc.Seed001) }

// schools makes n registry rows.
func schools(n int) []registry.School {
	out := make([]registry.School, n)
	for i := range out {
		out[i] = registry.School{
			ID:                  fmt.Sprintf("s%04d", i+1),
			ShortName:           fmt.Sprintf("МКОУ СОШ №%d", i+1),
			FullName:            fmt.Sprintf("Муниципальное казённое общеобразовательное учреждение «Средняя общеобразовательная школа №%d» с.п. Урожайное", i+1),
			District:            "Баксанский муниципальный район",
			Director:            fmt.Sprintf("А.Х. Жилов-%d", i+1),
			ApprovalOrderNumber: fmt.Sprint(100 + i),
			ApprovalOrderDate:   "30.08.2024",
			Row:                 i + 2,
		}
	}
	return out
}

func newJob(t testing.TB, out string, n int) Job {
	t.Helper()
	eng := testdoc.Engine(t)
	return Job{Engine: eng, Base: seed(t), Schools: schools(n), To: "2024-2025",
		Formats: []kartograf.Format{kartograf.PDF, kartograf.DOCX, kartograf.XLSX}, Out: out, Workers: 2}
}

func TestRunRendersEverySchool(t *testing.T) {
	out := t.TempDir()
	job := newJob(t, out, 4)
	var seen []int
	job.Progress = func(p Progress) { seen = append(seen, p.Done) }
	sum, err := Run(context.Background(), job)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Rendered != 4 || sum.Failed != 0 || !reflect.DeepEqual(seen, []int{1, 2, 3, 4}) {
		t.Fatalf("summary %+v, progress %v", sum, seen)
	}
	rolled, _, err := rollover.Roll(job.Base, job.To)
	if err != nil {
		t.Fatal(err)
	}
	for i, o := range sum.Outcomes {
		s := job.Schools[i]
		if o.ID != s.ID || len(o.Files) != 3 {
			t.Fatalf("outcome %d: %+v", i, o)
		}
		for _, f := range o.Files {
			data, err := os.ReadFile(filepath.Join(out, f.Path))
			if err != nil || fileSum(data) != f.SHA256 || int64(len(data)) != f.Size {
				t.Errorf("%s: the index does not describe the file (%v)", f.Path, err)
			}
		}
		// The workbook reads back as base + school, rolled over.
		want, err := Personalize(rolled, s, true)
		if err != nil {
			t.Fatal(err)
		}
		data, _ := os.ReadFile(filepath.Join(out, s.ID+".xlsx"))
		got, err := xlsximport.Read(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s.xlsx is not the school's document", s.ID)
		}
		if got.Organization.FullName != s.FullName || got.Period.AcademicYear != "2024-2025" {
			t.Errorf("%s: organisation %q, period %+v", s.ID, got.Organization.FullName, got.Period)
		}
		// The PDF carries the school and its director.
		text := testtool.Run(t, "pdftotext", "-raw", filepath.Join(out, s.ID+".pdf"), "-")
		flat := strings.Join(strings.Fields(strings.ReplaceAll(text, "\u00a0", " ")), " ")
		for _, w := range []string{s.ShortName, "Жилов-" + strings.TrimPrefix(s.ID, "s000"), "2024-2025", "№ " + s.ApprovalOrderNumber} {
			if !strings.Contains(flat, w) {
				t.Errorf("%s.pdf lacks %q", s.ID, w)
			}
		}
		// The DOCX is a valid package holding the school's name.
		zr, err := zip.OpenReader(filepath.Join(out, s.ID+".docx"))
		if err != nil {
			t.Fatal(err)
		}
		zr.Close()
	}
	idx := NewIndex(job, sum)
	if err := idx.WriteFiles(out, job.Shard); err != nil {
		t.Fatal(err)
	}
	var back Index
	data, _ := os.ReadFile(filepath.Join(out, "index.json"))
	if err := json.Unmarshal(data, &back); err != nil || len(back.Schools) != 4 || back.Rendered != 4 || back.Schools[2].Files[1].Format != "docx" {
		t.Fatalf("index.json: %v %+v", err, back)
	}
	csvData, _ := os.ReadFile(filepath.Join(out, "index.csv"))
	if lines := strings.Count(string(csvData), "\n"); lines != 1+4*3 {
		t.Errorf("index.csv has %d lines, want 13", lines)
	}
}

func TestRerunSkipsFinishedSchools(t *testing.T) {
	out := t.TempDir()
	job := newJob(t, out, 3)
	job.Formats = []kartograf.Format{kartograf.PDF}
	if _, err := Run(context.Background(), job); err != nil {
		t.Fatal(err)
	}
	stat := func(id string) os.FileInfo {
		fi, err := os.Stat(filepath.Join(out, id+".pdf"))
		if err != nil {
			t.Fatal(err)
		}
		return fi
	}
	before := stat("s0002")
	// A stale temporary file from a killed run is cleared.
	os.WriteFile(filepath.Join(out, ".s0009.pdf.123.tmp"), []byte("half"), 0o644)

	job.Schools[0].Director = "Б.Б. Новый" // only this school changes
	sum, err := Run(context.Background(), job)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Rendered != 1 || sum.Skipped != 2 || sum.Outcomes[0].Status != StatusRendered {
		t.Fatalf("%+v", sum)
	}
	if after := stat("s0002"); !os.SameFile(before, after) || !after.ModTime().Equal(before.ModTime()) {
		t.Error("an up-to-date file was rewritten")
	}
	if _, err := os.Stat(filepath.Join(out, ".s0009.pdf.123.tmp")); err == nil {
		t.Error("the stale temporary file is still there")
	}
	// A damaged file is noticed and rendered again.
	os.WriteFile(filepath.Join(out, "s0003.pdf"), []byte("%PDF-truncated"), 0o644)
	sum, _ = Run(context.Background(), job)
	if sum.Outcomes[2].Status != StatusRendered || sum.Rendered != 1 {
		t.Errorf("a damaged file was taken as up to date: %+v", sum.Outcomes[2])
	}
}

func TestBadSchoolDoesNotStopTheRun(t *testing.T) {
	job := newJob(t, t.TempDir(), 3)
	job.Formats = []kartograf.Format{kartograf.PDF}
	job.Schools[1].Director = "Жилов 😀" // a character no font has
	sum, err := Run(context.Background(), job)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Rendered != 2 || sum.Failed != 1 || sum.Outcomes[1].Status != StatusFailed ||
		!strings.Contains(sum.Outcomes[1].Error, "U+1F600") || !strings.Contains(sum.Outcomes[1].Error, "approvals[1].name") {
		t.Fatalf("%+v", sum.Outcomes[1])
	}
	// Last year's documents: a school without one fails alone.
	job.Base, job.Previous = nil, map[string]*document.Document{"s0001": seed(t), "s0003": seed(t)}
	job.Schools[1].Director = "А.Б. Иванов"
	sum, _ = Run(context.Background(), job)
	if sum.Failed != 1 || !strings.Contains(sum.Outcomes[1].Error, "нет документа прошлого года") {
		t.Fatalf("%+v", sum)
	}
}

func TestShardsCoverTheRegistryOnce(t *testing.T) {
	seen := map[string]int{}
	for i := range 3 {
		job := newJob(t, t.TempDir(), 7)
		job.Formats = []kartograf.Format{kartograf.DOCX}
		job.Shard = Shard{Index: i, Count: 3}
		sum, err := Run(context.Background(), job)
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range sum.Outcomes {
			seen[o.ID]++
		}
		if j, c, x := IndexNames(job.Shard); j != fmt.Sprintf("index-%d-of-3.json", i) || c != fmt.Sprintf("index-%d-of-3.csv", i) || x != fmt.Sprintf("index-%d-of-3.xlsx", i) {
			t.Errorf("index names %s %s %s", j, c, x)
		}
	}
	if len(seen) != 7 {
		t.Fatalf("shards covered %d of 7 schools", len(seen))
	}
	for id, n := range seen {
		if n != 1 {
			t.Errorf("%s rendered by %d shards", id, n)
		}
	}
	for _, bad := range []string{"3/3", "-1/2", "1", "a/b", "0/0"} {
		if _, err := ParseShard(bad); err == nil {
			t.Errorf("ParseShard(%q) accepted", bad)
		}
	}
}

func TestStreamIsDeterministic(t *testing.T) {
	job := newJob(t, "", 5)
	job.Formats = []kartograf.Format{kartograf.PDF, kartograf.XLSX}
	var a, b bytes.Buffer
	if _, err := Stream(context.Background(), &a, job); err != nil {
		t.Fatal(err)
	}
	job.Workers = 1
	if _, err := Stream(context.Background(), &b, job); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("two runs (2 and 1 workers) give different archives")
	}
	zr, err := zip.NewReader(bytes.NewReader(a.Bytes()), int64(a.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
	}
	want := []string{"s0001.pdf", "s0001.xlsx", "s0002.pdf", "s0002.xlsx", "s0003.pdf", "s0003.xlsx", "s0004.pdf", "s0004.xlsx", "s0005.pdf", "s0005.xlsx", "index.json", "index.csv", "index.xlsx"}
	if !reflect.DeepEqual(names, want) {
		t.Errorf("entries %v", names)
	}
}

func TestPersonalize(t *testing.T) {
	base := seed(t)
	s := schools(1)[0]
	s.DirectorPosition = "директор школы"
	s.CouncilProtocolNumber, s.CouncilProtocolDate = "1", "29.08.2024"
	d, err := Personalize(base, s, true)
	if err != nil {
		t.Fatal(err)
	}
	agree, approve := d.Approvals[0], d.Approvals[1]
	if agree.Number != "1" || agree.Date != "29.08.2024" || agree.Basis != "" {
		t.Errorf("council stamp %+v", agree)
	}
	if approve.Name != s.Director || approve.Position != "директор школы" || approve.Number != "100" || approve.Basis != "" {
		t.Errorf("approval stamp %+v", approve)
	}
	if base.Approvals[1].Name != "М.В. Багова" {
		t.Error("Personalize changed the base")
	}
	// Without requisites in the registry, a shared base's are not kept.
	s.ApprovalOrderNumber, s.ApprovalOrderDate = "", ""
	d, _ = Personalize(base, s, true)
	if d.Approvals[1].Basis != "" || d.Approvals[1].Number != "" {
		t.Errorf("another school's order kept: %+v", d.Approvals[1])
	}
}
