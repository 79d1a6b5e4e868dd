package docx

import (
	"context"

	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/render/view"
)

// Meta is what the output records about its making.
type Meta = view.Meta

// buildRoot turns the presentation model into the data a template sees.
// Every decision about the document's appearance (columns, letterhead,
// alignment, indent, numbers, typography) is the view's; buildRoot only
// scales the column fractions to twips. It looks at ctx every few hundred
// rows: copying the rows of a 100 000-row plan takes a noticeable part of a
// second.
func buildRoot(ctx context.Context, v *view.View) (*Root, error) {
	return buildRootPages(ctx, v, nil)
}

// buildRootPages is buildRoot with the contents' page numbers: pages maps
// a heading's body index to its page (nil: none known).
func buildRootPages(ctx context.Context, v *view.View, pages map[int]int) (*Root, error) {
	lh := &v.Letterhead
	r := &Root{
		Doc: v.Doc, Template: v.Meta.Template, InputHash: v.Meta.InputHash, Creator: v.Meta.Creator,
		Title: lh.Title, Subtitle: lh.Subtitle,
	}
	if v.QR != nil {
		w, h := v.Manifest().PageSizeMM()
		r.qr, r.qrPage = v.QR, qrPage{w: w, h: h, right: v.Manifest().Page.Margins.Right}
	}
	if lh.Organization {
		o := &v.Doc.Organization
		r.Org = Org{
			FullName: OrgLine(lh.FullName), Parent: OrgLine(lh.Parent),
			ShortName: OrgLine(o.ShortName), District: OrgLine(o.District), Region: OrgLine(o.Region),
		}
	}
	for _, s := range lh.Stamps {
		if s.Side == view.Left {
			r.Left = append(r.Left, Stamp{Lines: s.Lines})
		} else {
			r.Right = append(r.Right, Stamp{Lines: s.Lines})
		}
	}
	r.HasStamps = len(r.Left)+len(r.Right) > 0
	structureRoot(r, lh)
	b := &rootBuilder{ctx: ctx, width: textTwips(v.Manifest()), body: make([]Block, 0, len(v.Blocks)), pages: pages, cover: lh.Cover}
	b.sec.width, b.sec.turned = b.width, turnedTwips(v.Manifest())
	b.tableSize = v.Manifest().Sizes.Table
	if err := b.walk(v.Blocks); err != nil {
		return nil, err
	}
	r.Body = b.body
	r.charts = b.charts
	r.sections = &b.sec
	return r, nil
}

// rootBuilder is a view.Visitor: a new kind of block fails to compile here
// until the template contract says how it is printed.
type rootBuilder struct {
	ctx   context.Context
	width int // text width, twips
	body  []Block
	pages map[int]int // heading body index → page, for the contents
	cover bool        // the body starts on a page of its own after the cover
	// landscape: the blocks being built print on turned pages; sec
	// collects the section breaks (section.go).
	landscape bool
	sec       sections
	tableSize float64 // the template's table size, points
	charts    int     // chart blocks built (chart.go)
}

func (b *rootBuilder) Heading(h *view.Heading) error {
	// The heading prints with its number (h.Line): a template that does
	// not number headings gets none from the view.
	b.body = append(b.body, Block{Heading: &Heading{Text: Text{s: h.Line(), align: h.Align}, Number: h.Number, Level: h.Level, Align: h.Align}})
	return nil
}

func (b *rootBuilder) Paragraph(p *view.Paragraph) error {
	t := Text{s: p.Text(), align: p.Align, indent: mmToTwips(p.IndentMM), indented: true}
	b.body = append(b.body, Block{Paragraph: &Paragraph{Text: t, Align: p.Align}})
	return nil
}

func (b *rootBuilder) List(l *view.List) error {
	b.body = append(b.body, Block{List: l.List})
	return nil
}

func (b *rootBuilder) Passport(p *view.Passport) error {
	out := &Passport{Rows: make([]PassportRow, len(p.Rows))}
	for i, row := range p.Rows {
		out.Rows[i] = PassportRow{Label: row.Label, Value: row.Value}
	}
	b.body = append(b.body, Block{Passport: out})
	return nil
}

func (b *rootBuilder) Plan(p *view.Plan) error {
	cols := columns(p.Columns, b.tableWidth(p.Landscape))
	out := &Plan{Columns: cols, Sections: make([]Section, len(p.Sections))}
	// One backing array for every cell of the plan: a 100 000-row plan
	// would otherwise make 100 000 small allocations.
	cells := make([]Cell, p.Measures()*len(cols))
	n := 0
	for si := range p.Sections {
		s := &p.Sections[si]
		sec := Section{Number: RowText(s.Number), Title: RowText(s.Title), Items: make([]Item, len(s.Items))}
		for ii := range s.Items {
			if n%256 == 255 {
				if err := b.ctx.Err(); err != nil {
					return err
				}
			}
			ms := &s.Items[ii]
			row := cells[n*len(cols) : (n+1)*len(cols) : (n+1)*len(cols)]
			for ci := range cols {
				row[ci] = Cell{Value: ms.Cells[ci], Twips: cols[ci].Twips, Align: cols[ci].Align}
			}
			sec.Items[ii] = Item{Number: ms.Number, Status: ms.StatusLabel, Note: ms.Note, Cells: row}
			n++
		}
		out.Sections[si] = sec
	}
	b.body = append(b.body, Block{Plan: out})
	return nil
}

func (b *rootBuilder) Table(t *view.Table) error {
	cols := columns(t.Columns, b.tableWidth(t.Landscape))
	head := tableHeader(t, cols)
	for i := range cols {
		cols[i].head = head
	}
	out := &Table{Columns: cols, Rows: make([]Row, len(t.Rows))}
	size := b.scaled(t.Size)
	cells := make([]Cell, len(t.Rows)*len(cols))
	for ri, vr := range t.Rows {
		if ri%256 == 255 {
			if err := b.ctx.Err(); err != nil {
				return err
			}
		}
		row := cells[ri*len(cols) : (ri+1)*len(cols) : (ri+1)*len(cols)]
		for ci := range cols {
			row[ci] = Cell{Value: vr[ci], Twips: cols[ci].Twips, Align: cols[ci].Align, size: size}
		}
		out.Rows[ri] = Row{Cells: row}
	}
	b.body = append(b.body, Block{Table: out})
	return nil
}

func (b *rootBuilder) Signature(s *view.Signature) error {
	b.body = append(b.body, Block{Signature: &document.Signature{Position: s.Position, Name: s.Name, Date: s.Date}})
	return nil
}

// columns scales the view's column fractions to twips that add up to the
// text width.
func columns(vc []view.Column, width int) []Column {
	fracs := make([]float64, len(vc))
	for i := range vc {
		fracs[i] = vc[i].Frac
	}
	tw := view.Scale(fracs, width)
	out := make([]Column, len(vc))
	for i, c := range vc {
		out[i] = Column{N: c.N, Key: c.Key, Title: c.Title, Twips: tw[i], Align: c.Align}
	}
	return out
}
