package atomicfile

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"testing"
)

// names lists dir, so that a test sees any file left beside the target.
func names(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

func TestWriteReplacesTheTargetAndLeavesNothingElse(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "plan.pdf")
	if err := os.WriteFile(path, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	var seen []string
	err := Write(path, 0, func(w io.Writer) error {
		// While the content is written the target is still the old file
		// and the new one is a temporary file IsTemp recognises.
		seen = names(t, dir)
		if got, _ := os.ReadFile(path); string(got) != "old" {
			t.Errorf("target during the write = %q, want the old content", got)
		}
		_, err := io.WriteString(w, "new")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) != 2 || !slices.Contains(seen, "plan.pdf") {
		t.Fatalf("files during the write = %q, want plan.pdf and one temporary file", seen)
	}
	for _, n := range seen {
		if n != "plan.pdf" && !IsTemp(n) {
			t.Errorf("temporary file %q is not recognised by IsTemp", n)
		}
	}
	if got, _ := os.ReadFile(path); string(got) != "new" {
		t.Errorf("target = %q, want %q", got, "new")
	}
	if got := names(t, dir); !slices.Equal(got, []string{"plan.pdf"}) {
		t.Errorf("files after the write = %q, want only plan.pdf", got)
	}
}

func TestWriteMode(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows has no Unix permission bits")
	}
	dir := t.TempDir()
	for _, tc := range []struct {
		perm, want fs.FileMode
	}{
		{0, 0o644}, // os.CreateTemp's 0600 would hide a document from its readers
		{0o600, 0o600},
		{0o640, 0o640},
	} {
		for name, write := range map[string]func(string, []byte, fs.FileMode) error{"synced": WriteFile, "unsynced": WriteFileUnsynced} {
			path := filepath.Join(dir, name+tc.want.String())
			if err := write(path, []byte("x"), tc.perm); err != nil {
				t.Fatal(err)
			}
			st, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			got, _ := os.ReadFile(path)
			if st.Mode().Perm() != tc.want || string(got) != "x" {
				t.Errorf("%s, perm %v: mode %v, content %q; want %v, \"x\"", name, tc.perm, st.Mode().Perm(), got, tc.want)
			}
		}
	}
}

func TestFailedWriteKeepsTheTarget(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "plan.docx")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("render failed")
	err := Write(path, 0, func(w io.Writer) error {
		io.WriteString(w, "half a docu")
		return boom
	})
	if err != boom {
		t.Fatalf("err = %v, want the writer's own error", err)
	}
	if got, _ := os.ReadFile(path); string(got) != "old" {
		t.Errorf("target = %q after a failed write, want the old content", got)
	}
	if got := names(t, dir); !slices.Equal(got, []string{"plan.docx"}) {
		t.Errorf("files after a failed write = %q, want only plan.docx", got)
	}
}

func TestFailedWriteCreatesNoTarget(t *testing.T) {
	dir := t.TempDir()
	err := Write(filepath.Join(dir, "new.xlsx"), 0, func(io.Writer) error { return io.ErrShortWrite })
	if err != io.ErrShortWrite {
		t.Fatalf("err = %v", err)
	}
	if got := names(t, dir); len(got) != 0 {
		t.Errorf("files after a failed write = %q, want none", got)
	}
}

func TestFailedRenameRemovesTheTemporaryFile(t *testing.T) {
	dir := t.TempDir()
	// A non-empty directory under the target's name: the rename fails.
	path := filepath.Join(dir, "out.pdf")
	if err := os.MkdirAll(filepath.Join(path, "inside"), 0o755); err != nil {
		t.Fatal(err)
	}
	err := WriteFile(path, []byte("pdf"), 0)
	var le *os.LinkError
	if !errors.As(err, &le) || le.New != path {
		t.Fatalf("err = %v, want an *os.LinkError naming %s", err, path)
	}
	if got := names(t, dir); !slices.Equal(got, []string{"out.pdf"}) {
		t.Errorf("files after a failed rename = %q, want only the directory out.pdf", got)
	}
	if got := names(t, path); !slices.Equal(got, []string{"inside"}) {
		t.Errorf("the directory in the way = %q, want it untouched", got)
	}
}

func TestMissingDirectoryNamesTheDirectory(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "absent")
	called := false
	err := Write(filepath.Join(dir, "plan.pdf"), 0, func(io.Writer) error { called = true; return nil })
	if called {
		t.Error("write was called without a file to write to")
	}
	var pe *fs.PathError
	if !errors.As(err, &pe) {
		t.Fatalf("err = %v, want an *fs.PathError", err)
	}
	// cmd/kartograf tells the user «каталог «DIR» не найден» from exactly
	// these: the op and the directory of the path.
	if pe.Op != "createtemp" || filepath.Dir(pe.Path) != dir || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("err = %#v, want Op createtemp in %s and fs.ErrNotExist", pe, dir)
	}
}

func TestRelativePath(t *testing.T) {
	t.Chdir(t.TempDir())
	if err := WriteFile("plan.json", []byte("{}"), 0); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile("plan.json"); string(got) != "{}" {
		t.Errorf("plan.json = %q", got)
	}
	if got := names(t, "."); !slices.Equal(got, []string{"plan.json"}) {
		t.Errorf("files = %q, want only plan.json", got)
	}
}

func TestIsTemp(t *testing.T) {
	for name, want := range map[string]bool{
		".s0009.pdf.123.tmp": true,
		".plan.json.1.tmp":   true,
		"s0009.pdf.123.tmp":  false, // not hidden: a user's file
		".s0009.pdf":         false,
		".tmp":               false,
		"plan.pdf":           false,
	} {
		if got := IsTemp(name); got != want {
			t.Errorf("IsTemp(%q) = %v, want %v", name, got, want)
		}
	}
}
