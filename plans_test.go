package kartograf_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"github.com/kartograf-ru/kartograf"
	"github.com/kartograf-ru/kartograf/internal/testtool"
	"github.com/kartograf-ru/kartograf/internal/testtool/extract"
	"github.com/kartograf-ru/kartograf/internal/textcheck"
	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/render/xlsx"
	"github.com/kartograf-ru/kartograf/pkg/xlsximport"
)

// numberWordRE matches a word that reads as a section or measure number:
// «1.», «1.1», «34)», «I.», «II.».
var numberWordRE = regexp.MustCompile(`^(?:[0-9]+|[IVXLC]+)[.)](?:[0-9]+[.)]?)*$`)

// numberWords are the words of text that read as numbers (numberWordRE),
// with the quotes and punctuation around them taken off but their own
// «.» or «)» kept (textcheck.Words drops those).
func numberWords(text string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(text, func(r rune) bool { return unicode.IsSpace(r) || r == '\u00a0' }) {
		f = strings.TrimLeft(f, `"«„“(`)
		f = strings.TrimRight(f, `"»“”,:;`)
		if numberWordRE.MatchString(f) {
			out = append(out, f)
		}
	}
	return out
}

// Plans as they come (issue 13, point 5): a plan of measures without
// sections in one column, and a plan numbered as written with an untitled
// section. In PDF, in DOCX as LibreOffice lays it out, and in the XLSX
// plan sheet each prints the document's words in order (DocumentText),
// and no number the JSON does not have: no «1.» for a section row that
// must not be there, no «1.1» generated for a measure.
func TestPlansAsWritten(t *testing.T) {
	eng, err := kartograf.New(kartograf.Options{})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	names := []string{"plan-no-sections", "plan-numbered-as-written"}
	docs := map[string]*document.Document{}
	allowed := map[string]map[string]bool{}
	files := map[string]map[kartograf.Format]string{}
	var docxs []string
	for _, name := range names {
		src, err := os.ReadFile(filepath.Join("testdata", "documents", name+".json"))
		if err != nil {
			t.Fatal(err)
		}
		d, err := document.DecodeBytes(src)
		if err != nil {
			t.Fatal(err)
		}
		docs[name] = d
		// Every word of the JSON text may be printed, numbers included.
		allowed[name] = map[string]bool{}
		for _, w := range numberWords(string(src)) {
			allowed[name][w] = true
		}
		files[name] = map[kartograf.Format]string{}
		for _, f := range kartograf.Formats() {
			var buf bytes.Buffer
			if _, err := eng.Render(context.Background(), &buf, d, kartograf.RenderOptions{Format: f}); err != nil {
				t.Fatalf("%s: %s: %v", name, f, err)
			}
			p := filepath.Join(dir, name+"."+string(f))
			if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			files[name][f] = p
		}
		docxs = append(docxs, files[name][kartograf.DOCX])
	}
	var converted []string
	t.Run("libreoffice", func(t *testing.T) {
		converted = extract.ConvertDOCXToPDF(t, filepath.Join(dir, "lo"), docxs...)
	})
	noInvented := func(t *testing.T, name, text string) {
		t.Helper()
		for _, w := range numberWords(text) {
			if !allowed[name][w] {
				t.Errorf("prints the number %q, which the document does not have", w)
			}
		}
	}
	for i, name := range names {
		t.Run(name, func(t *testing.T) {
			d := docs[name]
			v, err := eng.Template(d, "")
			if err != nil {
				t.Fatal(err)
			}
			want := textcheck.Units(textcheck.DocumentText(d, v.Manifest.Plan.Columns))
			t.Run("pdf", func(t *testing.T) {
				got := testtool.Run(t, "pdftotext", "-raw", "-enc", "UTF-8", files[name][kartograf.PDF], "-")
				if err := textcheck.InOrderUnits(want, got); err != nil {
					t.Error(err)
				}
				noInvented(t, name, got)
			})
			t.Run("docx-libreoffice", func(t *testing.T) {
				if converted == nil {
					t.Skip("LibreOffice did not convert the DOCX files")
				}
				got := testtool.Run(t, "pdftotext", "-raw", "-enc", "UTF-8", converted[i], "-")
				if err := textcheck.InOrderUnits(want, got); err != nil {
					t.Error(err)
				}
				noInvented(t, name, got)
			})
			t.Run("xlsx", func(t *testing.T) {
				data, err := os.ReadFile(files[name][kartograf.XLSX])
				if err != nil {
					t.Fatal(err)
				}
				x := extract.XLSX(t, data)
				// The sheets follow the body: the letterhead on the
				// first, the plan on its own; read in sheet order, the
				// cells hold the document's words in order.
				var all strings.Builder
				for _, s := range x.Sheets {
					if s.Name == xlsx.SheetSummary || s.Name == xlsx.SheetMeta {
						continue
					}
					all.WriteString(s.Text())
					all.WriteByte('\n')
				}
				if x.Sheet(xlsx.SheetPlan) == nil {
					t.Fatal("no plan sheet")
				}
				if err := textcheck.InOrderUnits(textcheck.Units(textcheck.DocumentText(d, v.Manifest.Plan.Columns)), all.String()); err != nil {
					t.Error(err)
				}
				for _, s := range x.Sheets {
					noInvented(t, name, s.Text())
				}
				back, err := xlsximport.Read(bytes.NewReader(data), int64(len(data)))
				if err != nil {
					t.Fatal(err)
				}
				a, _ := json.Marshal(back)
				b, _ := json.Marshal(d)
				if !bytes.Equal(a, b) {
					t.Errorf("imported back differs:\n%s\nwant\n%s", a, b)
				}
			})
		})
	}
}
