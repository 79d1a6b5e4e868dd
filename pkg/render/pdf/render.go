package pdf

import (
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
	cache      faceCache
	fin        finisher
	traceParas bool // layouts record where paragraphs' lines go (keep.go): the layout tests
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
	s, err := r.cache.get(v)
	if err != nil {
		return err
	}
	return r.cache.registerAll(s, v.Ref())
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
		Title: info.Title, Author: info.Author, Subject: info.Subject, Conformance: info.Conformance,
	})
	if err != nil {
		return err
	}
	return r.RenderView(ctx, w, vw.WithMark(info.Mark))
}

// RenderView lays out the view and writes the PDF to w. The layout reads
// only the view; the template's manifest gives the page geometry, sizes,
// fonts and cell padding. The document information comes from v.Meta, the
// visible signature mark from v.Mark. A document of more than 64 pages is
// written to w as its pages are finished (its memory does not grow with
// them, stream.go): when such a render fails, w may hold the start of the
// file; a shorter one writes nothing on failure.
func (r *Renderer) RenderView(ctx context.Context, w io.Writer, v *view.View) error {
	build, err := r.builder(ctx, v)
	if err != nil {
		return err
	}
	// The first pass holds a long document's pages only until there are
	// more than streamPages (stream.go).
	first := func(toc map[int]int) (*layout, error) { return build(toc, &collector{}) }
	var l *layout
	if hasContents(v) {
		l, err = r.layoutWithContents(first)
	} else {
		l, err = first(nil)
	}
	if err != nil {
		return err
	}
	info := Info{
		Title: v.Meta.Title, Author: v.Meta.Author, Subject: v.Meta.Subject,
		Creator: v.Meta.Creator, Template: v.Meta.Template, InputHash: v.Meta.InputHash,
		Mark: v.Mark,
	}
	if info.archive, err = newArchive(ctx, v, &info); err != nil {
		return err
	}
	if c, ok := l.sink.(*collector); ok && c.engaged {
		return r.stream(ctx, w, l, build, info) // a long document (stream.go)
	}
	dr := drawn{raw: getBuf()}
	defer putBuf(dr.raw)
	defer func() { putBytes(dr.cs) }()
	err = l.draw(&dr)
	l.recycle() // the pages are encoded in dr
	if err != nil {
		return err
	}
	out := getBuf()
	defer putBuf(out)
	if err := r.fin.finish(ctx, out, dr.raw.Bytes(), dr.pages, info); err != nil {
		return fmt.Errorf("сборка PDF: %w", err)
	}
	if _, err := out.WriteTo(w); err != nil {
		return fmt.Errorf("запись PDF: %w", err)
	}
	return nil
}

// builder lays out v with the contents' page numbers toc, handing the
// pages to sink.
type builder func(toc map[int]int, sink pageSink) (*layout, error)

func (r *Renderer) builder(ctx context.Context, v *view.View) (builder, error) {
	if v == nil || v.Version == nil {
		return nil, view.ErrNoDocument
	}
	fs, err := r.cache.get(v.Version)
	if err != nil {
		return nil, err
	}
	return func(toc map[int]int, sink pageSink) (*layout, error) {
		l := newLayout(ctx, fs, v.Manifest())
		l.set = v.Setting
		l.traceParas = r.traceParas
		l.cache = &r.cache
		l.tocPages = toc
		l.sink = sink
		if v.Mark != nil {
			l.mark = markLines(v.Mark)
		}
		if err := l.view(v); err != nil {
			return nil, fmt.Errorf("вёрстка: %w", err)
		}
		return l, nil
	}, nil
}

// layout lays out the whole document, every page kept.
func (r *Renderer) layout(ctx context.Context, v *view.View) (*layout, error) {
	build, err := r.builder(ctx, v)
	if err != nil {
		return nil, err
	}
	all := func(toc map[int]int) (*layout, error) { return build(toc, nil) }
	if hasContents(v) {
		return r.layoutWithContents(all)
	}
	return all(nil)
}
