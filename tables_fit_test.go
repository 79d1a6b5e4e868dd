package kartograf_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kartograf-ru/kartograf/internal/testtool"
	"github.com/kartograf-ru/kartograf/internal/testtool/extract"
	"github.com/kartograf-ru/kartograf/internal/testtool/testdoc"
	"github.com/kartograf-ru/kartograf/internal/testtool/testtpl"
	"github.com/kartograf-ru/kartograf/internal/textcheck"
	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/render/docx"
	"github.com/kartograf-ru/kartograf/pkg/render/pdf"
	"github.com/kartograf-ru/kartograf/templates"
)

// Numbers never break inside, in any format (issue 13, point 6): the view
// widens a numeric column whose widest number does not fit, so that PDF
// need not set it smaller and LibreOffice does not wrap it in the DOCX.
// money-table-years.json has six year columns whose template widths are too
// narrow for its numbers on a portrait page; money-table.json fits in
// programme-appendix and not in a copy whose text frame is 60 mm narrower.
func TestTableNumbersFitTheirColumns(t *testing.T) {
	appendix := testtpl.Edited(t, "programme-appendix@1.0.0", "", nil)
	narrow := testtpl.Edited(t, "programme-appendix@1.0.0", "narrow", func(m *templates.Manifest) {
		m.Page.Margins.Left += 45
		m.Page.Margins.Right += 15
	})
	cases := []struct {
		name, doc string
		v         *templates.Version
	}{
		{"money-table", "money-table.json", appendix},
		{"money-table-narrow", "money-table.json", narrow},
		{"money-table-years", "money-table-years.json", appendix},
	}
	dir := t.TempDir()
	var pdfs, docxs []string
	for _, c := range cases {
		d := testdoc.Load(t, "testdata", "documents", c.doc)
		noLetterhead(d)
		var p, x bytes.Buffer
		if err := pdf.NewRenderer(nil).Render(context.Background(), &p, d, c.v, pdf.Info{}); err != nil {
			t.Fatal(err)
		}
		if err := docx.NewRenderer().Render(context.Background(), &x, d, c.v, docx.Meta{}); err != nil {
			t.Fatal(err)
		}
		pp, xp := filepath.Join(dir, c.name+".pdf"), filepath.Join(dir, c.name+".docx")
		if err := os.WriteFile(pp, p.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(xp, x.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		pdfs, docxs = append(pdfs, pp), append(docxs, xp)
	}
	loDir := filepath.Join(dir, "lo")
	if err := os.Mkdir(loDir, 0o755); err != nil {
		t.Fatal(err)
	}
	lo := extract.ConvertDOCXToPDF(t, loDir, docxs...)
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := testdoc.Load(t, "testdata", "documents", c.doc)
			noLetterhead(d)
			nums, _ := tableNumbers(t, d)
			units := textcheck.Units(textcheck.DocumentText(d, nil))
			size := c.v.Manifest.Sizes.Table
			for _, f := range []struct{ format, path string }{{"PDF", pdfs[i]}, {"DOCX (LibreOffice)", lo[i]}} {
				p := extract.PDF(t, f.path)
				checkPDFNumbers(t, f.format, p, nums)
				raw := testtool.Run(t, "pdftotext", "-raw", "-enc", "UTF-8", f.path, "-")
				if err := textcheck.InOrderUnits(units, raw); err != nil {
					t.Errorf("%s: %v", f.format, err)
				}
				// No number is set smaller than the table's size: its
				// column is wide enough for it.
				for _, n := range nums {
					for _, l := range p.Lines {
						if strings.Contains(extract.Normalize(l.Text), extract.Normalize(n.text)) && l.FontSize < size-0.5 {
							t.Errorf("%s: %q set at %.1f pt, the table's size is %.1f pt", f.format, n.text, l.FontSize, size)
						}
					}
				}
			}
		})
	}
}

// noLetterhead readies a document of another template for
// programme-appendix, which prints no organisation: the document says so.
func noLetterhead(d *document.Document) {
	no := false
	d.Kind, d.Template, d.Letterhead = document.KindMixed, "", &no
}
