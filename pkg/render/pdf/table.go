package pdf

import (
	"errors"
	"strconv"

	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/render/view"
)

// A table is laid out as rows of cells; every cell is already wrapped into
// lines, so splitting a row across pages is slicing its cells' lines.

type cline struct {
	marker  string  // list marker drawn at markerX, on the item's first line
	markerX float64 // offset of the marker from the cell's text left
	text    string
	dx      float64 // offset of the text from the cell's text left
	width   float64
}

type cell struct {
	col, span int
	style     int
	align     string // left, center, right
	lines     []cline
	band      band    // in a banded (two-row) header: which rows it fills
	size      float64 // font size when not the table's (a number shrunk to fit)
}

type rowKind uint8

const (
	rowBody rowKind = iota
	rowHeader
	rowSection
)

type row struct {
	kind   rowKind
	cells  []cell
	keep   bool // keep with the next row (section rows)
	cont   bool // continuation of a row split by a page break
	banded bool // a two-row header of group and column titles (tablehead.go)
}

func (r *row) maxLines() int {
	n := 0
	for _, c := range r.cells {
		n = max(n, len(c.lines))
	}
	return n
}

// split returns the first k lines of every cell and the rest.
func (r *row) split(k int) (head, tail row) {
	head = row{kind: r.kind, cont: r.cont}
	tail = row{kind: r.kind, cont: true}
	for _, c := range r.cells {
		h, t := c, c
		if len(c.lines) > k {
			h.lines, t.lines = c.lines[:k], c.lines[k:]
		} else {
			t.lines = nil
		}
		head.cells = append(head.cells, h)
		tail.cells = append(tail.cells, t)
	}
	return head, tail
}

type tableStyle struct {
	colX    []float64 // left edges of the columns plus the right edge of the last
	size    float64
	padX    float64
	padY    float64
	border  float64
	header  []row // repeated on every page the table spans
	contLbl string
}

// newTableStyle places the columns by the view's fractions of the text
// width; the last edge is the frame's right so that rounding leaves no gap.
func (l *layout) newTableStyle(cols []view.Column, size float64) *tableStyle {
	ts := &tableStyle{size: size, border: 0.5, colX: make([]float64, 0, len(cols)+1)}
	x := l.left
	ts.colX = append(ts.colX, x)
	for _, c := range cols {
		x += c.Frac * l.width()
		ts.colX = append(ts.colX, x)
	}
	ts.colX[len(ts.colX)-1] = l.right
	pad := l.m.Plan.CellPadMM * mm
	if pad <= 0 {
		pad = 1.2 * mm
	}
	ts.padX = pad
	ts.padY = pad * 0.6
	return ts
}

// textBox is the horizontal extent available to text in a cell.
func (ts *tableStyle) textBox(c cell) (x0, x1 float64) {
	return ts.colX[c.col] + ts.padX, ts.colX[c.col+c.span] - ts.padX
}

func (ts *tableStyle) rowHeight(l *layout, r *row) float64 {
	if r.banded {
		h0, h1 := ts.bandHeights(l, r)
		return h0 + h1
	}
	return float64(r.maxLines())*l.lineHeight(ts.size) + 2*ts.padY
}

// textCell wraps plain text into a cell.
func (l *layout) textCell(ts *tableStyle, col, span, style int, align, s string) cell {
	c := cell{col: col, span: span, style: style, align: align}
	x0, x1 := ts.textBox(c)
	c.lines = l.lineScratch[:0]
	for _, ln := range l.cellLines(style, ts.size, s, x1-x0) {
		c.lines = append(c.lines, cline{text: ln.Text, width: ln.Width})
	}
	l.lineScratch = c.lines[:0]
	c.lines = l.keepLines(c.lines)
	return c
}

// contentCell wraps rich content (paragraphs and lists) into a cell.
func (l *layout) contentCell(ts *tableStyle, col, span, style int, content document.Content) cell {
	c := cell{col: col, span: span, style: style, align: "left"}
	x0, x1 := ts.textBox(c)
	c.lines = l.lineScratch[:0] // listLines appends to it too
	for _, p := range content {
		if p.List != nil {
			l.listLines(&c, p.List, 0, x1-x0, ts.size, style)
			continue
		}
		for _, ln := range l.cellLines(style, ts.size, p.Text, x1-x0) {
			c.lines = append(c.lines, cline{text: ln.Text, width: ln.Width})
		}
	}
	l.lineScratch = c.lines[:0]
	c.lines = l.keepLines(c.lines)
	return c
}

