package docx_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/kartograf-ru/kartograf"
	"github.com/kartograf-ru/kartograf/internal/testtool"
	"github.com/kartograf-ru/kartograf/internal/testtool/testdoc"
	"github.com/kartograf-ru/kartograf/internal/textcheck"
	"github.com/kartograf-ru/kartograf/pkg/document"
)

func engine(t testing.TB) *kartograf.Engine { return testdoc.Engine(t) }

func repo(parts ...string) string {
	return filepath.Join(append([]string{"..", "..", ".."}, parts...)...)
}

func load(t testing.TB, parts ...string) *document.Document { return testdoc.Load(t, parts...) }

func renderDocx(t testing.TB, d *document.Document) []byte {
	t.Helper()
	var buf bytes.Buffer
	if _, err := engine(t).Render(context.Background(), &buf, d, kartograf.RenderOptions{Format: kartograf.DOCX}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

var seeds = map[string]string{"seed000": "000_f50bb33c8ce6181b", "seed001": "001_49fbf96383fe353c"}

func parts(t testing.TB, data []byte) (map[string][]byte, []string) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	var order []string
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		out[f.Name] = b
		order = append(order, f.Name)
	}
	return out, order
}

// numbering reads numbering.xml: for each w:numId, whether its level 0 is
// numbered (decimal) and where it starts.
type listNumbering struct {
	decimal map[string]bool // numId → numbered
	start   map[string]int
	next    map[string]int
}

func readNumbering(t testing.TB, x []byte) *listNumbering {
	n := &listNumbering{decimal: map[string]bool{}, start: map[string]int{}, next: map[string]int{}}
	if x == nil {
		return n
	}
	abstractDecimal := map[string]bool{}
	for _, m := range regexp.MustCompile(`(?s)<w:abstractNum w:abstractNumId="(\d+)".*?<w:lvl w:ilvl="0".*?<w:numFmt w:val="(\w+)"`).FindAllSubmatch(x, -1) {
		abstractDecimal[string(m[1])] = string(m[2]) == "decimal"
	}
	for _, m := range regexp.MustCompile(`<w:num w:numId="(\d+)"><w:abstractNumId w:val="(\d+)"/>(?:<w:lvlOverride w:ilvl="\d+"><w:startOverride w:val="(\d+)"/>)?`).FindAllSubmatch(x, -1) {
		id := string(m[1])
		n.decimal[id] = abstractDecimal[string(m[2])]
		start := 1
		if len(m[3]) > 0 {
			fmt.Sscan(string(m[3]), &start)
		}
		n.start[id] = start
	}
	return n
}

// docText is the visible text of a WordprocessingML part: paragraphs on
// lines, table cells separated by tabs (so cells are units), numbered list
// items prefixed with their numbers as Word shows them.
func docText(t testing.TB, x []byte, nums *listNumbering) string {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(x))
	var b strings.Builder
	inT := false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return b.String()
		}
		if err != nil {
			t.Fatal(err)
		}
		switch e := tok.(type) {
		case xml.StartElement:
			switch e.Name.Local {
			case "numId":
				for _, a := range e.Attr {
					if a.Name.Local == "val" && nums != nil && nums.decimal[a.Value] {
						n := nums.start[a.Value] + nums.next[a.Value]
						nums.next[a.Value]++
						fmt.Fprintf(&b, "%d. ", n)
					}
				}
			case "t":
				inT = true
			case "br":
				b.WriteString(" ")
			case "tab":
				b.WriteString(" ")
			}
		case xml.EndElement:
			switch e.Name.Local {
			case "t":
				inT = false
			case "p":
				b.WriteString("\n")
			case "tc":
				b.WriteString("\t")
			}
		case xml.CharData:
			if inT {
				b.Write(e)
			}
		}
	}
}

