package testtool

import (
	"os"
	"path/filepath"
	"testing"
)

// RepoFile reads a file named from the root of the module (the directory
// with go.mod), wherever the test runs: tests at the root, in pkg/… and
// in cmd/… then name a shared fixture the same way.
func RepoFile(t testing.TB, elem ...string) []byte {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		up := filepath.Dir(dir)
		if up == dir {
			t.Fatalf("no go.mod above the test's directory")
		}
		dir = up
	}
	data, err := os.ReadFile(filepath.Join(append([]string{dir}, elem...)...))
	if err != nil {
		t.Fatal(err)
	}
	return data
}
