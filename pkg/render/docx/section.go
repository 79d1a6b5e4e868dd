package docx

import (
	"bytes"
	"errors"
	"strconv"

	"github.com/kartograf-ru/kartograf/internal/lazyre"
	"github.com/kartograf-ru/kartograf/pkg/render/view"
	"github.com/kartograf-ru/kartograf/templates"
)

// A wide table or plan the template puts on landscape pages
// (view.Block.Landscape) gets a section of its own: a section break before
// it ends the portrait section and one after it ends the landscape one,
// each a paragraph whose w:sectPr copies the body's (headers, margins) with
// the page size turned. The builder asks the template for a page break at
// each place (the templates that turn tables print page breaks) and the
// engine rewrites those paragraphs into section breaks. Only the first
// section keeps w:titlePg: the later ones start on numbered pages.

// sections are the section breaks of a body, in order.
type sections struct {
	// breaks are the page-break paragraphs that end a section, counted
	// among all page breaks of the printed document (the cover's first).
	breaks []int
	// landscape tells, per break, whether the section it ends is turned.
	landscape []bool
	// endLandscape: the body's last section is turned.
	endLandscape bool
	// width and turned are the text widths in twips of a page of the
	// template's size and of a turned one.
	width, turned int
}

// turnedTwips is the text width of a page turned to landscape: the
// margins keep their sides.
func turnedTwips(m *templates.Manifest) int {
	w, h := m.PageSizeMM()
	return mmToTwips(max(w, h) - m.Page.Margins.Left - m.Page.Margins.Right)
}

// walk builds the body block by block, breaking sections where the
// orientation changes. Without turned blocks it is view.Walk.
func (b *rootBuilder) walk(blocks []view.Block) error {
	for i := range blocks {
		b.orient(blocks[i].Landscape())
		if err := view.Walk(b.ctx, blocks[i:i+1], b); err != nil {
			return err
		}
	}
	b.sec.endLandscape = b.landscape
	return nil
}

// orient ends the current section when the next block wants the other
// orientation. A page break just before (the user's, or the cover's at the
// start of the body) becomes the section break: a page break and a section
// break would leave a blank page.
func (b *rootBuilder) orient(landscape bool) {
	if landscape == b.landscape {
		return
	}
	n := len(b.body)
	if !(n == 0 && b.cover) && (n == 0 || !b.body[n-1].PageBreak) {
		b.body = append(b.body, Block{PageBreak: true})
	}
	ord := 0
	if b.cover {
		ord = 1
	}
	if n == 0 && b.cover {
		ord = 0 // the cover's own page break
	} else {
		for _, blk := range b.body {
			if blk.PageBreak {
				ord++
			}
		}
		ord--
	}
	b.sec.breaks = append(b.sec.breaks, ord)
	b.sec.landscape = append(b.sec.landscape, b.landscape)
	b.landscape = landscape
}

// errNoSectionPlace is returned for a template whose document part does not
// print the page breaks the section breaks replace.
var errNoSectionPlace = errors.New("шаблон DOCX не печатает разрывы страниц: широкую таблицу (tables.wide: landscape) не на что поставить на альбомные страницы")

var (
	pgSzRe    = lazyre.New(`<w:pgSz\b[^>]*/>`)
	titlePgRe = lazyre.New(`\s*<w:titlePg/>`)
	attrRe    = lazyre.New(`w:(w|h)="(\d+)"`)
)

var pageBreak = []byte(`<w:br w:type="page"/>`)

// apply rewrites the rendered document part x: the page-break paragraphs
// the breaks name become section breaks, the body's own w:sectPr describes
// the last section, and a turned section's tables span the turned width.
func (s *sections) apply(x []byte) ([]byte, error) {
	if len(s.breaks) == 0 {
		return x, nil
	}
	bodyEnd := bytes.LastIndex(x, []byte("</w:body>"))
	secAt := bytes.LastIndex(x[:max(bodyEnd, 0)], []byte("<w:sectPr"))
	if bodyEnd < 0 || secAt < 0 {
		return nil, errors.New("шаблон DOCX: у тела документа нет w:sectPr")
	}
	secEnd := bytes.Index(x[secAt:], []byte("</w:sectPr>"))
	if secEnd < 0 {
		return nil, errors.New("шаблон DOCX: w:sectPr тела не закрыт")
	}
	secEnd += secAt + len("</w:sectPr>")
	base := string(x[secAt:secEnd])
	pg := attrRe.FindAllStringSubmatch(pgSzRe.FindString(base), -1)
	if len(pg) != 2 {
		return nil, errors.New("шаблон DOCX: у w:sectPr тела нет размера страницы w:pgSz")
	}
	dims := map[string]string{pg[0][1]: pg[0][2], pg[1][1]: pg[1][2]}
	sect := func(landscape, first bool) string {
		w, h := dims["w"], dims["h"]
		sz := `<w:pgSz w:w="` + w + `" w:h="` + h + `"/>`
		if landscape {
			sz = `<w:pgSz w:w="` + h + `" w:h="` + w + `" w:orient="landscape"/>`
		}
		out := pgSzRe.ReplaceAllLiteralString(base, sz)
		if !first {
			out = titlePgRe.ReplaceAllLiteralString(out, "")
		}
		return out
	}
	// The page-break paragraphs, in order.
	type span struct{ start, end int }
	var paras []span
	for from := 0; ; {
		k := bytes.Index(x[from:secAt], pageBreak)
		if k < 0 {
			break
		}
		k += from
		st := max(bytes.LastIndex(x[:k], []byte("<w:p>")), bytes.LastIndex(x[:k], []byte("<w:p ")))
		e := bytes.Index(x[k:], []byte("</w:p>"))
		if st < 0 || e < 0 {
			return nil, errNoSectionPlace
		}
		paras = append(paras, span{st, k + e + len("</w:p>")})
		from = k + e
	}
	out := make([]byte, 0, len(x)+len(s.breaks)*len(base)+256)
	prev := 0
	for i, ord := range s.breaks {
		if ord >= len(paras) || i > 0 && ord <= s.breaks[i-1] {
			return nil, errNoSectionPlace
		}
		p := paras[ord]
		out = append(out, s.section(x[prev:p.start], s.landscape[i])...)
		out = append(out, "<w:p><w:pPr>"+sect(s.landscape[i], i == 0)+"</w:pPr></w:p>"...)
		prev = p.end
	}
	out = append(out, s.section(x[prev:secAt], s.endLandscape)...)
	out = append(out, sect(s.endLandscape, false)...)
	return append(out, x[secEnd:]...), nil
}

// section is the body of one section: a turned one's tables take the
// turned text width (the templates give tables the page's text width).
func (s *sections) section(x []byte, landscape bool) []byte {
	if !landscape {
		return x
	}
	from := []byte(`<w:tblW w:w="` + strconv.Itoa(s.width) + `"`)
	to := []byte(`<w:tblW w:w="` + strconv.Itoa(s.turned) + `"`)
	return bytes.ReplaceAll(x, from, to)
}

// tableWidth is the text width in twips a table spans: a turned page's
// when it prints on one.
func (b *rootBuilder) tableWidth(landscape bool) int {
	if landscape {
		return b.sec.turned
	}
	return b.width
}
