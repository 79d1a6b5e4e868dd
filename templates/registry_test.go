package templates

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

func TestReleasedVersionsMatchLock(t *testing.T) {
	r, err := New()
	if err != nil {
		t.Fatal(err)
	}
	data, err := BuiltinLock()
	if err != nil {
		t.Fatal(err)
	}
	lock, err := ReadLock(data)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, v := range r.List() {
		seen[v.Ref()] = true
		want, ok := lock[v.Ref()]
		if !ok {
			t.Errorf("%s is not released: add to templates/%s the line\n%s %s", v.Ref(), LockFile, v.Ref(), v.Hash)
			continue
		}
		// New takes a released version's hash from the lock: hash the
		// files themselves, which is what lets New trust it.
		got, err := Hash(v.Files)
		if err != nil {
			t.Fatal(err)
		}
		if want != got {
			t.Errorf("released template %s changed (lock %s, files %s): a released version is immutable, make a new version", v.Ref(), want, got)
		}
	}
	for ref := range lock {
		if !seen[ref] {
			t.Errorf("%s is in %s but its directory is gone", ref, LockFile)
		}
	}
	for _, id := range []string{"school-roadmap", "municipal-roadmap", "analysis"} {
		if _, err := r.Resolve(id); err != nil {
			t.Errorf("built-in template %s: %v", id, err)
		}
	}
}

func TestHashSeesEveryChange(t *testing.T) {
	base := fstest.MapFS{"manifest.json": {Data: []byte(`{"a":1}`)}, "fonts/x.ttf": {Data: []byte("x")}}
	h0, err := Hash(base)
	if err != nil {
		t.Fatal(err)
	}
	variants := map[string]fstest.MapFS{
		"content": {"manifest.json": {Data: []byte(`{"a":2}`)}, "fonts/x.ttf": {Data: []byte("x")}},
		"added":   {"manifest.json": {Data: []byte(`{"a":1}`)}, "fonts/x.ttf": {Data: []byte("x")}, "y": {Data: nil}},
		"renamed": {"manifest.json": {Data: []byte(`{"a":1}`)}, "fonts/z.ttf": {Data: []byte("x")}},
		"removed": {"manifest.json": {Data: []byte(`{"a":1}`)}},
	}
	for name, fsys := range variants {
		h, err := Hash(fsys)
		if err != nil {
			t.Fatal(err)
		}
		if h == h0 {
			t.Errorf("%s: hash did not change", name)
		}
	}
}

func TestResolve(t *testing.T) {
	r, err := New()
	if err != nil {
		t.Fatal(err)
	}
	v, err := r.Resolve("school-roadmap@1.0.0")
	if err != nil || v.Manifest.Page.Orientation != "landscape" {
		t.Fatalf("school-roadmap@1.0.0: %v %+v", err, v)
	}
	for _, ref := range []string{"nope", "school-roadmap@9.9.9", "school-roadmap@"} {
		_, err := r.Resolve(ref)
		var nf *NotFoundError
		if !errors.As(err, &nf) || !strings.Contains(err.Error(), "school-roadmap@1.0.0") {
			t.Errorf("Resolve(%q) = %v, want NotFoundError listing the known versions", ref, err)
		}
	}
	for kind, want := range map[string]string{"roadmap": "school-roadmap", "mixed": "municipal-roadmap", "analysis": "analysis"} {
		v, err := r.Default(kind)
		if err != nil || v.Manifest.ID != want {
			t.Errorf("Default(%s) = %v, %v; want %s", kind, v, err, want)
		}
	}
}

// copyVersion writes a built-in version into dir/<id>/<version> so a test can
// derive a user template from it.
func copyVersion(t *testing.T, dir, ref string) string {
	t.Helper()
	r, err := New()
	if err != nil {
		t.Fatal(err)
	}
	v, err := r.Resolve(ref)
	if err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(dir, v.Manifest.ID, v.Manifest.Version)
	if err := os.CopyFS(dst, v.Files); err != nil {
		t.Fatal(err)
	}
	return dst
}

func TestAddDir(t *testing.T) {
	dir := t.TempDir()
	dst := copyVersion(t, dir, "school-roadmap@1.0.0")
	manifest := filepath.Join(dst, "manifest.json")
	data, _ := os.ReadFile(manifest)

	r, _ := New()
	if err := r.AddDir(dir); err != nil {
		t.Fatalf("identical copy of a released version must load: %v", err)
	}

	// Same version, other content: refused (released versions are immutable).
	os.WriteFile(manifest, []byte(strings.Replace(string(data), `"body": 12`, `"body": 13`, 1)), 0o644)
	if err := (func() error { r, _ := New(); return r.AddDir(dir) })(); err == nil || !strings.Contains(err.Error(), "менять нельзя") {
		t.Errorf("changed released version: %v", err)
	}

	// A new version of it loads and becomes the latest.
	os.RemoveAll(filepath.Join(dir, "school-roadmap"))
	dst = filepath.Join(dir, "school-roadmap", "9.1.0")
	os.MkdirAll(dst, 0o755)
	os.WriteFile(filepath.Join(dst, "manifest.json"), []byte(strings.Replace(string(data), `"version": "1.0.0"`, `"version": "9.1.0"`, 1)), 0o644)
	r, _ = New()
	if err := r.AddDir(dir); err != nil {
		t.Fatal(err)
	}
	if v, _ := r.Resolve("school-roadmap"); v.Manifest.Version != "9.1.0" || v.Source != dir {
		t.Errorf("latest = %s from %s", v.Ref(), v.Source)
	}
	if v, _ := r.Resolve("school-roadmap@1.0.0"); v.Source != "builtin" {
		t.Errorf("1.0.0 must stay the built-in one")
	}
}

func TestBrokenManifestsAreRefused(t *testing.T) {
	cases := map[string]func(string) string{
		"unknown field":   func(s string) string { return strings.Replace(s, `"id":`, `"idx": 1, "id":`, 1) },
		"bad orientation": func(s string) string { return strings.Replace(s, `"landscape"`, `"sideways"`, 1) },
		"tiny font":       func(s string) string { return strings.Replace(s, `"table": 10`, `"table": 1`, 1) },
		"missing font": func(s string) string {
			return strings.Replace(s, `builtin:LiberationSerif-Bold"`, `fonts/none.ttf"`, 1)
		},
		"dir mismatch":   func(s string) string { return strings.Replace(s, `"version": "1.0.0"`, `"version": "2.0.0"`, 1) },
		"bad column key": func(s string) string { return strings.Replace(s, `"key": "actions"`, `"key": "Действия"`, 1) },
		"wide stamp":     func(s string) string { return strings.Replace(s, `"stamp_width_mm": 75`, `"stamp_width_mm": 90`, 1) },
	}
	for name, mutate := range cases {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			dst := copyVersion(t, dir, "school-roadmap@1.0.0")
			data, _ := os.ReadFile(filepath.Join(dst, "manifest.json"))
			changed := mutate(string(data))
			if changed == string(data) {
				t.Fatal("mutation did not apply")
			}
			os.WriteFile(filepath.Join(dst, "manifest.json"), []byte(changed), 0o644)
			r, _ := New()
			err := r.AddDir(dir)
			if err == nil || !strings.Contains(err.Error(), "manifest.json") {
				t.Errorf("want an error naming manifest.json, got %v", err)
			}
		})
	}
}