// The text of each seed's DOCX (document, headers, footers) has every word
// of the seed, in order.
func TestSeedWordsInDocx(t *testing.T) {
	for name, file := range seeds {
		t.Run(name, func(t *testing.T) {
			txt, err := os.ReadFile(repo("testdata", "seeds", file+".txt"))
			if err != nil {
				t.Fatal(err)
			}
			ps, _ := parts(t, renderDocx(t, load(t, "testdata", "seeds", file+".json")))
			nums := readNumbering(t, ps["word/numbering.xml"])
			var all strings.Builder
			for _, n := range []string{"word/document.xml", "word/header1.xml", "word/header2.xml", "word/footer1.xml"} {
				if x, ok := ps[n]; ok {
					all.WriteString(docText(t, x, nums))
				}
			}
			if err := textcheck.InOrderUnits(textcheck.SeedUnits(string(txt)), all.String()); err != nil {
				t.Fatal(err)
			}
		})
	}
}

var partNameRE = regexp.MustCompile(`PartName="/([^"]+)"`)
var extRE = regexp.MustCompile(`Extension="([^"]+)"`)

// Every XML part is well-formed and [Content_Types].xml covers every part;
// the document properties carry the template and the input hash.
func TestPackageIsValid(t *testing.T) {
	files, _ := filepath.Glob(repo("testdata", "documents", "*.json"))
	for _, f := range append(files, repo("testdata", "seeds", "000_f50bb33c8ce6181b.json"), repo("testdata", "seeds", "001_49fbf96383fe353c.json")) {
		t.Run(filepath.Base(f), func(t *testing.T) {
			rel, _ := filepath.Rel(repo(), f)
			d := load(t, strings.Split(filepath.ToSlash(rel), "/")...)
			ps, order := parts(t, renderDocx(t, d))
			if order[0] != "[Content_Types].xml" {
				t.Errorf("first entry %s", order[0])
			}
			types := string(ps["[Content_Types].xml"])
			overrides := map[string]bool{}
			for _, m := range partNameRE.FindAllStringSubmatch(types, -1) {
				overrides[m[1]] = true
				if _, ok := ps[m[1]]; !ok {
					t.Errorf("[Content_Types].xml names %s, which is not in the package", m[1])
				}
			}
			exts := map[string]bool{}
			for _, m := range extRE.FindAllStringSubmatch(types, -1) {
				exts[m[1]] = true
			}
			for name, data := range ps {
				if name == "[Content_Types].xml" {
					continue
				}
				if !overrides[name] && !exts[strings.TrimPrefix(filepath.Ext(name), ".")] {
					t.Errorf("%s is not covered by [Content_Types].xml", name)
				}
				if strings.HasSuffix(name, ".xml") || strings.HasSuffix(name, ".rels") {
					dec := xml.NewDecoder(bytes.NewReader(data))
					for {
						if _, err := dec.Token(); err == io.EOF {
							break
						} else if err != nil {
							t.Errorf("%s: %v", name, err)
							break
						}
					}
				}
				if bytes.Contains(data, []byte("w:rsid")) {
					t.Errorf("%s carries rsids", name)
				}
			}
			hash, _ := kartograf.InputHash(d)
			custom := string(ps["docProps/custom.xml"])
			v, _ := engine(t).Template(d, "")
			if !strings.Contains(custom, v.Ref()) || !strings.Contains(custom, hash) {
				t.Errorf("docProps/custom.xml lacks %s and %s:\n%s", v.Ref(), hash, custom)
			}
		})
	}
}

func TestDocxDeterministic(t *testing.T) {
	d := load(t, "testdata", "seeds", "001_49fbf96383fe353c.json")
	a := renderDocx(t, d)
	b := renderDocx(t, load(t, "testdata", "seeds", "001_49fbf96383fe353c.json"))
	if !bytes.Equal(a, b) {
		t.Error("two renders of the same document differ")
	}
}

