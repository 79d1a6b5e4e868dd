package kartograf_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kartograf-ru/kartograf"
	"github.com/kartograf-ru/kartograf/internal/testtool"
	"github.com/kartograf-ru/kartograf/internal/testtool/spacing"
	"github.com/kartograf-ru/kartograf/internal/testtool/testdoc"
	"github.com/kartograf-ru/kartograf/internal/textcheck"
	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/templates"
)

// typesetEngine is an engine with, for each built-in template, a new
// version under another name: the released manifest (which says nothing
// of typesetting, so the new version breaks lines optimally), plain PDF
// so that only the typesetting differs. It returns the new refs by the
// released template's id.
func typesetEngine(t testing.TB) (*kartograf.Engine, map[string]string) {
	return testdoc.OptimalEngine(t, func(reg *templates.Registry, v *templates.Version) (string, *templates.Version, *templates.Manifest) {
		id := v.Manifest.ID
		latest, err := reg.Resolve(id)
		if err != nil {
			t.Fatal(err)
		}
		m := latest.Manifest
		m.ID, m.Version = id+"-nabor", "1.0.0"
		m.PDF.Conformance = templates.ConformanceNone
		return id, latest, &m
	})
}

// renderRef renders d to PDF with the template version ref ("" for the
// document's own) and returns the file's path.
func renderRef(t *testing.T, eng *kartograf.Engine, d *document.Document, ref string) string {
	t.Helper()
	var b bytes.Buffer
	if _, err := eng.Render(context.Background(), &b, d, kartograf.RenderOptions{Template: ref}); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "x.pdf")
	if err := os.WriteFile(p, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// The measure of spacing, on seed 000's narrative and on a long
// analysis: with optimal breaking the widest inter-word gap of a justified
// line is at most twice the normal space, its 95th percentile no worse
// than Typst's setting of the same text, and no more than two hyphenated
// lines follow each other. The released versions (greedy breaking) are
// measured too, for the record.
func TestTypesettingQuality(t *testing.T) {
	testtool.Require(t, "pdftotext")
	eng, refs := typesetEngine(t)
	for _, doc := range []struct{ dir, name string }{
		{"seeds", "000_f50bb33c8ce6181b"},
		{"documents", "analysis-long"},
	} {
		t.Run(doc.name, func(t *testing.T) {
			typst, renderer, err := spacing.Typst(doc.name)
			if err != nil {
				t.Fatal(err)
			}
			d := testdoc.Load(t, "testdata", doc.dir, doc.name+".json")
			v, err := eng.Template(d, "")
			if err != nil {
				t.Fatal(err)
			}
			o := typst.Options()
			o.Compounds = compounds(textcheck.DocumentText(d, v.Manifest.Plan.Columns))
			before, err := spacing.Measure(renderRef(t, eng, d, ""), o)
			if err != nil {
				t.Fatal(err)
			}
			after, err := spacing.Measure(renderRef(t, eng, d, refs[v.Manifest.ID]), o)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%-28s lines %3d  max %.2f  p95 %.2f  hyphenated %2d  run %d  compound ends %d", v.Ref()+" (greedy)", before.Lines, before.Max, before.P95, before.Hyphenated, before.MaxHyphenRun, before.Compound)
			t.Logf("%-28s lines %3d  max %.2f  p95 %.2f  hyphenated %2d  run %d  compound ends %d", refs[v.Manifest.ID]+" (optimal)", after.Lines, after.Max, after.P95, after.Hyphenated, after.MaxHyphenRun, after.Compound)
			t.Logf("%-28s lines %3d  max %.2f  p95 %.2f  hyphenated %2d  run %d", renderer, typst.Lines, typst.Max, typst.P95, typst.Hyphenated, typst.MaxHyphenRun)
			if after.Lines < typst.Lines*3/4 {
				t.Errorf("only %d justified lines measured (Typst: %d): the measure misses lines", after.Lines, typst.Lines)
			}
			if after.Max > 2.0 {
				t.Errorf("widest gap %.2f× the normal space, want ≤ 2.0", after.Max)
			}
			if after.P95 > typst.P95 {
				t.Errorf("95th percentile %.3f, Typst's %.3f", after.P95, typst.P95)
			}
			if after.MaxHyphenRun > 2 {
				t.Errorf("%d hyphenated lines in a row, want ≤ 2", after.MaxHyphenRun)
			}
		})
	}
}

// compounds are the words of text written with a hyphen between letters,
// lower case: their own hyphen at a line end is not hyphenation.
func compounds(text string) map[string]bool {
	out := map[string]bool{}
	for _, f := range strings.Fields(strings.ReplaceAll(text, "\u00a0", " ")) {
		w := strings.ToLower(strings.Trim(f, ".,;:!?«»()\"„“"))
		if i := strings.Index(w, "-"); i > 0 && i < len(w)-1 {
			out[w] = true
		}
	}
	return out
}

// Every word of every test document comes back from pdftotext in order
// when the document is set optimally, hyphenated words joined across their
// lines.
func TestTypesetTextInOrder(t *testing.T) {
	testtool.Require(t, "pdftotext")
	eng, refs := typesetEngine(t)
	seeds, _ := filepath.Glob(filepath.Join("testdata", "seeds", "*.json"))
	docs, _ := filepath.Glob(filepath.Join("testdata", "documents", "*.json"))
	hyphenated := 0
	for _, f := range append(seeds, docs...) {
		t.Run(filepath.Base(f), func(t *testing.T) {
			d := testdoc.Load(t, "testdata", filepath.Base(filepath.Dir(f)), filepath.Base(f))
			v, err := eng.Template(d, "")
			if err != nil {
				t.Fatal(err)
			}
			p := renderRef(t, eng, d, refs[v.Manifest.ID])
			got := testtool.Run(t, "pdftotext", "-raw", "-enc", "UTF-8", p, "-")
			for _, line := range strings.Split(got, "\n") {
				if strings.HasSuffix(strings.TrimSpace(line), "-") {
					hyphenated++
				}
			}
			want := textcheck.Units(textcheck.DocumentText(d, v.Manifest.Plan.Columns))
			if err := textcheck.InOrderUnits(want, got); err != nil {
				t.Fatal(err)
			}
		})
	}
	if hyphenated == 0 {
		t.Error("no line of any document ends in a hyphen: the text check did not meet a hyphenated word")
	}
}
