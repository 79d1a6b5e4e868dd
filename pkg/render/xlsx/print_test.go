package xlsx

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kartograf-ru/kartograf/fonts"
	"github.com/kartograf-ru/kartograf/internal/testtool"
	"github.com/kartograf-ru/kartograf/internal/textcheck"
	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/templates"
)

// printed renders a seed to XLSX and has LibreOffice print it to PDF; it
// returns the PDF's text, pages separated by form feeds.
func printed(t *testing.T, seed string) (*document.Document, string) {
	t.Helper()
	soffice := testtool.Require(t, "soffice")
	testtool.Require(t, "pdftotext")
	data, err := os.ReadFile(filepath.Join("..", "..", "..", "testdata", "seeds", seed+".json"))
	if err != nil {
		t.Fatal(err)
	}
	d, err := document.DecodeBytes(data)
	if err != nil {
		t.Fatal(err)
	}
	reg, err := templates.New()
	if err != nil {
		t.Fatal(err)
	}
	v, err := reg.Resolve(d.Template)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := NewWriter(new(fonts.Library)).Render(context.Background(), &buf, d, v, Meta{Template: v.Ref()}); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	in := filepath.Join(dir, seed+".xlsx")
	os.WriteFile(in, buf.Bytes(), 0o644)
	cmd := exec.Command(soffice, "--headless", "--norestore", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"), "--convert-to", "pdf", "--outdir", dir, in)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	pdf := strings.TrimSuffix(in, ".xlsx") + ".pdf"
	if keep := os.Getenv("KARTOGRAF_KEEP"); keep != "" {
		b, _ := os.ReadFile(pdf)
		os.WriteFile(filepath.Join(keep, seed+".xlsx.pdf"), b, 0o644)
	}
	// Spreadsheet PDFs are not drawn in reading order, and pdftotext's
	// reading-order mode groups columns into blocks; -layout keeps each
	// printed line across all columns, so a row's cells start on one line
	// in column order (their further lines interleave, which the
	// unit-aware matcher accepts).
	return d, testtool.Run(t, "pdftotext", "-layout", "-enc", "UTF-8", pdf, "-")
}

// LibreOffice prints each seed's workbook with every word in order and
// the plan's header row on every page the plan spans.
func TestPrintSeedsWithLibreOffice(t *testing.T) {
	for _, seed := range []string{"000_f50bb33c8ce6181b", "001_49fbf96383fe353c"} {
		t.Run(seed, func(t *testing.T) {
			d, got := printed(t, seed)
			// The stamps stand side by side, as in the PDF: read line by
			// line, their lines alternate.
			reg, err := templates.New()
			if err != nil {
				t.Fatal(err)
			}
			v, err := reg.Resolve(d.Template)
			if err != nil {
				t.Fatal(err)
			}
			if err := textcheck.InOrderUnits(textcheck.SideBySideUnits(d, v.Manifest.Plan.Columns), got); err != nil {
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
			t.Logf("plan printed on pages %d–%d", first, last)
		})
	}
}
