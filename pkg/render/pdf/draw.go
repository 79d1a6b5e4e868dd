package pdf

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/kartograf-ru/kartograf/fonts"

	"github.com/kartograf-ru/kartograf/third_party/gopdf"
)

// drawn is what draw produces: gopdf's file (structure, fonts, subsets,
// ToUnicode maps) and, per page, the content stream Kartograf wrote itself.
type drawn struct {
	raw   *bytes.Buffer // from getBuf
	pages [][]byte
	cs    []byte // the pages' backing array, from getBytes
}

// draw writes the laid-out pages. gopdf builds the document: page tree,
// embedded font subsets and their ToUnicode maps (every glyph is registered
// through gopdf's AddChars, which adds it to the subset). The page content
// streams are encoded here: gopdf formats every glyph with fmt.Fprintf,
// which was a third of the render time, and the finisher splices these
// streams into the pages.
func (l *layout) draw(out *drawn) error {
	var pdf gopdf.GoPdf
	base := gopdf.Rect{W: l.pageW, H: l.pageH} // the template's page: the layout ends on it (orient)
	pdf.Start(gopdf.Config{Unit: gopdf.UnitPT, PageSize: base})
	pdf.SetNoCompression() // the finisher compresses with pooled writers

	var fu fontUse
	for _, p := range l.pages {
		// A page holds a few hundred operations; checking once a page
		// keeps a cancelled render of thousands of pages short.
		if err := l.ctx.Err(); err != nil {
			return err
		}
		fu.addFaces(l.faces, p)
	}
	fu.number()

	// All pages are encoded into one buffer; pages[i] are slices of it.
	// Encoding notes the runes each face draws (fu.noting), in the order
	// add would: decoding every string once, not once for the subsets and
	// again for the glyphs. gopdf gets the fonts, then the pages, as before.
	ends := make([]int, len(l.pages))
	cs := contentStream{b: getBytes(24 << 10 * len(l.pages)), pageH: l.pageH}
	fu.noting = true
	for pi, p := range l.pages {
		if err := l.ctx.Err(); err != nil {
			return err
		}
		fu.encode(&cs, p)
		ends[pi] = len(cs.b)
	}
	fu.noting = false
	if err := fu.register(&pdf, l.cache); err != nil {
		return err
	}
	for _, p := range l.pages {
		addPage(&pdf, base, p.w, p.h)
	}
	out.cs = cs.b
	out.pages = make([][]byte, len(l.pages))
	start := 0
	for i, end := range ends {
		out.pages[i] = cs.b[start:end:end]
		start = end
	}
	if out.raw == nil {
		out.raw = new(bytes.Buffer)
	}
	if err := writePDF(l.ctx, &pdf, out.raw); err != nil {
		return fmt.Errorf("запись PDF: %w", err)
	}
	return nil
}

// addPage adds a page of w×h to gopdf's document, with the content stream
// the finisher appends the page's own to.
func addPage(pdf *gopdf.GoPdf, base gopdf.Rect, w, h float64) {
	if w != base.W || h != base.H {
		pdf.AddPageWithOption(gopdf.PageOption{PageSize: &gopdf.Rect{W: w, H: h}})
	} else {
		pdf.AddPage()
	}
	pdf.SetLineWidth(0.5) // gives the page its content stream for the finisher
}

// fontUse is the faces a document uses, in a fixed order, each with the
// runes it draws in order of first use: what gopdf subsets.
type fontUse struct {
	byRef  [numStyles][]*usedFace
	order  []*usedFace
	noting bool // encode notes the runes it draws (draw's one pass)
}

type usedFace struct {
	face  *fonts.Face
	fam   string
	runes []byte             // UTF-8 of each distinct rune
	low   [0x800 / 64]uint64 // the runes below U+0800 seen (Latin, Cyrillic): a map was a tenth of a small render
	seen  map[rune]bool      // the others
	res   int                // resource number: /F<res>
}

// first reports whether r is new to u, and notes it.
func (u *usedFace) first(r rune) bool {
	if r >= 0 && r < 0x800 {
		w, bit := &u.low[r>>6], uint64(1)<<(r&63)
		if *w&bit != 0 {
			return false
		}
		*w |= bit
		return true
	}
	if u.seen[r] {
		return false
	}
	u.seen[r] = true
	return true
}

