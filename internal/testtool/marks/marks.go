// Package marks edits monitoring workbooks as a school does in Excel:
// the «Статус» cells of the measures on the plan sheet, found by their
// hidden keys, so that tests of the analysis, the batch and the service
// start from the same kind of file a methodologist gets back.
package marks

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/render/xlsx"
)

// Set opens the workbook at path, calls mark for every measure row of its
// plan sheet in plan order — k counts from 0, key is the row's hidden key
// («m1.2») — writes the status mark returns into the row's «Статус» cell
// (StatusNone leaves it as it is) and saves the file. It returns the
// number of measures and fails the test when the sheet has no status
// column.
func Set(t testing.TB, path string, mark func(k int, key string) document.Status) int {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(xlsx.SheetPlan)
	if err != nil {
		t.Fatal(err)
	}
	statusCol, keyCol, k := 0, 0, 0
	for r, row := range rows {
		if keyCol == 0 {
			for c, v := range row {
				switch v {
				case xlsx.ColKey:
					keyCol = c + 1
				case xlsx.ColStatus:
					statusCol = c + 1
				}
			}
			continue
		}
		if keyCol > len(row) || !strings.HasPrefix(row[keyCol-1], "m") {
			continue
		}
		if st := mark(k, row[keyCol-1]); st != document.StatusNone {
			cell, _ := excelize.CoordinatesToCellName(statusCol, r+1)
			if err := f.SetCellStr(xlsx.SheetPlan, cell, st.Label()); err != nil {
				t.Fatal(err)
			}
		}
		k++
	}
	if statusCol == 0 {
		t.Fatalf("%s: no «%s» column on the sheet «%s»", path, xlsx.ColStatus, xlsx.SheetPlan)
	}
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	return k
}

// ZipDir zips the files of dir (not its folders) under folder/, as a
// methodologist zips the folder of workbooks the schools sent back.
func ZipDir(t testing.TB, dir, folder string) []byte {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		w, err := zw.Create(folder + "/" + e.Name())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(data); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
