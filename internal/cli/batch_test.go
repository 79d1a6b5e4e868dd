package cli

import (
	"archive/zip"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/kartograf-ru/kartograf/pkg/batch"
)

// childArgs runs the CLI in a child process (this test binary) so that a
// test can kill it; see TestMain.
const childArgs = "KARTOGRAF_CLI_CHILD_ARGS"

func TestMain(m *testing.M) {
	// Run under the name kartograf-serve (a link to this test binary),
	// it is that program: serveexec_test.go starts it as kartograf serve
	// does.
	if filepath.Base(os.Args[0]) == serveProgram {
		os.Exit(ServeMain(os.Args[1:]))
	}
	if args := os.Getenv(childArgs); args != "" {
		os.Exit(run(context.Background(), strings.Split(args, "\x1f"), os.Stdin, os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// writeRegistry writes n schools as a Windows-style «;» CSV with Russian
// headers.
func writeRegistry(t *testing.T, dir string, n int) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("Код ОО;Краткое наименование;Полное наименование;Район;Директор;Номер приказа;Дата приказа\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "sch-%03d;МКОУ СОШ №%d;\"Муниципальное казённое общеобразовательное учреждение «Средняя общеобразовательная школа №%d»\";Баксанский муниципальный район;А.Х. Жилов;%d;30.08.2024\n", i, i, i, 100+i)
	}
	p := filepath.Join(dir, "schools.csv")
	if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func readIndex(t *testing.T, out string) batch.Index {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(out, "index.json"))
	if err != nil {
		t.Fatal(err)
	}
	var idx batch.Index
	if err := json.Unmarshal(data, &idx); err != nil {
		t.Fatal(err)
	}
	return idx
}

func TestRolloverCommand(t *testing.T) {
	out := filepath.Join(t.TempDir(), "next.json")
	code, _, stderr := runCLI(t, "", "rollover", "--to", "2024-2025", seed001, "-o", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	data, _ := os.ReadFile(out)
	for _, want := range []string{`"academic_year": "2024-2025"`, "ГИА-2025", "Сентябрь 2024г.", "29.12.2012"} {
		if !strings.Contains(string(data), want) {
			t.Errorf("the rolled document lacks %q", want)
		}
	}
	if !strings.Contains(stderr, "ГИА-2024") || !strings.Contains(stderr, "→") {
		t.Errorf("no change report:\n%s", stderr)
	}
	if code, _, stderr := runCLI(t, "", "rollover", "--to", "2020-2021", seed001); code != 1 || stderr == "" {
		t.Errorf("rolling back: exit %d %s", code, stderr)
	}
	if code, _, _ := runCLI(t, "", "rollover", seed001); code != exitUsage {
		t.Errorf("without --to: exit %d", code)
	}
}

func TestBatchCommand(t *testing.T) {
	dir := t.TempDir()
	reg := writeRegistry(t, dir, 6)
	out, zipPath := filepath.Join(dir, "out"), filepath.Join(dir, "all.zip")
	code, _, stderr := runCLI(t, "", "batch", "--plan", seed001, "--registry", reg, "--to", "2024-2025", "-f", "pdf,xlsx", "-o", out, "--zip", zipPath, "--jobs", "2")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	idx := readIndex(t, out)
	if idx.Rendered != 6 || len(idx.Schools) != 6 || idx.Schools[5].ID != "sch-006" || len(idx.Schools[5].Files) != 2 {
		t.Fatalf("index %+v", idx)
	}
	if !strings.Contains(stderr, "batch: 6/6 школ") {
		t.Errorf("no progress lines:\n%s", stderr)
	}
	if st, err := os.Stat(zipPath); err != nil || st.Size() < 6*50000 {
		t.Errorf("zip: %v", err)
	}
	// A bad registry is refused with its rows named.
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("id;short_name;full_name;district\nx;a;b;c\nx;a;b;c\n"), 0o644)
	code, _, stderr = runCLI(t, "", "batch", "--plan", seed001, "--registry", bad, "-o", filepath.Join(dir, "o2"))
	if code != 1 || !strings.Contains(stderr, "director") || !strings.Contains(stderr, "строка 3") {
		t.Errorf("bad registry: exit %d\n%s", code, stderr)
	}
	// A school whose data fails validation is reported; the rest render;
	// the exit code says some failed.
	reg2 := filepath.Join(dir, "emoji.csv")
	os.WriteFile(reg2, []byte("id,short_name,full_name,district,director\na,МКОУ СОШ №1,Школа 1,Район,А.А. Ан\nb,МКОУ СОШ №2,Школа 2 😀,Район,Б.Б. Бе\nc,МКОУ СОШ №3,Школа 3,Район,В.В. Ве\n"), 0o644)
	out3 := filepath.Join(dir, "o3")
	code, _, stderr = runCLI(t, "", "batch", "--plan", seed001, "--registry", reg2, "-o", out3)
	if code != 1 || !strings.Contains(stderr, "школа b") {
		t.Errorf("exit %d\n%s", code, stderr)
	}
	if idx := readIndex(t, out3); idx.Rendered != 2 || idx.Failed != 1 || idx.Schools[1].Status != batch.StatusFailed {
		t.Errorf("index %+v", idx)
	}
}

// TestBatchSurvivesSIGKILL kills a batch half-way and runs it again: the
// set completes, no temporary or damaged file remains, and the schools
// finished before the kill are not rewritten.
func TestBatchSurvivesSIGKILL(t *testing.T) {
	dir := t.TempDir()
	const n = 40
	reg := writeRegistry(t, dir, n)
	out := filepath.Join(dir, "out")
	args := []string{"batch", "--plan", seed001, "--registry", reg, "--to", "2024-2025", "-f", "pdf,docx,xlsx", "-o", out, "--jobs", "2"}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childArgs+"="+strings.Join(args, "\x1f"))
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	states := func() []string {
		m, _ := filepath.Glob(filepath.Join(out, ".kartograf", "*.json"))
		return m
	}
	deadline := time.Now().Add(60 * time.Second)
	for len(states()) < n/3 {
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatal("the batch made no progress")
		}
		time.Sleep(2 * time.Millisecond)
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	finished := states()
	if len(finished) >= n {
		t.Fatalf("the batch finished before the kill (%d states); the test needs a bigger registry", len(finished))
	}
	type stamp struct {
		ino   uint64
		mtime time.Time
	}
	before := map[string]stamp{}
	for _, s := range finished {
		id := strings.TrimSuffix(filepath.Base(s), ".json")
		for _, ext := range []string{"pdf", "docx", "xlsx"} {
			fi, err := os.Stat(filepath.Join(out, id+"."+ext))
			if err != nil {
				t.Fatalf("school %s has a state but no %s: %v", id, ext, err)
			}
			before[id+"."+ext] = stamp{fi.Sys().(*syscall.Stat_t).Ino, fi.ModTime()}
		}
	}

	code, _, stderr := runCLI(t, "", args...)
	if code != 0 {
		t.Fatalf("re-run: exit %d\n%s", code, stderr)
	}
	idx := readIndex(t, out)
	if len(idx.Schools) != n || idx.Failed != 0 || idx.Skipped < len(finished) {
		t.Fatalf("re-run index: %d schools, %d skipped (finished before the kill: %d), %d failed", len(idx.Schools), idx.Skipped, len(finished), idx.Failed)
	}
	for name, st := range before {
		fi, err := os.Stat(filepath.Join(out, name))
		if err != nil || fi.Sys().(*syscall.Stat_t).Ino != st.ino || !fi.ModTime().Equal(st.mtime) {
			t.Errorf("%s was rewritten by the re-run", name)
		}
	}
	entries, _ := os.ReadDir(out)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("temporary file %s remains", e.Name())
		}
	}
	for _, o := range idx.Schools {
		for _, f := range o.Files {
			data, err := os.ReadFile(filepath.Join(out, f.Path))
			if err != nil || int64(len(data)) != f.Size {
				t.Errorf("%s: %v, %d bytes, index says %d", f.Path, err, len(data), f.Size)
			}
			if f.Format == "pdf" && !strings.HasSuffix(strings.TrimSpace(string(data)), "%%EOF") {
				t.Errorf("%s is truncated", f.Path)
			}
		}
	}
	t.Logf("killed after %d of %d schools; the re-run skipped %d and rendered %d", len(finished), n, idx.Skipped, idx.Rendered)
}

