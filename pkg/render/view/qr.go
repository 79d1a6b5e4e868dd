package view

import (
	"fmt"

	"rsc.io/qr"
)

// QR is the QR-code requisite of ГОСТ Р 7.0.97-2025 (requisite 31): a
// square of dark and light modules, without the quiet zone, that each
// format draws in the bottom right corner of the first page.
type QR struct {
	Data string // as the document gives it
	Size int    // modules on a side
	dark []bool
}

// Dark reports whether the module at column x, row y is dark.
func (q *QR) Dark(x, y int) bool {
	return x >= 0 && y >= 0 && x < q.Size && y < q.Size && q.dark[y*q.Size+x]
}

// QuietZone is the light border a reader needs around the code, in
// modules (ISO/IEC 18004).
const QuietZone = 4

// qrCode encodes data at error correction level M: a printed page may be
// creased or stamped over, and M still fits an identifier or a short URL
// in a code that stays readable in the corner of a page.
func qrCode(data string) (*QR, error) {
	c, err := qr.Encode(data, qr.M)
	if err != nil {
		return nil, fmt.Errorf("QR-код документа: %w", err)
	}
	q := &QR{Data: data, Size: c.Size, dark: make([]bool, c.Size*c.Size)}
	for y := range c.Size {
		for x := range c.Size {
			q.dark[y*c.Size+x] = c.Black(x, y)
		}
	}
	return q, nil
}
