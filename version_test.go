package kartograf

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
)

func TestBuildInfoFromStamp(t *testing.T) {
	info := &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: []debug.BuildSetting{
		{Key: "vcs.revision", Value: "0123abcd4567890fedcba"},
		{Key: "vcs.time", Value: "2026-12-01T03:59:14Z"},
		{Key: "vcs.modified", Value: "true"},
	}}
	b := buildInfo(info, "")
	if b.Version != "devel-0123abcd4567+dirty" || b.Revision != "0123abcd4567" || !b.Modified {
		t.Fatalf("buildInfo = %+v", b)
	}
	if got, want := b.String(), "kartograf devel-0123abcd4567+dirty (ревизия 0123abcd4567, с незафиксированными изменениями, 2026-12-01T03:59:14Z)"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	if b := buildInfo(info, "v1.2.3"); b.Version != "v1.2.3" {
		t.Errorf("the -ldflags value must win, got %q", b.Version)
	}
	if b := buildInfo(&debug.BuildInfo{Main: debug.Module{Version: "v1.4.0"}}, ""); b.String() != "kartograf v1.4.0" {
		t.Errorf("tagged build without VCS: %q", b.String())
	}
}

// go test does not stamp VCS information, so the test binary's version is
// the same on every run and machine: golden outputs embedding the Creator
// stay put.
func TestVersionStableUnderTest(t *testing.T) {
	if Version != "devel" {
		t.Fatalf("Version under go test = %q, want devel", Version)
	}
}

// TestVersionFromRepoBuild builds the CLI inside the repository and checks
// that `kartograf version` shows the commit, and that -ldflags -X wins.
func TestVersionFromRepoBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	head, err := exec.Command("git", "rev-parse", "--short=12", "HEAD").Output()
	if err != nil {
		t.Skipf("not a git checkout: %v", err)
	}
	rev := strings.TrimSpace(string(head))
	bin := filepath.Join(t.TempDir(), "kartograf")
	build := func(extra ...string) string {
		t.Helper()
		args := append([]string{"build", "-buildvcs=true", "-o", bin}, extra...)
		cmd := exec.Command("go", append(args, "./cmd/kartograf")...)
		cmd.Env = append(os.Environ(), "GOFLAGS=")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go build: %v\n%s", err, out)
		}
		out, err := exec.Command(bin, "version").CombinedOutput()
		if err != nil {
			t.Fatalf("kartograf version: %v\n%s", err, out)
		}
		return strings.TrimSpace(string(out))
	}
	if got := build(); !strings.Contains(got, "ревизия "+rev) {
		t.Errorf("kartograf version = %q, want the revision %s", got, rev)
	}
	got := build("-ldflags", "-X github.com/kartograf-ru/kartograf.version=v9.8.7")
	if !strings.HasPrefix(got, "kartograf v9.8.7 (ревизия "+rev) {
		t.Errorf("with -ldflags -X: %q", got)
	}
}
