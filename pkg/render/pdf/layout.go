package pdf

import (
	"context"
	"strconv"
	"strings"

	"github.com/kartograf-ru/kartograf/pkg/render/view"
	"github.com/kartograf-ru/kartograf/pkg/typo"
	"github.com/kartograf-ru/kartograf/templates"
)

const mm = 72 / 25.4 // points per millimetre

type opKind uint8

const (
	opNone opKind = iota // a reserved slot, drawn as nothing
	opText
	opLine
	opRect // a filled rectangle from (x, y) to (x2, y2)
	opPath // a polygon through pts, filled, or with stroked set a polyline of width w
)

// op is one drawing instruction. Coordinates are points from the top-left
// corner of the page; a text op's y is its baseline.
type op struct {
	kind   opKind
	face   faceRef
	paint  rgb     // the colour of a text's glyphs, a rect's or polygon's fill, a line's stroke; zero is black
	flags  opFlags // dashed, turned, stroked (shapes.go)
	x, y   float64
	x2, y2 float64 // line end; a text's x2 is its character spacing (tracking.go)
	w      float64 // text: measured advance width; line: stroke width
	size   float64
	text   string
	// minX and maxX bound the box a text op belongs to (its cell or the
	// text frame); the layout guarantees minX ≤ x and x+w ≤ maxX.
	minX, maxX float64
	pts        *path // behind a pointer: the tables' ops, which have none, stay small
}

// faceRef picks a face: style and index into that style's fallback list.
type faceRef struct {
	style    uint8
	fallback uint8
}

type page struct {
	ops  []op
	w, h float64 // the page's size: the template's, or turned (orient.go)
}

// layout is the state of paginating one document.
type layout struct {
	ctx    context.Context
	faces  *faceSet
	cache  *faceCache
	m      *templates.Manifest // page geometry, sizes and cell padding only
	mark   []markLine          // the electronic signature mark, when the PDF will be signed
	marked bool                // the mark has been drawn

	pageW, pageH float64 // the current page's size
	landscape    bool    // the current page is turned (orient.go)
	left, right  float64 // x of the text frame
	top, bottom  float64 // y of the text frame
	spacing      float64
	pages        []*page
	cur          *page
	y            float64
	lines        []typo.Line // scratch buffer for wrapping
	lineScratch  []cline     // scratch for a cell's lines (clines.go)
	clines       []cline     // the chunk cells' lines are kept in (clines.go)
	meas         measurers   // the measurers in use (measurers.go)
	sinceLast    int
	trace        []rowTrace
	charts       []opSpan      // where each chart was drawn, for the layout tests
	block        int           // blocks walked so far: paragraphs' traces name theirs
	paras        []paraTrace   // where each paragraph's lines went (keep.go), when traceParas
	traceParas   bool          // the layout tests trace paragraphs
	optimal      bool          // the version breaks lines optimally and keeps widows and orphans (keep.go)
	set          *view.Setting // how the version sets paragraphs and cells into lines

	// headIndex maps each heading of the view to its body index;
	// headPages gets the page number each heading is printed on, and
	// tocPages holds those of the previous pagination, which the contents
	// print (see Contents).
	headIndex map[*view.Heading]int
	headPages map[int]int
	tocPages  map[int]int

	// sink, when set, takes each page as it is finished (stream.go).
	sink    pageSink
	sinkErr error
	spare   []op // the operations of a page a sink dropped, for the next page
}

func newLayout(ctx context.Context, faces *faceSet, m *templates.Manifest) *layout {
	w, h := m.PageSizeMM()
	mg := m.Page.Margins
	l := &layout{
		ctx: ctx, faces: faces, m: m,
		pageW: w * mm, pageH: h * mm,
		left: mg.Left * mm, right: (w - mg.Right) * mm,
		top: mg.Top * mm, bottom: (h - mg.Bottom) * mm,
		spacing: m.Sizes.LineSpacing,
		optimal: m.Optimal(),
	}
	l.newPage()
	return l
}

func (l *layout) width() float64 { return l.right - l.left }

func (l *layout) newPage() {
	// Slot 0 is reserved for the page number, which is known only after
	// pagination but must come first in the content stream so that text
	// extraction reads it before the page's text, as it is seen.
	if l.sink != nil && l.cur != nil && l.sinkErr == nil {
		l.sinkErr = l.sink.done(l, len(l.pages)-1)
	}
	ops := l.spare
	if ops == nil {
		ops = newOps()
	} else {
		l.spare, ops = nil, ops[:1]
	}
	l.cur = &page{ops: ops, w: l.pageW, h: l.pageH}
	l.pages = append(l.pages, l.cur)
	l.y = l.top
}

// fresh reports whether nothing has been placed on the current page yet.
func (l *layout) fresh() bool { return l.y == l.top }

// lineHeight is the distance between baselines at a size.
func (l *layout) lineHeight(size float64) float64 { return size * l.spacing }

// ascent is the distance from the top of a line box to its baseline.
func (l *layout) ascent(size float64) float64 {
	f := l.faces.styles[regular][0]
	asc := float64(f.Ascent()) / float64(f.UnitsPerEm()) * size
	desc := -float64(f.Descent()) / float64(f.UnitsPerEm()) * size
	// Centre the glyph box vertically in the line box.
	return asc + (l.lineHeight(size)-asc-desc)/2
}