func (l *layout) listLines(c *cell, list *document.List, indent, width, size float64, style int) {
	m := l.measurer(style, size)
	markerW := 0.0
	for i := range list.Items {
		markerW = max(markerW, m.Width(list.ItemMarker(i)))
	}
	textDX := indent + markerW + m.Width(" ")
	if textDX > width/2 {
		textDX = indent // too narrow for a hanging indent
	}
	for i, it := range list.Items {
		lines := l.cellLines(style, size, it.Text, width-textDX)
		for j, ln := range lines {
			cl := cline{text: ln.Text, dx: textDX, width: ln.Width}
			if j == 0 {
				cl.marker, cl.markerX = list.ItemMarker(i), indent
			}
			c.lines = append(c.lines, cl)
		}
		if len(lines) == 0 {
			c.lines = append(c.lines, cline{marker: list.ItemMarker(i), markerX: indent, dx: textDX})
		}
		if it.List != nil {
			l.listLines(c, it.List, textDX, width, size, style)
		}
	}
}

// drawRow draws a row (or a split part of one) at the current y.
func (l *layout) drawRow(ts *tableStyle, r *row) {
	if r.banded {
		l.drawBanded(ts, r)
		return
	}
	h := ts.rowHeight(l, r)
	lh := l.lineHeight(ts.size)
	top := l.y
	for _, c := range r.cells {
		x0, x1 := ts.textBox(c)
		size := ts.size
		if c.size > 0 {
			size = c.size
		}
		off := 0.0
		if r.kind == rowHeader {
			off = (h - 2*ts.padY - float64(len(c.lines))*lh) / 2
		}
		for i, ln := range c.lines {
			base := top + ts.padY + off + float64(i)*lh + l.ascent(ts.size)
			if ln.marker != "" {
				l.text(x0+ln.markerX, base, c.style, size, ln.marker, x0, x1)
			}
			x := x0 + ln.dx
			switch c.align {
			case "center":
				x = x0 + ln.dx + (x1-x0-ln.dx-ln.width)/2
			case "right":
				x = x1 - ln.width
			}
			l.text(x, base, c.style, size, ln.text, x0, x1)
		}
	}
	// Borders: top and bottom across the row, verticals at cell edges.
	left, right := ts.colX[0], ts.colX[len(ts.colX)-1]
	l.hline(left, right, top, ts.border)
	l.hline(left, right, top+h, ts.border)
	l.vline(left, top, top+h, ts.border)
	for _, c := range r.cells {
		l.vline(ts.colX[c.col+c.span], top, top+h, ts.border)
	}
	l.y = top + h
	if l.sink == nil { // the trace is for the layout tests; a render keeps no row
		l.trace = append(l.trace, rowTrace{page: len(l.pages) - 1, kind: r.kind, cont: r.cont, headed: len(ts.header) > 0, top: top, bottom: top + h})
	}
}

// rowTrace records where a row was drawn; the layout tests check
// pagination rules with it.
type rowTrace struct {
	page        int
	kind        rowKind
	cont        bool
	headed      bool // the row's table has a header row
	top, bottom float64
}

// errRowTooTall is returned when not even one line of a row fits on an
// empty page (a header taller than the page).
var errRowTooTall = errors.New("строка таблицы не помещается на странице: уменьшите шрифт или число колонок в шаблоне")

// table draws a table: its header, then its rows across pages.
func (l *layout) table(ts *tableStyle, rows []row) error {
	return l.tableSeq(ts, sliceRows(rows))
}

// tableSeq is table for rows made as they are needed (rowseq.go).
func (l *layout) tableSeq(ts *tableStyle, rows *rowSeq) error {
	var first *row
	if rows.n > 0 {
		r, err := rows.at(0)
		if err != nil {
			return err
		}
		first = r
	}
	l.tableStart(ts, first)
	return l.rows(ts, rows)
}

