package xlsximport

// What the plan sheet reader checks besides the rows it reads: the header
// titles and every cell the writer did not fill. The rule (as for the
// display sheets): an edit is read back from the visible cells or refused
// naming the sheet and the cell, never dropped while the import succeeds.

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/kartograf-ru/kartograf/internal/lazyre"

	"github.com/xuri/excelize/v2"

	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/render/xlsx"
	"github.com/kartograf-ru/kartograf/pkg/typo"
)

// keyRE is a row key as the writer writes it (see parseKey).
var keyRE = lazyre.New(`^(s\d+|m\d+\.\d+)$`)

// cellName is the A1 name of 0-based (row, col).
func cellName(r, c int) string {
	name, err := excelize.CoordinatesToCellName(c+1, r+1)
	if err != nil {
		return "R" + strconv.Itoa(r+1) + "C" + strconv.Itoa(c+1)
	}
	return name
}

// checkHeader compares the header row's titles with the columns'. A plan
// column's title that changed maps to exactly one value when the plan
// declares its own columns: it is carried back (p.titles). Titles of the
// template's columns belong to the template version, and «Статус»,
// «Отметка о выполнении» to the workbook: their change is refused. So is a
// title moved to another column: the order of columns is not read back.
func (p *planReader) checkHeader() error {
	r := p.header
	isTitle := func(got string, c document.Column) bool {
		return got == strings.TrimSpace(c.Title) || got == strings.TrimSpace(typo.Typograph(c.Title))
	}
	for i, c := range p.cols {
		got := strings.TrimSpace(p.cell(r, p.colIdx[i]))
		if isTitle(got, c) {
			continue
		}
		name := cellName(r, p.colIdx[i])
		printed := typo.Typograph(c.Title)
		for j, o := range p.cols {
			if j != i && isTitle(got, o) {
				return &ReadError{Sheet: xlsx.SheetPlan, Row: r + 1, Col: p.colIdx[i] + 1,
					Msg: fmt.Sprintf("в ячейке %s заголовок «%s» вместо «%s»: столбцы переставлены или переименованы одинаково, а порядок столбцов не переносится в документ — верните прежний заголовок или измените столбцы плана в JSON",
						name, got, printed)}
			}
		}
		if !p.ownCols {
			tmpl := ""
			if p.templateRef != "" {
				tmpl = " " + p.templateRef
			}
			return &ReadError{Sheet: xlsx.SheetPlan, Row: r + 1, Col: p.colIdx[i] + 1,
				Msg: fmt.Sprintf("заголовок столбца в ячейке %s изменён: было «%s», стало «%s»; названия столбцов этого плана берутся из версии шаблона%s, и изменение не перенесётся в документ — объявите столбцы плана в JSON (plan.columns) с новым названием или верните прежний заголовок",
					name, printed, got, tmpl)}
		}
		if p.titles == nil {
			p.titles = make([]string, len(p.cols))
			for j, o := range p.cols {
				p.titles[j] = o.Title
			}
		}
		p.titles[i] = got
	}
	for _, m := range []struct {
		col   int
		title string
	}{{p.status, xlsx.ColStatus}, {p.note, xlsx.ColNote}} {
		if got := strings.TrimSpace(p.cell(r, m.col)); got != m.title {
			return &ReadError{Sheet: xlsx.SheetPlan, Row: r + 1, Col: m.col + 1,
				Msg: fmt.Sprintf("заголовок в ячейке %s изменён: было «%s», стало %s; заголовки столбцов мониторинга («%s», «%s») задаёт книга, и изменение не перенесётся в документ — верните прежний заголовок",
					cellName(r, m.col), m.title, quote(got), xlsx.ColStatus, xlsx.ColNote)}
		}
	}
	return nil
}

// checkOutside refuses text in any cell of the header row and below that
// is in none of the columns read (plan columns, status, note, key): right
// of the key column, in a column a person inserted, below the table.
// Rows above the header are compared with the letterhead (checkDisplay).
func (p *planReader) checkOutside() error {
	read := make([]bool, p.key+1)
	for _, c := range p.colIdx {
		read[c] = true
	}
	read[p.status], read[p.note], read[p.key] = true, true, true
	for r := p.header; r < len(p.rows); r++ {
		for c, s := range p.rows[r] {
			if c < len(read) && read[c] || strings.TrimSpace(s) == "" {
				continue
			}
			return &ReadError{Sheet: xlsx.SheetPlan, Row: r + 1, Col: c + 1,
				Msg: fmt.Sprintf("текст %s в ячейке %s вне таблицы мероприятий не переносится в документ — перенесите его в столбец «%s» или удалите",
					quote(s), cellName(r, c), xlsx.ColNote)}
		}
	}
	return nil
}

// headerCopy checks row r, whose key cell holds the key column's title: a
// copy of the header row, skipped when its every cell is the header's.
func (p *planReader) headerCopy(r int) error {
	cols := append(append([]int(nil), p.colIdx...), p.status, p.note)
	for _, c := range cols {
		if got, want := strings.TrimSpace(p.cell(r, c)), strings.TrimSpace(p.cell(p.header, c)); got != want {
			return &ReadError{Sheet: xlsx.SheetPlan, Row: r + 1, Col: c + 1,
				Msg: fmt.Sprintf("строка повторяет строку заголовка (в скрытом столбце «%s»), но в ячейке %s записано %s, а в заголовке (строка %d) %s; заголовок читается только из строки %d — исправьте копию или удалите её",
					xlsx.ColKey, cellName(r, c), quote(got), p.header+1, quote(want), p.header+1)}
		}
	}
	return nil
}

// monitorNumbers reports whether the status and note cells of a
// column-number row are empty or continue the numbering, so that skipping
// the row drops nothing.
func (p *planReader) monitorNumbers(r int) bool {
	n := len(p.cols)
	for i, c := range []int{p.status, p.note} {
		if v := strings.TrimSpace(p.cell(r, c)); v != "" && v != strconv.Itoa(n+1+i) {
			return false
		}
	}
	return true
}
