package xlsximport

import (
	"reflect"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/kartograf-ru/kartograf/pkg/render/xlsx"
)

// A workbook of the previous layout (kartograf-xlsx/2: the letterhead also
// on the plan sheet, a stamp a row a line) reads: its plan is taken, its
// display sheets are compared word by word, and a word there that the
// stored document does not print is refused, naming the cell.
func TestReadEarlierLayout(t *testing.T) {
	d := readRepo(t, "testdata", "seeds", readSeed001+".json")
	good := readFixture(t, d)
	earlier := func(f *excelize.File) {
		f.SetCellStr(xlsx.SheetMeta, "A1", FormatTagV2)
		// The previous layout's second letterhead: the organisation on
		// the plan sheet too, and a stamp's line in a cell of its own.
		f.InsertRows(xlsx.SheetPlan, 1, 2)
		f.SetCellStr(xlsx.SheetPlan, "A1", d.Organization.FullName)
		f.SetCellStr(xlsx.SheetPlan, "A2", d.Approvals[0].Basis)
	}
	got, err := readBytes(editBook(t, good, earlier))
	if err != nil || !reflect.DeepEqual(got, d) {
		t.Fatalf("previous layout, unchanged: %v", err)
	}
	_, err = readBytes(editBook(t, good, func(f *excelize.File) {
		earlier(f)
		f.SetCellStr(xlsx.SheetPlan, "A2", "Протокол №7 от 01.09.2030")
	}))
	wantReadError(t, err, xlsx.SheetPlan, 2, 1, "ячейка A2 изменена")
	_, err = readBytes(editBook(t, good, func(f *excelize.File) {
		earlier(f)
		f.SetCellStr(xlsx.SheetPassport, "A1", "")
		f.SetCellStr(xlsx.SheetPlan, "A1", "")
	}))
	wantReadError(t, err, xlsx.SheetPlan, 0, 0, "нет ни на одном листе")
}
