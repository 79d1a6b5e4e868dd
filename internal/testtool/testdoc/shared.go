package testdoc

import (
	"sync"
	"testing"

	"github.com/kartograf-ru/kartograf"
	"github.com/kartograf-ru/kartograf/internal/testtool"
	"github.com/kartograf-ru/kartograf/pkg/document"
)

// The helpers every package's tests used to copy: one engine per test
// binary, and documents read from the repository's testdata by their path
// from the module root, wherever the test runs.

// SharedEngine is the test binary's engine with the built-in templates,
// made once on the first call (making one checks every template version).
var SharedEngine = sync.OnceValues(func() (*kartograf.Engine, error) { return kartograf.New(kartograf.Options{}) })

// Engine is SharedEngine for a test: an error fails it.
func Engine(t testing.TB) *kartograf.Engine {
	t.Helper()
	e, err := SharedEngine()
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// Load decodes the document at elem, a path from the module root
// ("testdata", "seeds", "001_49fbf96383fe353c.json").
func Load(t testing.TB, elem ...string) *document.Document {
	t.Helper()
	d, err := document.DecodeBytes(testtool.RepoFile(t, elem...))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// Seed names of the two reference documents in testdata/seeds.
const (
	Seed000 = "000_f50bb33c8ce6181b.json"
	Seed001 = "001_49fbf96383fe353c.json"
)

// Seed decodes testdata/seeds/name, a fresh copy on every call.
func Seed(t testing.TB, name string) *document.Document {
	t.Helper()
	return Load(t, "testdata", "seeds", name)
}
