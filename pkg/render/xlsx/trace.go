package xlsx

// Which cells show a value of the document whole: the importer
// (pkg/xlsximport) lays a stored document out again with Trace and carries
// an edit of such a cell back into the value.

import (
	"context"
	"io"

	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/render/view"
)

// TraceFunc is told that the cell of sheet at 1-based row and col shows the
// document value value whole, typographed (typo.Typograph) but otherwise as
// it is, so that an edit of that cell maps back to exactly that value. The
// value is a Field, a *document.Heading or *document.Paragraph (a view
// block's Source, pointing into the rendered document) or a PassportValue.
// A value may be shown in several cells; the cells are told in the order
// they are written.
type TraceFunc func(sheet string, row, col int, value any)

// Field names a letterhead value of the document that its cell shows
// whole.
type Field string

// The letterhead values that map back from their cell. The title is traced
// only when the template prints it as written (not upper-cased).
const (
	FieldParent       Field = "organization.parent"
	FieldOrganization Field = "organization.full_name"
	FieldTitle        Field = "title"
	FieldSubtitle     Field = "subtitle"
)

// PassportValue is the value of row Row of Passport (in the rendered
// document), traced when it fits in one cell.
type PassportValue struct {
	Passport *document.Passport
	Row      int
}

// Trace is RenderView that also tells onCell about every cell that shows a
// value of v.Doc whole (see TraceFunc). The workbook written to out is the
// one RenderView writes.
func (w *Writer) Trace(ctx context.Context, out io.Writer, v *view.View, onCell TraceFunc) error {
	return w.render(ctx, out, v, onCell)
}

func (b *book) traceCell(sheet string, row, col int, value any) {
	if b.onCell != nil && value != nil {
		b.onCell(sheet, row, col, value)
	}
}
