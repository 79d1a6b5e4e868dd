package kartograf_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/kartograf-ru/kartograf"
	"github.com/kartograf-ru/kartograf/internal/testtool/testdoc"
)

// brokenVersions writes two template versions next to the built-in ones:
// school-roadmap@7.0.0, whose DOCX template does not compile, and
// custom@1.0.0, whose regular font is not a font. It returns the directory.
func brokenVersions(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	vdir := filepath.Join(dir, "school-roadmap", "7.0.0")
	if err := os.CopyFS(vdir, os.DirFS(filepath.Join("templates", "school-roadmap", "1.1.0"))); err != nil {
		t.Fatal(err)
	}
	replaceIn(t, filepath.Join(vdir, "manifest.json"), `"version": "1.1.0"`, `"version": "7.0.0"`)
	replaceIn(t, filepath.Join(vdir, "docx", "word", "document.xml"), "{{tr end}}", "{{tr end}")

	cdir := filepath.Join(dir, "custom", "1.0.0")
	if err := os.CopyFS(cdir, os.DirFS(filepath.Join("templates", "school-roadmap", "1.1.0"))); err != nil {
		t.Fatal(err)
	}
	replaceIn(t, filepath.Join(cdir, "manifest.json"), `"id": "school-roadmap"`, `"id": "custom"`)
	replaceIn(t, filepath.Join(cdir, "manifest.json"), `"version": "1.1.0"`, `"version": "1.0.0"`)
	replaceIn(t, filepath.Join(cdir, "manifest.json"), `"regular": "builtin:LiberationSerif-Regular"`, `"regular": "fonts/Custom-Regular.ttf"`)
	os.MkdirAll(filepath.Join(cdir, "fonts"), 0o755)
	if err := os.WriteFile(filepath.Join(cdir, "fonts", "Custom-Regular.ttf"), []byte("not a font at all"), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func replaceIn(t *testing.T, path, old, new string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte(old)) {
		t.Fatalf("%s has no %q", path, old)
	}
	if err := os.WriteFile(path, bytes.Replace(b, []byte(old), []byte(new), 1), 0o644); err != nil {
		t.Fatal(err)
	}
}

// eagerErrors are the problems an eager engine reports for each broken
// version, each version alone in its directory.
func eagerErrors(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, id := range []string{"school-roadmap", "custom"} {
		one := t.TempDir()
		if err := os.CopyFS(filepath.Join(one, id), os.DirFS(filepath.Join(dir, id))); err != nil {
			t.Fatal(err)
		}
		_, err := kartograf.New(kartograf.Options{TemplateDirs: []string{one}})
		if err == nil {
			t.Fatalf("an eager engine accepted the broken %s", id)
		}
		out[id] = err.Error()
	}
	return out
}

// A lazy engine starts with broken versions present, renders with the
// sound ones, and fails each use of a broken one with the problem the
// eager engine refuses to start with.
func TestLazyChecksAtFirstUse(t *testing.T) {
	dir := brokenVersions(t)
	want := eagerErrors(t, dir)
	if !strings.Contains(want["school-roadmap"], "school-roadmap@7.0.0") || !strings.Contains(want["custom"], "fonts/Custom-Regular.ttf") {
		t.Fatalf("unexpected eager errors: %q", want)
	}
	eng, err := kartograf.New(kartograf.Options{TemplateDirs: []string{dir}, Lazy: true})
	if err != nil {
		t.Fatalf("a lazy engine checked at start: %v", err)
	}
	ctx := context.Background()
	render := func(ref string, f kartograf.Format) error {
		var buf bytes.Buffer
		_, err := eng.Render(ctx, &buf, testdoc.Seed(t, testdoc.Seed001), kartograf.RenderOptions{Template: ref, Format: f})
		if err == nil && buf.Len() == 0 {
			t.Errorf("%s %s: empty output", ref, f)
		}
		return err
	}
	for _, f := range []kartograf.Format{kartograf.PDF, kartograf.DOCX, kartograf.XLSX} {
		if err := render("school-roadmap@1.1.0", f); err != nil {
			t.Errorf("a sound version, %s: %v", f, err)
		}
	}
	// The fonts are a part of every use: validation already fails.
	if err := eng.Validate(testdoc.Seed(t, testdoc.Seed001), "custom@1.0.0"); err == nil || err.Error() != want["custom"] {
		t.Errorf("validate with a broken font: %v, want %q", err, want["custom"])
	}
	if err := render("custom@1.0.0", kartograf.PDF); err == nil || err.Error() != want["custom"] {
		t.Errorf("render with a broken font: %v, want %q", err, want["custom"])
	}
	// The DOCX template is checked before the first DOCX, and only then:
	// a PDF does not read it.
	if err := render("school-roadmap@7.0.0", kartograf.PDF); err != nil {
		t.Errorf("PDF of a version with a broken DOCX template: %v", err)
	}
	if err := render("school-roadmap@7.0.0", kartograf.DOCX); err == nil || err.Error() != want["school-roadmap"] {
		t.Errorf("DOCX with a broken DOCX template: %v, want %q", err, want["school-roadmap"])
	}
	v, err := eng.Templates().Resolve("school-roadmap@7.0.0")
	if err != nil {
		t.Fatal(err)
	}
	if err := eng.CheckTemplate(v); err == nil || err.Error() != want["school-roadmap"] {
		t.Errorf("CheckTemplate: %v, want %q", err, want["school-roadmap"])
	}
}

// Parallel first uses of a lazy engine (the service renders in parallel)
// all get the one outcome of the check: run with -race.
func TestLazyCheckConcurrent(t *testing.T) {
	dir := brokenVersions(t)
	want := eagerErrors(t, dir)["school-roadmap"]
	eng, err := kartograf.New(kartograf.Options{TemplateDirs: []string{dir}, Lazy: true})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make([]error, 16)
	for i := range errs {
		wg.Go(func() {
			ref, f := "school-roadmap@7.0.0", kartograf.DOCX
			if i%2 == 1 {
				ref, f = "school-roadmap@1.1.0", kartograf.PDF
			}
			var buf bytes.Buffer
			_, errs[i] = eng.Render(context.Background(), &buf, testdoc.Seed(t, testdoc.Seed001), kartograf.RenderOptions{Template: ref, Format: f})
		})
	}
	wg.Wait()
	for i, err := range errs {
		if i%2 == 1 && err != nil {
			t.Errorf("#%d, a sound version: %v", i, err)
		}
		if i%2 == 0 && (err == nil || err.Error() != want) {
			t.Errorf("#%d: %v, want %q", i, err, want)
		}
	}
}

// Every released version passes the whole check, as `kartograf templates`
// and an eager engine run it; a lazy engine would otherwise find a broken
// one only at a user's first document.
func TestEveryVersionChecks(t *testing.T) {
	eng, err := kartograf.New(kartograf.Options{Lazy: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range eng.Templates().List() {
		if err := eng.CheckTemplate(v); err != nil {
			t.Errorf("%s: %v", v.Ref(), err)
		}
	}
}
