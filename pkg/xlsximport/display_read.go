package xlsximport

// The display sheets on import. Read takes the plan from the plan sheet
// and everything else from the stored copy, so an edit to the letterhead,
// a stamp, the title, «Паспорт» or «Текст» would be lost while the import
// succeeds. Read therefore lays those sheets out again from the stored copy
// (the same view the writer prints) and compares. A value the writer put
// whole into one cell, typographed (see xlsx.TraceFunc), maps back
// exactly: its edit is carried into the document when every cell that
// shows it has the same new text. Any other difference is refused, naming the sheet and
// the cell: carrying it back would need an inverse of the layout — values
// continued over rows, upper-cased titles, stamp lines built from several
// fields, lists and tables — that does not exist.

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/render/view"
	"github.com/kartograf-ru/kartograf/pkg/render/xlsx"
	"github.com/kartograf-ru/kartograf/pkg/typo"
	"github.com/kartograf-ru/kartograf/templates"
)

// displayWriter lays out the expected display sheets; its fonts load once.
var displayWriter = sync.OnceValue(func() *xlsx.Writer { return xlsx.NewWriter(nil) })

// displayCell is a non-empty cell of a display sheet, 0-based.
type displayCell struct {
	row, col int
	text     string
}

// displayCells lists the non-empty cells of rows in reading order.
func displayCells(rows [][]string) []displayCell {
	var out []displayCell
	for r, row := range rows {
		for c, s := range row {
			if strings.TrimSpace(s) != "" {
				out = append(out, displayCell{r, c, s})
			}
		}
	}
	return out
}

func (o ReadOptions) template(d *document.Document, ref string) (*templates.Version, error) {
	if o.Template != nil {
		return o.Template(d, ref)
	}
	reg, err := builtinTemplates()
	if err != nil {
		return nil, err
	}
	if ref == "" {
		ref = d.Template
	}
	if ref == "" {
		return reg.Default(string(d.Kind))
	}
	return reg.Resolve(ref)
}

// checkDisplay compares the display cells of f — the rows of the plan
// sheet above its header (planHead: that many rows of planRows), «Паспорт»
// and the text sheets — with what the writer makes of the stored document
// d; tag is the workbook's format tag: an earlier layout is compared word
// by word (compareEarlier).
func (o ReadOptions) checkDisplay(f *excelize.File, d *document.Document, ref string, planRows [][]string, planHead int, tag string) error {
	v, err := o.template(d, ref)
	if err != nil {
		return &ReadError{Sheet: xlsx.SheetMeta, Row: 2, Col: 1, Msg: "шаблон книги не найден: " + err.Error(), Err: err}
	}
	// The plan's rows are not needed, only its columns (they place the
	// letterhead): render a copy of d whose first plan has no sections.
	dd := *d
	dd.Body = append([]document.Block(nil), d.Body...)
	for i := range dd.Body {
		if p := dd.Body[i].Plan; p != nil {
			dd.Body[i].Plan = &document.Plan{Columns: p.Columns}
			// Whether the monitoring columns print changes the letterhead's
			// columns: one measure with a status or note keeps that.
		monitored:
			for _, s := range p.Sections {
				for _, m := range s.Items {
					if m.Status != "" || m.Note != "" {
						dd.Body[i].Plan.Sections = []document.Section{{Title: s.Title, Items: []document.Measure{m}}}
						break monitored
					}
				}
			}
			break
		}
	}
	type place struct {
		sheet    string
		row, col int // 0-based
	}
	var fields []any // in the order the writer met them
	places := map[any][]place{}
	onCell := func(sheet string, row, col int, field any) {
		if places[field] == nil {
			fields = append(fields, field)
		}
		places[field] = append(places[field], place{sheet, row - 1, col - 1})
	}
	var buf bytes.Buffer
	vw, err := view.Build(context.Background(), &dd, v, view.Meta{Template: ref})
	if err == nil {
		err = displayWriter().Trace(context.Background(), &buf, vw, onCell)
	}
	if err != nil {
		return &ReadError{Sheet: xlsx.SheetMeta, Row: 4, Col: 1, Msg: "сохранённый документ не раскладывается в книгу: " + err.Error(), Err: err}
	}
	want, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		return fmt.Errorf("xlsx: ожидаемая книга: %w", err)
	}
	defer want.Close()

	// The sheets as they are (got) and as the stored copy makes them (exp).
	type sheetPair struct{ got, exp [][]string }
	sheets := map[string]*sheetPair{}
	var wantPlan [][]string
	if i, err := want.GetSheetIndex(xlsx.SheetPlan); err == nil && i >= 0 {
		if wantPlan, err = sheetRows(want, xlsx.SheetPlan, MaxRows); err != nil {
			return err
		}
	}
	wantHead := len(wantPlan)
	for r, row := range wantPlan {
		if len(row) > 0 && row[len(row)-1] == xlsx.ColKey {
			wantHead = r
			break
		}
	}
	// A kartograf-xlsx/3 workbook is laid out as today's unless today's
	// has a further text sheet (narrative after a plan or passport sheet).
	if tag == FormatTagV1 || tag == FormatTagV2 || tag == FormatTagV3 && hasSheet(want, xlsx.TextSheet(1)) {
		return compareEarlier(f, want, planRows, planHead, wantPlan[:wantHead])
	}
	// Cells are patched below: the plan sheet's rows are copied first.
	sheets[xlsx.SheetPlan] = &sheetPair{slices.Clone(planRows[:min(planHead, len(planRows))]), wantPlan[:wantHead]}
	order := []string{xlsx.SheetPlan}
	for _, name := range displaySheets(want)[1:] {
		if !hasSheet(f, name) {
			return &ReadError{Sheet: name, Msg: "лист удалён; его содержимое берётся из сохранённого документа, и удаление не перенесётся в документ — верните лист или измените документ в JSON"}
		}
		got, err := sheetRows(f, name, MaxRows)
		if err != nil {
			return err
		}
		exp, err := sheetRows(want, name, MaxRows)
		if err != nil {
			return err
		}
		sheets[name] = &sheetPair{got, exp}
		order = append(order, name)
	}

	// The writer prints the view's typographed text. A cell that holds the
	// text before typography (a workbook of an earlier writer, or the
	// author's plain quotes typed again) is no change.
	for _, name := range order {
		sp := sheets[name]
		for r, row := range sp.got {
			for c, g := range row {
				if e := cellAt(sp.exp, r, c); g != e && g != "" && typo.Typograph(g) == e {
					sp.got = setCell(sp.got, r, c, e)
				}
			}
		}
	}

	// A value that maps back is taken when every cell that shows it (a
	// value may be shown more than once) has the same new text; that cell is then
	// compared as it was written, so the rest must still match exactly.
	var edits []func()
	for _, field := range fields {
		var (
			text           string
			edited, mixed  bool
			first, unmoved *place
		)
		for i := range places[field] {
			pl := &places[field][i]
			sp := sheets[pl.sheet]
			if sp == nil {
				continue
			}
			g := cellAt(sp.got, pl.row, pl.col)
			switch {
			case g == cellAt(sp.exp, pl.row, pl.col):
				unmoved = pl
			case !edited:
				text, edited, first = g, true, pl
			case g != text:
				mixed = true
			}
		}
		if !edited {
			continue
		}
		if mixed || unmoved != nil {
			other := unmoved
			if other == nil {
				other = &places[field][len(places[field])-1]
			}
			name, _ := excelize.CoordinatesToCellName(first.col+1, first.row+1)
			oname, _ := excelize.CoordinatesToCellName(other.col+1, other.row+1)
			return &ReadError{Sheet: first.sheet, Row: first.row + 1, Col: first.col + 1,
				Msg: fmt.Sprintf("ячейка %s изменена, а тот же текст на листе «%s» в ячейке %s — нет или иначе; измените его одинаково везде или в JSON",
					name, other.sheet, oname)}
		}
		for _, pl := range places[field] {
			if sp := sheets[pl.sheet]; sp != nil {
				sp.got = setCell(sp.got, pl.row, pl.col, cellAt(sp.exp, pl.row, pl.col))
			}
		}
		edits = append(edits, editOf(d, field, text))
	}
	for _, name := range order {
		if err := compareDisplay(name, sheets[name].got, sheets[name].exp); err != nil {
			return err
		}
	}
	for _, e := range edits {
		e()
	}
	return nil
}

