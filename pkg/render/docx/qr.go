package docx

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"strconv"
	"strings"

	"github.com/kartograf-ru/kartograf/pkg/render/view"
)

// The QR-code requisite (ГОСТ Р 7.0.97-2025, requisite 31) is engine work,
// not template work: a picture anchored to the first page, bottom right,
// at the place and size the PDF gives it, in every template version that
// lets a document ask for one.
const (
	qrPart    = "word/media/kartograf-qr.png"
	qrRelID   = "rIdKartografQR"
	qrSideMM  = 15  // as the PDF
	qrFromBot = 2.5 // mm from the sheet's bottom edge, as the PDF
	emuPerMM  = 36000
	qrPixels  = 8 // image pixels per module: crisp when Word scales it
)

// qrPNG draws the code with its quiet zone as a black-and-white PNG. The
// encoder is deterministic, so the same datum gives the same bytes.
func qrPNG(q *view.QR) ([]byte, error) {
	n := (q.Size + 2*view.QuietZone) * qrPixels
	img := image.NewGray(image.Rect(0, 0, n, n))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	for y := range q.Size {
		for x := range q.Size {
			if !q.Dark(x, y) {
				continue
			}
			x0, y0 := (x+view.QuietZone)*qrPixels, (y+view.QuietZone)*qrPixels
			for dy := range qrPixels {
				for dx := range qrPixels {
					img.SetGray(x0+dx, y0+dy, color.Gray{})
				}
			}
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("QR-код: %w", err)
	}
	return buf.Bytes(), nil
}

// qrPage is the sheet in millimetres: width, height, right margin.
type qrPage struct{ w, h, right float64 }

// qrAnchor is the drawing run: the picture, quiet zone included, placed so
// that the modules themselves cover the same square as in the PDF, right
// edge on the right margin, in front of the text and not wrapping it.
func qrAnchor(q *view.QR, page qrPage) string {
	quiet := float64(view.QuietZone) * qrSideMM / float64(q.Size)
	side := int64((qrSideMM + 2*quiet) * emuPerMM)
	top := int64((page.h - qrFromBot - qrSideMM - quiet) * emuPerMM)
	// The modules' right edge on the right margin; the quiet zone may
	// stand in the margin.
	left := int64((page.w - page.right - qrSideMM - quiet) * emuPerMM)
	s := strconv.FormatInt(side, 10)
	return `<w:r><w:drawing><wp:anchor xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="251659264" behindDoc="0" locked="1" layoutInCell="0" allowOverlap="1">` +
		`<wp:simplePos x="0" y="0"/>` +
		`<wp:positionH relativeFrom="page"><wp:posOffset>` + strconv.FormatInt(left, 10) + `</wp:posOffset></wp:positionH>` +
		`<wp:positionV relativeFrom="page"><wp:posOffset>` + strconv.FormatInt(top, 10) + `</wp:posOffset></wp:positionV>` +
		`<wp:extent cx="` + s + `" cy="` + s + `"/>` +
		`<wp:effectExtent l="0" t="0" r="0" b="0"/>` +
		`<wp:wrapNone/>` +
		`<wp:docPr id="31" name="QR-код документа" descr="` + xmlAttr(q.Data) + `"/>` +
		`<wp:cNvGraphicFramePr/>` +
		`<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">` +
		`<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture">` +
		`<pic:nvPicPr><pic:cNvPr id="31" name="kartograf-qr.png"/><pic:cNvPicPr/></pic:nvPicPr>` +
		`<pic:blipFill><a:blip xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:embed="` + qrRelID + `"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>` +
		`<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="` + s + `" cy="` + s + `"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>` +
		`</pic:pic></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>`
}

func xmlAttr(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s)) // quotes too: the value stands in an attribute
	return b.String()
}

// firstParaIn reports whether the paragraph withQRRun anchors the code to
// is complete in x, the first chunk of a document part: a whole
// paragraph closes in x after the body opens.
func firstParaIn(x []byte) bool {
	body := bytes.Index(x, []byte("<w:body>"))
	if body < 0 {
		return false
	}
	return bytes.Contains(x[body:], []byte("</w:p>")) || bytes.Contains(x[body:], []byte("<w:p/>"))
}

// withQRRun puts the anchor into the first paragraph of the body, after
// its properties: an anchored picture belongs to the page of its paragraph.
func withQRRun(doc []byte, run string) ([]byte, error) {
	body := bytes.Index(doc, []byte("<w:body>"))
	if body < 0 {
		return nil, fmt.Errorf("QR-код: в document.xml нет w:body")
	}
	i := body
	for {
		j := bytes.Index(doc[i:], []byte("<w:p"))
		if j < 0 {
			return nil, fmt.Errorf("QR-код: в документе нет абзаца для привязки")
		}
		i += j
		if c := doc[i+4]; c == '>' || c == ' ' {
			break
		}
		i += 4 // <w:pPr, <w:pStyle …
	}
	end := bytes.IndexByte(doc[i:], '>') + i + 1
	if doc[end-2] == '/' { // <w:p/>: open it
		out := append([]byte{}, doc[:end-2]...)
		out = append(out, '>')
		out = append(out, run...)
		out = append(out, "</w:p>"...)
		return append(out, doc[end:]...), nil
	}
	if bytes.HasPrefix(doc[end:], []byte("<w:pPr")) {
		k := bytes.Index(doc[end:], []byte("</w:pPr>"))
		if k < 0 {
			return nil, fmt.Errorf("QR-код: незакрытый w:pPr")
		}
		end += k + len("</w:pPr>")
	}
	out := make([]byte, 0, len(doc)+len(run))
	out = append(out, doc[:end]...)
	out = append(out, run...)
	return append(out, doc[end:]...), nil
}

// withQRRel adds the picture's relationship to document.xml.rels.
func withQRRel(rels []byte) ([]byte, error) {
	i := bytes.LastIndex(rels, []byte("</Relationships>"))
	if i < 0 {
		return nil, fmt.Errorf("QR-код: document.xml.rels без Relationships")
	}
	rel := `<Relationship Id="` + qrRelID + `" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/kartograf-qr.png"/>`
	return append(append(append([]byte{}, rels[:i]...), rel...), rels[i:]...), nil
}

// withPNGType declares the png extension when the template does not.
func withPNGType(types []byte) ([]byte, error) {
	if bytes.Contains(types, []byte(`Extension="png"`)) {
		return types, nil
	}
	i := bytes.LastIndex(types, []byte("</Types>"))
	if i < 0 {
		return nil, fmt.Errorf("QR-код: [Content_Types].xml без Types")
	}
	def := `<Default Extension="png" ContentType="image/png"/>`
	return append(append(append([]byte{}, types[:i]...), def...), types[i:]...), nil
}

// addQR rewrites the parts the picture needs into outs: the document with
// the anchored run, its relationships and the content types. Static parts
// rewritten here are written deflated instead of as their stored bytes.
func (c *compiled) addQR(outs [][]byte, q *view.QR, page qrPage) error {
	for i, p := range c.parts {
		src := outs[i] // rendered, when the part is a template
		if src == nil {
			src = c.pkgParts[p.name]
		}
		var err error
		switch p.name {
		case "word/document.xml":
			outs[i], err = withQRRun(src, qrAnchor(q, page))
		case "word/_rels/document.xml.rels":
			outs[i], err = withQRRel(src)
		case "[Content_Types].xml":
			outs[i], err = withPNGType(src)
		}
		if err != nil {
			return err
		}
	}
	return nil
}
