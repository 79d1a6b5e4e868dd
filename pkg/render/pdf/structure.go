package pdf

import (
	"context"
	"strconv"

	"github.com/kartograf-ru/kartograf/pkg/render/view"
)

// appendixGrif draws the appendix grif at the top right of page 1: its
// lines wrapped to the stamp width and right-aligned at the frame's
// right edge, as ГОСТ Р 7.0.97 places the «отметка о приложении».
func (l *layout) appendixGrif(lines []string) {
	size := l.m.Sizes.Stamp
	lh := l.lineHeight(size)
	w := min(l.m.Header.StampWidthMM*mm, l.width()/2)
	for _, s := range lines {
		for _, ln := range l.wrap(regular, size, s, w) {
			l.text(l.right-ln.Width, l.y+l.ascent(size), regular, size, ln.Text, l.right-w, l.right)
			l.y += lh
		}
	}
	l.y += lh
}

// placeLine draws the place-and-year line centred: under the title, or at
// the foot of the cover page, which then ends.
func (l *layout) placeLine(h *view.Letterhead) {
	size := l.m.Sizes.Body
	lh := l.lineHeight(size)
	if h.Cover {
		n := float64(len(l.wrap(regular, size, h.Place, l.width())))
		l.y = max(l.y, l.bottom-n*lh)
	}
	l.centered(regular, size, h.Place)
	if !h.Cover {
		l.y += lh
	}
}

// coverEnd starts the body on a new page after the cover page.
func (l *layout) coverEnd() { l.newPage() }

// PageBreak starts a new page, unless the current one is still empty (a
// break right after a cover page or another break adds no blank page).
func (l *layout) PageBreak(*view.PageBreak) error {
	if !l.fresh() {
		l.newPage()
	}
	return nil
}

// Contents draws the table of contents: its title like a heading, then one
// line per entry, indented by level, the page number right-aligned. The
// page numbers come from a previous pagination of the same document
// (Renderer.layout repeats it until they no longer change); in the first
// pass they are unknown and the space for them is left empty, so that the
// entries wrap the same in every pass.
func (l *layout) Contents(c *view.Contents) error {
	if c.Title != "" {
		if err := l.Heading(&view.Heading{Text: c.Title, Level: 1, Align: "center"}); err != nil {
			return err
		}
	}
	size := l.m.Sizes.Body
	lh := l.lineHeight(size)
	m := l.faces.measurer(regular, size)
	numW := m.Width("0000")
	for _, e := range c.Entries {
		if err := l.cancelled(); err != nil {
			return err
		}
		x := l.left + float64(e.Level-1)*l.m.Narrative.IndentMM*mm
		width := l.right - numW - x
		lines := l.wrap(regular, size, e.Line(), width)
		if l.y+float64(len(lines))*lh > l.bottom {
			l.newPage()
		}
		for i, ln := range lines {
			base := l.y + l.ascent(size)
			l.text(x, base, regular, size, ln.Text, x, x+width)
			if p, ok := l.tocPages[e.HeadingIndex]; ok && i == len(lines)-1 {
				s := strconv.Itoa(p)
				w := m.Width(s)
				l.text(l.right-w, base, regular, size, s, l.right-numW, l.right)
			}
			l.y += lh
		}
	}
	l.y += lh / 2
	return nil
}

// headingPage records the printed page number of the heading being drawn.
func (l *layout) headingPage(h *view.Heading) {
	if i, ok := l.headIndex[h]; ok {
		l.headPages[i] = len(l.pages)
	}
}

// hasContents reports whether the view holds a contents block, whose page
// numbers need a second pagination.
func hasContents(v *view.View) bool {
	for i := range v.Blocks {
		if v.Blocks[i].Kind == view.KindContents {
			return true
		}
	}
	return false
}

// maxContentsPasses bounds the paginations of a document with contents:
// the entries wrap the same whatever their numbers, so the second pass is
// final unless a number's width moves a line, which a third settles.
const maxContentsPasses = 4

// layoutWithContents paginates until the contents' page numbers are those
// of the pagination they are printed in.
func (r *Renderer) layoutWithContents(build func(toc map[int]int) (*layout, error)) (*layout, error) {
	l, err := build(nil)
	if err != nil {
		return nil, err
	}
	for range maxContentsPasses - 1 {
		next, err := build(l.headPages)
		if err != nil {
			return nil, err
		}
		if samePages(next.headPages, l.headPages) {
			return next, nil
		}
		l = next
	}
	return l, nil
}

func samePages(a, b map[int]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// HeadingPages paginates v as RenderView does and returns the page number
// (1-based) of each heading by its body index (view.Block.Index): the
// pages the PDF's contents print, for a format that cannot paginate
// itself (DOCX pre-fills its contents field with them).
func (r *Renderer) HeadingPages(ctx context.Context, v *view.View) (map[int]int, error) {
	l, err := r.layout(ctx, v)
	if err != nil {
		return nil, err
	}
	return l.headPages, nil
}
