// Package csvcheck opens a CSV file the way a user does — in LibreOffice
// Calc — for tests: it fails the test when any cell became a formula or a
// value did not land in its column as text.
package csvcheck

import (
	"archive/zip"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/kartograf-ru/kartograf/internal/testtool"
)

// formula matches a cell formula in SpreadsheetML.
var formula = regexp.MustCompile(`<f[ >/]`)

// OpenedAsText converts csv with soffice (separator sniffed from the
// header line, UTF-8) to XLSX and checks that no cell holds a formula and
// that every value of want appears as the text of a cell in the column
// headed column, a leading apostrophe aside.
func OpenedAsText(t *testing.T, csv []byte, column string, want []string) {
	t.Helper()
	bin := testtool.Require(t, "soffice")
	dir := t.TempDir()
	in := filepath.Join(dir, "index.csv")
	if err := os.WriteFile(in, csv, 0o644); err != nil {
		t.Fatal(err)
	}
	// Filter options: separator, text delimiter «"», charset 76 (UTF-8),
	// first line 1 — what a user picks in the import dialog.
	sep := "44"
	if head, _, _ := bytes.Cut(csv, []byte("\n")); bytes.Contains(head, []byte(";")) {
		sep = "59"
	}
	cmd := exec.Command(bin, "--headless", "--norestore", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--infilter=CSV:"+sep+",34,76,1", "--convert-to", "xlsx", "--outdir", filepath.Join(dir, "out"), in)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	book := filepath.Join(dir, "out", "index.xlsx")
	zr, err := zip.OpenReader(book)
	if err != nil {
		t.Fatalf("soffice made no workbook: %v\n%s", err, out)
	}
	defer zr.Close()
	for _, f := range zr.File {
		if !strings.HasPrefix(f.Name, "xl/worksheets/") {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		_, err = b.ReadFrom(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if m := formula.FindAllIndex(b.Bytes(), -1); len(m) > 0 {
			at := m[0][0]
			t.Errorf("%s: %d formula cells after opening the CSV in LibreOffice, first: %.200s", f.Name, len(m), b.Bytes()[at:])
		}
	}
	x, err := excelize.OpenFile(book)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	rows, err := x.GetRows(x.GetSheetName(0), excelize.Options{RawCellValue: true})
	if err != nil || len(rows) == 0 {
		t.Fatalf("rows: %v", err)
	}
	col := -1
	for i, h := range rows[0] {
		if strings.TrimPrefix(h, "\ufeff") == column {
			col = i
		}
	}
	if col < 0 {
		t.Fatalf("no column %q in the header row %q as LibreOffice read it", column, rows[0])
	}
	got := map[string]bool{}
	for _, r := range rows[1:] {
		if col < len(r) {
			got[norm(strings.TrimPrefix(r[col], "'"))] = true
		}
	}
	for _, w := range want {
		if !got[norm(w)] {
			t.Errorf("no cell of column %q reads %q as text; the column holds %q", column, w, keys(got))
		}
	}
}

// norm makes line ends comparable: LibreOffice's CSV reader drops a CR or
// LF at the start of a quoted field (the rest stays text) and may turn one
// inside it into LF.
func norm(s string) string {
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	return strings.TrimLeft(s, "\n")
}

func keys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
