package xlsximport

import (
	"reflect"
	"strconv"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/render/xlsx"
)

// readCellName is the A1 name of 1-based (col, row).
func readCellName(col, row int) string {
	name, _ := excelize.CoordinatesToCellName(col, row)
	return name
}

// A renamed column title of a plan that declares its own columns maps to
// exactly one value, that column's title: it is carried back.
func TestReadRenamedHeaderOwnColumns(t *testing.T) {
	want := readRepo(t, "testdata", "seeds", readSeed001+".json")
	p := readOpenPlan(t, readFixture(t, readRepo(t, "testdata", "seeds", readSeed001+".json")))
	p.set(t, "Сроки", p.header, "Срок исполнения")
	got, err := readBytes(p.bytes(t))
	if err != nil {
		t.Fatal(err)
	}
	cols := want.Body[readPlanIndex(t, want)].Plan.Columns
	for i := range cols {
		if cols[i].Key == "deadline" {
			cols[i].Title = "Срок исполнения"
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("renamed title not carried back:\n%s", readDocDiff(got, want))
	}
	// The renamed workbook's document renders and reads back the same.
	again, err := readBytes(readFixture(t, got))
	if err != nil || !reflect.DeepEqual(again, want) {
		t.Errorf("re-rendered: %v", err)
	}
}

// Column titles that come from the template are the template version's:
// a renamed one is refused naming the cell, not dropped.
func TestReadRenamedHeaderTemplateColumns(t *testing.T) {
	d := readRepo(t, "testdata", "seeds", readSeed001+".json")
	d.Body[readPlanIndex(t, d)].Plan.Columns = nil
	good := readFixture(t, d)
	cases := []struct {
		title, text string
	}{
		{"Сроки", "шаблона school-roadmap@1.1.0"},
		{xlsx.ColStatus, "заголовки столбцов мониторинга"},
	}
	for _, c := range cases {
		t.Run(c.title, func(t *testing.T) {
			p := readOpenPlan(t, good)
			p.set(t, c.title, p.header, "Срок исполнения")
			_, err := readBytes(p.bytes(t))
			name := readCellName(p.col[c.title], p.header)
			wantReadError(t, err, xlsx.SheetPlan, p.header, p.col[c.title], "ячейке "+name)
			wantReadError(t, err, xlsx.SheetPlan, p.header, p.col[c.title], c.text)
		})
	}
	// A plan with its own columns keeps the monitoring titles too.
	p := readOpenPlan(t, readFixture(t, readRepo(t, "testdata", "seeds", readSeed001+".json")))
	p.set(t, xlsx.ColNote, p.header, "Отметка")
	_, err := readBytes(p.bytes(t))
	wantReadError(t, err, xlsx.SheetPlan, p.header, p.col[xlsx.ColNote], "заголовки столбцов мониторинга")
}

// Text typed anywhere on the plan sheet outside what the writer put there
// is refused naming the cell: right of the hidden key column, below the
// table, between the letterhead and the table, under a section's merged
// title, in the key column itself.
func TestReadOutsideTable(t *testing.T) {
	good := readFixture(t, readRepo(t, "testdata", "seeds", readSeed001+".json"))
	p0 := readOpenPlan(t, good)
	key := p0.col[xlsx.ColKey]
	cases := []struct {
		name     string
		col, row int
		text     string
		unmerge  bool // unmerge the row first, as a person does to type under a merged title
	}{
		{"right of the key column", key + 1, p0.rowOf["m0.0"], "вне таблицы мероприятий", false},
		{"far right in the header row", key + 2, p0.header, "вне таблицы мероприятий", false},
		{"below the table", key + 1, p0.last + 3, "вне таблицы мероприятий", false},
		{"below the table, far down", key + 5, p0.last + 200, "вне таблицы мероприятий", false},
		{"between the letterhead and the table", key, p0.header - 1, "изменена", false},
		{"under a section's merged title", p0.col["Сроки"], p0.rowOf["s1"], "в строке раздела", true},
		{"in the key column", key, p0.rowOf["m0.1"], "_kartograf", false},
		{"in the key column below the table", key, p0.last + 2, "_kartograf", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			name := readCellName(c.col, c.row)
			_, err := readBytes(editBook(t, good, func(f *excelize.File) {
				if c.unmerge {
					if err := f.UnmergeCell(xlsx.SheetPlan, readCellName(1, c.row), readCellName(key, c.row)); err != nil {
						t.Fatal(err)
					}
				}
				if err := f.SetCellStr(xlsx.SheetPlan, name, "проверено"); err != nil {
					t.Fatal(err)
				}
			}))
			wantReadError(t, err, xlsx.SheetPlan, c.row, c.col, "«проверено»")
			wantReadError(t, err, xlsx.SheetPlan, c.row, c.col, c.text)
		})
	}
	t.Run("in an inserted column", func(t *testing.T) {
		col := p0.col["Продукт"]
		r := p0.rowOf["m0.0"]
		_, err := readBytes(editBook(t, good, func(f *excelize.File) {
			if err := f.InsertCols(xlsx.SheetPlan, readColName(col), 1); err != nil {
				t.Fatal(err)
			}
			f.SetCellStr(xlsx.SheetPlan, readCellName(col, r), "проверено")
		}))
		wantReadError(t, err, xlsx.SheetPlan, r, col, "вне таблицы мероприятий")
	})
	t.Run("message", func(t *testing.T) {
		r := p0.rowOf["m0.0"]
		_, err := readBytes(editBook(t, good, func(f *excelize.File) {
			f.SetCellStr(xlsx.SheetPlan, readCellName(key+1, r), "проверено")
		}))
		col, row := readColName(key+1), strconv.Itoa(r)
		want := "лист «План мероприятий», строка " + row + ", столбец " + col + ": текст «проверено» в ячейке " + col + row +
			" вне таблицы мероприятий не переносится в документ — перенесите его в столбец «Отметка о выполнении» или удалите"
		if err == nil || err.Error() != want {
			t.Errorf("got  %v\nwant %s", err, want)
		}
	})
}

