package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/kartograf-ru/kartograf/pkg/document"
)

// A measure longer than an Excel cell: the XLSX render fails naming the
// value's path and writes no workbook (excelize would cut it to 32 767
// characters and the import would return the shorter text with exit 0).
func TestRenderXlsxRefusesTooLongValue(t *testing.T) {
	orig, _ := os.ReadFile(seed001)
	d, err := document.DecodeBytes(orig)
	if err != nil {
		t.Fatal(err)
	}
	pi := -1
	for i := range d.Body {
		if d.Body[i].Plan != nil {
			pi = i
			break
		}
	}
	d.Body[pi].Plan.Sections[0].Items[0].Cells["title"] = document.Text(strings.Repeat("мероприятие ", 3400))
	in, _ := json.Marshal(d)
	dir := t.TempDir()
	src := filepath.Join(dir, "long.json")
	if err := os.WriteFile(src, in, 0o644); err != nil {
		t.Fatal(err)
	}
	book := filepath.Join(dir, "long.xlsx")
	code, _, stderr := runCLI(t, "", "render", "-o", book, src)
	path := "body[" + strconv.Itoa(pi) + "].plan.sections[0].items[0].title"
	if code != exitFail || !strings.Contains(stderr, path) || !strings.Contains(stderr, "32 767") {
		t.Errorf("exit %d, stderr %q; want a failure naming %s", code, stderr, path)
	}
	if _, err := os.Stat(book); err == nil {
		t.Error("a workbook was left behind")
	}
}

// An edit outside the plan table (here the left stamps in the letterhead,
// on the first sheet, «Паспорт») is refused by import, naming the sheet
// and the cell, instead of being dropped while the import succeeds.
func TestImportRefusesEditOutsidePlan(t *testing.T) {
	dir := t.TempDir()
	book := filepath.Join(dir, "план.xlsx")
	if code, _, stderr := runCLI(t, "", "render", "-o", book, seed001); code != 0 {
		t.Fatalf("render: exit %d: %s", code, stderr)
	}
	f, err := excelize.OpenFile(book)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.SetCellStr("Паспорт", "A2", "СОГЛАСОВАНО"); err != nil {
		t.Fatal(err)
	}
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	out := filepath.Join(dir, "back.json")
	code, _, stderr := runCLI(t, "", "import", book, "-o", out)
	if code != exitFail || !strings.Contains(stderr, "лист «Паспорт», строка 2, столбец A: ячейка A2 изменена") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a document was written")
	}
}
