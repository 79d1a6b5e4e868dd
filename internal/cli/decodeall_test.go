package cli

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/kartograf-ru/kartograf/internal/testtool"
)

// The shared document with four problems (testtool.FourProblems):
// validate and render must name all four in one run.
func TestValidateReportsEveryProblemAtOnce(t *testing.T) {
	fourWant := testtool.FourProblemsLines()
	code, stdout, stderr := runCLI(t, string(testtool.FourProblems(t)), "validate", "-")
	got := strings.Split(strings.TrimSpace(stdout), "\n")
	if code != exitFail || !reflect.DeepEqual(got, fourWant) {
		t.Errorf("exit %d, stdout\n%s\nwant exit 1 and\n%s\nstderr %s", code, stdout, strings.Join(fourWant, "\n"), stderr)
	}
}

func TestRenderReportsEveryProblemAtOnce(t *testing.T) {
	fourWant := testtool.FourProblemsLines()
	dir := t.TempDir()
	in := filepath.Join(dir, "карта.json")
	if err := os.WriteFile(in, testtool.FourProblems(t), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "карта.pdf")
	code, _, stderr := runCLI(t, "", "render", "-o", out, in)
	want := in + ": документ содержит ошибки (4):\n" + strings.Join(fourWant, "\n") + "\n"
	if code != exitFail || stderr != want {
		t.Errorf("exit %d, stderr\n%s\nwant exit 1 and\n%s", code, stderr, want)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("output written for an invalid document: %v", err)
	}
}
