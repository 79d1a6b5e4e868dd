package pdf

import "github.com/kartograf-ru/kartograf/pkg/render/view"

// band says which rows of a two-row header a cell fills.
type band uint8

const (
	bandBoth   band = iota // an ungrouped column's title, both rows
	bandTop                // a group title over its columns
	bandBottom             // a grouped column's title under its group
)

// bandedHeader is a generic table's header under group titles, drawn as
// one row of two bands so that it never splits and repeats whole.
func (l *layout) bandedHeader(ts *tableStyle, t *view.Table) row {
	r := row{kind: rowHeader, banded: true}
	for _, hc := range t.HeaderCells() {
		c := l.textCell(ts, hc.Col, hc.Span, bold, "center", hc.Title)
		switch {
		case hc.Top && hc.Bottom:
			c.band = bandBoth
		case hc.Top:
			c.band = bandTop
		default:
			c.band = bandBottom
		}
		r.cells = append(r.cells, c)
	}
	return r
}

// bandHeights are the heights of the two bands: each as tall as its
// tallest cell, the bottom one taller when a both-rows title needs it.
func (ts *tableStyle) bandHeights(l *layout, r *row) (h0, h1 float64) {
	lh := l.lineHeight(ts.size)
	n0, n1, both := 0, 0, 0
	for _, c := range r.cells {
		switch c.band {
		case bandTop:
			n0 = max(n0, len(c.lines))
		case bandBottom:
			n1 = max(n1, len(c.lines))
		default:
			both = max(both, len(c.lines))
		}
	}
	h0 = float64(n0)*lh + 2*ts.padY
	h1 = float64(n1)*lh + 2*ts.padY
	if need := float64(both)*lh + 2*ts.padY; need > h0+h1 {
		h1 = need - h0
	}
	return h0, h1
}

// drawBanded draws a two-row header: every cell's text centred in its
// band (an ungrouped title in the top band, or from the top when taller),
// a rule under each group title, verticals at each cell's edges.
func (l *layout) drawBanded(ts *tableStyle, r *row) {
	h0, h1 := ts.bandHeights(l, r)
	lh := l.lineHeight(ts.size)
	top := l.y
	for _, c := range r.cells {
		y, h := top, h0+h1
		switch c.band {
		case bandTop:
			h = h0
		case bandBottom:
			y, h = top+h0, h1
		}
		x0, x1 := ts.textBox(c)
		off := (h - 2*ts.padY - float64(len(c.lines))*lh) / 2
		if c.band == bandBoth {
			// An ungrouped title starts in the top band, level with the
			// group titles, so that the header reads left to right.
			off = max(0, (h0-2*ts.padY-float64(len(c.lines))*lh)/2)
		}
		for i, ln := range c.lines {
			base := y + ts.padY + off + float64(i)*lh + l.ascent(ts.size)
			l.text(x0+(x1-x0-ln.width)/2, base, c.style, ts.size, ln.text, x0, x1)
		}
		right := ts.colX[c.col+c.span]
		if c.band == bandTop {
			l.hline(ts.colX[c.col], right, top+h0, ts.border)
		}
		l.vline(right, y, y+h, ts.border)
	}
	left, right := ts.colX[0], ts.colX[len(ts.colX)-1]
	l.hline(left, right, top, ts.border)
	l.hline(left, right, top+h0+h1, ts.border)
	l.vline(left, top, top+h0+h1, ts.border)
	l.y = top + h0 + h1
	if l.sink == nil { // the trace is for the layout tests; a render keeps no row
		l.trace = append(l.trace, rowTrace{page: len(l.pages) - 1, kind: r.kind, headed: true, top: top, bottom: l.y})
	}
}

// numberCell is a number on one line, never wrapped: its digit groups are
// joined by no-break spaces, and a number split over lines misreads. A
// number wider than its column is set smaller until it fits.
func (l *layout) numberCell(ts *tableStyle, col int, align, s string) cell {
	c := cell{col: col, span: 1, style: regular, align: align}
	x0, x1 := ts.textBox(c)
	w := l.faces.measurer(regular, ts.size).Width(s)
	if w > x1-x0 && w > 0 {
		c.size = ts.size * (x1 - x0) / w
		w = l.faces.measurer(regular, c.size).Width(s)
	}
	c.lines = []cline{{text: s, width: w}}
	return c
}
