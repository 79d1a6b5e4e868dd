package xlsximport

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/render/xlsx"
)

// editBook opens a workbook, lets edit change it as a person with Excel
// would, and saves it.
func editBook(t *testing.T, data []byte, edit func(f *excelize.File)) []byte {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	edit(f)
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// storeJSON replaces the stored copy (A4 down) with js, plain, in pieces.
func storeJSON(t *testing.T, f *excelize.File, js string) {
	t.Helper()
	for r := 4; r < 200; r++ {
		f.SetCellStr(xlsx.SheetMeta, writeCell(1, r), "")
	}
	for i, piece := range splitUTF16(js, xlsx.MaxCellRunes) {
		f.SetCellStr(xlsx.SheetMeta, writeCell(1, 4+i), piece)
	}
}

func wantReadError(t *testing.T, err error, sheet string, row, col int, text string) {
	t.Helper()
	var re *ReadError
	if !errors.As(err, &re) || re.Sheet != sheet || re.Row != row || re.Col != col || !strings.Contains(err.Error(), text) {
		t.Errorf("got %v; want a ReadError at %s R%dC%d saying %q", err, sheet, row, col, text)
	}
}

// The stored copy is checked against the SHA-256 the writer recorded in
// A3: a copy changed by hand (here: another title, or the hash itself) is
// an error, not a silently different document.
func TestReadStoredCopyHash(t *testing.T) {
	d := readRepo(t, "testdata", "seeds", readSeed001+".json")
	good := readFixture(t, d)

	f := writeOpen(t, good)
	a3, _ := f.GetCellValue(xlsx.SheetMeta, "A3")
	js, _ := json.Marshal(d)
	sum := sha256.Sum256(js)
	if want := "sha256:" + hex.EncodeToString(sum[:]); a3 != want {
		t.Errorf("A3 = %q, want the stored JSON's hash %q", a3, want)
	}

	t.Run("copy changed", func(t *testing.T) {
		bad := *d
		bad.Title = "ПОДМЕНЁННЫЙ ЗАГОЛОВОК"
		js, _ := json.Marshal(&bad)
		_, err := readBytes(editBook(t, good, func(f *excelize.File) { storeJSON(t, f, string(js)) }))
		wantReadError(t, err, xlsx.SheetMeta, 3, 1, "не совпадает")
	})
	t.Run("hash changed", func(t *testing.T) {
		_, err := readBytes(editBook(t, good, func(f *excelize.File) {
			f.SetCellStr(xlsx.SheetMeta, "A3", "sha256:"+strings.Repeat("0", 64))
		}))
		wantReadError(t, err, xlsx.SheetMeta, 3, 1, "не совпадает")
	})
	t.Run("hash removed", func(t *testing.T) {
		_, err := readBytes(editBook(t, good, func(f *excelize.File) { f.SetCellStr(xlsx.SheetMeta, "A3", "") }))
		wantReadError(t, err, xlsx.SheetMeta, 3, 1, "нет хеша")
	})
	t.Run("same copy stored plain", func(t *testing.T) {
		// Packing is not part of the hash: the same JSON stored plain reads.
		got, err := readBytes(editBook(t, good, func(f *excelize.File) { storeJSON(t, f, string(js)) }))
		if err != nil || !reflect.DeepEqual(got, d) {
			t.Errorf("plain copy: %v", err)
		}
	})
	t.Run("older writer", func(t *testing.T) {
		// kartograf-xlsx/1 recorded the caller's input hash, not
		// necessarily the copy's: such workbooks are read unchecked.
		got, err := readBytes(editBook(t, good, func(f *excelize.File) {
			f.SetCellStr(xlsx.SheetMeta, "A1", FormatTagV1)
			f.SetCellStr(xlsx.SheetMeta, "A3", "sha256:test")
		}))
		if err != nil || !reflect.DeepEqual(got, d) {
			t.Errorf("kartograf-xlsx/1 workbook: %v", err)
		}
	})
}

// findCell is the first cell of sheet whose text starts with prefix.
func findCell(t *testing.T, f *excelize.File, sheet, prefix string) (string, int, int) {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	for r, row := range rows {
		for c, v := range row {
			if v != "" && strings.HasPrefix(v, prefix) {
				name, _ := excelize.CoordinatesToCellName(c+1, r+1)
				return name, r + 1, c + 1
			}
		}
	}
	t.Fatalf("no cell starting with %q on %s", prefix, sheet)
	return "", 0, 0
}

// Edits outside the plan table that do not map back exactly are refused
// naming the sheet and the cell, never dropped by a successful import; an
// untouched or re-typed cell reads as before.
func TestReadEditsOutsidePlan(t *testing.T) {
	seed1 := readRepo(t, "testdata", "seeds", readSeed001+".json")
	analysis := readRepo(t, "testdata", "documents", "analysis.json")
	seed0 := readRepo(t, "testdata", "seeds", "000_f50bb33c8ce6181b.json")
	stamp := writeTemplate(t, seed1).Manifest.Labels.StampLines(seed1.Approvals[0])
	cases := []struct {
		name   string
		d      *document.Document
		sheet  string
		prefix string // the cell to edit starts with this
		value  string // the new text; "" clears the cell
	}{
		// The letterhead is on the first sheet only; a side's stamps
		// share one cell.
		{"stamp", seed1, xlsx.SheetPassport, stamp[0], "от 01.09.2030 № 1"},
		{"passport label", seed1, xlsx.SheetPassport, seed1.Body[0].Passport.Rows[1].Label, "Другое"},
		{"text sheet table", analysis, xlsx.SheetText, analysis.Body[8].Table.Columns[0].Title, "Другой столбец"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			good := readFixture(t, c.d)
			name, row, col := findCell(t, writeOpen(t, good), c.sheet, c.prefix)
			_, err := readBytes(editBook(t, good, func(f *excelize.File) { f.SetCellStr(c.sheet, name, c.value) }))
			wantReadError(t, err, c.sheet, row, col, "ячейка "+name+" изменена")
			if err != nil && !strings.Contains(err.Error(), "вне таблицы мероприятий") && !strings.Contains(err.Error(), "одинаково везде") {
				t.Errorf("the message does not say why: %v", err)
			}
			// The same text typed again is no change.
			f := writeOpen(t, good)
			old, _ := f.GetCellValue(c.sheet, name)
			got, err := readBytes(editBook(t, good, func(f *excelize.File) { f.SetCellStr(c.sheet, name, old) }))
			if err != nil || !reflect.DeepEqual(got, c.d) {
				t.Errorf("re-typed cell: %v", err)
			}
		})
	}
	t.Run("letterhead and a passport value", func(t *testing.T) {
		// The refusal wins over a value that would read back.
		good := readFixture(t, seed1)
		f := writeOpen(t, good)
		value, _, _ := findCell(t, f, xlsx.SheetPassport, xlsx.CellText(seed1.Body[0].Passport.Rows[1].Value)[:20])
		stamp, row, col := findCell(t, f, xlsx.SheetPassport, stamp[0])
		_, err := readBytes(editBook(t, good, func(f *excelize.File) {
			f.SetCellStr(xlsx.SheetPassport, value, "Новое значение")
			f.SetCellStr(xlsx.SheetPassport, stamp, "Другая школа")
		}))
		wantReadError(t, err, xlsx.SheetPassport, row, col, "ячейка "+stamp+" изменена")
	})
	t.Run("text sheet deleted", func(t *testing.T) {
		_, err := readBytes(editBook(t, readFixture(t, seed0), func(f *excelize.File) { f.DeleteSheet(xlsx.SheetText) }))
		wantReadError(t, err, xlsx.SheetText, 0, 0, "лист удалён")
	})
	t.Run("row added to the passport", func(t *testing.T) {
		good := readFixture(t, seed1)
		_, err := readBytes(editBook(t, good, func(f *excelize.File) {
			rows, _ := f.GetRows(xlsx.SheetPassport)
			f.SetCellStr(xlsx.SheetPassport, writeCell(1, len(rows)+1), "Новая строка")
			f.SetCellStr(xlsx.SheetPassport, writeCell(2, len(rows)+1), "Новое значение")
		}))
		rows, _ := writeOpen(t, good).GetRows(xlsx.SheetPassport)
		wantReadError(t, err, xlsx.SheetPassport, len(rows)+1, 1, "изменена")
	})
}