// An explicit --jobs of zero or less is a usage error, not "one per CPU":
// the default applies only when the flag is not given.
func TestBatchJobsMustBePositive(t *testing.T) {
	dir := t.TempDir()
	reg := writeRegistry(t, dir, 1)
	for _, n := range []string{"0", "-1", "-100"} {
		out := filepath.Join(dir, "out"+n)
		code, _, stderr := runCLI(t, "", "batch", "--plan", seed001, "--registry", reg, "-f", "xlsx", "-o", out, "--jobs", n)
		if code != exitUsage || !strings.Contains(stderr, "--jobs") || !strings.Contains(stderr, "больше нуля") {
			t.Errorf("--jobs %s: exit %d, stderr %q", n, code, stderr)
		}
		if _, err := os.Stat(out); !os.IsNotExist(err) {
			t.Errorf("--jobs %s: the output directory was created (%v)", n, err)
		}
	}
}

// TestBatchAnalysis: last year's workbooks of every school, as a first
// batch wrote them, give with --analysis-date each school's analysis and
// the district's beside the new roadmaps.
func TestBatchAnalysis(t *testing.T) {
	dir := t.TempDir()
	reg := writeRegistry(t, dir, 3)
	prev := filepath.Join(dir, "prev")
	if code, _, stderr := runCLI(t, "", "batch", "--plan", seed001, "--registry", reg, "-f", "xlsx", "-o", prev); code != 0 {
		t.Fatalf("last year: exit %d: %s", code, stderr)
	}
	// last year's output as it is, index and all, is this year's --plan.
	out, zipPath := filepath.Join(dir, "out"), filepath.Join(dir, "out.zip")
	args := []string{"batch", "--plan", prev, "--registry", reg, "--to", "2024-2025", "-f", "xlsx,docx", "-o", out, "--zip", zipPath,
		"--analysis-date", "15.03.2024", "--organization", "Управление образования", "--target", "80"}
	code, _, stderr := runCLI(t, "", args...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stderr, "анализ реализации: школ 3, ошибок 0; сводный анализ района (школ 3, не прочитано 0)") {
		t.Errorf("no analysis summary:\n%s", stderr)
	}
	idx := readIndex(t, out)
	if idx.AnalysisDate != "15.03.2024" || idx.District == nil || len(idx.District.Files) != 2 || len(idx.Schools[2].Files) != 4 ||
		idx.Schools[2].Files[3].Path != "sch-003-analysis.docx" {
		t.Fatalf("index %+v", idx)
	}
	for _, f := range append(idx.Schools[0].Files, idx.District.Files...) {
		if _, err := os.Stat(filepath.Join(out, f.Path)); err != nil {
			t.Error(err)
		}
	}
	zr, err := zip.OpenReader(zipPath)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
	}
	zr.Close()
	if !slices.Contains(names, "district-analysis.xlsx") || !slices.Contains(names, "sch-001-analysis.xlsx") || len(names) != 3*4+2+3 {
		t.Errorf("zip entries %q", names)
	}
	// Unchanged: everything skipped.
	if code, _, stderr := runCLI(t, "", args...); code != 0 || !strings.Contains(stderr, "без изменений 3") {
		t.Errorf("rerun: exit %d\n%s", code, stderr)
	}
	// A year on, this output (with its index and the analyses beside the
	// workbooks) is the next --plan: only the schools' workbooks are read.
	next := []string{"batch", "--plan", out, "--registry", reg, "--to", "2025-2026", "-f", "pdf", "-o", filepath.Join(dir, "next"),
		"--analysis-date", "15.03.2025", "--organization", "Управление образования"}
	if code, _, stderr := runCLI(t, "", next...); code != 0 || !strings.Contains(stderr, "сформировано 3, без изменений 0, ошибок 0") ||
		!strings.Contains(stderr, "сводный анализ района (школ 3, не прочитано 0)") {
		t.Errorf("the next year: exit %d\n%s", code, stderr)
	}

	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--analysis-date", "2024-03-15"}, "batch: --analysis-date: дата «2024-03-15» не распознана"},
		{[]string{"--analysis-date", "31.02.2024"}, "не существует"},
		{[]string{"--target", "80"}, "--organization и --target задаются вместе с --analysis-date"},
		{[]string{"--analysis-date", "15.03.2024", "--target", "150"}, "--target: доля в процентах, от 0 до 100"},
		{[]string{"--analysis-date", "15.03.2024", "--plan", seed001}, "анализ строится по документам прошлого года"},
	} {
		a := append([]string{"batch", "--plan", prev, "--registry", reg, "-f", "xlsx", "-o", filepath.Join(dir, "bad")}, tc.args...)
		if code, _, stderr := runCLI(t, "", a...); code != exitUsage || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q, want %q", tc.args, code, stderr, tc.want)
		}
	}
}
