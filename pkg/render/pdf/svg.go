package pdf

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/kartograf-ru/kartograf/pkg/render/view"
)

// A preview draws the pages the PDF layout produced as SVG, one standalone
// document a page, so a browser shows the document without a PDF plugin:
// the layout already placed every run of text, rule and QR module, and
// drawing its ops again costs a small fraction of writing the PDF (no font
// subsets, no compression).
//
// The browser draws the text with its own fonts (the family the template
// names first, then common Cyrillic serifs); textLength forces every run
// to the width measured with the template's font, so lines, wraps, cells
// and page breaks are exactly the PDF's whatever font is installed. The
// output holds only elements and presentation attributes, no style
// attributes or elements and no script, so a page served with a strict
// Content-Security-Policy can inline it.

// Preview is a document's laid-out pages, ready to be drawn as SVG. It is
// read-only and safe for concurrent use.
type Preview struct {
	pages  []*page
	family string                // the root font-family value: the main face's family and substitutes
	faces  [numStyles][]faceAttr // per face reference, the attributes it adds to a <text>
}

// faceAttr is the attribute text a face adds to a <text> element, e.g.
// ` font-weight="bold"`, already escaped.
type faceAttr string

// fallbackFamilies follow a template's own family: fonts a Russian office
// or browser usually has, with serif metrics close to Times.
var fallbackFamilies = []string{"PT Astra Serif", "Times New Roman", "Liberation Serif"}

// Preview lays out the view exactly as RenderView does — contents, turned
// pages, page numbers, QR code and, when v.Mark is set, the signature mark —
// and keeps its pages for WriteSVG; no PDF is written.
func (r *Renderer) Preview(ctx context.Context, v *view.View) (*Preview, error) {
	l, err := r.layout(ctx, v)
	if err != nil {
		return nil, err
	}
	p := &Preview{pages: l.pages}
	var mainFamily string
	if m := v.Manifest(); m != nil {
		mainFamily = m.Fonts.Name
	}
	// styles[st] holds the main set's compact face, its full face, then
	// one face per fallback set (faces.go): fallback 0 and 1 are the main
	// family.
	familyOf := func(st, fb int) string {
		if fb <= 1 && mainFamily != "" {
			return cssFamily(mainFamily)
		}
		return cssFamily(familyFromFaceName(l.faces.styles[st][fb].Name()))
	}
	root := familyOf(regular, 0)
	p.family = familyList(root)
	for st := range l.faces.styles {
		for fb, f := range l.faces.styles[st] {
			var a strings.Builder
			if fam := familyOf(st, fb); fam != root {
				a.WriteString(` font-family="`)
				a.WriteString(familyList(fam))
				a.WriteByte('"')
			}
			// A style the template has no face for falls back to the
			// regular face (templates.Fonts.StyleSets): the PDF then prints
			// it upright and regular, and so does the preview.
			same := fb < len(l.faces.styles[regular]) && f.Name() == l.faces.styles[regular][fb].Name()
			if !same && (st == bold || st == boldItalic) {
				a.WriteString(` font-weight="bold"`)
			}
			if !same && (st == italic || st == boldItalic) {
				a.WriteString(` font-style="italic"`)
			}
			p.faces[st] = append(p.faces[st], faceAttr(a.String()))
		}
	}
	return p, nil
}

// Pages is the number of pages.
func (p *Preview) Pages() int { return len(p.pages) }

// PageSize is page i's size in points (a turned page has its turned
// size); an index out of range gives zeros.
func (p *Preview) PageSize(i int) (w, h float64) {
	if i < 0 || i >= len(p.pages) {
		return 0, 0
	}
	return p.pages[i].w, p.pages[i].h
}

