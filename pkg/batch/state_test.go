package batch

import (
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/kartograf-ru/kartograf/internal/atomicfile"
)

// TestRemoveStaleRemovesWhatAKilledWriteLeaves holds removeStale and
// atomicfile to the same naming: the temporary file a write leaves when
// the process dies before the rename is removed by the next run, and
// nothing else is.
func TestRemoveStaleRemovesWhatAKilledWriteLeaves(t *testing.T) {
	out := t.TempDir()
	state := filepath.Join(out, stateDir)
	if err := os.Mkdir(state, 0o755); err != nil {
		t.Fatal(err)
	}
	// Note the name of each temporary file while it is being written; a
	// file of that name is what a kill before the rename leaves.
	var leftovers []string
	for _, path := range []string{filepath.Join(out, "s0001.pdf"), statePath(out, "s0001")} {
		err := atomicfile.Write(path, 0, func(w io.Writer) error {
			entries, err := os.ReadDir(filepath.Dir(path))
			if err != nil {
				return err
			}
			for _, e := range entries {
				if atomicfile.IsTemp(e.Name()) {
					leftovers = append(leftovers, filepath.Join(filepath.Dir(path), e.Name()))
				}
			}
			_, err = io.WriteString(w, "half")
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(leftovers) != 2 {
		t.Fatalf("temporary files seen = %q, want one per write", leftovers)
	}
	for _, p := range leftovers {
		if err := os.WriteFile(p, []byte("half"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	keep := []string{
		filepath.Join(out, "s0002.tmp"),    // a user's file, not hidden
		filepath.Join(out, ".hidden"),      // hidden but not ours
		filepath.Join(state, "s0002.json"), // a finished school's record
	}
	for _, p := range keep {
		if err := os.WriteFile(p, []byte("keep"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := removeStale(out); err != nil {
		t.Fatal(err)
	}
	for _, p := range leftovers {
		if _, err := os.Stat(p); err == nil {
			t.Errorf("%s survived removeStale", p)
		}
	}
	for _, p := range keep {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("removeStale removed %s: %v", p, err)
		}
	}
}

func TestWriteAtomicContentAndMode(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "s0001.json")
	if err := writeAtomic(path, []byte(`{"id":"s0001"}`)); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(path); string(got) != `{"id":"s0001"}` {
		t.Errorf("content = %q", got)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o644 && filepath.Separator == '/' {
		t.Errorf("mode = %v, want 0644: a batch's files are meant to be read by others", st.Mode().Perm())
	}
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if !slices.Equal(names, []string{"s0001.json"}) {
		t.Errorf("files = %q, want only s0001.json", names)
	}
}
