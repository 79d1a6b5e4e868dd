package testdoc

import (
	"testing"

	"github.com/kartograf-ru/kartograf"
	"github.com/kartograf-ru/kartograf/internal/testtool/testtpl"
	"github.com/kartograf-ru/kartograf/templates"
)

// OptimalEngine is an engine that also knows new versions of built-in
// templates, written by testtpl.WriteVersion, which must break lines optimally
// (templates.Manifest.Optimal): for each built-in version, version returns
// the key to file the new version under, the version to copy and the new
// manifest, or a nil manifest for none; a key already filed is skipped. It
// returns the engine and the new versions' refs by key.
func OptimalEngine(t testing.TB, version func(reg *templates.Registry, v *templates.Version) (key string, base *templates.Version, m *templates.Manifest)) (*kartograf.Engine, map[string]string) {
	t.Helper()
	reg, err := templates.New()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	refs := map[string]string{}
	for _, v := range reg.List() {
		key, base, m := version(reg, v)
		if _, done := refs[key]; done || m == nil {
			continue
		}
		if !m.Optimal() {
			t.Fatalf("%s: a new version does not break optimally", m.Ref())
		}
		testtpl.WriteVersion(t, dir, base, m)
		refs[key] = m.Ref()
	}
	eng, err := kartograf.New(kartograf.Options{TemplateDirs: []string{dir}})
	if err != nil {
		t.Fatal(err)
	}
	return eng, refs
}
