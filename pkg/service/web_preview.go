package service

import (
	"bytes"
	"context"
	"fmt"
	"html/template"

	"github.com/kartograf-ru/kartograf"
)

// maxPreviewPages bounds the pages drawn into one HTML page: a 300-page
// plan is read in its PDF, not scrolled through in a browser.
const maxPreviewPages = 30

// previewPages is the pages of a document as the page shows them.
type previewPages struct {
	Pages []previewPage
	Total int
	More  bool
}

type previewPage struct {
	N   int
	SVG template.HTML
}

// previewPages draws the first pages of a prepared document as inline
// SVG, from the same layout as its PDF.
func (s *Server) previewPages(ctx context.Context, prep *kartograf.Prepared) (*previewPages, error) {
	pv, err := s.cfg.Engine.Preview(ctx, prep)
	if err != nil {
		return nil, err
	}
	out := &previewPages{Total: pv.Pages()}
	n := min(out.Total, maxPreviewPages)
	out.More = n < out.Total
	var b bytes.Buffer
	for i := 0; i < n; i++ {
		b.Reset()
		if err := pv.WriteSVG(&b, i); err != nil {
			return nil, fmt.Errorf("просмотр страницы %d: %w", i+1, err)
		}
		svg := b.Bytes()
		// Inline SVG takes no XML declaration.
		if j := bytes.Index(svg, []byte("<svg")); j > 0 {
			svg = svg[j:]
		}
		// The SVG is Kartograf's own output, every text in it escaped by
		// the preview renderer, so it is trusted as HTML.
		out.Pages = append(out.Pages, previewPage{N: i + 1, SVG: template.HTML(svg)})
	}
	return out, nil
}