// WriteSVG writes page i (from 0) as a standalone SVG document. The same
// preview always gives the same bytes.
func (p *Preview) WriteSVG(w io.Writer, i int) error {
	if i < 0 || i >= len(p.pages) {
		return fmt.Errorf("предпросмотр: нет страницы %d, в документе страниц: %d", i+1, len(p.pages))
	}
	pg := p.pages[i]
	var b bytes.Buffer
	// About 120 bytes an op: sized once, the page is one allocation.
	b.Grow(512 + 120*len(pg.ops))
	b.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 `)
	num(&b, pg.w)
	b.WriteByte(' ')
	num(&b, pg.h)
	b.WriteString(`" width="`)
	num(&b, pg.w)
	b.WriteString(`pt" height="`)
	num(&b, pg.h)
	b.WriteString(`pt" role="img" aria-label="Страница `)
	b.WriteString(strconv.Itoa(i + 1))
	b.WriteString(" из ")
	b.WriteString(strconv.Itoa(len(p.pages)))
	b.WriteString(`"><rect width="`)
	num(&b, pg.w)
	b.WriteString(`" height="`)
	num(&b, pg.h)
	b.WriteString(`" fill="#fff"/><g font-family="`)
	b.WriteString(p.family)
	b.WriteString(`">`)
	var scratch []byte // EscapeText takes bytes: one buffer for every text
	for k := range pg.ops {
		o := &pg.ops[k]
		switch o.kind {
		case opText:
			scratch = p.text(&b, o, scratch)
		case opLine:
			b.WriteString(`<line x1="`)
			num(&b, o.x)
			b.WriteString(`" y1="`)
			num(&b, o.y)
			b.WriteString(`" x2="`)
			num(&b, o.x2)
			b.WriteString(`" y2="`)
			num(&b, o.y2)
			if o.paint != (rgb{}) {
				b.WriteByte('"')
				svgColour(&b, "stroke", o.paint)
				b.WriteString(` stroke-width="`)
			} else {
				b.WriteString(`" stroke="#000" stroke-width="`)
			}
			num(&b, o.w)
			if o.flags&dashed != 0 {
				b.WriteString(`" stroke-dasharray="3 2`)
			}
			b.WriteString(`"/>`)
		case opRect:
			b.WriteString(`<rect x="`)
			num(&b, o.x)
			b.WriteString(`" y="`)
			num(&b, o.y)
			b.WriteString(`" width="`)
			num(&b, o.x2-o.x)
			b.WriteString(`" height="`)
			num(&b, o.y2-o.y)
			b.WriteByte('"')
			if o.paint != (rgb{}) {
				svgColour(&b, "fill", o.paint)
			}
			b.WriteString(`/>`)
		case opPath:
			svgPath(&b, o)
		}
	}
	b.WriteString("</g></svg>\n")
	if _, err := b.WriteTo(w); err != nil {
		return fmt.Errorf("предпросмотр, страница %d: %w", i+1, err)
	}
	return nil
}

// text writes one text op. Its y is the baseline, as in SVG. It returns
// scratch, grown to hold the text.
func (p *Preview) text(b *bytes.Buffer, o *op, scratch []byte) []byte {
	s := xmlText(o.text)
	if s == "" {
		return scratch
	}
	b.WriteString(`<text x="`)
	num(b, o.x)
	b.WriteString(`" y="`)
	num(b, o.y)
	b.WriteString(`" font-size="`)
	num(b, o.size)
	b.WriteByte('"')
	if o.paint != (rgb{}) {
		svgColour(b, "fill", o.paint)
	}
	if o.flags&turned != 0 {
		b.WriteString(` transform="rotate(-90 `)
		num(b, o.x)
		b.WriteByte(' ')
		num(b, o.y)
		b.WriteString(`)"`)
	}
	if fs := p.faces[o.face.style]; int(o.face.fallback) < len(fs) {
		b.WriteString(string(fs[o.face.fallback]))
	}
	if o.w > 0 {
		b.WriteString(` textLength="`)
		num(b, o.w)
		b.WriteString(`" lengthAdjust="spacingAndGlyphs"`)
	}
	// SVG collapses runs of spaces and trims the ends unless told not to;
	// a run's spaces are part of its measured width.
	if strings.HasPrefix(s, " ") || strings.HasSuffix(s, " ") || strings.Contains(s, "  ") {
		b.WriteString(` xml:space="preserve"`)
	}
	b.WriteByte('>')
	scratch = append(scratch[:0], s...)
	_ = xml.EscapeText(b, scratch) // a bytes.Buffer does not fail
	b.WriteString(`</text>`)
	return scratch
}

