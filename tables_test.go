package kartograf_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/kartograf-ru/kartograf"
	"github.com/kartograf-ru/kartograf/internal/testtool"
	"github.com/kartograf-ru/kartograf/internal/testtool/extract"
	"github.com/kartograf-ru/kartograf/internal/testtool/testdoc"
	"github.com/kartograf-ru/kartograf/internal/textcheck"
	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/typo"
	"github.com/kartograf-ru/kartograf/pkg/xlsximport"
)

// Money and indicator tables (issue 13, points 6 and 7) in all three
// formats, read back from the files: every word in order, every number
// whole on one line and right-aligned, no header text for a table without
// a header, XLSX totals as formulas that LibreOffice recalculates to the
// computed values, and the workbook imported back to the same document.

var tableDocs = []string{"money-table.json", "indicator-table.json"}

// tableNumber is a printed number of a table: its text and exact value.
type tableNumber struct {
	text     string
	units    int64
	decimals int
	total    bool
}

func tableNumbers(t *testing.T, d *document.Document) (nums []tableNumber, hidden []string) {
	for _, b := range d.Body {
		tb := b.Table
		if tb == nil {
			continue
		}
		if !tb.HasHeader() {
			for _, c := range tb.Columns {
				hidden = append(hidden, c.HeaderTitle())
			}
		}
		n, probs := tb.Numbers()
		if len(probs) > 0 {
			t.Fatal(probs)
		}
		if n == nil {
			continue
		}
		for ri, row := range n.Values {
			for ci, v := range row {
				if v.Set {
					nums = append(nums, tableNumber{document.FormatNumber(v.Units, n.Decimals[ci]), v.Units, n.Decimals[ci], ri == n.TotalRow || ci == n.TotalCol})
				}
			}
		}
	}
	return nums, hidden
}

