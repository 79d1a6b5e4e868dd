package kartograf

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"time"

	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/render/view"
	"github.com/kartograf-ru/kartograf/pkg/sign"
	"github.com/kartograf-ru/kartograf/templates"
)

// The engine is a visible pipeline: Prepare resolves the template,
// validates the document, hashes it and builds its presentation model
// once; RenderPrepared then writes that model in any number of formats.
// Render is the two in one call.

// Prepared is a document ready to render. It is read-only and may be
// rendered into several formats at once.
type Prepared struct {
	Doc       *document.Document
	Template  *templates.Version
	InputHash string     // sha256:<hex> of the document's canonical JSON
	View      *view.View // the presentation model every renderer reads
}

// Formats lists the formats p's template version can make.
func (p *Prepared) Formats() []Format { return FormatsOf(p.Template) }

// Prepare resolves d's template (ref when given, else the document's own,
// else the default for its kind), validates d against it, hashes it and
// builds its view. Problems come back as one *document.ValidationError.
// Checking, hashing and building 100 000 rows take up to a second or more
// under load: each looks at ctx, so a caller who has gone away frees its
// render slot within milliseconds, with its context's error.
func (e *Engine) Prepare(ctx context.Context, d *document.Document, ref string) (*Prepared, error) {
	v, err := e.Template(d, ref)
	if err != nil {
		return nil, err
	}
	if err := e.validate(ctx, d, v); err != nil {
		return nil, err
	}
	js, hash, err := canonicalJSON(ctx, d)
	if err != nil {
		return nil, err
	}
	vw, err := view.Build(ctx, d, v, view.Meta{
		Template: v.Ref(), InputHash: hash, Creator: "kartograf " + Version, Version: Version, JSON: js,
	})
	if err != nil {
		return nil, err
	}
	return &Prepared{Doc: d, Template: v, InputHash: hash, View: vw}, nil
}

// renderer is the one renderer of a format.
func (e *Engine) renderer(f Format) view.Renderer {
	switch f {
	case DOCX:
		return e.docx
	case XLSX:
		return e.xlsx
	}
	return e.pdf
}

// RenderPrepared writes p in the format opts.Format (default PDF); with
// opts.Signer it signs the PDF. opts.Template is not used: the preparation
// chose the template.
func (e *Engine) RenderPrepared(ctx context.Context, w io.Writer, p *Prepared, opts RenderOptions) (*Result, error) {
	f, err := checkFormat(opts)
	if err != nil {
		return nil, err
	}
	if err := hasFormat(p.Template, f); err != nil {
		return nil, err
	}
	if err := e.use(p.Template, f); err != nil {
		return nil, err
	}
	if opts.Signer != nil {
		return e.renderSigned(ctx, w, p, opts)
	}
	vw := p.View
	if opts.Mark != nil && f == PDF {
		m := *opts.Mark
		if m.Form == "" {
			m.Form = p.Template.Manifest.MarkForm()
		}
		vw = vw.WithMark(&m)
	}
	if f == PDF {
		vw = withConformance(vw, opts.Conformance)
	}
	if err := e.renderView(ctx, w, f, vw); err != nil {
		return nil, err
	}
	return &Result{Format: f, Template: p.Template.Ref(), InputHash: p.InputHash}, nil
}

// checkFormat is the format opts ask for, PDF by default; only PDF can be
// signed.
func checkFormat(opts RenderOptions) (Format, error) {
	f := opts.Format
	if f == "" {
		f = PDF
	}
	if _, err := ParseFormat(string(f)); err != nil {
		return "", err
	}
	if opts.Signer != nil && f != PDF {
		return "", ErrSignFormat
	}
	if err := checkConformance(opts.Conformance, f); err != nil {
		return "", err
	}
	return f, nil
}

// Render validates d and writes it to w in the chosen format: Prepare,
// then RenderPrepared.
func (e *Engine) Render(ctx context.Context, w io.Writer, d *document.Document, opts RenderOptions) (*Result, error) {
	if _, err := checkFormat(opts); err != nil {
		return nil, err
	}
	p, err := e.Prepare(ctx, d, opts.Template)
	if err != nil {
		return nil, err
	}
	return e.RenderPrepared(ctx, w, p, opts)
}

// renderSigned renders the PDF into memory — the signature's byte range
// needs the whole file — signs it and writes the signed file to w.
func (e *Engine) renderSigned(ctx context.Context, w io.Writer, p *Prepared, opts RenderOptions) (*Result, error) {
	signer := opts.Signer
	at := opts.SignTime
	if at.IsZero() {
		at = time.Now()
	}
	mark := MarkFor(signer.Certificate())
	mark.Form = p.Template.Manifest.MarkForm()
	if opts.TSA != nil {
		// The 2025 form prints the time of signing when a trusted
		// time-stamp vouches for it. The mark is drawn before the
		// signature the token stamps, so it shows the signing time (/M);
		// the token's own time follows within the TSA's timeout.
		mark.SignedAt = view.SigningTime(at)
	}
	var buf bytes.Buffer
	if err := e.pdf.RenderView(ctx, &buf, withConformance(p.View.WithMark(mark), opts.Conformance)); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	signed, err := sign.SignPDFContext(ctx, buf.Bytes(), signer, sign.Options{Time: at, SubFilter: opts.SubFilter,
		AllowInvalidCertificate: opts.AllowInvalidCertificate, TSA: opts.TSA})
	if err != nil {
		return nil, fmt.Errorf("подпись PDF: %w", err)
	}
	if opts.LongTerm != nil {
		if signed, err = sign.MakeLT(ctx, signed, *opts.LongTerm); err != nil {
			return nil, fmt.Errorf("долговременная подпись (DSS): %w", err)
		}
	}
	if _, err := w.Write(signed); err != nil {
		return nil, err
	}
	return &Result{Format: PDF, Template: p.Template.Ref(), InputHash: p.InputHash}, nil
}