// use returns the used face of a text operation, noting it on first use.
func (fu *fontUse) use(faces *faceSet, o *op) *usedFace {
	st, fb := int(o.face.style), int(o.face.fallback)
	for len(fu.byRef[st]) <= fb {
		fu.byRef[st] = append(fu.byRef[st], nil)
	}
	u := fu.byRef[st][fb]
	if u == nil {
		f := faces.styles[st][fb]
		u = &usedFace{face: f, fam: faces.family[f], seen: map[rune]bool{}}
		fu.byRef[st][fb] = u
		fu.order = append(fu.order, u)
	}
	return u
}

// add notes the faces and runes of p's text, pages taken in order.
func (fu *fontUse) add(faces *faceSet, p *page) {
	for i := range p.ops {
		o := &p.ops[i]
		if o.kind != opText {
			continue
		}
		u := fu.use(faces, o)
		for _, r := range o.text {
			if u.first(r) {
				u.runes = utf8.AppendRune(u.runes, r)
			}
		}
	}
}

// addFaces notes the faces of p's text only; encode, noting, adds the
// runes.
func (fu *fontUse) addFaces(faces *faceSet, p *page) {
	for i := range p.ops {
		if o := &p.ops[i]; o.kind == opText {
			fu.use(faces, o)
		}
	}
}

// number gives the faces their resource numbers: gopdf numbers font
// resources /F1, /F2 … in the order register adds them. Two faces may be
// the same font (a style falling back to the regular face): they share
// one resource.
func (fu *fontUse) number() {
	resOf := map[string]int{}
	for _, u := range fu.order {
		n, ok := resOf[u.fam]
		if !ok {
			n = len(resOf) + 1
			resOf[u.fam] = n
		}
		u.res = n
	}
}

// register adds the faces to gopdf with their glyphs, in the order
// number numbered them.
func (fu *fontUse) register(pdf *gopdf.GoPdf, cache *faceCache) error {
	fu.number()
	added := 0
	for _, u := range fu.order {
		if u.res > added {
			if err := cache.addFont(pdf, u.face, u.fam); err != nil {
				return fmt.Errorf("шрифт %s: %w", u.fam, err)
			}
			added = u.res
		}
		if err := pdf.SetFont(u.fam, "", 10); err != nil {
			return fmt.Errorf("шрифт %s: %w", u.fam, err)
		}
		if err := pdf.AddChars(string(u.runes)); err != nil {
			return fmt.Errorf("шрифт %s: %w", u.fam, err)
		}
	}
	return nil
}

// encode appends p's content stream to cs.b.
func (fu *fontUse) encode(cs *contentStream, p *page) {
	cs.pageH = p.h
	cs.newPage()
	for i := range p.ops {
		o := &p.ops[i]
		switch o.kind {
		case opText:
			u := fu.byRef[o.face.style][o.face.fallback]
			var note *usedFace
			if fu.noting {
				note = u
			}
			cs.setFill(o.paint)
			cs.text(u.res, u.face, o.size, o.x, o.y, o.x2, o.text, o.flags&turned != 0, note)
		case opLine:
			cs.setStroke(o.paint, o.flags&dashed != 0)
			cs.line(o.w, o.x, o.y, o.x2, o.y2)
		case opRect:
			cs.setFill(o.paint)
			cs.rect(o.x, o.y, o.x2, o.y2)
		case opPath:
			if o.flags&stroked != 0 {
				cs.setStroke(o.paint, o.flags&dashed != 0)
			} else {
				cs.setFill(o.paint)
			}
			cs.path(o.pts.xy, o.flags&stroked != 0, o.w)
		}
	}
	cs.finish()
}

// abortWriter lets a cancelled context stop gopdf's WriteTo, which takes
// a few hundred milliseconds for thousands of pages and ignores the
// errors of its writer: it panics with aborted, which writePDF recovers.
type abortWriter struct {
	ctx    context.Context
	w      io.Writer
	writes int
}

type aborted struct{ err error }

func (a *abortWriter) Write(p []byte) (int, error) {
	a.writes++
	if a.writes%64 == 0 {
		if err := a.ctx.Err(); err != nil {
			panic(aborted{err})
		}
	}
	return a.w.Write(p)
}

// WriteString spares gopdf's io.WriteString calls a copy of each string.
func (a *abortWriter) WriteString(s string) (int, error) {
	a.writes++
	if a.writes%64 == 0 {
		if err := a.ctx.Err(); err != nil {
			panic(aborted{err})
		}
	}
	return io.WriteString(a.w, s)
}