// cancelled checks the context every few hundred operations, so a render
// timeout stops a huge document without slowing a small one.
func (l *layout) cancelled() error {
	l.sinceLast++
	if l.sinceLast < 64 {
		return nil
	}
	l.sinceLast = 0
	if l.sinkErr != nil {
		return l.sinkErr
	}
	return l.ctx.Err()
}

// text places one line of text with its left end at x, baseline y, split
// into runs per face so that fallback fonts draw what the main font lacks.
func (l *layout) text(x, y float64, style int, size float64, s string, minX, maxX float64) {
	if s == "" {
		return
	}
	m := l.measurer(style, size)
	// One pass per run: its face and its width (Measurer.Run), the
	// runes no face draws in the primary face.
	for s != "" {
		f, n, w := m.Run(s)
		l.cur.ops = append(l.cur.ops, op{kind: opText, face: faceRef{uint8(style), uint8(f)}, x: x, y: y, w: w, size: size, text: s[:n], minX: minX, maxX: maxX})
		x += w
		s = s[n:]
	}
}

// justified places a line stretched to width by widening the spaces
// between words; each word is its own run.
func (l *layout) justified(x, y, width float64, style int, size float64, s string) {
	words := strings.Split(s, " ")
	n := 0
	sum := 0.0
	m := l.faces.measurer(style, size)
	for _, w := range words {
		if w != "" {
			n++
			sum += m.Width(w)
		}
	}
	if n < 2 {
		l.text(x, y, style, size, s, x, x+width)
		return
	}
	gap := (width - sum) / float64(n-1)
	if gap < m.Width(" ")*0.5 || gap > width/4 {
		// Too tight (cannot happen for a wrapped line) or a line of two or
		// three words stretched across the page: left-align instead.
		l.text(x, y, style, size, s, x, x+width)
		return
	}
	tc := 0.0
	if l.optimal {
		tc, gap = tracking(words, n, sum, width, gap, m.Width(" "), size)
	}
	cx := x
	for _, w := range words {
		if w == "" {
			continue
		}
		ww := m.Width(w)
		if tc > 0 {
			ww = l.textTracked(cx, y, style, size, w, x, x+width+0.01, tc)
		} else {
			l.text(cx, y, style, size, w, x, x+width+0.01)
		}
		cx += ww + gap
	}
}

func (l *layout) hline(x1, x2, y, w float64) {
	l.cur.ops = append(l.cur.ops, op{kind: opLine, x: x1, y: y, x2: x2, y2: y, w: w})
}

func (l *layout) vline(x, y1, y2, w float64) {
	l.cur.ops = append(l.cur.ops, op{kind: opLine, x: x, y: y1, x2: x, y2: y2, w: w})
}

// wrap wraps s, already typographed by the view, to width; the result is
// valid until the next call.
func (l *layout) wrap(style int, size float64, s string, width float64) []typo.Line {
	l.lines = typo.AppendWrap(l.lines[:0], l.measurer(style, size), s, width)
	return l.lines
}

// cellLines sets s in a table cell width points wide as the version sets
// cells (view.Setting); the result is valid until the next call.
func (l *layout) cellLines(style int, size float64, s string, width float64) []typo.Line {
	l.lines = l.set.Cell(l.lines[:0], l.measurer(style, size), s, width)
	return l.lines
}

// centered places wrapped, centred lines across the frame.
func (l *layout) centered(style int, size float64, s string) {
	lh := l.lineHeight(size)
	for _, ln := range l.wrap(style, size, s, l.width()) {
		if l.y+lh > l.bottom {
			l.newPage()
		}
		x := l.left + (l.width()-ln.Width)/2
		l.text(x, l.y+l.ascent(size), style, size, ln.Text, l.left, l.right)
		l.y += lh
	}
}

// pageNumbers puts the number of every page from the second at the top
// centre, inside the top margin.
func (l *layout) pageNumbers() {
	for i, p := range l.pages {
		if p != nil { // a page a sink took has its number
			l.pageNumber(i, p)
		}
	}
}

// pageNumber puts page i's number (none on the first) in its slot 0.
func (l *layout) pageNumber(i int, p *page) {
	if i == 0 {
		return
	}
	size := l.m.Sizes.PageNumber
	m := l.faces.measurer(regular, size)
	s := strconv.Itoa(i + 1)
	w := m.Width(s)
	x := (p.w - w) / 2
	y := l.top / 2
	p.ops[0] = op{kind: opText, face: faceRef{regular, 0}, x: x, y: y + size/3, w: w, size: size, text: s, minX: 0, maxX: p.w}
}

// view lays out the whole document from its view.
func (l *layout) view(v *view.View) error {
	l.headIndex = make(map[*view.Heading]int)
	l.headPages = make(map[int]int)
	for i := range v.Blocks {
		if b := &v.Blocks[i]; b.Kind == view.KindHeading {
			l.headIndex[b.Heading] = b.Index
		}
	}
	l.letterhead(&v.Letterhead)
	if err := l.walk(v.Blocks); err != nil {
		return err
	}
	if l.sinkErr != nil {
		return l.sinkErr
	}
	if err := l.ctx.Err(); err != nil {
		return err
	}
	l.markAtEnd()
	l.orient(false, false) // the first page's QR code is placed on a page of the template's size
	l.pageNumbers()
	l.qrCode(v.QR)
	if l.sink != nil {
		if l.sinkErr != nil {
			return l.sinkErr
		}
		return l.sink.end(l)
	}
	return nil
}
