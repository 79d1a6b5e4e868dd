package docx_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/kartograf-ru/kartograf/internal/testtool"
	"github.com/kartograf-ru/kartograf/internal/testtool/extract"
	"github.com/kartograf-ru/kartograf/internal/textcheck"
	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/render/docx"
	"github.com/kartograf-ru/kartograf/pkg/render/view"
	"github.com/kartograf-ru/kartograf/templates"
)

// The structure fixtures: a school programme (cover page, contents, roman
// heading numbers, page breaks, passport, plan) and a programme appendix
// (grif, no letterhead, decimal heading numbers, table, plan).
const (
	programmeDoc = "programme-roman-pagebreaks.json"
	appendixDoc  = "appendix-grif-no-letterhead.json"
)

// headingLines are the body headings as printed (number, space, text)
// with their levels, from the view the renderers read.
func headingLines(t *testing.T, d *document.Document) (lines []string, levels []int, vw *view.View) {
	t.Helper()
	v, err := engine(t).Template(d, "")
	if err != nil {
		t.Fatal(err)
	}
	vw, err = view.Build(context.Background(), d, v, view.Meta{})
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range vw.Blocks {
		if b.Kind == view.KindHeading {
			lines = append(lines, b.Heading.Line())
			levels = append(levels, b.Heading.Level)
		}
	}
	return lines, levels, vw
}

var (
	fldBeginRE = regexp.MustCompile(`<w:fldChar w:fldCharType="begin"/>`)
	fldSepRE   = regexp.MustCompile(`<w:fldChar w:fldCharType="separate"/>`)
	fldEndRE   = regexp.MustCompile(`<w:fldChar w:fldCharType="end"/>`)
	instrRE    = regexp.MustCompile(`<w:instrText[^>]*>([^<]*)</w:instrText>`)
	pageBrRE   = regexp.MustCompile(`<w:br w:type="page"/>`)
)

