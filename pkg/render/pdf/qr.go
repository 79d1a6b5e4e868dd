package pdf

import "github.com/kartograf-ru/kartograf/pkg/render/view"

// qrSideMM is the printed side of the QR code without its quiet zone. The
// code sits in the bottom margin, so that it never takes a line of text:
// with the ГОСТ margin of 20 mm the quiet zone of a version-8 code (4
// modules of 0.31 mm) still clears the text frame.
const (
	qrSideMM   = 15
	qrBottomMM = 2.5 // from the sheet's bottom edge
)

// qrCode draws the QR-code requisite (ГОСТ Р 7.0.97-2025, requisite 31) in
// the bottom right corner of the first page, right-aligned with the text
// frame, as filled rectangles: each run of dark modules in a row is one
// rectangle, so the code is vector, exact at any zoom and a few hundred
// bytes.
func (l *layout) qrCode(q *view.QR) {
	if q == nil || q.Size == 0 {
		return
	}
	mod := qrSideMM * mm / float64(q.Size)
	x0 := l.right - qrSideMM*mm
	y0 := l.pageH - qrBottomMM*mm - qrSideMM*mm
	p := l.pages[0]
	for y := range q.Size {
		for x := 0; x < q.Size; {
			if !q.Dark(x, y) {
				x++
				continue
			}
			end := x
			for end < q.Size && q.Dark(end, y) {
				end++
			}
			p.ops = append(p.ops, op{kind: opRect, x: x0 + float64(x)*mod, y: y0 + float64(y)*mod,
				x2: x0 + float64(end)*mod, y2: y0 + float64(y+1)*mod})
			x = end
		}
	}
}

// rect fills the rectangle with corners (x1, y1) and (x2, y2), top-down
// coordinates, in the current (black) fill colour.
func (c *contentStream) rect(x1, y1, x2, y2 float64) {
	if c.inText {
		c.b = append(c.b, "ET\n"...)
		c.inText = false
	}
	c.num(x1)
	c.b = append(c.b, ' ')
	c.num(c.pageH - y2)
	c.b = append(c.b, ' ')
	c.num(x2 - x1)
	c.b = append(c.b, ' ')
	c.num(y2 - y1)
	c.b = append(c.b, " re f\n"...)
}