// A passport value written whole into one cell maps back exactly: its
// edit comes into the document, like a plan cell's (a cleared value is
// then the document's validation error, with its path).
func TestReadPassportValueEdit(t *testing.T) {
	d := readRepo(t, "testdata", "seeds", readSeed001+".json")
	good := readFixture(t, d)
	f := writeOpen(t, good)
	rows := d.Body[0].Passport.Rows
	for _, c := range []struct {
		ri   int
		text string
		want document.Content
	}{
		{1, "Новое значение", document.Text("Новое значение")},
		{2, "Первая строка\n– пункт", document.Content{{Text: "Первая строка"}, {List: &document.List{Items: []document.ListItem{{Text: "пункт"}}}}}},
	} {
		name, _, _ := findCell(t, f, xlsx.SheetPassport, xlsx.CellText(rows[c.ri].Value)[:20])
		got, err := readBytes(editBook(t, good, func(f *excelize.File) { f.SetCellStr(xlsx.SheetPassport, name, c.text) }))
		if err != nil {
			t.Fatalf("%s = %q: %v", name, c.text, err)
		}
		want := readRepo(t, "testdata", "seeds", readSeed001+".json")
		want.Body[0].Passport.Rows[c.ri].Value = c.want
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s = %q:\n%s", name, c.text, readDocDiff(got, want))
		}
	}
	name, _, _ := findCell(t, f, xlsx.SheetPassport, xlsx.CellText(rows[1].Value)[:20])
	_, err := readBytes(editBook(t, good, func(f *excelize.File) { f.SetCellStr(xlsx.SheetPassport, name, "") }))
	var ve *document.ValidationError
	if !errors.As(err, &ve) || !strings.Contains(err.Error(), "body[0].passport.rows[1].value") {
		t.Errorf("cleared value: %v", err)
	}
}

