package batch

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/kartograf-ru/kartograf"
	"github.com/kartograf-ru/kartograf/internal/csvsafe/csvcheck"
	"github.com/kartograf-ru/kartograf/internal/zipx"
)

// hostileNames are school names a spreadsheet would take for formulas.
var hostileNames = []string{
	`=HYPERLINK("http://example.invalid","x")`,
	"+1+1",
	"-2+3",
	"@SUM(1+1)",
	"\t=1+2",
	"\r=3+4",
}

func hostileJob(t *testing.T, out string) Job {
	job := newJob(t, out, len(hostileNames))
	job.Formats = []kartograf.Format{kartograf.XLSX}
	for i, n := range hostileNames {
		job.Schools[i].ShortName = n
	}
	return job
}

// The CSV index opens in LibreOffice with every hostile name as text in
// its column and no formula anywhere; index.xlsx holds the same rows as
// index.json, names exact.
func TestIndexOpensAsText(t *testing.T) {
	out := t.TempDir()
	job := hostileJob(t, out)
	sum, err := Run(context.Background(), job)
	if err != nil {
		t.Fatal(err)
	}
	if err := NewIndex(job, sum).WriteFiles(out, job.Shard); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(out, "index.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(data, []byte("\ufeffid;short_name;status;")) || !bytes.Contains(data, []byte("\r\n")) {
		t.Errorf("index.csv is not the «;» dialect with a BOM and CRLF: %.80q", data)
	}
	csvcheck.OpenedAsText(t, data, "short_name", hostileNames)
	checkIndexXLSX(t, filepath.Join(out, "index.json"), filepath.Join(out, "index.xlsx"))
}

// The archive /v1/batch streams carries the same safe index.
func TestStreamIndexOpensAsText(t *testing.T) {
	var buf bytes.Buffer
	if _, err := Stream(context.Background(), &buf, hostileJob(t, "")); err != nil {
		t.Fatal(err)
	}
	files := unzipAll(t, buf.Bytes())
	csvcheck.OpenedAsText(t, files["index.csv"], "short_name", hostileNames)
	dir := t.TempDir()
	for _, n := range []string{"index.json", "index.xlsx"} {
		if err := os.WriteFile(filepath.Join(dir, n), files[n], 0o644); err != nil {
			t.Fatal(err)
		}
	}
	checkIndexXLSX(t, filepath.Join(dir, "index.json"), filepath.Join(dir, "index.xlsx"))
}

// A re-run that skips every school still writes a complete index.xlsx,
// byte for byte the one a fresh run writes for the same outcomes.
func TestIndexXLSXOnRerun(t *testing.T) {
	out := t.TempDir()
	job := hostileJob(t, out)
	if _, err := Run(context.Background(), job); err != nil {
		t.Fatal(err)
	}
	sum, err := Run(context.Background(), job)
	if err != nil {
		t.Fatal(err)
	}
	// The CR-led name fails validation (a control character in the
	// organisation's name) on both runs; every other school is skipped.
	if sum.Rendered != 0 || sum.Skipped != len(hostileNames)-1 || sum.Failed != 1 {
		t.Fatalf("re-run: %d rendered, %d skipped, %d failed", sum.Rendered, sum.Skipped, sum.Failed)
	}
	idx := NewIndex(job, sum)
	if err := idx.WriteFiles(out, job.Shard); err != nil {
		t.Fatal(err)
	}
	checkIndexXLSX(t, filepath.Join(out, "index.json"), filepath.Join(out, "index.xlsx"))
	first, _ := os.ReadFile(filepath.Join(out, "index.xlsx"))
	again, err := idx.XLSX()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first, again) {
		t.Error("two encodings of one index give different index.xlsx bytes")
	}
}

// checkIndexXLSX reads the workbook back and compares it, cell by cell,
// with the rows index.json describes; no cell may be a formula.
func checkIndexXLSX(t *testing.T, jsonPath, xlsxPath string) {
	t.Helper()
	data, err := os.ReadFile(jsonPath)
	if err != nil {
		t.Fatal(err)
	}
	var idx Index
	if err := json.Unmarshal(data, &idx); err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"id", "short_name", "status", "format", "path", "sha256", "size", "template", "input_hash", "error"}}
	for _, o := range idx.Schools {
		if len(o.Files) == 0 {
			want = append(want, []string{o.ID, o.ShortName, o.Status, "", "", "", "", o.Template, o.InputHash, o.Error})
		}
		for _, f := range o.Files {
			want = append(want, []string{o.ID, o.ShortName, o.Status, f.Format, f.Path, f.SHA256, strconv.FormatInt(f.Size, 10), o.Template, o.InputHash, ""})
		}
	}
	x, err := excelize.OpenFile(xlsxPath)
	if err != nil {
		t.Fatalf("index.xlsx: %v", err)
	}
	defer x.Close()
	sheet := x.GetSheetName(0)
	rows, err := x.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	for i := range rows {
		for len(rows[i]) < len(want[0]) {
			rows[i] = append(rows[i], "")
		}
	}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("index.xlsx rows\n%q\nwant (from index.json)\n%q", rows, want)
	}
	for r := range want {
		for c := range want[r] {
			cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
			if f, _ := x.GetCellFormula(sheet, cell); f != "" {
				t.Errorf("%s is a formula %q", cell, f)
			}
			if typ, _ := x.GetCellType(sheet, cell); want[r][c] != "" && typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString {
				t.Errorf("%s is not a string cell (%v)", cell, typ)
			}
		}
	}
}

func unzipAll(t *testing.T, data []byte) map[string][]byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
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
	}
	return out
}

// Both archives of a run — streamed (/v1/batch) and packed from the output
// directory — and the index workbook inside them are dated 1980-01-01
// with no extra field, every stored document with its sizes in its local
// header, which streaming readers need (zipx.Check); the workbook's parts
// come [Content_Types].xml first, then by name.
func TestZipHeaders(t *testing.T) {
	job := newJob(t, "", 2)
	var streamed bytes.Buffer
	if _, err := Stream(context.Background(), &streamed, job); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	job.Out = out
	sum, err := Run(context.Background(), job)
	if err != nil {
		t.Fatal(err)
	}
	var packed bytes.Buffer
	if err := WriteZip(&packed, out, NewIndex(job, sum), job.Shard); err != nil {
		t.Fatal(err)
	}
	for _, a := range []struct {
		name string
		data []byte
	}{{"Stream", streamed.Bytes()}, {"WriteZip", packed.Bytes()}} {
		name, data := a.name, a.data
		if err := zipx.Check(data); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		files := unzipAll(t, data)
		if len(files) != 2*3+3 {
			t.Errorf("%s: %d entries", name, len(files))
		}
		if err := zipx.Check(files["index.xlsx"]); err != nil {
			t.Errorf("%s: index.xlsx: %v", name, err)
		}
	}
	if !bytes.Equal(unzipAll(t, streamed.Bytes())["index.xlsx"], unzipAll(t, packed.Bytes())["index.xlsx"]) {
		t.Error("the two archives hold different index.xlsx")
	}
	xlsx := unzipAll(t, packed.Bytes())["index.xlsx"]
	zr, err := zip.NewReader(bytes.NewReader(xlsx), int64(len(xlsx)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
	}
	if len(names) < 2 || names[0] != "[Content_Types].xml" || !slices.IsSorted(names[1:]) {
		t.Errorf("index.xlsx parts %v", names)
	}
}