// num writes v with at most two decimals and no trailing zeros: the PDF
// itself is written to a hundredth of a point. Integer arithmetic: this
// is most of the preview's work.
func num(b *bytes.Buffer, v float64) {
	if math.IsNaN(v) || math.IsInf(v, 0) || math.Abs(v) > 1e12 {
		b.WriteByte('0') // no page has such coordinates
		return
	}
	c := int64(math.Round(v * 100))
	if c == 0 {
		b.WriteByte('0') // also turns -0 into 0
		return
	}
	if c < 0 {
		b.WriteByte('-')
		c = -c
	}
	var a [24]byte
	s := strconv.AppendInt(a[:0], c/100, 10)
	if f := c % 100; f != 0 {
		s = append(s, '.', byte('0'+f/10))
		if f%10 != 0 {
			s = append(s, byte('0'+f%10))
		}
	}
	b.Write(s)
}

// xmlText is s without what XML 1.0 cannot carry (control characters
// other than tab and line breaks, surrogates, U+FFFE, U+FFFF, invalid
// UTF-8) and without the C1 controls, which no document means to print.
func xmlText(s string) string {
	for _, r := range s {
		if r == utf8.RuneError || !xmlChar(r) {
			return xmlTextSlow(s)
		}
	}
	return s
}

// xmlTextSlow is xmlText for text that has something to drop (or a real
// U+FFFD, which it keeps).
func xmlTextSlow(s string) string {
	var out strings.Builder
	for i, r := range s {
		if r == utf8.RuneError {
			if _, n := utf8.DecodeRuneInString(s[i:]); n <= 1 {
				continue // an invalid byte, not a real U+FFFD
			}
		}
		if xmlChar(r) {
			out.WriteRune(r)
		}
	}
	return out.String()
}

func xmlChar(r rune) bool {
	switch {
	case r == '\t' || r == '\n' || r == '\r':
		return true
	case r < 0x20 || r >= 0x7f && r <= 0x9f:
		return false
	case r <= 0xd7ff:
		return true
	case r >= 0xe000 && r <= 0xfffd:
		return true
	}
	return r >= 0x10000 && r <= utf8.MaxRune
}

// familyFromFaceName is the family of a face named the PostScript way,
// "DejaVuSerif-Bold" → "DejaVu Serif": the style goes, a space comes
// before the usual family words.
func familyFromFaceName(name string) string {
	if i := strings.LastIndexByte(name, '-'); i > 0 {
		name = name[:i]
	}
	for _, w := range []string{"Serif", "Sans", "Mono", "Text", "Condensed"} {
		if i := strings.Index(name, w); i > 0 && name[i-1] != ' ' {
			name = name[:i] + " " + name[i:]
		}
	}
	return name
}

// cssFamily keeps only letters, digits, spaces and hyphens of a family
// name, so that it can be quoted in a font-family list inside an
// attribute whatever a template's manifest says.
func cssFamily(s string) string {
	return strings.Join(strings.Fields(strings.Map(func(r rune) rune {
		switch {
		case r == ' ' || r == '-' || r == '_':
			return r
		case r < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'):
			return r
		case r >= utf8.RuneSelf && (r >= 0x400 && r <= 0x4ff):
			return r // Cyrillic family names
		}
		return -1
	}, s)), " ")
}

// familyList is the font-family value: fam, the usual substitutes, then
// the generic serif.
func familyList(fam string) string {
	var b strings.Builder
	seen := map[string]bool{}
	for _, f := range append([]string{fam}, fallbackFamilies...) {
		if f == "" || seen[strings.ToLower(f)] {
			continue
		}
		seen[strings.ToLower(f)] = true
		b.WriteByte('\'')
		b.WriteString(f)
		b.WriteString("',")
	}
	b.WriteString("serif")
	return b.String()
}
