package kartograf

import (
	"context"
	"fmt"

	"github.com/kartograf-ru/kartograf/pkg/render/pdf"
	"github.com/kartograf-ru/kartograf/pkg/render/view"
)

// Preview is a prepared document's pages as the PDF lays them out, drawn
// one page at a time as standalone SVG (Preview.WriteSVG): a browser shows
// them without a PDF viewer. See pdf.Preview for what it can and cannot
// reproduce.
type Preview = pdf.Preview

// Preview lays p out exactly as its PDF (same pages, page numbers, turned
// pages and QR code) without writing the PDF: Prepare once, then preview
// and render to any format from the same Prepared.
func (e *Engine) Preview(ctx context.Context, p *Prepared) (*Preview, error) {
	if p == nil || p.View == nil {
		return nil, view.ErrNoDocument
	}
	pv, err := e.pdf.Preview(ctx, p.View)
	if err != nil {
		return nil, fmt.Errorf("предпросмотр: %w", err)
	}
	return pv, nil
}
