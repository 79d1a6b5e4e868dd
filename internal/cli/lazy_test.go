package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kartograf-ru/kartograf/internal/lazyre"
)

// brokenDocxVersion writes school-roadmap@7.0.0 with a DOCX template that
// does not compile into a fresh templates directory.
func brokenDocxVersion(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	vdir := filepath.Join(dir, "school-roadmap", "7.0.0")
	if err := os.CopyFS(vdir, os.DirFS("../../templates/school-roadmap/1.1.0")); err != nil {
		t.Fatal(err)
	}
	for file, repl := range map[string][2]string{
		"manifest.json":          {`"version": "1.1.0"`, `"version": "7.0.0"`},
		"docx/word/document.xml": {"{{tr end}}", "{{tr end}"},
	} {
		p := filepath.Join(vdir, file)
		b, err := os.ReadFile(p)
		if err != nil || !bytes.Contains(b, []byte(repl[0])) {
			t.Fatalf("%s: %v", p, err)
		}
		os.WriteFile(p, bytes.Replace(b, []byte(repl[0]), []byte(repl[1]), 1), 0o644)
	}
	return dir
}

// A one-document command checks only what it uses: a broken version
// elsewhere does not stop it, and the broken version fails its own use
// with its problem. serve still refuses to start.
func TestCommandsCheckWhatTheyUse(t *testing.T) {
	tdir := brokenDocxVersion(t)
	out := t.TempDir()
	code, _, stderr := runCLI(t, "", "render", "--templates", tdir, "-t", "school-roadmap@1.1.0", "-f", "docx", "-o", filepath.Join(out, "x.docx"), seed001)
	if code != exitOK {
		t.Errorf("render with a sound version next to a broken one: exit %d: %s", code, stderr)
	}
	code, _, stderr = runCLI(t, "", "render", "--templates", tdir, "-t", "school-roadmap@7.0.0", "-f", "docx", "-o", filepath.Join(out, "y.docx"), seed001)
	if code != exitFail || !strings.Contains(stderr, "school-roadmap@7.0.0") || !strings.Contains(stderr, "{{tr end}") {
		t.Errorf("render with the broken version: exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "y.docx")); err == nil {
		t.Error("a failed render left its output")
	}
	code, _, stderr = runCLI(t, "", "serve", "--templates", tdir, "--addr", "127.0.0.1:0")
	if code != exitFail || !strings.Contains(stderr, "school-roadmap@7.0.0") {
		t.Errorf("serve started with a broken version: exit %d: %s", code, stderr)
	}
}

// The regexps compiled at first use (internal/lazyre) are valid: a typo
// fails here, not on the rare input that reaches it.
func TestLazyRegexpsCompile(t *testing.T) {
	if n := lazyre.CompileAll(); n < 20 {
		t.Errorf("only %d lazy regexps linked: rollover and docx should bring theirs", n)
	}
}
