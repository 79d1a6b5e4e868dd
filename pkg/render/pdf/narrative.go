package pdf

import (
	"strings"

	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/render/view"
)

// letterhead draws the first-page header: organisation, stamps (each on
// its side, the sides' tops level), title and subtitle.
func (l *layout) letterhead(h *view.Letterhead) {
	sz := l.m.Sizes
	if len(h.Appendix) > 0 {
		l.appendixGrif(h.Appendix)
	}
	if h.Organization {
		if h.Parent != "" {
			l.centered(regular, sz.Body, h.Parent)
		}
		l.centered(bold, sz.Body, h.FullName)
		l.y += l.lineHeight(sz.Body)
	}
	if len(h.Stamps) > 0 {
		l.stamps(h)
	}
	l.centered(bold, sz.Title, h.Title)
	if h.Subtitle != "" {
		l.centered(bold, sz.Subtitle, h.Subtitle)
	}
	l.y += l.lineHeight(sz.Body)
	if h.Place != "" {
		l.placeLine(h)
	}
	if h.Cover {
		l.coverEnd()
	}
}

func (l *layout) stamps(h *view.Letterhead) {
	size := l.m.Sizes.Stamp
	lh := l.lineHeight(size)
	w := l.m.Header.StampWidthMM * mm
	if half := l.width()/2 - 5*mm; w > half {
		w = half
	}
	top := l.y
	bottom := top
	for _, side := range [...]string{view.Left, view.Right} {
		y := top
		x := l.left
		if side == view.Right {
			x = l.right - w
		}
		for _, st := range h.Side(side) {
			for _, s := range st.Lines {
				for _, ln := range l.wrap(regular, size, s, w) {
					l.text(x, y+l.ascent(size), regular, size, ln.Text, x, x+w)
					y += lh
				}
			}
			if l.mark != nil && !l.marked && st.Signs {
				// The electronic signature stands where the handwritten
				// one would: under the approval.
				y = l.signatureMark(x, y+lh/4, w)
			}
			y += lh / 2
		}
		bottom = max(bottom, y)
	}
	l.y = bottom + lh/2
}

// markAtEnd draws the signature mark right-aligned at the current place
// (before a signature line, or at the end of a document without one),
// unless an approval stamp already carries it.
func (l *layout) markAtEnd() {
	if l.mark == nil || l.marked {
		return
	}
	w := min(l.m.Header.StampWidthMM*mm, l.width()/2)
	// The mark's lines and its frame; the 2025 form has one line more
	// when it prints the time of signing.
	need := float64(len(l.mark)+2) * l.lineHeight(l.m.Sizes.Stamp)
	if l.y+need > l.bottom {
		l.newPage()
	}
	l.y = l.signatureMark(l.right-w, l.y+l.lineHeight(l.m.Sizes.Body), w)
}

// signatureMark draws the framed mark at (x, y), w wide, and returns the
// y below it.
func (l *layout) signatureMark(x, y, w float64) float64 {
	size := l.m.Sizes.Stamp - 2
	lh := l.lineHeight(size)
	pad := 1.5 * mm
	inner := w - 2*pad
	cy := y + pad
	for _, ln := range l.mark {
		for _, wl := range l.wrap(ln.style, size, ln.text, inner) {
			tx := x + pad
			if ln.style == bold {
				tx = x + pad + (inner-wl.Width)/2
			}
			l.text(tx, cy+l.ascent(size), ln.style, size, wl.Text, x+pad, x+w-pad)
			cy += lh
		}
	}
	bottom := cy + pad
	l.marked = true
	l.hline(x, x+w, y, 0.75)
	l.hline(x, x+w, bottom, 0.75)
	l.vline(x, y, bottom, 0.75)
	l.vline(x+w, y, bottom, 0.75)
	return bottom
}

// Heading draws a body heading, kept with what follows it.
func (l *layout) Heading(h *view.Heading) error {
	size := l.m.Sizes.Heading
	lh := l.lineHeight(size)
	lines := l.wrap(bold, size, h.Line(), l.width())
	// Keep the heading with at least three lines of what follows.
	need := float64(len(lines))*lh + 3*l.lineHeight(l.m.Sizes.Body)
	if h.Last {
		need = float64(len(lines)) * lh
	}
	if !l.fresh() {
		l.y += lh / 2
		if l.y+need > l.bottom {
			l.newPage()
		}
	}
	l.headingPage(h)
	style := bold
	if tr := l.traceStart(false, len(lines)); tr >= 0 {
		l.paras[tr].heading = true
		for range lines {
			l.traceLine(tr)
		}
	}
	for _, ln := range lines {
		x := l.left + (l.width()-ln.Width)/2
		if h.Align == "left" {
			x = l.left
		}
		l.text(x, l.y+l.ascent(size), style, size, ln.Text, l.left, l.right)
		l.y += lh
	}
	l.y += lh / 3
	return nil
}

// Paragraph is narrative text with the view's alignment; only its first
// line is indented.
func (l *layout) Paragraph(p *view.Paragraph) error {
	size := l.m.Sizes.Body
	indent := p.IndentMM * mm
	for i, seg := range p.Lines {
		if i > 0 {
			indent = 0
		}
		l.flow(seg, size, regular, l.left, l.width(), indent, p.Align)
	}
	return nil
}

