package docx

import (
	"context"
	"strconv"

	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/templates"
)

// Meta is what the output records about its making.
type Meta struct {
	Template  string // id@version
	InputHash string // sha256:<hex>
	Creator   string // kartograf <version>
}

// buildRoot turns a document into the view a template sees.
// buildRoot looks at ctx every few hundred rows: copying the rows of a
// 100 000-row plan takes a noticeable part of a second.
func buildRoot(ctx context.Context, d *document.Document, m *templates.Manifest, meta Meta) (*Root, error) {
	r := &Root{
		Doc: d, Template: meta.Template, InputHash: meta.InputHash, Creator: meta.Creator,
		Org: d.Organization, Title: d.Title, Subtitle: d.Subtitle,
	}
	for _, a := range d.Approvals {
		st := Stamp{Lines: m.Labels.StampLines(a)}
		if a.Placement() == "left" {
			r.Left = append(r.Left, st)
		} else {
			r.Right = append(r.Right, st)
		}
	}
	r.HasStamps = len(r.Left)+len(r.Right) > 0
	width := textTwips(m)
	r.Body = make([]Block, 0, len(d.Body))
	for i := range d.Body {
		b := &d.Body[i]
		var v Block
		switch {
		case b.Heading != nil:
			lvl := b.Heading.Level
			if lvl == 0 {
				lvl = 1
			}
			v.Heading = &Heading{Text: b.Heading.Text, Level: lvl}
		case b.Paragraph != nil:
			align := b.Paragraph.Align
			if align == "" {
				align = "justify"
			}
			v.Paragraph = &Paragraph{Text: b.Paragraph.Text, Align: align}
		case b.List != nil:
			v.List = b.List
		case b.Passport != nil:
			p := &Passport{Rows: make([]PassportRow, len(b.Passport.Rows))}
			for k, row := range b.Passport.Rows {
				p.Rows[k] = PassportRow{Label: row.Label, Value: row.Value}
			}
			v.Passport = p
		case b.Plan != nil:
			var err error
			if v.Plan, err = buildPlan(ctx, b.Plan, m, width); err != nil {
				return nil, err
			}
		case b.Table != nil:
			var err error
			if v.Table, err = buildTable(ctx, b.Table, width); err != nil {
				return nil, err
			}
		case b.Signature != nil:
			v.Signature = b.Signature
		}
		r.Body = append(r.Body, v)
	}
	return r, nil
}

// columns scales relative widths to twips that add up to the text width.
func columns(keys, titles, aligns []string, weights []float64, width int) []Column {
	total := 0.0
	for _, w := range weights {
		total += max(w, 0)
	}
	cols := make([]Column, len(weights))
	used := 0
	for i, w := range weights {
		if w <= 0 {
			w = 1
			if total == 0 {
				total = float64(len(weights))
			}
		}
		tw := int(w / total * float64(width))
		if i == len(weights)-1 {
			tw = width - used
		}
		used += tw
		cols[i] = Column{N: i + 1, Key: keys[i], Title: titles[i], Twips: tw, Align: aligns[i]}
	}
	return cols
}

func buildPlan(ctx context.Context, p *document.Plan, m *templates.Manifest, width int) (*Plan, error) {
	cs := p.Columns
	if len(cs) == 0 {
		cs = m.Plan.Columns
	}
	keys, titles, aligns := make([]string, len(cs)), make([]string, len(cs)), make([]string, len(cs))
	weights := make([]float64, len(cs))
	for i, c := range cs {
		keys[i], titles[i], aligns[i], weights[i] = c.Key, c.Title, c.Align, c.Width
		if aligns[i] == "" {
			aligns[i] = "left"
		}
	}
	cols := columns(keys, titles, aligns, weights, width)
	out := &Plan{Columns: cols, Sections: make([]Section, len(p.Sections))}
	for si := range p.Sections {
		s := &p.Sections[si]
		sec := Section{Number: p.SectionNumber(si), Title: s.Title, Items: make([]Item, len(s.Items))}
		for ii := range s.Items {
			if ii%256 == 255 {
				if err := ctx.Err(); err != nil {
					return nil, err
				}
			}
			ms := &s.Items[ii]
			it := Item{Number: p.ItemNumber(si, ii), Status: ms.Status.Label(), Note: ms.Note, Cells: make([]Cell, len(cols))}
			for ci, c := range cols {
				val := ms.Cells[c.Key]
				if c.Key == document.NumberKey {
					val = document.Text(it.Number)
				}
				it.Cells[ci] = Cell{Value: val, Twips: c.Twips, Align: c.Align}
			}
			sec.Items[ii] = it
		}
		out.Sections[si] = sec
	}
	return out, nil
}

func buildTable(ctx context.Context, t *document.Table, width int) (*Table, error) {
	n := len(t.Columns)
	keys, titles, aligns := make([]string, n), make([]string, n), make([]string, n)
	weights := make([]float64, n)
	for i, c := range t.Columns {
		keys[i], titles[i], aligns[i], weights[i] = "c"+strconv.Itoa(i+1), c.Title, "left", c.Width
	}
	cols := columns(keys, titles, aligns, weights, width)
	out := &Table{Columns: cols, Rows: make([]Row, len(t.Rows))}
	for ri, row := range t.Rows {
		if ri%256 == 255 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		cells := make([]Cell, n)
		for ci := range cols {
			var v document.Content
			if ci < len(row) {
				v = row[ci]
			}
			cells[ci] = Cell{Value: v, Twips: cols[ci].Twips, Align: "left"}
		}
		out.Rows[ri] = Row{Cells: cells}
	}
	return out, nil
}
