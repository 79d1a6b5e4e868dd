package docx

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/kartograf-ru/kartograf/pkg/document"
)

// The rows kxrows knows: the elements of a passport, a plan's sections and
// their measures, a table's rows, by pointer so that walking them copies
// nothing.
var (
	zeroPassportRow PassportRow
	zeroSection     Section
	zeroItem        Item
	zeroRow         Row
)

// rowValue is the field of a row a fused paragraph or condition reads, as
// the template would pass it.
func rowValue(e any, name string) (any, bool) {
	switch x := e.(type) {
	case *PassportRow:
		switch name {
		case "Label":
			return x.Label, true
		case "Value":
			return x.Value, true
		}
	case *Section:
		switch name {
		case "Number":
			return x.Number, true
		case "Title":
			return x.Title, true
		}
	case *Item:
		switch name {
		case "Number":
			return x.Number, true
		case "Status":
			return x.Status, true
		case "Note":
			return x.Note, true
		}
	}
	return nil, false
}

// rowShown is kxrow of the row's fields: false only when every one is an
// empty RowText (only a section's are RowText).
func rowShown(e any, fields []string) bool {
	s, ok := e.(*Section)
	if !ok {
		return len(fields) > 0
	}
	for _, f := range fields {
		if t := s.Number; f == "Number" && t != "" {
			return true
		}
		if t := s.Title; f == "Title" && t != "" {
			return true
		}
	}
	return false
}

// rowCells is a row's cells, which the fused cells write.
func rowCells(e any, name string) ([]Cell, bool) {
	if name != "Cells" {
		return nil, false
	}
	switch x := e.(type) {
	case *Item:
		return x.Cells, true
	case *Row:
		return x.Cells, true
	}
	return nil, false
}

// rowList is a row's nested list of rows (a section's measures).
func rowList(e any, name string) (any, bool) {
	if x, ok := e.(*Section); ok && name == "Items" {
		return x.Items, true
	}
	return nil, false
}

// firstRow is a zero element of a list kxrows knows, to check the ops
// against, and the list's length.
func firstRow(list any) (any, int, bool) {
	switch l := list.(type) {
	case []PassportRow:
		return &zeroPassportRow, len(l), true
	case []Section:
		return &zeroSection, len(l), true
	case []Item:
		return &zeroItem, len(l), true
	case []Row:
		return &zeroRow, len(l), true
	}
	return nil, 0, false
}

func rowAt(list any, i int) any {
	switch l := list.(type) {
	case []PassportRow:
		return &l[i]
	case []Section:
		return &l[i]
	case []Item:
		return &l[i]
	case []Row:
		return &l[i]
	}
	return nil
}

// rowsFit reports whether every op can be carried out on rows like e:
// then kxrows writes them all, else nothing.
func (c *compiled) rowsFit(ops []rowOp, e any, grid bool) bool {
	for _, op := range ops {
		switch op.kind {
		case rowPara:
			if _, ok := rowContent(e, op.field); !ok {
				return false
			}
		case rowIf:
			for _, f := range op.fields {
				if _, ok := rowValue(e, f); !ok {
					return false
				}
			}
			if !c.rowsFit(op.kids, e, grid) {
				return false
			}
		case rowCellsOp:
			if _, ok := rowCells(e, op.field); !ok || !c.cellsFit(op.n) {
				return false
			}
		case rowRange:
			l, ok := rowList(e, op.field)
			if !ok {
				return false
			}
			z, _, ok := firstRow(l)
			if !ok || !c.rowsFit(op.kids, z, grid) {
				return false
			}
		case rowSpan, rowSpanW:
			if !grid {
				return false
			}
		}
	}
	return true
}

// cellsFit reports whether kxcells writes fused cells f for a list of
// cells (it reports false, writing nothing, otherwise).
func (c *compiled) cellsFit(f int) bool {
	if f < 0 || f >= len(c.fused) {
		return false
	}
	for _, op := range c.fused[f].ops {
		if op.kind == opPara {
			if _, ok := fusedField(Cell{}, op.field); !ok {
				return false
			}
		}
	}
	return true
}

var errRowsCells = errors.New("внутренняя ошибка: строки таблицы без ячеек")

