package docx_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"unicode"

	"github.com/kartograf-ru/kartograf"
	"github.com/kartograf-ru/kartograf/internal/testtool"
	"github.com/kartograf-ru/kartograf/internal/testtool/extract"
	"github.com/kartograf-ru/kartograf/internal/textcheck"
	"github.com/kartograf-ru/kartograf/pkg/document"
)

// docxVersions are the released template versions that have a DOCX.
var docxVersions = []string{"school-roadmap@1.1.0", "municipal-roadmap@1.1.0", "analysis@1.1.0"}

func renderDocxWith(t testing.TB, d *document.Document, ref string) []byte {
	t.Helper()
	var buf bytes.Buffer
	if _, err := engine(t).Render(context.Background(), &buf, d, kartograf.RenderOptions{Format: kartograf.DOCX, Template: ref}); err != nil {
		t.Fatalf("%s: %v", ref, err)
	}
	return buf.Bytes()
}

// printed is a LibreOffice print of a DOCX: the text of each page.
type printed struct {
	name  string
	pages []string
}

// printAll writes each DOCX, converts them all in one soffice call and
// reads the pages back with pdftotext -raw.
func printAll(t *testing.T, docs map[string][]byte) []printed {
	t.Helper()
	return printPages(t, docs, "-raw")
}

// printPages is printAll with pdftotext in mode ("-raw" or "-layout").
func printPages(t *testing.T, docs map[string][]byte, mode string) []printed {
	t.Helper()
	testtool.Require(t, "pdftotext")
	dir := t.TempDir()
	var names, files []string
	for name := range docs {
		names = append(names, name)
	}
	// Map order is random; the conversion and the report are not.
	sort.Strings(names)
	for _, n := range names {
		p := filepath.Join(dir, n+".docx")
		if err := os.WriteFile(p, docs[n], 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, p)
	}
	out := make([]printed, len(names))
	for i, pdf := range extract.ConvertDOCXToPDF(t, dir, files...) {
		text := testtool.Run(t, "pdftotext", mode, "-enc", "UTF-8", pdf, "-")
		pages := strings.Split(text, "\f")
		if len(pages) > 1 && strings.TrimSpace(pages[len(pages)-1]) == "" {
			pages = pages[:len(pages)-1] // pdftotext ends every page with \f
		}
		out[i] = printed{name: names[i], pages: pages}
	}
	return out
}

// No document ends with a blank page in LibreOffice: every testdata
// document and seed, with every template version that has a DOCX, prints
// something other than a page number on its last page. rows150 with
// school-roadmap@1.1.0 ended on a page holding only the empty paragraph
// after its plan.
func TestLibreOfficeNoBlankLastPage(t *testing.T) {
	docs := map[string][]byte{}
	for _, dir := range []string{"documents", "seeds"} {
		files, err := filepath.Glob(repo("testdata", dir, "*.json"))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			for _, ref := range docxVersions {
				d := load(t, "testdata", dir, filepath.Base(f))
				if engine(t).Validate(d, ref) != nil {
					continue
				}
				docs[strings.TrimSuffix(filepath.Base(f), ".json")+"."+ref] = renderDocxWith(t, d, ref)
			}
		}
	}
	// rows150 cut to its first n measures: for some n the plan ends at
	// the foot of a page, where the paragraph after it used to spill.
	for n := 1; n <= 24; n++ {
		d := load(t, "testdata", "documents", "rows150.json")
		for _, b := range d.Body {
			if b.Plan != nil {
				b.Plan.Sections = b.Plan.Sections[:1]
				b.Plan.Sections[0].Items = b.Plan.Sections[0].Items[:n]
			}
		}
		docs[fmt.Sprintf("rows150-first%02d", n)] = renderDocxWith(t, d, "")
	}
	if len(docs) < 12 {
		t.Fatalf("only %d documents render", len(docs))
	}
	for _, p := range printAll(t, docs) {
		last := p.pages[len(p.pages)-1]
		if strings.TrimFunc(last, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsDigit(r) }) == "" {
			t.Errorf("%s: the last of %d pages is blank (%q)", p.name, len(p.pages), last)
		}
	}
}

// hyphenDict is where Debian's hyphen-ru puts the Russian patterns
// LibreOffice hyphenates with.
const hyphenDict = "/usr/share/hyphen/hyph_ru_RU.dic"

