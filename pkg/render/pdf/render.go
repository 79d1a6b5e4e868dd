package pdf

import (
	"bytes"
	"context"
	"fmt"
	"io"

	"github.com/kartograf-ru/kartograf/fonts"
	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/templates"
)

// Renderer renders documents to PDF. It caches parsed fonts and glyph
// widths per template version, so create one per process and reuse it; it
// is safe for concurrent use.
type Renderer struct {
	cache faceCache
	fin   finisher
}

// NewRenderer returns a renderer that loads fonts through lib (a zero
// fonts.Library is fine; sharing one lets other renderers reuse the parses).
func NewRenderer(lib *fonts.Library) *Renderer {
	if lib == nil {
		lib = new(fonts.Library)
	}
	return &Renderer{cache: faceCache{lib: lib}}
}

// Rules returns the validation rules of a template version: its default
// plan columns and the coverage of its fonts.
func (r *Renderer) Rules(v *templates.Version) (document.Rules, error) {
	fs, err := r.cache.get(v)
	if err != nil {
		return document.Rules{}, err
	}
	return document.Rules{Columns: v.Manifest.Plan.Columns, Covers: fs.Covers, FontName: fs.name}, nil
}

// Render lays out d with template v and writes the PDF to w. The document
// must have passed validation with r.Rules(v).
func (r *Renderer) Render(ctx context.Context, w io.Writer, d *document.Document, v *templates.Version, info Info) error {
	pages, l, err := r.layout(ctx, d, v, info.Mark)
	if err != nil {
		return err
	}
	_ = pages
	var dr drawn
	if err := l.draw(&dr); err != nil {
		return err
	}
	var out bytes.Buffer
	if err := r.fin.finish(ctx, &out, dr.raw.Bytes(), dr.pages, info); err != nil {
		return fmt.Errorf("сборка PDF: %w", err)
	}
	if _, err := out.WriteTo(w); err != nil {
		return fmt.Errorf("запись PDF: %w", err)
	}
	return nil
}

func (r *Renderer) layout(ctx context.Context, d *document.Document, v *templates.Version, mark *Mark) (int, *layout, error) {
	fs, err := r.cache.get(v)
	if err != nil {
		return 0, nil, err
	}
	l := newLayout(ctx, fs, &v.Manifest)
	l.cache = &r.cache
	l.mark = mark
	if err := l.document(d); err != nil {
		return 0, nil, fmt.Errorf("вёрстка: %w", err)
	}
	return len(l.pages), l, nil
}