// flow wraps text into the frame between x and x+width with a first-line
// indent, breaking pages at line boundaries (never leaving a single line of
// a longer paragraph at the bottom of a page).
func (l *layout) flow(text string, size float64, style int, x, width, indent float64, align string) {
	lh := l.lineHeight(size)
	text = strings.TrimSpace(text)
	var lines []lineOut
	l.lines = l.set.Paragraph(l.lines[:0], l.measurer(style, size), text, width, indent, align == "justify")
	for i, ln := range l.lines {
		dx := 0.0
		if i == 0 {
			dx = indent
		}
		lines = append(lines, lineOut{ln.Text, ln.Width, dx, ln.Hyphen})
	}
	if l.optimal {
		l.flowKept(lines, size, style, x, width, align)
		return
	}
	tr := l.traceStart(false, len(lines))
	for i := range lines {
		if l.y+lh > l.bottom || (i == 0 && len(lines) > 1 && l.y+2*lh > l.bottom) {
			l.newPage()
		}
		l.traceLine(tr)
		l.flowLine(lines, i, size, style, x, width, align)
	}
}

// flowLine draws line i of a paragraph's lines at the current y.
func (l *layout) flowLine(lines []lineOut, i int, size float64, style int, x, width float64, align string) {
	ln := lines[i]
	base := l.y + l.ascent(size)
	lx := x + ln.dx
	switch {
	case align == "justify" && i < len(lines)-1:
		l.justified(lx, base, width-ln.dx, style, size, ln.text)
	case align == "center":
		l.text(x+(width-ln.width)/2, base, style, size, ln.text, x, x+width)
	case align == "right":
		l.text(x+width-ln.width, base, style, size, ln.text, x, x+width)
	default:
		l.text(lx, base, style, size, ln.text, x, x+width)
	}
	l.y += l.lineHeight(size)
}

type lineOut struct {
	text   string
	width  float64
	dx     float64
	hyphen bool // the line ends in a word broken by hyphenation
}

// List draws a narrative list with hanging indents: the marker at the
// list indent, the text after it, wrapped lines aligned with the text.
func (l *layout) List(v *view.List) error {
	l.listAt(v.List, l.left+v.IndentMM*mm, l.m.Sizes.Body, v.Justify)
	l.y += l.lineHeight(l.m.Sizes.Body) / 3
	return nil
}

func (l *layout) listAt(list *document.List, x, size float64, justify bool) {
	m := l.faces.measurer(regular, size)
	markerW := 0.0
	for i := range list.Items {
		markerW = max(markerW, m.Width(list.ItemMarker(i)))
	}
	gap := m.Width(" ") * 1.5
	textX := x + markerW + gap
	width := l.right - textX
	lh := l.lineHeight(size)
	for i, it := range list.Items {
		if it.Text != "" {
			l.lines = l.set.Paragraph(l.lines[:0], l.measurer(regular, size), it.Text, width, 0, justify)
			lines := l.lines
			n := len(lines)
			tr := l.traceStart(true, n)
			for j := 0; j < n; {
				s := 1
				if l.optimal {
					s = l.keepSplit(n-j, lh, func(k int) bool { return lines[j+k].Hyphen })
				} else if l.y+lh > l.bottom {
					l.newPage() // released versions: as they always did
				}
				if s == 0 {
					l.newPage()
					continue
				}
				for range s {
					ln := lines[j]
					base := l.y + l.ascent(size)
					if j == 0 {
						l.text(x, base, regular, size, list.ItemMarker(i), x, textX)
					}
					if j < n-1 && justify {
						l.justified(textX, base, width, regular, size, ln.Text)
					} else {
						l.text(textX, base, regular, size, ln.Text, textX, l.right)
					}
					l.traceLine(tr)
					l.y += lh
					j++
				}
				if l.optimal && j < n {
					l.newPage()
				}
			}
		}
		if it.List != nil {
			l.listAt(it.List, textX, size, justify)
		}
	}
}

// Signature puts the position left and И.О. Фамилия right on one line,
// the date below.
func (l *layout) Signature(s *view.Signature) error {
	l.markAtEnd()
	size := l.m.Sizes.Body
	lh := l.lineHeight(size)
	m := l.faces.measurer(regular, size)
	name := s.Name
	nameW := m.Width(name)
	posW := l.width() - nameW - 20*mm
	pos := l.wrap(regular, size, s.Position, posW)
	posLines := make([]lineOut, len(pos))
	for i, ln := range pos {
		posLines[i] = lineOut{ln.Text, ln.Width, 0, ln.Hyphen}
	}
	need := float64(len(posLines)+2) * lh
	if l.y+need > l.bottom {
		l.newPage()
	}
	l.y += 2 * lh
	for i, ln := range posLines {
		base := l.y + l.ascent(size)
		l.text(l.left, base, regular, size, ln.text, l.left, l.left+posW)
		if i == len(posLines)-1 {
			l.text(l.right-nameW, base, regular, size, name, l.right-nameW, l.right)
		}
		l.y += lh
	}
	if s.Date != "" {
		base := l.y + l.ascent(size)
		l.text(l.left, base, regular, size, s.Date, l.left, l.right)
		l.y += lh
	}
	return nil
}