// The contents is one Word TOC field whose result is the entries, pre-filled
// with every heading (TOC1/TOC2 styles by level) and, when the render knows
// them, the pages; headings are Word heading styles, numbered as the view
// numbers them; page breaks and the cover page are real page breaks.
func TestProgrammeContentsField(t *testing.T) {
	d := load(t, "testdata", "documents", programmeDoc)
	lines, levels, vw := headingLines(t, d)
	if len(lines) < 5 || !strings.HasPrefix(lines[0], "I. ") {
		t.Fatalf("fixture headings %q: want roman numbers", lines)
	}
	// Pages as a PDF pagination would report them, by heading body index.
	pages := map[int]int{}
	var want []string
	n := 0
	for _, b := range vw.Blocks {
		if b.Kind == view.KindHeading && b.Heading.Level <= 2 {
			pages[b.Index] = 3 + n
			want = append(want, b.Heading.Line()+"\t"+strconv.Itoa(3+n))
			n++
		}
	}
	var buf bytes.Buffer
	if err := docx.NewRenderer().RenderViewPages(context.Background(), &buf, vw, pages); err != nil {
		t.Fatal(err)
	}
	ps, _ := parts(t, buf.Bytes())
	x := string(ps["word/document.xml"])
	if b, s, e := len(fldBeginRE.FindAllString(x, -1)), len(fldSepRE.FindAllString(x, -1)), len(fldEndRE.FindAllString(x, -1)); b != 1 || s != 1 || e != 1 {
		t.Fatalf("TOC field: %d begin, %d separate, %d end; want one each", b, s, e)
	}
	if m := instrRE.FindAllStringSubmatch(x, -1); len(m) != 1 || strings.TrimSpace(m[0][1]) != `TOC \o "1-2" \h \z \u` {
		t.Errorf("field instructions %q, want one TOC \\o \"1-2\" \\h \\z \\u", m)
	}
	begin, end := fldBeginRE.FindStringIndex(x)[0], fldEndRE.FindStringIndex(x)[0]
	dt := extract.DOCX(t, buf.Bytes())
	var got []string
	for _, p := range dt.Paras {
		switch p.Style {
		case "TOC1", "TOC2", "TOC3":
			got = append(got, p.Text)
			if i := strings.Index(x, p.Text[:strings.Index(p.Text, "\t")]); i < begin || i > end {
				t.Errorf("entry %q is outside the TOC field", p.Text)
			}
		}
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("contents entries:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// Headings: Word heading styles (Word's TOC update finds them by their
	// outline level), with the view's numbers.
	hi := 0
	for _, p := range dt.Paras {
		if !strings.HasPrefix(p.Style, "Heading") {
			continue
		}
		if hi >= len(lines) {
			t.Fatalf("more heading paragraphs than headings: %q", p.Text)
		}
		if p.Text != lines[hi] || p.Style != "Heading"+strconv.Itoa(levels[hi]) {
			t.Errorf("heading %d: %s %q, want Heading%d %q", hi, p.Style, p.Text, levels[hi], lines[hi])
		}
		hi++
	}
	if hi != len(lines) {
		t.Errorf("%d heading paragraphs, want %d", hi, len(lines))
	}
	// The cover page and the two page_break blocks.
	if got := len(pageBrRE.FindAllString(x, -1)); got != 3 {
		t.Errorf("%d page breaks, want 3 (cover page + 2 page_break blocks)", got)
	}
	// Without pages the entries have no number, and the field is still whole.
	buf.Reset()
	if err := docx.NewRenderer().RenderView(context.Background(), &buf, vw); err != nil {
		t.Fatal(err)
	}
	for _, p := range extract.DOCX(t, buf.Bytes()).Paras {
		if strings.HasPrefix(p.Style, "TOC") && p.Style != "TOCHeading" && !strings.HasSuffix(p.Text, "\t") {
			t.Errorf("entry %q without known pages carries a page number", p.Text)
		}
	}
}

// jsonWords are the words of every string value of a JSON document.
func jsonWords(t *testing.T, path string) map[string]bool {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	var walk func(any)
	walk = func(v any) {
		switch x := v.(type) {
		case string:
			for _, w := range textcheck.Words(x) {
				out[w] = true
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		case map[string]any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	walk(v)
	return out
}

// numberingWord is a heading, section or measure number the document's
// numbering asks for («II.», «1.1»), or a page number.
var numberingWord = regexp.MustCompile(`(?i)^(?:[IVXLC]+|[0-9]+(?:\.[0-9]+)*)\.?$`)

// No DOCX of a structure fixture prints a word that is neither the user's
// (the JSON's) nor a fixed text of its template (labels, column titles):
// no forced organisation, no invented title or section.
func TestStructureDocxInventsNoText(t *testing.T) {
	for _, name := range []string{programmeDoc, appendixDoc} {
		t.Run(name, func(t *testing.T) {
			d := load(t, "testdata", "documents", name)
			v, err := engine(t).Template(d, "")
			if err != nil {
				t.Fatal(err)
			}
			allowed := jsonWords(t, repo("testdata", "documents", name))
			m := v.Manifest
			fixed := []string{m.Labels.Approve, m.Labels.ByOrder, m.Labels.Agree, m.Labels.Reviewed, m.Labels.Seal, m.Labels.Order, m.Labels.Continuation, m.Labels.Appendix, "№ от"}
			for _, c := range m.Plan.Columns {
				fixed = append(fixed, c.Title)
			}
			for _, s := range fixed {
				for _, w := range textcheck.Words(s) {
					allowed[w] = true
				}
			}
			text := extract.DOCX(t, renderDocx(t, d)).Text()
			for _, w := range textcheck.Words(text) {
				if !allowed[w] && !numberingWord.MatchString(w) {
					t.Errorf("the DOCX prints %q, which is neither in the document nor a fixed text of %s", w, v.Ref())
				}
			}
		})
	}
}

// loPages converts a document's DOCX with LibreOffice and returns its
// pages' text (pdftotext -raw: content order, so that stamps side by side
// do not interleave) and the PDF's path.
func loPages(t *testing.T, d *document.Document, name string) ([]string, string) {
	t.Helper()
	testtool.Require(t, "pdftotext")
	dir := t.TempDir()
	p := filepath.Join(dir, strings.TrimSuffix(name, ".json")+".docx")
	if err := os.WriteFile(p, renderDocx(t, d), 0o644); err != nil {
		t.Fatal(err)
	}
	pdf := soffice(t, p)
	if keep := os.Getenv("KARTOGRAF_KEEP"); keep != "" {
		os.WriteFile(filepath.Join(keep, filepath.Base(pdf)), mustRead(t, pdf), 0o644)
	}
	got := testtool.Run(t, "pdftotext", "-raw", "-enc", "UTF-8", pdf, "-")
	return strings.Split(strings.TrimRight(got, "\f"), "\f"), pdf
}

// firstLine is a page's first line of text other than the page number.
func firstLine(page string) string {
	for _, l := range strings.Split(page, "\n") {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		if _, err := strconv.Atoi(l); err == nil {
			continue
		}
		return l
	}
	return ""
}

// LibreOffice prints the programme as asked: the cover page alone on page 1
// (title and place, nothing of the body), the contents on page 2 with every
// heading in order, each page_break starting a page at the block after it,
// and every word of the document in order.
func TestLibreOfficeProgrammeStructure(t *testing.T) {
	d := load(t, "testdata", "documents", programmeDoc)
	lines, _, _ := headingLines(t, d)
	pages, _ := loPages(t, d, programmeDoc)
	if len(pages) < 4 {
		t.Fatalf("%d pages, want the cover, the contents and the body", len(pages))
	}
	cover := strings.Join(strings.Fields(pages[0]), " ")
	for _, want := range []string{d.Title, d.Place} {
		if !strings.Contains(cover, strings.Join(strings.Fields(want), " ")) {
			t.Errorf("the cover page lacks %q:\n%s", want, pages[0])
		}
	}
	for _, body := range []string{d.Body[0].Contents.Title, lines[0], d.Body[3].Passport.Rows[0].Label} {
		if strings.Contains(cover, body) {
			t.Errorf("the cover page holds body text %q:\n%s", body, pages[0])
		}
	}
	if firstLine(pages[1]) != d.Body[0].Contents.Title {
		t.Errorf("page 2 starts with %q, want the contents' title", firstLine(pages[1]))
	}
	if err := textcheck.InOrder(lines, pages[1]); err != nil {
		t.Errorf("the contents page does not list every heading in order: %v", err)
	}
	// Each entry shows the page LibreOffice printed its heading on: the
	// engine pre-fills the pages of the PDF pagination, and the page
	// breaks of this document keep both layouts on the same pages.
	contents := strings.Join(strings.Fields(pages[1]), " ")
	for _, h := range lines {
		on := 0
		for i := 2; i < len(pages); i++ {
			if strings.Contains(strings.Join(strings.Fields(pages[i]), " "), h) {
				on = i + 1
				break
			}
		}
		m := regexp.MustCompile(regexp.QuoteMeta(h) + `[. ]*(\d+)`).FindStringSubmatch(contents)
		if m == nil || m[1] != strconv.Itoa(on) {
			t.Errorf("contents entry %q shows page %v, LibreOffice printed the heading on page %d", h, m, on)
		}
	}
	// body[1] and body[4] are page breaks: the heading after each starts a page.
	starts := map[string]bool{}
	for _, pg := range pages {
		starts[firstLine(pg)] = true
	}
	for _, h := range []string{lines[0], lines[1]} {
		if !starts[h] {
			t.Errorf("no page starts with %q after its page break", h)
		}
	}
	v, err := engine(t).Template(d, "")
	if err != nil {
		t.Fatal(err)
	}
	all := strings.Join(pages, "\n")
	if err := textcheck.InOrder(textcheck.Words(textcheck.DocumentText(d, v.Manifest.Plan.Columns)), all); err != nil {
		t.Errorf("LibreOffice's PDF of the DOCX: %v", err)
	}
}

// LibreOffice prints the appendix grif first, each line ending at the right
// margin, above the title, and no organisation.
func TestLibreOfficeAppendixGrif(t *testing.T) {
	d := load(t, "testdata", "documents", appendixDoc)
	v, err := engine(t).Template(d, "")
	if err != nil {
		t.Fatal(err)
	}
	pages, pdf := loPages(t, d, appendixDoc)
	txt := extract.PDF(t, pdf)
	grif := append([]string{v.Manifest.Labels.Appendix + " № " + d.Appendix.Number}, d.Appendix.Lines()...)
	if len(txt.Lines) < len(grif) {
		t.Fatalf("%d lines", len(txt.Lines))
	}
	pageW, _ := v.Manifest.PageSizeMM()
	right := (pageW - v.Manifest.Page.Margins.Right) * 72 / 25.4
	for i, want := range grif {
		l := txt.Lines[i]
		if l.Page != 1 || strings.Join(strings.Fields(l.Text), " ") != want {
			t.Fatalf("line %d is %q (page %d), want the grif line %q", i, l.Text, l.Page, want)
		}
		if math.Abs(l.Right-right) > 2 {
			t.Errorf("grif line %q ends at %.1f pt, want the right margin %.1f pt", want, l.Right, right)
		}
	}
	all := strings.Join(pages, "\n")
	if err := textcheck.InOrder(textcheck.Words(textcheck.DocumentText(d, v.Manifest.Plan.Columns)), all); err != nil {
		t.Errorf("LibreOffice's PDF of the DOCX: %v", err)
	}
}

var (
	pgSzRE  = regexp.MustCompile(`<w:pgSz w:w="(\d+)" w:h="(\d+)"`)
	pgMarRE = regexp.MustCompile(`<w:pgMar w:top="(\d+)" w:right="(\d+)" w:bottom="(\d+)" w:left="(\d+)"`)
)

// Every DOCX template's page is its manifest's: size, orientation and the
// margins (ГОСТ Р 7.0.97 for the new programme templates), to a twip.
func TestDocxPageIsTheManifests(t *testing.T) {
	reg, err := templates.New()
	if err != nil {
		t.Fatal(err)
	}
	tw := func(mm float64) int { return int(mm*1440/25.4 + 0.5) }
	for _, v := range reg.List() {
		if v.Manifest.Docx == nil {
			continue
		}
		data, err := fs.ReadFile(v.Files, v.Manifest.Docx.Dir+"/word/document.xml")
		if err != nil {
			t.Fatal(err)
		}
		sz, mar := pgSzRE.FindSubmatch(data), pgMarRE.FindSubmatch(data)
		if sz == nil || mar == nil {
			t.Errorf("%s: no w:pgSz or w:pgMar", v.Ref())
			continue
		}
		atoi := func(b []byte) int { n, _ := strconv.Atoi(string(b)); return n }
		w, h := v.Manifest.PageSizeMM()
		mg := v.Manifest.Page.Margins
		got := []int{atoi(sz[1]), atoi(sz[2]), atoi(mar[1]), atoi(mar[2]), atoi(mar[3]), atoi(mar[4])}
		want := []int{tw(w), tw(h), tw(mg.Top), tw(mg.Right), tw(mg.Bottom), tw(mg.Left)}
		for i := range got {
			if d := got[i] - want[i]; d < -2 || d > 2 {
				t.Errorf("%s: page %v twips, manifest %v", v.Ref(), got, want)
				break
			}
		}
	}
}

// A page break on a page that is still empty — first in the body after the
// cover page, or right after another page break — adds no blank page, as
// in the PDF.
func TestNoBlankPageFromPageBreaks(t *testing.T) {
	d := load(t, "testdata", "documents", programmeDoc)
	pb := document.Block{PageBreak: &document.PageBreak{}}
	d.Body = append([]document.Block{pb}, d.Body...)                                // right after the cover
	d.Body = append(d.Body[:3], append([]document.Block{pb, pb}, d.Body[3:]...)...) // three in a row
	ps, _ := parts(t, renderDocx(t, d))
	if got := len(pageBrRE.FindAllString(string(ps["word/document.xml"]), -1)); got != 3 {
		t.Errorf("%d page breaks, want 3: the cover's and one per page the body starts", got)
	}
}