func renderAll(t *testing.T, d *document.Document, dir, base string) (pdf, docx string, xlsx []byte) {
	eng := testdoc.Engine(t)
	p, err := eng.Prepare(context.Background(), d, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []kartograf.Format{kartograf.PDF, kartograf.DOCX, kartograf.XLSX} {
		var buf bytes.Buffer
		if _, err := eng.RenderPrepared(context.Background(), &buf, p, kartograf.RenderOptions{Format: f}); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		path := filepath.Join(dir, base+"."+string(f))
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		switch f {
		case kartograf.PDF:
			pdf = path
		case kartograf.DOCX:
			docx = path
		default:
			xlsx = buf.Bytes()
		}
	}
	return pdf, docx, xlsx
}

// checkPDFNumbers: each number stands whole on one line (poppler may join
// the cells of a row into one line: then as whole words of it), and one
// that is a line of its own stands at the right of its cell.
func checkPDFNumbers(t *testing.T, format string, p *extract.PDFText, nums []tableNumber) {
	t.Helper()
	flat := func(s string) string { return " " + extract.Normalize(strings.ReplaceAll(s, "\u00a0", " ")) + " " }
	for _, n := range nums {
		want := flat(n.text)
		found := false
		for _, l := range p.Lines {
			got := flat(l.Text)
			if !strings.Contains(got, want) {
				continue
			}
			found = true
			if got != want {
				continue
			}
			if _, left, right, ok := p.Cell(l); ok && right-l.Right > l.Left-left {
				t.Errorf("%s: %q is not right-aligned in its cell (%.1f..%.1f in %.1f..%.1f)", format, n.text, l.Left, l.Right, left, right)
			}
		}
		if !found {
			t.Errorf("%s: number %q is not whole on one line:\n%s", format, n.text, p.Text())
		}
	}
}

func TestTablesAcrossFormats(t *testing.T) {
	dir := t.TempDir()
	type out struct {
		d         *document.Document
		pdf, docx string
		xlsx      []byte
		nums      []tableNumber
		hidden    []string
		wantUnits []string
	}
	var outs []out
	var docxs []string
	for _, name := range tableDocs {
		d := testdoc.Load(t, "testdata", "documents", name)
		base := strings.TrimSuffix(name, ".json")
		pdf, docx, xlsx := renderAll(t, d, dir, base)
		nums, hidden := tableNumbers(t, d)
		o := out{d: d, pdf: pdf, docx: docx, xlsx: xlsx, nums: nums, hidden: hidden,
			wantUnits: textcheck.Units(textcheck.DocumentText(d, nil))}
		outs = append(outs, o)
		docxs = append(docxs, docx)
	}
	// LibreOffice's PDFs go apart: they have the names of Kartograf's.
	loDir := filepath.Join(dir, "lo")
	if err := os.Mkdir(loDir, 0o755); err != nil {
		t.Fatal(err)
	}
	lo := extract.ConvertDOCXToPDF(t, loDir, docxs...)
	for i, o := range outs {
		t.Run(tableDocs[i], func(t *testing.T) {
			for _, f := range []struct{ format, path string }{{"PDF", o.pdf}, {"DOCX (LibreOffice)", lo[i]}} {
				p := extract.PDF(t, f.path)
				raw := testtool.Run(t, "pdftotext", "-raw", "-enc", "UTF-8", f.path, "-")
				if err := textcheck.InOrderUnits(o.wantUnits, raw); err != nil {
					t.Errorf("%s: %v", f.format, err)
				}
				checkPDFNumbers(t, f.format, p, o.nums)
				for _, h := range o.hidden {
					if strings.Contains(p.Text(), h) {
						t.Errorf("%s: header %q printed for a table without a header", f.format, h)
					}
				}
			}
			// DOCX itself: number paragraphs are right-aligned.
			raw, err := os.ReadFile(o.docx)
			if err != nil {
				t.Fatal(err)
			}
			dx := extract.DOCX(t, raw)
			for _, n := range o.nums {
				p := dx.Find(n.text)
				if p == nil {
					t.Errorf("DOCX: number %q not a paragraph of its own", n.text)
				} else if p.Align != "right" {
					t.Errorf("DOCX: number %q aligned %s", n.text, p.Align)
				}
			}
			checkXLSXTable(t, o.xlsx, o.nums, o.hidden)
			// The workbook reads back as the same document.
			back, err := xlsximport.Read(bytes.NewReader(o.xlsx), int64(len(o.xlsx)))
			if err != nil {
				t.Fatal(err)
			}
			a, _ := json.Marshal(o.d)
			b, _ := json.Marshal(back)
			if !bytes.Equal(a, b) {
				t.Errorf("import round trip differs:\n%s\n%s", a, b)
			}
		})
	}
}

var formulaValue = regexp.MustCompile(`(<f>[^<]*</f>)<v>[^<]*</v>`)

// checkXLSXTable: numbers are number cells, right-aligned; each total is a
// SUM formula; with the cached values removed, LibreOffice computes every
// total to the value Kartograf computed.
func checkXLSXTable(t *testing.T, data []byte, nums []tableNumber, hidden []string) {
	t.Helper()
	x := extract.XLSX(t, data)
	sh := x.Sheet("Текст")
	if sh == nil {
		t.Fatal("no sheet «Текст»")
	}
	for _, h := range hidden {
		if strings.Contains(sh.Text(), typo.Typograph(h)) {
			t.Errorf("XLSX: header %q printed for a table without a header", h)
		}
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var stripped bytes.Buffer
	zw := zip.NewWriter(&stripped)
	formulas, totals := 0, 0
	for _, n := range nums {
		if n.total {
			totals++
		}
	}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		if strings.HasPrefix(f.Name, "xl/worksheets/") {
			formulas += strings.Count(string(b), "<f>SUM(")
			b = formulaValue.ReplaceAll(b, []byte("$1"))
		}
		w, _ := zw.Create(f.Name)
		w.Write(b)
	}
	zw.Close()
	if formulas != totals {
		t.Errorf("XLSX: %d SUM formulas for %d totals", formulas, totals)
	}
	for _, c := range sh.Cells {
		for _, n := range nums {
			if v, err := strconv.ParseFloat(strings.ReplaceAll(c.Value, ",", ""), 64); err == nil && math.Round(v*math.Pow10(n.decimals)) == float64(n.units) && c.Col > 1 && c.Align != "right" {
				t.Errorf("XLSX: number cell %d:%d %q aligned %s", c.Row, c.Col, c.Value, c.Align)
			}
		}
	}
	if totals == 0 {
		return
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "t.xlsx")
	if err := os.WriteFile(in, stripped.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	soffice := testtool.Require(t, "soffice")
	profile := t.TempDir()
	cmd := exec.Command(soffice, "-env:UserInstallation=file://"+filepath.ToSlash(profile), "--headless", "--norestore",
		"--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1", "--outdir", dir, in)
	cmd.Env = append(os.Environ(), "HOME="+profile)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, b)
	}
	f, err := os.Open(filepath.Join(dir, "t-Текст.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	got := map[int64]int{} // recalculated values, by units at their decimals
	for _, rec := range recs {
		for _, s := range rec {
			if v, err := strconv.ParseFloat(s, 64); err == nil {
				for _, n := range nums {
					if n.total && math.Round(v*math.Pow10(n.decimals)) == float64(n.units) {
						got[n.units]++
					}
				}
			}
		}
	}
	for _, n := range nums {
		if n.total && got[n.units] == 0 {
			t.Errorf("LibreOffice did not recalculate the total %s (recalculated sheet: %v)", n.text, recs)
		}
	}
}
