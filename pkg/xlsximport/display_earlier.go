package xlsximport

// Display sheets of workbooks of an earlier layout (FormatTagV1,
// FormatTagV2): the letterhead was on the plan sheet and on «Паспорт», a
// stamp took a row a line, the plan's caption was also in «Текст», a
// document without a plan had a plan sheet; FormatTagV3 had the narrative
// after the plan on «Текст» too. Their cells cannot be compared
// place by place with today's layout, so their words are: a word the
// workbook shows outside the plan table that the stored document does not
// print, or one it prints that the workbook lost, is an edit, refused
// naming a cell; nothing there maps back into the document.

import (
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/kartograf-ru/kartograf/pkg/render/xlsx"
	"github.com/kartograf-ru/kartograf/pkg/typo"
)

// displaySheets are the sheets of file whose cells are display only, in
// order: the plan sheet (always first, whether file has it or not), then
// those of «Паспорт» and the text sheets that file has.
func displaySheets(file *excelize.File) []string {
	out := []string{xlsx.SheetPlan}
	if hasSheet(file, xlsx.SheetPassport) {
		out = append(out, xlsx.SheetPassport)
	}
	for i := 0; hasSheet(file, xlsx.TextSheet(i)); i++ {
		out = append(out, xlsx.TextSheet(i))
	}
	return out
}

func hasSheet(file *excelize.File, name string) bool {
	i, err := file.GetSheetIndex(name)
	return err == nil && i >= 0
}

// compareEarlier compares the words of got's display cells (the plan
// sheet's above its header: planHead rows of planRows) with those of
// want's (today's layout of the stored document, its plan sheet's above
// the header: wantPlan).
func compareEarlier(f, want *excelize.File, planRows [][]string, planHead int, wantPlan [][]string) error {
	words := func(s string) []string { return strings.Fields(typo.Typograph(strings.ReplaceAll(s, "\u00a0", " "))) }
	norm := func(w string) string { return strings.ReplaceAll(w, "\u00a0", " ") }
	type at struct {
		sheet    string
		row, col int
	}
	gotWords := map[string]at{}
	wantWords := map[string]bool{}
	collect := func(file *excelize.File, plan [][]string, into func(sheet string, r, c int, w string)) error {
		for _, name := range displaySheets(file) {
			rows := plan
			if name != xlsx.SheetPlan {
				var err error
				if rows, err = sheetRows(file, name, MaxRows); err != nil {
					return err
				}
			}
			for r, row := range rows {
				for c, s := range row {
					for _, w := range words(s) {
						into(name, r, c, norm(w))
					}
				}
			}
		}
		return nil
	}
	if err := collect(f, planRows[:min(planHead, len(planRows))], func(sheet string, r, c int, w string) {
		if _, ok := gotWords[w]; !ok {
			gotWords[w] = at{sheet, r, c}
		}
	}); err != nil {
		return err
	}
	if err := collect(want, wantPlan, func(_ string, _, _ int, w string) { wantWords[w] = true }); err != nil {
		return err
	}
	const why = "книга записана прежней версией, и изменения вне таблицы мероприятий в ней не переносятся в документ — внесите их в JSON или верните прежний текст"
	// Reported in sheet and cell order for a stable message.
	for _, name := range displaySheets(f) {
		best := at{row: -1}
		word := ""
		for w, a := range gotWords {
			if a.sheet == name && !wantWords[w] && (best.row < 0 || a.row < best.row || a.row == best.row && (a.col < best.col || a.col == best.col && w < word)) {
				best, word = a, w
			}
		}
		if best.row >= 0 {
			cell, _ := excelize.CoordinatesToCellName(best.col+1, best.row+1)
			return &ReadError{Sheet: name, Row: best.row + 1, Col: best.col + 1,
				Msg: fmt.Sprintf("ячейка %s изменена: слова «%s» нет в сохранённом документе; %s", cell, word, why)}
		}
	}
	missing := ""
	for w := range wantWords {
		if _, ok := gotWords[w]; !ok && (missing == "" || w < missing) {
			missing = w
		}
	}
	if missing != "" {
		return &ReadError{Sheet: xlsx.SheetPlan, Msg: fmt.Sprintf("текст вне таблицы мероприятий изменён: слова «%s» из сохранённого документа нет ни на одном листе; %s", missing, why)}
	}
	return nil
}
