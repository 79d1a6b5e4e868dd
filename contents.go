package kartograf

import (
	"context"
	"io"

	"github.com/kartograf-ru/kartograf/pkg/render/view"
)

// renderView writes vw in format f. A DOCX whose document has a contents
// block gets the headings' pages from the PDF pagination, so that its
// pre-filled Word contents shows real page numbers before anyone updates
// fields (Word cannot be asked to paginate here; LibreOffice and Word lay
// the same template out to the same pages as closely as the PDF does).
func (e *Engine) renderView(ctx context.Context, w io.Writer, f Format, vw *view.View) error {
	if f != DOCX || !hasContents(vw) {
		return e.renderer(f).RenderView(ctx, w, vw)
	}
	pages, err := e.pdf.HeadingPages(ctx, vw)
	if err != nil {
		return err
	}
	return e.docx.RenderViewPages(ctx, w, vw, pages)
}

// hasContents reports whether the view has a table of contents.
func hasContents(vw *view.View) bool {
	for i := range vw.Blocks {
		if vw.Blocks[i].Kind == view.KindContents {
			return true
		}
	}
	return false
}