// LibreOffice hyphenates the long Russian words of narrow columns instead
// of cutting them anywhere: in the print of columns6 (six plan columns),
// every Cyrillic word is a word of the document or of the template once
// the pieces a line-end hyphen splits are joined; a fragment such as
// «перепо» or «дготов» fails (102 did before hyphenation was on), and
// words are hyphenated. longwords, whose last columns are narrower than
// «переподготовка» or «психолого-медико-» minus a syllable, is only
// counted: LibreOffice 7.4 hyphenates a word once per line and still cuts
// such pieces (181 cuts before, about a third of that now).
func TestLibreOfficeHyphenatesNarrowColumns(t *testing.T) {
	if _, err := os.Stat(hyphenDict); err != nil {
		if os.Getenv(testtool.EnvRequire) == "1" {
			t.Fatalf("the Russian hyphenation patterns (apt-get install hyphen-ru) are required: %v", err)
		}
		t.Skipf("no Russian hyphenation patterns: %v", err)
	}
	docs := map[string][]byte{}
	vocab := map[string]map[string]bool{}
	for _, name := range []string{"longwords", "columns6"} {
		src := testtool.RepoFile(t, "testdata", "documents", name+".json")
		for _, ref := range docxVersions {
			d := load(t, "testdata", "documents", name+".json")
			if engine(t).Validate(d, ref) != nil {
				continue
			}
			v, err := engine(t).Template(d, ref)
			if err != nil {
				t.Fatal(err)
			}
			manifest, err := os.ReadFile(repo("templates", v.Manifest.ID, v.Manifest.Version, "manifest.json"))
			if err != nil {
				t.Fatal(err)
			}
			key := name + "." + ref
			docs[key] = renderDocxWith(t, d, ref)
			vocab[key] = map[string]bool{}
			// The words as the DOCX holds them, the fixed texts («от» of
			// a stamp's date) included.
			docxText := extract.DOCX(t, docs[key]).Text()
			for _, w := range textcheck.Words(string(src) + "\n" + string(manifest) + "\n" + docxText) {
				vocab[key][w] = true
			}
		}
	}
	hyphenated, cuts := 0, 0
	for _, p := range printAll(t, docs) {
		// pdftotext -raw may interleave the lines of a row's cells, so a
		// piece is judged by the words it can belong to, not by the line
		// after it. A line-end piece with a hyphen (a head) must be
		// inside a longer word; a piece that is no word must end a word
		// whose beginning ends with a head somewhere in the print.
		toks := textcheck.Tokens(strings.Join(p.pages, "\n"))
		heads := map[string]bool{}
		for _, tk := range toks {
			if tk.Break == textcheck.HyphenBreak && cyrillic(tk.Word) {
				heads[tk.Word] = true
				if !vocab[p.name][tk.Word] {
					hyphenated++
				}
			}
		}
		for i, tk := range toks {
			w := tk.Word
			// A word without a vowel has no syllable to break at (the
			// «ЖЩЦКНГ…» test string): it may only be cut.
			if vocab[p.name][w] || !cyrillic(w) || !strings.ContainsAny(w, "аеёиоуыэюя") {
				continue
			}
			ok := false
			for v := range vocab[p.name] {
				if len(v) <= len(w) {
					continue
				}
				if tk.Break == textcheck.HyphenBreak && strings.Contains(v, w) {
					ok = true
				} else if strings.HasSuffix(v, w) {
					for h := range heads {
						if strings.HasSuffix(v[:len(v)-len(w)], h) {
							ok = true
							break
						}
					}
				}
				if ok {
					break
				}
			}
			if ok {
				continue
			}
			cut := fmt.Sprintf("%s: «%s» is no word of the document: a word cut without a hyphen\n%s", p.name, w, around(toks, i))
			if strings.HasPrefix(p.name, "longwords.") || p.name == "columns6.analysis@1.1.0" {
				cuts++ // see the comment above the test
			} else {
				t.Error(cut)
			}
		}
	}
	t.Logf("longwords and columns6 (analysis): %d pieces still cut without a hyphen", cuts)
	if cuts > 60 {
		t.Errorf("%d pieces cut without a hyphen in the narrowest columns; 49 with hyphenation on, 253 without", cuts)
	}
	if hyphenated < 5 {
		t.Errorf("LibreOffice hyphenated %d words in narrow columns, want at least 5", hyphenated)
	}
}

func cyrillic(w string) bool {
	for _, r := range w {
		if !unicode.Is(unicode.Cyrillic, r) {
			return false
		}
	}
	return w != ""
}

func around(toks []textcheck.Token, i int) string {
	var b strings.Builder
	for k := max(0, i-3); k < min(len(toks), i+4); k++ {
		fmt.Fprintf(&b, "%s(%s) ", toks[k].Word, toks[k].Break)
	}
	return b.String()
}

// A passport's last row never stands alone at the top of a page, and no
// row is split between pages: passport-rows.json, pushed down the page by
// 0…15 paragraphs before it, prints its last two rows' labels on one page
// (cantSplit keeps each row whole; the XML test checks it).
func TestLibreOfficeKeepsPassportEnd(t *testing.T) {
	base := load(t, "testdata", "documents", "passport-rows.json")
	var pass *document.Passport
	for _, b := range base.Body {
		if b.Passport != nil {
			pass = b.Passport
		}
	}
	rows := pass.Rows
	filler := document.Block{Paragraph: &document.Paragraph{Text: rows[3].Value.Plain()}}
	docs := map[string][]byte{}
	for n := 0; n <= 15; n++ {
		d := load(t, "testdata", "documents", "passport-rows.json")
		lead := make([]document.Block, n, n+len(d.Body))
		for i := range lead {
			lead[i] = filler
		}
		d.Body = append(lead, d.Body...)
		docs[fmt.Sprintf("lead%02d", n)] = renderDocxWith(t, d, "")
	}
	pageOf := func(p printed, s string) int {
		for i, pg := range p.pages {
			if strings.Contains(strings.Join(strings.Fields(pg), " "), s) {
				return i + 1
			}
		}
		return 0
	}
	spread := 0
	for _, p := range printAll(t, docs) {
		last, prev := pageOf(p, rows[len(rows)-1].Label), pageOf(p, rows[len(rows)-2].Label)
		if last == 0 || prev == 0 {
			t.Fatalf("%s: passport labels not printed:\n%s", p.name, strings.Join(p.pages, "\f"))
		}
		if last != prev {
			t.Errorf("%s: the passport's last row «%s» is alone on page %d, the row before it on page %d", p.name, rows[len(rows)-1].Label, last, prev)
		}
		if pageOf(p, rows[0].Label) != last {
			spread++
		}
	}
	if spread == 0 {
		t.Error("no lead-in put the passport across a page break: the test proves nothing")
	}
}