// tableStart begins a table: at least the header and two lines of the first
// row must fit on this page.
func (l *layout) tableStart(ts *tableStyle, first *row) {
	if !l.fresh() {
		l.y += l.lineHeight(ts.size) / 3
	}
	need := l.headerHeight(ts)
	if first != nil {
		need += min(ts.rowHeight(l, first), 2*l.lineHeight(ts.size)+2*ts.padY)
	}
	if !l.fresh() && l.y+need > l.bottom {
		l.newPage()
	}
	for i := range ts.header {
		l.drawRow(ts, &ts.header[i])
	}
}

func (l *layout) headerHeight(ts *tableStyle) float64 {
	h := 0.0
	for i := range ts.header {
		h += ts.rowHeight(l, &ts.header[i])
	}
	return h
}

// tableBreak moves the table to a new page: continuation label, header.
func (l *layout) tableBreak(ts *tableStyle) {
	l.newPage()
	if ts.contLbl != "" {
		size := ts.size
		// Regular type, right-aligned, as ГОСТ 2.105 sets it.
		m := l.faces.measurer(regular, size)
		w := m.Width(ts.contLbl)
		l.text(l.right-w, l.y+l.ascent(size), regular, size, ts.contLbl, l.left, l.right)
		l.y += l.lineHeight(size)
	}
	for i := range ts.header {
		l.drawRow(ts, &ts.header[i])
	}
}

// rows paginates body rows: a row that does not fit is split at a line
// boundary when at least two of its lines fit (one on a page that holds
// nothing but the header), otherwise it moves to the next page; a section
// row moves with the first lines of the row after it.
func (l *layout) rows(ts *tableStyle, rows *rowSeq) error {
	lh := l.lineHeight(ts.size)
	for i := 0; i < rows.n; i++ {
		if err := l.cancelled(); err != nil {
			return err
		}
		rows.release(i)
		cur, err := rows.at(i)
		if err != nil {
			return err
		}
		r := *cur
		var next *row
		if r.keep && i+1 < rows.n {
			if next, err = rows.at(i + 1); err != nil {
				return err
			}
		}
		for {
			h := ts.rowHeight(l, &r)
			need := h
			if next != nil {
				need += min(ts.rowHeight(l, next), 2*lh+2*ts.padY)
			}
			if l.y+need <= l.bottom+0.01 {
				l.drawRow(ts, &r)
				break
			}
			fits := int((l.bottom - l.y - 2*ts.padY) / lh)
			onlyHeader := l.y <= l.top+l.headerHeight(ts)+lh+0.01
			minLines := 2
			if onlyHeader {
				minLines = 1
			}
			if !r.keep && fits >= minLines && fits < r.maxLines() {
				head, tail := r.split(fits)
				l.drawRow(ts, &head)
				r = tail
			} else if onlyHeader && r.keep {
				// A section row that cannot be kept with its measure even on
				// a fresh page: draw it anyway rather than loop.
				l.drawRow(ts, &r)
				break
			} else if onlyHeader && fits < minLines {
				return errRowTooTall
			}
			l.tableBreak(ts)
		}
	}
	l.y += l.lineHeight(ts.size) / 2
	return nil
}

