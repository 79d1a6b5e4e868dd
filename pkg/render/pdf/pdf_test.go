package pdf_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"unicode/utf16"

	"github.com/kartograf-ru/kartograf"
	"github.com/kartograf-ru/kartograf/fonts"
	"github.com/kartograf-ru/kartograf/internal/testtool"
	"github.com/kartograf-ru/kartograf/internal/testtool/testdoc"
	"github.com/kartograf-ru/kartograf/internal/textcheck"
	"github.com/kartograf-ru/kartograf/pkg/document"
)

var update = flag.Bool("update", false, "rewrite golden hashes")

func render(t testing.TB, d *document.Document) []byte {
	t.Helper()
	var buf bytes.Buffer
	if _, err := testdoc.Engine(t).Render(context.Background(), &buf, d, kartograf.RenderOptions{}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// renderFile renders into a temporary file for the external readers.
func renderFile(t *testing.T, d *document.Document) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "out.pdf")
	if err := os.WriteFile(p, render(t, d), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func pdftext(t *testing.T, path string, pageRange ...int) string {
	args := []string{"-raw", "-enc", "UTF-8"}
	if len(pageRange) == 2 {
		args = append(args, "-f", fmt.Sprint(pageRange[0]), "-l", fmt.Sprint(pageRange[1]))
	}
	return testtool.Run(t, "pdftotext", append(args, path, "-")...)
}

var seeds = map[string]string{"seed000": "000_f50bb33c8ce6181b", "seed001": "001_49fbf96383fe353c"}

// Every word of each seed file comes out of its PDF, in order.
func TestSeedWordsInOrder(t *testing.T) {
	for name, file := range seeds {
		t.Run(name, func(t *testing.T) {
			txt, err := os.ReadFile(repoFile("testdata", "seeds", file+".txt"))
			if err != nil {
				t.Fatal(err)
			}
			if n := len(textcheck.SeedWords(string(txt))); n < 1000 {
				t.Fatalf("only %d seed words: the seed text is not what it should be", n)
			}
			// Units (cells, lines) rather than one word stream: where a page
			// break splits a row, a cell's tail is printed after its row.
			want := textcheck.SeedUnits(string(txt))
			got := pdftext(t, renderFile(t, testdoc.Load(t, "testdata", "seeds", file+".json")))
			if err := textcheck.InOrderUnits(want, got); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// Nothing is lost in the variants either: split rows, long words, other columns.
func TestVariantsTextInOrder(t *testing.T) {
	files, _ := filepath.Glob(repoFile("testdata", "documents", "*.json"))
	if len(files) < 4 {
		t.Fatalf("expected the variants in testdata/documents, found %v", files)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			d := testdoc.Load(t, "testdata", "documents", filepath.Base(f))
			v, err := testdoc.Engine(t).Template(d, "")
			if err != nil {
				t.Fatal(err)
			}
			want := textcheck.Units(textcheck.DocumentText(d, v.Manifest.Plan.Columns))
			got := pdftext(t, renderFile(t, d))
			if err := textcheck.InOrderUnits(want, got); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestFontsEmbeddedAndFileValid(t *testing.T) {
	for name, file := range seeds {
		t.Run(name, func(t *testing.T) {
			p := renderFile(t, testdoc.Load(t, "testdata", "seeds", file+".json"))
			out := testtool.Run(t, "pdffonts", p)
			lines := strings.Split(strings.TrimSpace(out), "\n")
			if len(lines) < 3 {
				t.Fatalf("pdffonts lists no fonts:\n%s", out)
			}
			for _, l := range lines[2:] {
				f := strings.Fields(l)
				// name type... encoding emb sub uni object ID
				emb, sub, uni := f[len(f)-5], f[len(f)-4], f[len(f)-3]
				if emb != "yes" || sub != "yes" || uni != "yes" {
					t.Errorf("font not embedded as a subset with ToUnicode: %s", l)
				}
			}
			check := testtool.Run(t, "qpdf", "--check", p)
			if !strings.Contains(check, "No syntax or stream encoding errors found") {
				t.Errorf("qpdf --check:\n%s", check)
			}
		})
	}
}

// The header row is on every page the plan spans, and page numbers start on
// page 2 at the top.
func TestHeaderRepeatsOnEveryPlanPage(t *testing.T) {
	cases := []struct{ dir, file string }{
		{"seeds", "001_49fbf96383fe353c.json"},
		{"seeds", "000_f50bb33c8ce6181b.json"},
		{"documents", "rows150.json"},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			d := testdoc.Load(t, "testdata", c.dir, c.file)
			v, _ := testdoc.Engine(t).Template(d, "")
			var plan *document.Plan
			for _, b := range d.Body {
				if b.Plan != nil {
					plan = b.Plan
				}
			}
			cols := plan.Columns
			if len(cols) == 0 {
				cols = v.Manifest.Plan.Columns
			}
			text := pdftext(t, renderFile(t, d))
			if _, _, err := textcheck.PlanHeaderOnEveryPage(plan, cols, text); err != nil {
				t.Error(err)
			}
			pages := strings.Split(text, "\f")
			for i, pg := range pages {
				lines := strings.Split(strings.TrimSpace(pg), "\n")
				if strings.TrimSpace(pg) == "" {
					continue
				}
				isNum := regexp.MustCompile(`^\d+$`).MatchString(strings.TrimSpace(lines[0]))
				if i == 0 && isNum {
					t.Errorf("page 1 starts with a page number %q", lines[0])
				}
				if i > 0 && strings.TrimSpace(lines[0]) != fmt.Sprint(i+1) {
					t.Errorf("page %d starts with %q, want its number", i+1, lines[0])
				}
			}
		})
	}
}

func TestDeterministicOutput(t *testing.T) {
	d := testdoc.Load(t, "testdata", "seeds", "001_49fbf96383fe353c.json")
	want := render(t, d)
	var wg sync.WaitGroup
	results := make([][]byte, 4)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// A fresh decode each time: no state may leak between documents.
			results[i] = render(t, testdoc.Load(t, "testdata", "seeds", "001_49fbf96383fe353c.json"))
		}()
	}
	wg.Wait()
	for i, got := range results {
		if !bytes.Equal(got, want) {
			t.Errorf("render %d differs from the first (%d vs %d bytes)", i, len(got), len(want))
		}
	}
}

// Golden hashes: every version of a seed's template keeps producing the
// same bytes for the same input, so documents made with an older version
// stay reproducible. Update deliberately with -args -update.
func TestGoldenHashes(t *testing.T) {
	for name, file := range seeds {
		d := testdoc.Load(t, "testdata", "seeds", file+".json")
		latest, err := testdoc.Engine(t).Template(d, "")
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range testdoc.Engine(t).Templates().List() {
			if v.Manifest.ID != latest.Manifest.ID {
				continue
			}
			t.Run(name+"@"+v.Manifest.Version, func(t *testing.T) {
				var buf bytes.Buffer
				if _, err := testdoc.Engine(t).Render(context.Background(), &buf, d, kartograf.RenderOptions{Template: v.Ref()}); err != nil {
					t.Fatal(err)
				}
				sum := sha256.Sum256(buf.Bytes())
				got := hex.EncodeToString(sum[:])
				golden := repoFile("testdata", "golden", "pdf", name+"."+v.Ref()+".sha256")
				if *update {
					os.MkdirAll(filepath.Dir(golden), 0o755)
					if err := os.WriteFile(golden, []byte(got+"\n"), 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				want, err := os.ReadFile(golden)
				if err != nil {
					t.Fatalf("%v (run go test ./pkg/render/pdf -run Golden -args -update once the output is reviewed)", err)
				}
				if strings.TrimSpace(string(want)) != got {
					t.Errorf("%s with %s renders to sha256 %s, golden %s", name, v.Ref(), got, strings.TrimSpace(string(want)))
				}
			})
		}
	}
}

func hexText(s string) string {
	var b strings.Builder
	b.WriteString("<FEFF")
	for _, u := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&b, "%04X", u)
	}
	return b.String() + ">"
}

func TestInfoDictionary(t *testing.T) {
	d := testdoc.Load(t, "testdata", "seeds", "001_49fbf96383fe353c.json")
	out := render(t, d)
	hash, _ := kartograf.InputHash(d)
	for key, val := range map[string]string{
		"Title":                "ДОРОЖНАЯ КАРТА по повышению качества образования в общеобразовательной организации, имеющей низкие образовательные результаты",
		"Author":               d.Organization.FullName,
		"Creator":              "kartograf " + kartograf.Version,
		"KartografTemplate":    "school-roadmap@1.1.0",
		"KartografInputSHA256": hash,
	} {
		if !bytes.Contains(out, []byte("/"+key+" "+hexText(val))) {
			t.Errorf("Info has no /%s %q", key, val)
		}
	}
	if bytes.Contains(out, []byte("CreationDate")) || bytes.Contains(out, []byte("ModDate")) {
		t.Error("the PDF carries a wall-clock date")
	}
	p := renderFile(t, d)
	info := testtool.Run(t, "pdfinfo", p)
	if !strings.Contains(info, "Author:") || !strings.Contains(info, "Средняя общеобразовательная школа") {
		t.Errorf("pdfinfo does not show the organisation as author:\n%s", info)
	}
}

// A character the main font lacks is drawn by the fallback font; one that
// no font has is a validation error naming the character and the place.
func TestGlyphCoverage(t *testing.T) {
	d := testdoc.Load(t, "testdata", "seeds", "001_49fbf96383fe353c.json")
	// U+2011 (non-breaking hyphen, typed by Word for Ctrl+Shift+-) is not in
	// Liberation Serif; DejaVu Serif has it.
	d.Body[1].Heading.Text += " ГИА\u20112024"
	p := renderFile(t, d)
	fonts := testtool.Run(t, "pdffonts", p)
	if !strings.Contains(fonts, "DejaVuSerif") {
		t.Errorf("U+2011 should come from the DejaVu fallback:\n%s", fonts)
	}
	if got := pdftext(t, p); !strings.Contains(got, "ГИА\u20112024") {
		t.Error("ГИА‑2024 with U+2011 did not come out of the PDF text")
	}
	d.Body[1].Heading.Text += " 😀"
	_, err := testdoc.Engine(t).Render(context.Background(), &bytes.Buffer{}, d, kartograf.RenderOptions{})
	if err == nil || !strings.Contains(err.Error(), "body[1].heading.text: символ «😀» (U+1F600) отсутствует") {
		t.Errorf("want a validation error naming the character and its path, got %v", err)
	}
}

// A template version may bring its own TTF; a file that is not a font is
// refused with an error naming it.
func TestTemplateWithOwnFont(t *testing.T) {
	src, err := os.ReadFile(repoFile("templates", "analysis", "1.0.0", "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	ttf, ok := fonts.Builtin("DejaVuSerif-Regular")
	if !ok {
		t.Fatal("no built-in DejaVu Serif")
	}
	dir := t.TempDir()
	vdir := filepath.Join(dir, "custom", "1.0.0")
	os.MkdirAll(filepath.Join(vdir, "fonts"), 0o755)
	m := strings.Replace(string(src), `"id": "analysis"`, `"id": "custom"`, 1)
	m = strings.Replace(m, `"regular": "builtin:LiberationSerif-Regular"`, `"regular": "fonts/Custom-Regular.ttf"`, 1)
	os.WriteFile(filepath.Join(vdir, "manifest.json"), []byte(m), 0o644)
	os.WriteFile(filepath.Join(vdir, "fonts", "Custom-Regular.ttf"), ttf, 0o644)

	eng, err := kartograf.New(kartograf.Options{TemplateDirs: []string{dir}})
	if err != nil {
		t.Fatal(err)
	}
	d := testdoc.Load(t, "testdata", "documents", "analysis.json")
	var buf bytes.Buffer
	res, err := eng.Render(context.Background(), &buf, d, kartograf.RenderOptions{Template: "custom"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Template != "custom@1.0.0" {
		t.Errorf("rendered with %s", res.Template)
	}
	p := filepath.Join(t.TempDir(), "c.pdf")
	os.WriteFile(p, buf.Bytes(), 0o644)
	out := testtool.Run(t, "pdffonts", p)
	if !strings.Contains(out, "DejaVuSerif") {
		t.Errorf("the template's own font is not in the PDF:\n%s", out)
	}

	// Not a font: the engine refuses the template at load, naming the file.
	os.WriteFile(filepath.Join(vdir, "fonts", "Custom-Regular.ttf"), []byte("not a font at all"), 0o644)
	_, err = kartograf.New(kartograf.Options{TemplateDirs: []string{dir}})
	if err == nil || !strings.Contains(err.Error(), "custom@1.0.0") || !strings.Contains(err.Error(), "fonts/Custom-Regular.ttf") {
		t.Errorf("want an error naming the template and the font file, got %v", err)
	}
}