// setCell sets rows[r][c] to s, on a copy of the row, growing rows as
// needed.
func setCell(rows [][]string, r, c int, s string) [][]string {
	for len(rows) <= r {
		rows = append(rows, nil)
	}
	row := slices.Clone(rows[r])
	for len(row) <= c {
		row = append(row, "")
	}
	row[c] = s
	rows[r] = row
	return rows
}

// editOf carries text into the document value field (see xlsx.TraceFunc).
func editOf(d *document.Document, field any, text string) func() {
	return func() {
		switch f := field.(type) {
		case xlsx.PassportValue:
			f.Passport.Rows[f.Row].Value = ParseCellText(text)
		case *document.Heading:
			f.Text = text
		case *document.Paragraph:
			f.Text = text
		case xlsx.Field:
			switch f {
			case xlsx.FieldParent:
				d.Organization.Parent = text
			case xlsx.FieldOrganization:
				d.Organization.FullName = text
			case xlsx.FieldTitle:
				d.Title = text
			case xlsx.FieldSubtitle:
				d.Subtitle = text
			}
		}
	}
}

// compareDisplay compares the non-empty cells of got and want in reading
// order, so that only the texts count (not which of the merged cells holds
// them); the first difference is reported at the earlier of the two cells
// it concerns.
func compareDisplay(sheet string, got, want [][]string) error {
	g, w := displayCells(got), displayCells(want)
	for i := 0; i < max(len(g), len(w)); i++ {
		var at displayCell
		switch {
		case i >= len(g):
			at = w[i]
		case i >= len(w):
			at = g[i]
		case g[i] == w[i]:
			continue
		case w[i].row < g[i].row || w[i].row == g[i].row && w[i].col < g[i].col:
			at = w[i]
		default:
			at = g[i]
		}
		was, is := cellAt(want, at.row, at.col), cellAt(got, at.row, at.col)
		name, _ := excelize.CoordinatesToCellName(at.col+1, at.row+1)
		return &ReadError{Sheet: sheet, Row: at.row + 1, Col: at.col + 1,
			Msg: fmt.Sprintf("ячейка %s изменена: было %s, стало %s; изменения вне таблицы мероприятий не переносятся в документ — внесите их в JSON или верните прежний текст",
				name, quote(was), quote(is))}
	}
	return nil
}

func cellAt(rows [][]string, r, c int) string {
	if r < len(rows) && c < len(rows[r]) {
		return rows[r][c]
	}
	return ""
}

// quote shows a cell's text in a message: «…», cut after 60 characters.
func quote(s string) string {
	if strings.TrimSpace(s) == "" {
		return "пусто"
	}
	if utf8.RuneCountInString(s) > 60 {
		s = string([]rune(s)[:60]) + "…"
	}
	return "«" + strings.ReplaceAll(s, "\n", " ") + "»"
}