// kxrows writes fused row range f for every element of list straight to
// the part being executed and reports true; for a list or fields it does
// not know it writes nothing and reports false, and the template's own
// range prints the rows. vars holds the table's grid columns when the
// rows' spans need them.
func (c *compiled) kxrows(s *state, f int, list any, vars ...any) (bool, error) {
	if s == nil || s.out == nil || f < 0 || f >= len(c.rows) {
		return false, nil
	}
	r := c.rows[f]
	var grid []Column
	if r.grid {
		if len(vars) != 1 {
			return false, nil
		}
		g, ok := vars[0].([]Column)
		if !ok {
			return false, nil
		}
		grid = g
	} else if len(vars) != 0 {
		return false, nil
	}
	z, _, ok := firstRow(list)
	if !ok || !c.rowsFit(r.ops, z, r.grid) {
		return false, nil
	}
	w := rowsWriter{c: c, s: s, grid: grid}
	if err := w.each(list, r.ops); err != nil {
		return false, err
	}
	s.rowRanges++
	return true, nil
}

type rowsWriter struct {
	c    *compiled
	s    *state
	grid []Column
}

func (w *rowsWriter) each(list any, ops []rowOp) error {
	_, n, _ := firstRow(list)
	for i := range n {
		if err := w.row(rowAt(list, i), i, n, ops); err != nil {
			return err
		}
	}
	return nil
}

// row writes one row, i of n, as the range body would.
func (w *rowsWriter) row(e any, i, n int, ops []rowOp) error {
	b := w.s.out
	for _, op := range ops {
		switch op.kind {
		case rowText:
			b.WriteString(op.text)
		case rowPara:
			if err := w.c.rowPara(w.s, b, op.ctx, e, op.field); err != nil {
				return err
			}
		case rowIf:
			if rowShown(e, op.fields) {
				if err := w.row(e, i, n, op.kids); err != nil {
					return err
				}
			}
		case rowCellsOp:
			cells, _ := rowCells(e, op.field)
			ok, err := w.c.kxcells(w.s, op.n, cells)
			if err != nil {
				return err
			}
			if !ok {
				return errRowsCells
			}
		case rowRange:
			l, _ := rowList(e, op.field)
			if err := w.each(l, op.kids); err != nil {
				return err
			}
		case rowSpan:
			writeInt(b, max(len(w.grid)-op.n, 1))
		case rowSpanW:
			sum := 0
			for k := min(op.n, len(w.grid)); k < len(w.grid); k++ {
				sum += max(w.grid[k].twips(), 1)
			}
			writeInt(b, max(sum, 1))
		case rowKeep:
			kxkeep(w.s, i, n)
		case rowKeepReset:
			kxkeep(w.s, 0, 0)
		}
	}
	return nil
}

// writeInt writes n in decimal, as the template prints an int, without
// the string strconv.Itoa allocates for every width above 99.
func writeInt(b *partOut, n int) {
	var a [20]byte
	b.Write(strconv.AppendInt(a[:0], int64(n), 10))
}

// rowPara is para of a row's field with the row as the dot: the dot
// matters to a paragraph only when it is a cell, which no row is, and
// every field a row prints is text or rich content, written as para
// writes them without boxing them for it.
func (c *compiled) rowPara(s *state, b textSink, idx int, e any, field string) error {
	if err := s.cancelled(); err != nil {
		return err
	}
	if idx < 0 || idx >= len(c.ctxs) {
		return fmt.Errorf("внутренняя ошибка: контекст %d", idx)
	}
	content, _ := rowContent(e, field)
	ctx := &c.ctxs[idx]
	return c.paraContent(s, b, ctx, ctx.pPr, ctx.rPr, content)
}

// rowContent is the field of a row a fused paragraph prints, as para
// reads it: rich content as it is, text as one part, "" as nothing.
func rowContent(e any, name string) (document.Content, bool) {
	switch x := e.(type) {
	case *PassportRow:
		switch name {
		case "Label":
			return textContent(x.Label), true
		case "Value":
			return x.Value, true
		}
	case *Section:
		switch name {
		case "Number":
			return textContent(string(x.Number)), true
		case "Title":
			return textContent(string(x.Title)), true
		}
	case *Item:
		switch name {
		case "Number":
			return textContent(x.Number), true
		case "Status":
			return textContent(x.Status), true
		case "Note":
			return textContent(x.Note), true
		}
	}
	return nil, false
}

func textContent(s string) document.Content {
	if s == "" {
		return nil
	}
	return document.Text(s)
}