// The cells the writer fills keep working next to the new checks: a key
// cleared with its row, a note, a header row copied into the table (people
// repeat it at page breaks; it carries nothing), a column-number row.
func TestReadWriterCells(t *testing.T) {
	d := readRepo(t, "testdata", "seeds", readSeed001+".json")
	good := readFixture(t, d)
	p0 := readOpenPlan(t, good)
	n := len(d.Body[readPlanIndex(t, d)].Plan.Columns)
	t.Run("header copy", func(t *testing.T) {
		at := p0.rowOf["m1.0"]
		got, err := readBytes(editBook(t, good, func(f *excelize.File) {
			if err := f.DuplicateRowTo(xlsx.SheetPlan, p0.header, at); err != nil {
				t.Fatal(err)
			}
		}))
		if err != nil || !reflect.DeepEqual(got, d) {
			t.Errorf("header copy: %v", err)
		}
		// A copy that differs from the header is not taken for it.
		_, err = readBytes(editBook(t, good, func(f *excelize.File) {
			f.DuplicateRowTo(xlsx.SheetPlan, p0.header, at)
			f.SetCellStr(xlsx.SheetPlan, readCellName(p0.col["Сроки"], at), "Срок")
		}))
		wantReadError(t, err, xlsx.SheetPlan, at, p0.col["Сроки"], "повторяет строку заголовка")
	})
	t.Run("column numbers", func(t *testing.T) {
		got, err := readBytes(editBook(t, good, func(f *excelize.File) {
			f.InsertRows(xlsx.SheetPlan, p0.header+1, 1)
			for c := 1; c <= n+2; c++ {
				f.SetCellInt(xlsx.SheetPlan, readCellName(c, p0.header+1), int64(c))
			}
		}))
		if err != nil || !reflect.DeepEqual(got, d) {
			t.Errorf("column numbers: %v", err)
		}
	})
	t.Run("note and status", func(t *testing.T) {
		r := p0.rowOf["m0.0"]
		got, err := readBytes(editBook(t, good, func(f *excelize.File) {
			f.SetCellStr(xlsx.SheetPlan, readCellName(p0.col[xlsx.ColNote], r), "проверено")
			f.SetCellStr(xlsx.SheetPlan, readCellName(p0.col[xlsx.ColStatus], r), document.StatusDone.Label())
		}))
		if err != nil {
			t.Fatal(err)
		}
		m := got.Body[readPlanIndex(t, got)].Plan.Sections[0].Items[0]
		if m.Note != "проверено" || m.Status != document.StatusDone {
			t.Errorf("got %q %q", m.Note, m.Status)
		}
	})
}