// Plan lays out the table of measures.
func (l *layout) Plan(p *view.Plan) error {
	cols := p.Columns
	ts := l.newTableStyle(cols, l.m.Sizes.Table)
	ts.contLbl = p.Continuation
	hs := regular
	if p.HeaderBold {
		hs = bold
	}
	header := row{kind: rowHeader}
	for i, c := range cols {
		header.cells = append(header.cells, l.textCell(ts, i, 1, hs, "center", c.Title))
	}
	ts.header = append(ts.header, header)
	if p.NumberRow {
		nr := row{kind: rowHeader}
		for i, c := range cols {
			nr.cells = append(nr.cells, l.textCell(ts, i, 1, regular, "center", strconv.Itoa(c.N)))
		}
		ts.header = append(ts.header, nr)
	}
	ss := regular
	if p.SectionBold {
		ss = bold
	}
	// The rows are wrapped as they are paginated: a plan of 100 000
	// measures never holds more than a couple of wrapped rows.
	type ref struct{ si, ii int32 } // ii -1: the section's own row
	refs := make([]ref, 0, p.Measures()+len(p.Sections))
	for si := range p.Sections {
		if p.Sections[si].Row {
			refs = append(refs, ref{int32(si), -1})
		}
		for ii := range p.Sections[si].Items {
			refs = append(refs, ref{int32(si), int32(ii)})
		}
	}
	rows := &rowSeq{n: len(refs), make: func(i int) (row, error) {
		s := &p.Sections[refs[i].si]
		if refs[i].ii < 0 {
			sec := row{kind: rowSection, keep: len(s.Items) > 0}
			if p.SplitSection {
				sec.cells = append(sec.cells,
					l.textCell(ts, 0, 1, ss, "center", s.Number),
					l.textCell(ts, 1, len(cols)-1, ss, "center", s.Title))
			} else {
				// A section numbered as written may have no number, or
				// no title: no stray space then.
				text := s.Number + " " + s.Title
				if s.Number == "" || s.Title == "" {
					text = s.Number + s.Title
				}
				sec.cells = append(sec.cells, l.textCell(ts, 0, len(cols), ss, "center", text))
			}
			return sec, nil
		}
		// Wrapping the cells of 100 000 rows takes seconds: a client
		// that has gone must not wait for it.
		if err := l.cancelled(); err != nil {
			return row{}, err
		}
		m := &s.Items[refs[i].ii]
		r := row{kind: rowBody, cells: make([]cell, 0, len(cols))}
		for ci := range cols {
			align := cols[ci].Align
			if ci == p.NumberCol {
				r.cells = append(r.cells, l.textCell(ts, ci, 1, regular, align, m.Number))
				continue
			}
			cc := l.contentCell(ts, ci, 1, regular, m.Cells[ci])
			cc.align = align
			r.cells = append(r.cells, cc)
		}
		return r, nil
	}}
	return l.tableSeq(ts, rows)
}

// Passport lays out the two-column passport (no header row).
func (l *layout) Passport(p *view.Passport) error {
	ts := l.newTableStyle(p.Columns[:], l.m.Sizes.Body)
	ls := regular
	if p.LabelBold {
		ls = bold
	}
	rows := make([]row, 0, len(p.Rows))
	for i := range p.Rows {
		if err := l.cancelled(); err != nil {
			return err
		}
		pr := &p.Rows[i]
		rows = append(rows, row{kind: rowBody, cells: []cell{
			l.textCell(ts, 0, 1, ls, p.Columns[0].Align, pr.Label),
			l.contentCell(ts, 1, 1, regular, pr.Value),
		}})
	}
	return l.table(ts, rows)
}

// Table lays out a generic table: its header (none when the table has
// none, two rows under group titles) repeated on every page, then its
// rows, each cell aligned as its column.
func (l *layout) Table(t *view.Table) error {
	size := t.Size
	if size <= 0 {
		size = l.m.Sizes.Table
	}
	ts := l.newTableStyle(t.Columns, size)
	switch {
	case !t.Header:
	case len(t.Groups) > 0:
		ts.header = []row{l.bandedHeader(ts, t)}
	default:
		header := row{kind: rowHeader}
		for i, c := range t.Columns {
			header.cells = append(header.cells, l.textCell(ts, i, 1, bold, "center", c.Title))
		}
		ts.header = []row{header}
	}
	rows := make([]row, 0, len(t.Rows))
	for ri, tr := range t.Rows {
		if err := l.cancelled(); err != nil {
			return err
		}
		r := row{kind: rowBody, cells: make([]cell, 0, len(tr))}
		for ci := range tr {
			if _, _, ok := t.Value(ri, ci); ok {
				r.cells = append(r.cells, l.numberCell(ts, ci, t.Columns[ci].Align, tr[ci].Plain()))
				continue
			}
			cc := l.contentCell(ts, ci, 1, regular, tr[ci])
			cc.align = t.Columns[ci].Align
			r.cells = append(r.cells, cc)
		}
		rows = append(rows, r)
	}
	return l.table(ts, rows)
}