// writePDF writes gopdf's file to w unless ctx ends first.
func writePDF(ctx context.Context, pdf *gopdf.GoPdf, w io.Writer) (err error) {
	if err := ctx.Err(); err != nil {
		return err
	}
	defer func() {
		if v := recover(); v != nil {
			a, ok := v.(aborted)
			if !ok {
				panic(v)
			}
			err = a.err
		}
	}()
	_, err = pdf.WriteTo(&abortWriter{ctx: ctx, w: w})
	return err
}

// contentStream encodes PDF page operators with strconv appends.
type contentStream struct {
	b        []byte
	pageH    float64
	inText   bool
	res      int
	size     float64
	tc       float64 // the character spacing in force
	lineW    float64
	hasLineW bool
	fill     rgb // the current colours and dash (shapes.go)
	stroke   rgb
	dashed   bool
}

// newPage resets the graphics state tracking: each page's stream stands alone.
func (c *contentStream) newPage() {
	c.inText, c.res, c.size, c.hasLineW, c.tc = false, 0, 0, false, 0
	c.fill, c.stroke, c.dashed = rgb{}, rgb{}, false
}

func (c *contentStream) num(v float64) {
	c.b = appendFixed2(c.b, v)
}

const hexDigits = "0123456789ABCDEF"

// hexByte[b] is b's two hex digits, big-endian: a glyph's four digits are
// one store, not four appends.
var hexByte = func() (t [256]uint16) {
	for i := range t {
		t[i] = uint16(hexDigits[i>>4])<<8 | uint16(hexDigits[i&15])
	}
	return t
}()

// text shows s with its baseline-left at (x, y) in top-down coordinates
// and character spacing tc, turned a quarter left when up is set; note,
// when set, notes the runes.
func (c *contentStream) text(res int, f *fonts.Face, size, x, y, tc float64, s string, up bool, note *usedFace) {
	if !c.inText {
		c.b = append(c.b, "BT\n"...)
		c.inText = true
		c.res = 0
	}
	if tc != c.tc {
		// Tc is text state: it stays until changed, across BT and ET.
		c.num(tc)
		c.b = append(c.b, " Tc\n"...)
		c.tc = tc
	}
	if res != c.res || size != c.size {
		c.b = append(c.b, "/F"...)
		c.b = strconv.AppendInt(c.b, int64(res), 10)
		c.b = append(c.b, ' ')
		c.num(size)
		c.b = append(c.b, " Tf\n"...)
		c.res, c.size = res, size
	}
	if up {
		c.b = append(c.b, "0 1 -1 0 "...)
	} else {
		c.b = append(c.b, "1 0 0 1 "...)
	}
	c.num(x)
	c.b = append(c.b, ' ')
	c.num(c.pageH - y)
	c.b = append(c.b, " Tm <"...)
	// A local slice grown once: appending to the field reloaded it for
	// every glyph, the hottest loop of a page.
	b := slices.Grow(c.b, 4*len(s)+5)
	for i := 0; i < len(s); {
		// Decoded by hand as range would: ASCII and the two-byte
		// sequences of Cyrillic inline, the rest (and invalid UTF-8, as
		// U+FFFD of one byte) by utf8.
		r := rune(s[i])
		switch {
		case r < utf8.RuneSelf:
			i++
		case r >= 0xC2 && r < 0xE0 && i+1 < len(s) && s[i+1]&0xC0 == 0x80:
			r = (r&0x1F)<<6 | rune(s[i+1]&0x3F)
			i += 2
		default:
			var n int
			r, n = utf8.DecodeRuneInString(s[i:])
			i += n
		}
		g := f.GlyphIndex(r)
		b = binary.BigEndian.AppendUint32(b, uint32(hexByte[g>>8])<<16|uint32(hexByte[g&0xFF]))
		if note != nil && note.first(r) {
			note.runes = utf8.AppendRune(note.runes, r)
		}
	}
	c.b = append(b, "> Tj\n"...)
}

func (c *contentStream) line(w, x1, y1, x2, y2 float64) {
	if c.inText {
		c.b = append(c.b, "ET\n"...)
		c.inText = false
	}
	if !c.hasLineW || w != c.lineW {
		c.num(w)
		c.b = append(c.b, " w\n"...)
		c.lineW, c.hasLineW = w, true
	}
	c.num(x1)
	c.b = append(c.b, ' ')
	c.num(c.pageH - y1)
	c.b = append(c.b, " m "...)
	c.num(x2)
	c.b = append(c.b, ' ')
	c.num(c.pageH - y2)
	c.b = append(c.b, " l S\n"...)
}

func (c *contentStream) finish() {
	if c.inText {
		c.b = append(c.b, "ET\n"...)
		c.inText = false
	}
}
