package kartograf_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/kartograf-ru/kartograf"
	"github.com/kartograf-ru/kartograf/internal/testtool"
	"github.com/kartograf-ru/kartograf/internal/testtool/extract"
	"github.com/kartograf-ru/kartograf/internal/textcheck"
	"github.com/kartograf-ru/kartograf/pkg/document"
)

// The workbook of each seed, printed by LibreOffice, prints like the
// document: on at most 30 % more pages than its PDF (it printed on twice
// as many: rows a third too tall, empty monitoring columns taking a third
// of the width, the letterhead twice, a «Текст» sheet for the plan's
// caption alone), within the page's margins (the text sheet ran 20 pt
// past the right one), every word in the document's order, the stamps side
// by side.
func TestXLSXPrintsLikeThePDF(t *testing.T) {
	testtool.Require(t, "soffice")
	testtool.Require(t, "pdfinfo")
	testtool.Require(t, "pdftotext")
	eng, err := kartograf.New(kartograf.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// KARTOGRAF_XLSXPRINT_DIR keeps the files for a look at a failure.
	dir := os.Getenv("KARTOGRAF_XLSXPRINT_DIR")
	if dir == "" {
		dir = t.TempDir()
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	seeds := []string{"000_f50bb33c8ce6181b", "001_49fbf96383fe353c"}
	docs := make([]*document.Document, len(seeds))
	var pdfs, books []string
	for i, seed := range seeds {
		data, err := os.ReadFile(filepath.Join("testdata", "seeds", seed+".json"))
		if err != nil {
			t.Fatal(err)
		}
		if docs[i], err = document.DecodeBytes(data); err != nil {
			t.Fatal(err)
		}
		for _, f := range []kartograf.Format{kartograf.PDF, kartograf.XLSX} {
			var buf bytes.Buffer
			if _, err := eng.Render(context.Background(), &buf, docs[i], kartograf.RenderOptions{Format: f}); err != nil {
				t.Fatalf("%s: %s: %v", seed, f, err)
			}
			p := filepath.Join(dir, fmt.Sprintf("%s.%s", seed, f))
			if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			if f == kartograf.PDF {
				pdfs = append(pdfs, p)
			} else {
				books = append(books, p)
			}
		}
	}
	printed := extract.ConvertDOCXToPDF(t, filepath.Join(dir, "lo"), books...)
	for i, seed := range seeds {
		t.Run(seed, func(t *testing.T) {
			v, err := eng.Templates().Resolve(docs[i].Template)
			if err != nil {
				t.Fatal(err)
			}
			want, got := pdfPages(t, pdfs[i]), pdfPages(t, printed[i])
			t.Logf("PDF %d pages, workbook printed by LibreOffice %d pages", want, got)
			if got*10 > want*13 {
				t.Errorf("the workbook prints on %d pages, more than 1.3 × the PDF's %d", got, want)
			}
			// Every page prints within the template's side margins.
			bbox := testtool.Run(t, "pdftotext", "-bbox", printed[i], "-")
			for pi, page := range strings.Split(bbox, "<page ")[1:] {
				width, _ := strconv.ParseFloat(pdfWidthRe.FindStringSubmatch(page)[1], 64)
				left, right := v.Manifest.Page.Margins.Left/25.4*72, width-v.Manifest.Page.Margins.Right/25.4*72
				for _, m := range pdfWordRe.FindAllStringSubmatch(page, -1) {
					x0, _ := strconv.ParseFloat(m[1], 64)
					x1, _ := strconv.ParseFloat(m[2], 64)
					if x0 < left-1 || x1 > right+1 {
						t.Errorf("page %d: «%s» at %.0f–%.0f pt, outside the margins %.0f–%.0f pt", pi+1, m[3], x0, x1, left, right)
					}
				}
			}
			// Read line by line across the page, so that a row's cells
			// start in column order; the stamps stand side by side.
			text := testtool.Run(t, "pdftotext", "-layout", "-enc", "UTF-8", printed[i], "-")
			if err := textcheck.InOrderUnits(textcheck.SideBySideUnits(docs[i], v.Manifest.Plan.Columns), text); err != nil {
				t.Error(err)
			}
		})
	}
}

var (
	pdfPagesRe = regexp.MustCompile(`(?m)^Pages:\s+(\d+)$`)
	pdfWidthRe = regexp.MustCompile(`^width="([\d.]+)"`)
	pdfWordRe  = regexp.MustCompile(`<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>`)
)

func pdfPages(t *testing.T, path string) int {
	t.Helper()
	m := pdfPagesRe.FindStringSubmatch(testtool.Run(t, "pdfinfo", path))
	if m == nil {
		t.Fatalf("pdfinfo %s: no page count", path)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}
