package view

import (
	"context"
	"errors"
	"io"
	"strings"
	"time"

	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/templates"
)

// View is one document as every format presents it. It is read-only once
// built and safe to render concurrently into several formats.
type View struct {
	// Doc is the source document. Renderers read the View; the XLSX writer
	// also stores Doc as JSON so that an edited workbook can be read back.
	Doc *document.Document
	// Version is the template version; renderers take their own page
	// geometry (size, margins, fonts, sizes) from its manifest.
	Version *templates.Version
	// Meta is what the output records about its making.
	Meta Meta
	// Mark, when set, is drawn as the visible electronic signature mark
	// (PDF): the output is about to be signed with that certificate.
	Mark *Mark

	Letterhead Letterhead
	Blocks     []Block
	// QR, when the document gives one, is the QR-code requisite.
	QR *QR
	// Setting is how the version sets paragraphs and cells into lines.
	Setting *Setting
}

// Manifest is the template version's manifest.
func (v *View) Manifest() *templates.Manifest { return &v.Version.Manifest }

// WithMark returns a shallow copy of v that carries the signature mark m.
func (v *View) WithMark(m *Mark) *View {
	c := *v
	c.Mark = m
	return &c
}

// Meta is what an output records about its making, in every format.
type Meta struct {
	Template  string // id@version
	InputHash string // sha256:<hex> of the document's canonical JSON
	Creator   string // "kartograf <version>"
	Version   string // Kartograf's version
	Title     string // the document's title and subtitle, for properties
	Author    string // the organisation's full name
	Subject   string // what kind of document it is, in Russian
	// JSON, when the preparation kept them, are the canonical JSON bytes
	// InputHash was computed over (document.WriteJSON's). The XLSX stores
	// the document and uses them instead of marshalling it again when
	// they hash to InputHash; nil: it marshals.
	JSON []byte
	// Conformance, when set, overrides the template's PDF conformance
	// (templates.PDFStyle): templates.ConformanceNone, PDFA2u or PDFA3u.
	Conformance string
}

// Mark is the visible «отметка об электронной подписи» of ГОСТ Р 7.0.97,
// drawn where the handwritten signature would be. Dates are ДД.ММ.ГГГГ.
type Mark struct {
	Certificate string // serial number
	Owner       string
	ValidFrom   string
	ValidTo     string
	// Form is the edition of ГОСТ Р 7.0.97 the mark follows:
	// templates.MarkForm2025, or the 2016 form ("" or MarkForm2016).
	Form string
	// SignedAt is the date and time of signing as printed
	// («01.12.2026 19:05 МСК»), set only when a trusted time-stamp
	// vouches for it; the 2025 form prints it, the 2016 form has no place
	// for it.
	SignedAt string
}

// MarkLine is one line of the signature mark as printed.
type MarkLine struct {
	Text string
	Bold bool // the two heading lines, centred
}

// Lines are the mark's text as ГОСТ Р 7.0.97 composes it: the heading in
// two bold lines, then the certificate, its owner and its validity,
// typographed like every name in the document («Иванов И.И.» keeps its
// no-break space).
func (m *Mark) Lines() []MarkLine {
	lines := []MarkLine{
		{Text: "ДОКУМЕНТ ПОДПИСАН", Bold: true},
		{Text: "ЭЛЕКТРОННОЙ ПОДПИСЬЮ", Bold: true},
		{Text: typographOne("Сертификат " + m.Certificate)},
		{Text: typographOne("Владелец " + m.Owner)},
		{Text: typographOne("Действителен с " + m.ValidFrom + " по " + m.ValidTo)},
	}
	if m.Form == templates.MarkForm2025 && m.SignedAt != "" {
		lines = append(lines, MarkLine{Text: typographOne("Подписан " + m.SignedAt)})
	}
	return lines
}

// moscow is Moscow time, UTC+3 all year since 2014: the time officials
// read on a mark.
var moscow = time.FixedZone("МСК", 3*60*60)

// SigningTime is t as the 2025 mark prints the date and time of signing:
// «01.12.2026 в 19:05 МСК», with no-break spaces that keep the time with
// its preposition and its zone.
func SigningTime(t time.Time) string {
	return t.In(moscow).Format("02.01.2006 в\u00a015:04") + "\u00a0МСК"
}

// Renderer writes a view in one format. Implementations are safe for
// concurrent use and stop with ctx.Err() soon after ctx is done.
type Renderer interface {
	RenderView(ctx context.Context, w io.Writer, v *View) error
}

// ErrNoDocument is returned by Build for a nil document or template.
var ErrNoDocument = errors.New("view: нет документа или версии шаблона")

// Build makes the view of d, a document that passed validation, laid out
// with template version tv. meta.Template defaults to tv's reference and
// Title, Author and Subject to the document's. Build looks at ctx every few
// hundred rows: a 100 000-row plan takes a noticeable part of a second.
func Build(ctx context.Context, d *document.Document, tv *templates.Version, meta Meta) (*View, error) {
	if d == nil || tv == nil {
		return nil, ErrNoDocument
	}
	m := &tv.Manifest
	if meta.Template == "" {
		meta.Template = tv.Ref()
	}
	if meta.Title == "" {
		meta.Title = strings.TrimSpace(d.Title + " " + d.Subtitle)
	}
	if meta.Author == "" {
		meta.Author = d.Organization.FullName
	}
	if meta.Subject == "" {
		meta.Subject = Subject(d.Kind)
	}
	set, err := newSetting(m)
	if err != nil {
		return nil, err
	}
	v := &View{Doc: d, Version: tv, Meta: meta, Letterhead: letterhead(d, m), Setting: set}
	if d.QR != "" {
		q, err := qrCode(d.QR)
		if err != nil {
			return nil, err
		}
		v.QR = q
	}
	v.Blocks = make([]Block, 0, len(d.Body))
	numbers := headingNumbers(d, m)
	for i := range d.Body {
		b, err := block(ctx, d, i, m)
		if err != nil {
			return nil, err
		}
		if b.Kind == KindHeading {
			b.Heading.Number = numbers[i]
		}
		switch b.Kind {
		case KindTable:
			layoutTable(b.Table, tv)
		case KindPlan:
			layoutPlan(b.Plan, m)
		}
		if b.Kind != KindNone {
			v.Blocks = append(v.Blocks, b)
		}
	}
	fillContents(v.Blocks)
	return v, nil
}

// Subject is the document properties' subject for a kind of document.
func Subject(k document.Kind) string {
	switch k {
	case document.KindAnalysis:
		return "Анализ реализации дорожной карты"
	case document.KindMixed:
		return "Дорожная карта и анализ её реализации"
	}
	return "Дорожная карта"
}
