package kartograf_test

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/kartograf-ru/kartograf/internal/testtool"
	"github.com/kartograf-ru/kartograf/internal/testtool/extract"
	"github.com/kartograf-ru/kartograf/internal/testtool/testdoc"
	"github.com/kartograf-ru/kartograf/internal/testtool/testtpl"
	"github.com/kartograf-ru/kartograf/internal/textcheck"
	"github.com/kartograf-ru/kartograf/pkg/render/docx"
	"github.com/kartograf-ru/kartograf/pkg/render/pdf"
	"github.com/kartograf-ru/kartograf/templates"
)

// Wide tables by template choice (issue 13, point 6): programme-appendix
// puts a table of 9 or more columns on landscape pages inside its portrait
// document. In the PDF and in the DOCX as LibreOffice prints it, the pages
// holding the table are landscape and the others portrait, the pages after
// the first are numbered at the top centre, every word is in order and
// every number whole; the workbook's «Текст» sheet prints landscape. A
// narrower table of the same template stays portrait in every format.
func TestWideTableLandscape(t *testing.T) {
	dir := t.TempDir()
	docs := []string{"money-table-wide.json", "money-table-years.json"}
	type out struct {
		pdf, docx string
		xlsx      []byte
	}
	outs := make([]out, len(docs))
	for i, name := range docs {
		d := testdoc.Load(t, "testdata", "documents", name)
		outs[i].pdf, outs[i].docx, outs[i].xlsx = renderAll(t, d, dir, strings.TrimSuffix(name, ".json"))
	}
	loDir := filepath.Join(dir, "lo")
	if err := os.Mkdir(loDir, 0o755); err != nil {
		t.Fatal(err)
	}
	lo := extract.ConvertDOCXToPDF(t, loDir, outs[0].docx, outs[1].docx)
	for i, name := range docs {
		wide := i == 0
		t.Run(name, func(t *testing.T) {
			d := testdoc.Load(t, "testdata", "documents", name)
			nums, _ := tableNumbers(t, d)
			units := textcheck.Units(textcheck.DocumentText(d, nil))
			for _, f := range []struct{ format, path string }{{"PDF", outs[i].pdf}, {"DOCX (LibreOffice)", lo[i]}} {
				p := extract.PDF(t, f.path)
				raw := testtool.Run(t, "pdftotext", "-raw", "-enc", "UTF-8", f.path, "-")
				if err := textcheck.InOrderUnits(units, raw); err != nil {
					t.Errorf("%s: %v", f.format, err)
				}
				checkPDFNumbers(t, f.format, p, nums)
				checkOrientation(t, f.format, f.path, p, nums, wide)
			}
			f, err := excelize.OpenReader(bytes.NewReader(outs[i].xlsx))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			pl, err := f.GetPageLayout("Текст")
			if err != nil {
				t.Fatal(err)
			}
			want := "portrait"
			if wide {
				want = "landscape"
			}
			if pl.Orientation == nil || *pl.Orientation != want {
				t.Errorf("XLSX: «Текст» prints %v, want %s", pl.Orientation, want)
			}
		})
	}
}

// checkOrientation: a page holding a number of the table is landscape when
// wide, every other page portrait (pdfinfo's page sizes); every page from
// the second has its number at the top centre.
func checkOrientation(t *testing.T, format, path string, p *extract.PDFText, nums []tableNumber, wide bool) {
	t.Helper()
	info := testtool.Run(t, "pdfinfo", "-f", "1", "-l", strconv.Itoa(len(p.Pages)), path)
	var pages [][2]float64 // width, height as pdfinfo reports them
	for _, ln := range strings.Split(info, "\n") {
		var n int
		var w, h float64
		if _, err := fmt.Sscanf(ln, "Page %d size: %g x %g", &n, &w, &h); err == nil {
			pages = append(pages, [2]float64{w, h})
		}
	}
	if len(pages) != len(p.Pages) || wide && len(pages) < 3 {
		t.Fatalf("%s: pdfinfo lists %d page sizes for %d pages:\n%s", format, len(pages), len(p.Pages), info)
	}
	table := map[int]bool{}
	for _, n := range nums {
		for _, l := range p.Lines {
			if strings.Contains(extract.Normalize(l.Text), extract.Normalize(n.text)) {
				table[l.Page] = true
			}
		}
	}
	if len(table) == 0 {
		t.Fatalf("%s: no page holds the table's numbers", format)
	}
	for i, pg := range pages {
		landscape := pg[0] > pg[1]
		if want := wide && table[i+1]; landscape != want {
			t.Errorf("%s: page %d is %.0f×%.0f pt, landscape %v, want %v", format, i+1, pg[0], pg[1], landscape, want)
		}
		if i == 0 {
			continue
		}
		found := false
		for _, l := range p.Lines {
			// PDF centres it on the page, Word's header between the
			// margins (20 and 10 mm): either is the top centre.
			mid := (l.Left + l.Right) / 2
			if l.Page == i+1 && strings.TrimSpace(l.Text) == strconv.Itoa(i+1) && l.Top < 60 &&
				(math.Abs(mid-pg[0]/2) < 3 || math.Abs(mid-(pg[0]+10*72/25.4)/2) < 3) {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: page %d has no page number at the top centre", format, i+1)
		}
	}
}

// A template that scales wide tables (tables.wide: scale) sets the 9-column
// money table smaller, no smaller than tables.min_size, on portrait pages:
// in the PDF and in the DOCX as LibreOffice prints it, every number is
// whole on one line at the smaller size.
func TestWideTableScaled(t *testing.T) {
	v := testtpl.Edited(t, "programme-appendix@1.0.0", "scale", func(m *templates.Manifest) {
		m.Tables = templates.TableStyle{Wide: templates.WideScale, WideColumns: 9, MinSize: 7}
	})
	d := testdoc.Load(t, "testdata", "documents", "money-table-wide.json")
	d.Template = ""
	nums, _ := tableNumbers(t, d)
	dir := t.TempDir()
	var p, x bytes.Buffer
	if err := pdf.NewRenderer(nil).Render(context.Background(), &p, d, v, pdf.Info{}); err != nil {
		t.Fatal(err)
	}
	if err := docx.NewRenderer().Render(context.Background(), &x, d, v, docx.Meta{}); err != nil {
		t.Fatal(err)
	}
	pp, xp := filepath.Join(dir, "scaled.pdf"), filepath.Join(dir, "scaled.docx")
	if err := os.WriteFile(pp, p.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(xp, x.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	loDir := filepath.Join(dir, "lo")
	if err := os.Mkdir(loDir, 0o755); err != nil {
		t.Fatal(err)
	}
	lo := extract.ConvertDOCXToPDF(t, loDir, xp)
	for _, f := range []struct{ format, path string }{{"PDF", pp}, {"DOCX (LibreOffice)", lo[0]}} {
		e := extract.PDF(t, f.path)
		checkPDFNumbers(t, f.format, e, nums)
		checkOrientation(t, f.format, f.path, e, nums, false)
		for _, n := range nums {
			for _, l := range e.Lines {
				if strings.Contains(extract.Normalize(l.Text), extract.Normalize(n.text)) && (l.FontSize > 9.5 || l.FontSize < 6.5) {
					t.Errorf("%s: %q set at %.1f pt, want the scaled size (7…9.5 pt)", f.format, n.text, l.FontSize)
				}
			}
		}
	}
}