// soffice converts a .docx to PDF in dir.
func soffice(t *testing.T, docx string) string {
	t.Helper()
	bin := testtool.Require(t, "soffice")
	dir := filepath.Dir(docx)
	cmd := exec.Command(bin, "--headless", "--norestore", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"), "--convert-to", "pdf", "--outdir", dir, docx)
	out, err := cmd.CombinedOutput()
	pdf := strings.TrimSuffix(docx, ".docx") + ".pdf"
	if err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	if _, err := os.Stat(pdf); err != nil {
		t.Fatalf("soffice made no PDF: %s", out)
	}
	return pdf
}

// LibreOffice opens each seed's DOCX, the PDF it prints has every seed word
// in order, and the plan's header row is on every page the plan spans.
func TestLibreOfficeRendersSeeds(t *testing.T) {
	testtool.Require(t, "pdftotext")
	names := make([]string, 0, len(seeds))
	for n := range seeds {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		file := seeds[name]
		t.Run(name, func(t *testing.T) {
			d := load(t, "testdata", "seeds", file+".json")
			dir := t.TempDir()
			p := filepath.Join(dir, name+".docx")
			if err := os.WriteFile(p, renderDocx(t, d), 0o644); err != nil {
				t.Fatal(err)
			}
			pdf := soffice(t, p)
			txt, _ := os.ReadFile(repo("testdata", "seeds", file+".txt"))
			got := testtool.Run(t, "pdftotext", "-raw", "-enc", "UTF-8", pdf, "-")
			if err := textcheck.InOrderUnits(textcheck.SeedUnits(string(txt)), got); err != nil {
				t.Fatal(err)
			}
			var plan *document.Plan
			for _, b := range d.Body {
				if b.Plan != nil {
					plan = b.Plan
				}
			}
			first, last, err := textcheck.PlanHeaderOnEveryPage(plan, plan.Columns, got)
			if err != nil {
				t.Error(err)
			}
			t.Logf("%s: plan on pages %d–%d", name, first, last)
			if os.Getenv("KARTOGRAF_KEEP") != "" {
				os.WriteFile(filepath.Join(os.Getenv("KARTOGRAF_KEEP"), fmt.Sprintf("%s.lo.pdf", name)), mustRead(t, pdf), 0o644)
			}
		})
	}
}

func mustRead(t *testing.T, p string) []byte {
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func BenchmarkRender(b *testing.B) {
	for _, c := range []struct{ name, file string }{{"seed001", "001_49fbf96383fe353c"}, {"seed000", "000_f50bb33c8ce6181b"}} {
		b.Run("docx/"+c.name, func(b *testing.B) {
			d := load(b, "testdata", "seeds", c.file+".json")
			e := engine(b)
			var buf bytes.Buffer
			if _, err := e.Render(context.Background(), &buf, d, kartograf.RenderOptions{Format: kartograf.DOCX}); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				buf.Reset()
				if _, err := e.Render(context.Background(), &buf, d, kartograf.RenderOptions{Format: kartograf.DOCX}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(buf.Len()), "bytes/doc")
		})
	}
}

// LibreOffice prints the markers of bullets the template does not map: a
// single character («→», also nested) and a longer marker («->»), not the
// default bullet in their place.
func TestLibreOfficeShowsUnmappedMarkers(t *testing.T) {
	testtool.Require(t, "pdftotext")
	d := &document.Document{
		Kind: document.KindRoadmap, Organization: document.Organization{FullName: "Школа"}, Title: "План",
		Body: []document.Block{
			{List: &document.List{Marker: "→", Items: []document.ListItem{
				{Text: "Стрелка", List: &document.List{Marker: "→", Items: []document.ListItem{{Text: "Вложенная"}}}},
			}}},
			{List: &document.List{Marker: "->", Items: []document.ListItem{{Text: "Двойной"}}}},
		},
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "markers.docx")
	if err := os.WriteFile(p, renderDocx(t, d), 0o644); err != nil {
		t.Fatal(err)
	}
	got := testtool.Run(t, "pdftotext", "-raw", "-enc", "UTF-8", soffice(t, p), "-")
	for _, want := range []string{"→ Стрелка", "→ Вложенная", "-> Двойной"} {
		if !strings.Contains(strings.Join(strings.Fields(got), " "), want) {
			t.Errorf("LibreOffice does not print %q:\n%s", want, got)
		}
	}
}
