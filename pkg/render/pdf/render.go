package pdf

import (
	"bytes"
	"context"
	"fmt"
	"io"

	"github.com/kartograf-ru/kartograf/fonts"
	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/render/view"
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

// Check loads a template version's fonts for PDF (and registers them with
// the PDF writer) once, so that a version whose fonts cannot be used is
// refused when the engine starts rather than at its first document.
// Validation rules come from the version itself (templates.Version.Rules).
func (r *Renderer) Check(v *templates.Version) error {
	_, err := r.cache.get(v)
	return err
}

// The renderer writes views, and its layout prints every kind of block.
var (
	_ view.Renderer = (*Renderer)(nil)
	_ view.Visitor  = (*layout)(nil)
)

// Mark is the visible electronic signature mark; the view defines it for
// every format.
type Mark = view.Mark

// Render lays out d with template v and writes the PDF to w. The document
// must have passed validation with v.Rules (templates.Version.Coverage). It builds the document's
// view and renders that (RenderView); info's empty fields take the view's
// defaults.
func (r *Renderer) Render(ctx context.Context, w io.Writer, d *document.Document, v *templates.Version, info Info) error {
	vw, err := view.Build(ctx, d, v, view.Meta{
		Template: info.Template, InputHash: info.InputHash, Creator: info.Creator,
		Title: info.Title, Author: info.Author, Subject: info.Subject,
	})
	if err != nil {
		return err
	}
	return r.RenderView(ctx, w, vw.WithMark(info.Mark))
}

// RenderView lays out the view and writes the PDF to w. The layout reads
// only the view; the template's manifest gives the page geometry, sizes,
// fonts and cell padding. The document information comes from v.Meta, the
// visible signature mark from v.Mark.
func (r *Renderer) RenderView(ctx context.Context, w io.Writer, v *view.View) error {
	l, err := r.layout(ctx, v)
	if err != nil {
		return err
	}
	var dr drawn
	if err := l.draw(&dr); err != nil {
		return err
	}
	info := Info{
		Title: v.Meta.Title, Author: v.Meta.Author, Subject: v.Meta.Subject,
		Creator: v.Meta.Creator, Template: v.Meta.Template, InputHash: v.Meta.InputHash,
		Mark: v.Mark,
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

func (r *Renderer) layout(ctx context.Context, v *view.View) (*layout, error) {
	if v == nil || v.Version == nil {
		return nil, view.ErrNoDocument
	}
	fs, err := r.cache.get(v.Version)
	if err != nil {
		return nil, err
	}
	build := func(toc map[int]int) (*layout, error) {
		l := newLayout(ctx, fs, v.Manifest())
		l.cache = &r.cache
		l.tocPages = toc
		if v.Mark != nil {
			l.mark = markLines(v.Mark)
		}
		if err := l.view(v); err != nil {
			return nil, fmt.Errorf("вёрстка: %w", err)
		}
		return l, nil
	}
	if hasContents(v) {
		return r.layoutWithContents(build)
	}
	return build(nil)
}
