package xlsximport

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/render/xlsx"
	"github.com/kartograf-ru/kartograf/pkg/typo"
)

// afterPlanDoc is plan-no-sections.json with a second paragraph after the
// plan: «paragraph, plan, paragraph, signature».
func afterPlanDoc(t *testing.T) *document.Document {
	d := readRepo(t, "testdata", "documents", "plan-no-sections.json")
	after := "По итогам года Управление образования готовит аналитическую справку о выполнении плана."
	d.Body = slices.Insert(d.Body, 2, document.Block{Paragraph: &document.Paragraph{Text: after}})
	return d
}

// The narrative after the plan is on «Текст (2)»: the workbook reads back
// as written, an edited paragraph there is taken as one on «Текст» is, an
// edited signature is refused naming the cell, a deleted sheet is refused.
func TestReadNarrativeAfterPlan(t *testing.T) {
	d := afterPlanDoc(t)
	good := readFixture(t, d)
	second := xlsx.TextSheet(1)
	if !slices.Contains(writeOpen(t, good).GetSheetList(), second) {
		t.Fatalf("the workbook has no sheet «%s»", second)
	}
	got, err := readBytes(good)
	if err != nil || !reflect.DeepEqual(got, d) {
		t.Fatalf("unchanged: %v\n%s", err, readDocDiff(got, d))
	}

	t.Run("paragraph edited", func(t *testing.T) {
		cell, _, _ := findCell(t, writeOpen(t, good), second, d.Body[2].Paragraph.Text[:30])
		got, err := readBytes(editBook(t, good, func(f *excelize.File) {
			f.SetCellStr(second, cell, "Справка готовится к 25 декабря.")
		}))
		if err != nil {
			t.Fatal(err)
		}
		want := afterPlanDoc(t)
		want.Body[2].Paragraph.Text = "Справка готовится к 25 декабря."
		if !reflect.DeepEqual(got, want) {
			t.Errorf("read back:\n%s", readDocDiff(got, want))
		}
	})
	t.Run("signature edited", func(t *testing.T) {
		pos := typo.Typograph(d.Body[3].Signature.Position)
		cell, row, col := findCell(t, writeOpen(t, good), second, pos)
		_, err := readBytes(editBook(t, good, func(f *excelize.File) { f.SetCellStr(second, cell, "Заместитель начальника") }))
		wantReadError(t, err, second, row, col, "ячейка "+cell+" изменена")
	})
	t.Run("sheet deleted", func(t *testing.T) {
		_, err := readBytes(editBook(t, good, func(f *excelize.File) { f.DeleteSheet(second) }))
		wantReadError(t, err, second, 0, 0, "лист удалён")
	})
}

// A workbook of kartograf-xlsx/3 printed the narrative after the plan on
// «Текст» too: it reads, its display sheets compared word by word, and a
// word changed there is refused.
func TestReadNarrativeAfterPlanV3(t *testing.T) {
	d := afterPlanDoc(t)
	good := readFixture(t, d)
	second := xlsx.TextSheet(1)
	// The previous layout: «Текст (2)»'s cells below those of «Текст».
	v3 := func(f *excelize.File) {
		f.SetCellStr(xlsx.SheetMeta, "A1", FormatTagV3)
		rows, _ := f.GetRows(xlsx.SheetText)
		more, _ := f.GetRows(second)
		for i, r := range more {
			for c, v := range r {
				f.SetCellStr(xlsx.SheetText, writeCell(c+1, len(rows)+i+1), v)
			}
		}
		f.DeleteSheet(second)
	}
	got, err := readBytes(editBook(t, good, v3))
	if err != nil || !reflect.DeepEqual(got, d) {
		t.Fatalf("kartograf-xlsx/3, unchanged: %v", err)
	}
	var row, col int
	_, err = readBytes(editBook(t, good, func(f *excelize.File) {
		v3(f)
		var cell string
		cell, row, col = findCell(t, f, xlsx.SheetText, d.Body[2].Paragraph.Text[:30])
		f.SetCellStr(xlsx.SheetText, cell, strings.Replace(d.Body[2].Paragraph.Text, "справку", "записку", 1))
	}))
	wantReadError(t, err, xlsx.SheetText, row, col, "слова «записку» нет в сохранённом документе")
}