// A section row has no status or note: text typed there is refused, not
// dropped.
func TestReadSectionStatusRefused(t *testing.T) {
	for _, col := range []string{xlsx.ColStatus, xlsx.ColNote} {
		p := readOpenPlan(t, readFixture(t, readRepo(t, "testdata", "seeds", readSeed001+".json")))
		row := p.rowOf["s1"]
		p.set(t, col, row, "Выполнено")
		_, err := readBytes(p.bytes(t))
		wantReadError(t, err, xlsx.SheetPlan, row, p.col[col], "у раздела нет статуса")
	}
}

// Values written whole into one cell map back: the organisation and the
// title in the letterhead, the plan's caption, a paragraph of «Текст» —
// edited the same wherever they are shown — come into the document.
func TestReadEditsMapBack(t *testing.T) {
	load := func(name ...string) *document.Document { return readRepo(t, name...) }
	seed0 := []string{"testdata", "seeds", "000_f50bb33c8ce6181b.json"}
	seed1 := []string{"testdata", "seeds", readSeed001 + ".json"}
	type edit struct{ sheet, prefix string }
	cases := []struct {
		name  string
		doc   []string
		edits func(d *document.Document) []edit
		value string
		apply func(d *document.Document, v string)
	}{
		{"organisation on the first sheet", seed1, func(d *document.Document) []edit {
			return []edit{{xlsx.SheetPassport, d.Organization.FullName}}
		}, "МБОУ «Новая школа»", func(d *document.Document, v string) { d.Organization.FullName = v }},
		{"title", seed0, func(d *document.Document) []edit { return []edit{{xlsx.SheetPlan, d.Title}} },
			"Другой заголовок", func(d *document.Document, v string) { d.Title = v }},
		{"plan caption above the plan", seed1, func(d *document.Document) []edit {
			return []edit{{xlsx.SheetPlan, d.Body[1].Heading.Text}}
		}, "План на год", func(d *document.Document, v string) { d.Body[1].Heading.Text = v }},
		{"paragraph", seed0, func(d *document.Document) []edit { return []edit{{xlsx.SheetText, d.Body[2].Paragraph.Text[:40]}} },
			"Другой абзац.", func(d *document.Document, v string) { d.Body[2].Paragraph.Text = v }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := load(c.doc...)
			good := readFixture(t, d)
			f := writeOpen(t, good)
			var cells []string
			for _, e := range c.edits(d) {
				name, _, _ := findCell(t, f, e.sheet, e.prefix)
				cells = append(cells, name)
			}
			got, err := readBytes(editBook(t, good, func(f *excelize.File) {
				for i, e := range c.edits(d) {
					f.SetCellStr(e.sheet, cells[i], c.value)
				}
			}))
			if err != nil {
				t.Fatal(err)
			}
			want := load(c.doc...)
			c.apply(want, c.value)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("read back:\n%s", readDocDiff(got, want))
			}
		})
	}
}
