package pdf

import (
	"bytes"
	"strconv"
)

// The shapes of charts: colours, dashed lines, turned text and paths. A
// zero colour is black and zero flags are a plain op, so the documents
// drawn before charts existed keep their bytes: the content stream writes
// a colour or dash operator only when it changes from the page's initial
// black, solid state.

// path is a path op's points, x, y pairs in top-down coordinates.
type path struct{ xy []float64 }

// rgb is a colour, red, green and blue from 0 to 255.
type rgb [3]uint8

// opFlags modify how an op is drawn.
type opFlags uint8

const (
	dashed  opFlags = 1 << iota // a line in 3 pt dashes with 2 pt gaps
	turned                      // text read from bottom to top, its baseline going up from (x, y)
	stroked                     // a path drawn as an open polyline rather than filled
)

// white is the colour of data labels printed inside a filled shape.
var white = rgb{255, 255, 255}

// hexRGB reads "RRGGBB"; anything else is black.
func hexRGB(s string) rgb {
	v, err := strconv.ParseUint(s, 16, 32)
	if len(s) != 6 || err != nil {
		return rgb{}
	}
	return rgb{uint8(v >> 16), uint8(v >> 8), uint8(v)}
}

// endText closes a text object before a graphics operator.
func (c *contentStream) endText() {
	if c.inText {
		c.b = append(c.b, "ET\n"...)
		c.inText = false
	}
}

func (c *contentStream) colour(k rgb) {
	for _, v := range k {
		c.b = strconv.AppendFloat(c.b, float64(v)/255, 'f', 3, 64)
		c.b = append(c.b, ' ')
	}
}

// setFill makes k the fill colour (of glyphs too); a colour operator is
// allowed inside a text object.
func (c *contentStream) setFill(k rgb) {
	if k == c.fill {
		return
	}
	c.colour(k)
	c.b = append(c.b, "rg\n"...)
	c.fill = k
}

func (c *contentStream) setStroke(k rgb, dash bool) {
	if k != c.stroke {
		c.endText()
		c.colour(k)
		c.b = append(c.b, "RG\n"...)
		c.stroke = k
	}
	if dash != c.dashed {
		c.endText()
		if dash {
			c.b = append(c.b, "[3 2] 0 d\n"...)
		} else {
			c.b = append(c.b, "[] 0 d\n"...)
		}
		c.dashed = dash
	}
}

// path fills the polygon through pts (x, y pairs, top-down) or, stroked,
// draws it as an open polyline of width w.
func (c *contentStream) path(pts []float64, stroke bool, w float64) {
	if len(pts) < 4 {
		return
	}
	c.endText()
	if stroke && (!c.hasLineW || w != c.lineW) {
		c.num(w)
		c.b = append(c.b, " w\n"...)
		c.lineW, c.hasLineW = w, true
	}
	for i := 0; i+1 < len(pts); i += 2 {
		c.num(pts[i])
		c.b = append(c.b, ' ')
		c.num(c.pageH - pts[i+1])
		if i == 0 {
			c.b = append(c.b, " m "...)
		} else {
			c.b = append(c.b, " l "...)
		}
	}
	if stroke {
		c.b = append(c.b, "S\n"...)
	} else {
		c.b = append(c.b, "h f\n"...)
	}
}

// svgColour writes attr="#RRGGBB".
func svgColour(b *bytes.Buffer, attr string, k rgb) {
	b.WriteByte(' ')
	b.WriteString(attr)
	b.WriteString(`="#`)
	for _, v := range k {
		b.WriteByte(hexDigits[v>>4])
		b.WriteByte(hexDigits[v&15])
	}
	b.WriteByte('"')
}

// svgPath writes a path op as a polygon or polyline.
func svgPath(b *bytes.Buffer, o *op) {
	if o.flags&stroked != 0 {
		b.WriteString(`<polyline points="`)
	} else {
		b.WriteString(`<polygon points="`)
	}
	pts := o.pts.xy
	for i := 0; i+1 < len(pts); i += 2 {
		if i > 0 {
			b.WriteByte(' ')
		}
		num(b, pts[i])
		b.WriteByte(',')
		num(b, pts[i+1])
	}
	b.WriteByte('"')
	if o.flags&stroked != 0 {
		b.WriteString(` fill="none"`)
		svgColour(b, "stroke", o.paint)
		b.WriteString(` stroke-width="`)
		num(b, o.w)
		b.WriteByte('"')
	} else {
		svgColour(b, "fill", o.paint)
	}
	b.WriteString(`/>`)
}
