package xlsx

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/kartograf-ru/kartograf/internal/testtool/testtpl"
)

// TestSnapshotWorkbooks records what every test document's workbook holds,
// so that a change of the writer can be compared with the writer before
// it: KARTOGRAF_XLSX_SNAPSHOT=dir writes, per document, every part of the
// archive inflated, the archive's SHA-256, and a description of the sheets
// as excelize reads them (cells with types, formulas and styles, merges,
// columns, rows, page setup, defined names, validations). Compare two
// such directories with diff -r. Without the variable it does nothing.
func TestSnapshotWorkbooks(t *testing.T) {
	dir := os.Getenv("KARTOGRAF_XLSX_SNAPSHOT")
	if dir == "" {
		t.Skip("KARTOGRAF_XLSX_SNAPSHOT not set")
	}
	meta := Meta{InputHash: "sha256:0", Creator: "kartograf test"}
	docs := writeDocs(t)
	for _, rel := range docs {
		d := writeLoad(t, rel)
		data := writeRender(t, d, meta)
		snapshotOne(t, filepath.Join(dir, filepath.Base(rel)), data)
	}
	big := writeBigPlan(3000)
	var buf bytes.Buffer
	if err := writeShared.Render(context.Background(), &buf, big, writeTemplate(t, big), meta); err != nil {
		t.Fatal(err)
	}
	snapshotOne(t, filepath.Join(dir, "bigplan3000"), buf.Bytes())
	charts, _ := chartBook(t, testtpl.AnalysisChartsDoc())
	snapshotOne(t, filepath.Join(dir, "analysis-charts"), charts)
	odd := writeLoad(t, "testdata", "seeds", writeSeed001)
	odd.Title = " «_x0041_» & <b> \"'\t\r\x01 _x005F_x0042_ " + string([]byte{0xff})
	odd.Subtitle = "\n" + strings.Repeat("_x12AB_", 3) + "\n"
	// Not valid (control characters): rendered without the validation,
	// to see them escaped as before.
	buf.Reset()
	if err := writeShared.Render(context.Background(), &buf, odd, writeTemplate(t, odd), meta); err != nil {
		t.Fatal(err)
	}
	snapshotOne(t, filepath.Join(dir, "odd-text"), buf.Bytes())
}

func snapshotOne(t *testing.T, dir string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data)
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var order strings.Builder
	fmt.Fprintf(&order, "sha256 %s\n", hex.EncodeToString(sum[:]))
	for _, zf := range zr.File {
		fmt.Fprintf(&order, "%s %v %d %s\n", zf.Name, zf.Method, zf.Flags, zf.Modified.UTC())
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, "parts", filepath.FromSlash(zf.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "archive.txt"), []byte(order.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "sheets.txt"), []byte(snapshotSheets(t, data)), 0o644); err != nil {
		t.Fatal(err)
	}
}

// snapshotSheets describes the workbook as excelize reads it back.
func snapshotSheets(t *testing.T, data []byte) string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var o strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&o, format+"\n", args...) }
	p("active %d", f.GetActiveSheetIndex())
	props, err := f.GetDocProps()
	p("docprops %+v %v", props, err)
	cprops, err := f.GetCustomProps()
	p("custom %+v %v", cprops, err)
	calc, err := f.GetCalcProps()
	p("calc %+v %v", snapshotDeref(calc), err)
	for _, dn := range f.GetDefinedName() {
		p("defined %+v", dn)
	}
	styles := map[int]string{}
	for _, name := range f.GetSheetList() {
		vis, _ := f.GetSheetVisible(name)
		p("== sheet %q visible=%v", name, vis)
		sp, err := f.GetSheetProps(name)
		p("props %s %v", snapshotDeref(sp), err)
		pl, err := f.GetPageLayout(name)
		p("layout %s %v", snapshotDeref(pl), err)
		pm, err := f.GetPageMargins(name)
		p("margins %s %v", snapshotDeref(pm), err)
		hf, err := f.GetHeaderFooter(name)
		p("headerfooter %+v %v", hf, err)
		panes, err := f.GetPanes(name)
		p("panes %+v %v", panes, err)
		merges, err := f.GetMergeCells(name)
		for _, m := range merges {
			p("merge %s:%s %q", m.GetStartAxis(), m.GetEndAxis(), m.GetCellValue())
		}
		if err != nil {
			p("merges %v", err)
		}
		dvs, err := f.GetDataValidations(name)
		for _, dv := range dvs {
			p("validation %s", snapshotDeref(dv))
		}
		if err != nil {
			p("validations %v", err)
		}
		cols, err := f.GetCols(name)
		if err != nil {
			p("cols %v", err)
		}
		nCols := len(cols) + 2
		for c := 1; c <= nCols; c++ {
			cn, _ := excelize.ColumnNumberToName(c)
			w, _ := f.GetColWidth(name, cn)
			v, _ := f.GetColVisible(name, cn)
			p("col %s width=%v visible=%v", cn, w, v)
		}
		rows, err := f.GetRows(name, excelize.Options{RawCellValue: true})
		if err != nil {
			p("rows %v", err)
		}
		for r := 1; r <= len(rows)+1; r++ {
			h, _ := f.GetRowHeight(name, r)
			p("row %d height=%v", r, h)
			for c := 1; c <= nCols; c++ {
				ref, _ := excelize.CoordinatesToCellName(c, r)
				v, _ := f.GetCellValue(name, ref, excelize.Options{RawCellValue: true})
				ty, _ := f.GetCellType(name, ref)
				fo, _ := f.GetCellFormula(name, ref)
				st, _ := f.GetCellStyle(name, ref)
				if v == "" && fo == "" && st == 0 {
					continue
				}
				if _, ok := styles[st]; !ok {
					s, err := f.GetStyle(st)
					styles[st] = fmt.Sprintf("%s %v", snapshotStyle(s), err)
				}
				p("cell %s type=%v formula=%q style=%s value=%q", ref, ty, fo, styles[st], v)
			}
		}
	}
	return o.String()
}

func snapshotStyle(s *excelize.Style) string { return snapshotDeref(s) }

// snapshotDeref prints v with the values its pointers point to.
func snapshotDeref(v any) string {
	js, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprintf("%+v (%v)", v, err)
	}
	return string(js)
}
