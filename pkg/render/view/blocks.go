package view

import (
	"context"
	"strings"

	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/templates"
)

// Kind is what a block is.
type Kind uint8

// Kinds of blocks.
const (
	KindNone Kind = iota
	KindHeading
	KindParagraph
	KindList
	KindPassport
	KindPlan
	KindTable
	KindSignature
	KindPageBreak
	KindContents
	KindChart
)

// Block is one body element; the field named by Kind is set.
type Block struct {
	Kind  Kind
	Index int // position in the document's body

	Heading   *Heading
	Paragraph *Paragraph
	List      *List
	Passport  *Passport
	Plan      *Plan
	Table     *Table
	Signature *Signature
	PageBreak *PageBreak
	Contents  *Contents
	Chart     *Chart
}

// Visitor is what a renderer implements to walk the blocks: one method per
// kind, so that a new kind of block fails to compile in every renderer that
// does not print it.
type Visitor interface {
	Heading(*Heading) error
	Paragraph(*Paragraph) error
	List(*List) error
	Passport(*Passport) error
	Plan(*Plan) error
	Table(*Table) error
	Signature(*Signature) error
	PageBreak(*PageBreak) error
	Contents(*Contents) error
	Chart(*Chart) error
}

// Walk calls the visitor's method for each block in order. It stops at the
// first error, or with ctx.Err() when ctx is done between blocks.
func Walk(ctx context.Context, blocks []Block, v Visitor) error {
	for i := range blocks {
		if err := ctx.Err(); err != nil {
			return err
		}
		var err error
		switch b := &blocks[i]; b.Kind {
		case KindHeading:
			err = v.Heading(b.Heading)
		case KindParagraph:
			err = v.Paragraph(b.Paragraph)
		case KindList:
			err = v.List(b.List)
		case KindPassport:
			err = v.Passport(b.Passport)
		case KindPlan:
			err = v.Plan(b.Plan)
		case KindTable:
			err = v.Table(b.Table)
		case KindSignature:
			err = v.Signature(b.Signature)
		case KindPageBreak:
			err = v.PageBreak(b.PageBreak)
		case KindContents:
			err = v.Contents(b.Contents)
		case KindChart:
			err = v.Chart(b.Chart)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// Heading is a body heading.
type Heading struct {
	Source *document.Heading
	Text   string // typographed
	// Number is the heading's number under the document's heading
	// numbering («1.», «1.1.», «I.»), "" for none; printed before Text
	// (Line).
	Number string
	Level  int // 1…3
	// Align is the heading's own alignment, else centred for levels 1 and
	// 2 and left for level 3.
	Align string
	// Last is true when nothing follows the heading in the body.
	Last bool
}

// Paragraph is narrative text.
type Paragraph struct {
	Source *document.Paragraph
	// Lines are the paragraph's lines as the author broke them (a newline
	// in the text), each typographed; only the first is indented.
	Lines []string
	// Align is the paragraph's own alignment, else justify when the
	// template justifies narrative text and left when it does not.
	Align string
	// IndentMM is the first-line indent: the template's narrative indent
	// for justified and left-aligned paragraphs unless the paragraph says
	// indent false, 0 for centred and right-aligned ones.
	IndentMM float64
}

// Text is the paragraph's text with its line breaks.
func (p *Paragraph) Text() string { return strings.Join(p.Lines, "\n") }

// List is a narrative list.
type List struct {
	Source *document.List
	// List is the list with every item typographed; its markers are
	// document.List.ItemMarker (the bullet, or the number from Start).
	List *document.List
	// IndentMM is where the markers stand, from the text frame's left.
	IndentMM float64
	// Justify is true when the items' wrapped lines are justified.
	Justify bool
}

// Passport is the two-column passport table.
type Passport struct {
	Source    *document.Passport
	Columns   [2]Column // label and value; Frac adds up to 1
	LabelBold bool
	Rows      []PassportRow
}

// PassportRow is one line of a passport, typographed.
type PassportRow struct {
	Label string
	Value document.Content
}

// Plan is the table of measures.
type Plan struct {
	Source  *document.Plan
	Columns []Column
	// NumberCol is the index of the «number» column, -1 when there is none.
	NumberCol int
	// SplitSection is true when a section row prints its number in the
	// first column and its title across the others (the number column
	// comes first); otherwise number and title share one spanning cell.
	SplitSection bool
	HeaderBold   bool
	SectionBold  bool
	NumberRow    bool   // a row 1, 2, 3 … under the header
	Continuation string // label above the table on later pages, "" for none
	Sections     []Section
	// Landscape: the plan prints on landscape pages of a portrait
	// document (wide.go).
	Landscape bool
}

// Measures counts the plan's measures.
func (p *Plan) Measures() int {
	n := 0
	for i := range p.Sections {
		n += len(p.Sections[i].Items)
	}
	return n
}

// Section is a group of measures. A plan of measures without sections has
// one Section holding them, without a row.
type Section struct {
	// Row is whether the section prints its row (number and title across
	// the table): false for the measures of a plan without sections and
	// for a section with neither title nor number, whose Number and Title
	// are then "" — no empty row, no invented «1.».
	Row    bool
	Number string // as written, else generated («1.») unless numbered as written; typographed
	Title  string // typographed
	Items  []Measure
}

// Measure is one row of the plan.
type Measure struct {
	Number string          // as written, else generated («1.1») unless numbered as written; typographed
	Status document.Status // monitoring status
	// StatusLabel is the status in Russian, "" for none.
	StatusLabel string
	Note        string // typographed
	// Cells in column order, typographed; the number column holds Number.
	Cells []document.Content
}

// Table is a generic table: an optional header (group titles above the
// column titles), then its rows. See table.go.
type Table struct {
	Source *document.Table
	// Columns: titles with their unit («2021, тыс. руб.»), alignment
	// (right for numbers unless the column says otherwise).
	Columns []Column
	// Rows have one cell per column, typographed; numbers are written with
	// a decimal comma and no-break thousands spaces, computed totals
	// filled in, and an appended total row comes last.
	Rows [][]document.Content
	// Header is false when the table prints no header row at all.
	Header bool
	// Groups are the titles above the column titles, left to right;
	// empty when the header is one row.
	Groups []Group
	// Numbers holds the numeric cells' exact values and which are totals;
	// nil for a table without numeric columns.
	Numbers *document.TableNumbers
	// Size is the table's font size in points: the template's table size,
	// smaller for a wide table the template scales (wide.go).
	Size float64
	// Landscape: the table prints on landscape pages of a portrait
	// document, its columns sharing the landscape width.
	Landscape bool
}

// Signature is the closing line: position left, name right, date below.
type Signature struct {
	Source   *document.Signature
	Position string
	Name     string
	Date     string
}

// ctxEvery is how many rows Build copies between looks at the context.
const ctxEvery = 256

func block(ctx context.Context, d *document.Document, i int, m *templates.Manifest) (Block, error) {
	b := &d.Body[i]
	out := Block{Index: i}
	switch {
	case b.Heading != nil:
		out.Kind, out.Heading = KindHeading, heading(b.Heading, i+1 == len(d.Body))
	case b.Paragraph != nil:
		out.Kind, out.Paragraph = KindParagraph, paragraph(b.Paragraph, m)
	case b.List != nil:
		out.Kind = KindList
		out.List = &List{Source: b.List, List: TypographList(b.List), IndentMM: m.Narrative.IndentMM, Justify: m.Narrative.Justify}
	case b.Passport != nil:
		out.Kind, out.Passport = KindPassport, passport(b.Passport, m)
	case b.Plan != nil:
		p, err := plan(ctx, b.Plan, m)
		if err != nil {
			return out, err
		}
		out.Kind, out.Plan = KindPlan, p
	case b.Table != nil:
		t, err := table(ctx, b.Table)
		if err != nil {
			return out, err
		}
		out.Kind, out.Table = KindTable, t
	case b.Signature != nil:
		s := b.Signature
		out.Kind = KindSignature
		out.Signature = &Signature{Source: s, Position: typographOne(s.Position), Name: typographOne(s.Name), Date: typographOne(s.Date)}
	case b.PageBreak != nil:
		out.Kind, out.PageBreak = KindPageBreak, &PageBreak{Source: b.PageBreak}
	case b.Contents != nil:
		out.Kind = KindContents
		out.Contents = &Contents{Source: b.Contents, Title: typographOne(b.Contents.Title), MaxLevel: b.Contents.MaxLevel()}
	case b.Chart != nil:
		out.Kind, out.Chart = KindChart, chart(b.Chart)
	}
	return out, nil
}

// HeadingLevel is a heading's level, 1 when omitted.
func HeadingLevel(h *document.Heading) int {
	if h.Level <= 0 {
		return 1
	}
	return min(h.Level, 3)
}

func heading(h *document.Heading, last bool) *Heading {
	lvl := HeadingLevel(h)
	align := h.Align
	if align == "" {
		align = "center"
		if lvl == 3 {
			align = "left"
		}
	}
	return &Heading{Source: h, Text: typographOne(h.Text), Level: lvl, Align: align, Last: last}
}

func paragraph(p *document.Paragraph, m *templates.Manifest) *Paragraph {
	align := p.Align
	if align == "" {
		align = "left"
		if m.Narrative.Justify {
			align = "justify"
		}
	}
	out := &Paragraph{Source: p, Align: align}
	if (align == "justify" || align == "left") && (p.Indent == nil || *p.Indent) {
		out.IndentMM = m.Narrative.IndentMM
	}
	out.Lines = strings.Split(p.Text, "\n")
	for i, s := range out.Lines {
		out.Lines[i] = typographOne(s)
	}
	return out
}

func passport(p *document.Passport, m *templates.Manifest) *Passport {
	lw := m.Passport.LabelWidth
	fr := Fractions([]float64{lw, 1 - lw})
	out := &Passport{Source: p, LabelBold: m.Passport.LabelBold, Rows: make([]PassportRow, len(p.Rows))}
	out.Columns[0] = Column{N: 1, Key: "label", Frac: fr[0], Align: "left"}
	out.Columns[1] = Column{N: 2, Key: "value", Frac: fr[1], Align: "left"}
	for i, r := range p.Rows {
		out.Rows[i] = PassportRow{Label: typographOne(r.Label), Value: TypographContent(r.Value)}
	}
	return out
}

func plan(ctx context.Context, p *document.Plan, m *templates.Manifest) (*Plan, error) {
	cols := planColumns(PlanColumns(p, m))
	out := &Plan{
		Source: p, Columns: cols, NumberCol: -1,
		HeaderBold: m.Plan.HeaderBold, SectionBold: m.Plan.SectionBold, NumberRow: m.Plan.NumberRow,
	}
	groups := p.Groups()
	out.Sections = make([]Section, len(groups))
	if m.Plan.Continuation {
		out.Continuation = m.Labels.Continuation
	}
	for i, c := range cols {
		if c.Key == document.NumberKey {
			out.NumberCol = i
			break
		}
	}
	out.SplitSection = out.NumberCol == 0 && len(cols) > 1
	// One backing array for every cell of the plan, and one for the number
	// cells: a plan of 100 000 measures is otherwise 200 000 small
	// allocations on every render.
	total := p.Measures()
	cells := make([]document.Content, total*len(cols))
	var numbers []document.Part
	if out.NumberCol >= 0 {
		numbers = make([]document.Part, total)
	}
	n := 0
	for si := range groups {
		s := &groups[si]
		sec := Section{Row: p.SectionRow(si), Items: make([]Measure, len(s.Items))}
		if sec.Row {
			sec.Number, sec.Title = typographOne(p.SectionNumber(si)), typographOne(s.Title)
		}
		for ii := range s.Items {
			if n%ctxEvery == ctxEvery-1 {
				if err := ctx.Err(); err != nil {
					return nil, err
				}
			}
			ms := &s.Items[ii]
			it := Measure{Number: typographOne(p.ItemNumber(si, ii)), Status: ms.Status, StatusLabel: ms.Status.Label(),
				Note: typographOne(ms.Note), Cells: cells[n*len(cols) : (n+1)*len(cols) : (n+1)*len(cols)]}
			for ci, c := range cols {
				if c.Key == document.NumberKey {
					numbers[n] = document.Part{Text: it.Number}
					it.Cells[ci] = numbers[n : n+1 : n+1]
					continue
				}
				it.Cells[ci] = TypographContent(ms.Cells[c.Key])
			}
			sec.Items[ii] = it
			n++
		}
		out.Sections[si] = sec
	}
	return out, nil
}

func table(ctx context.Context, t *document.Table) (*Table, error) {
	cols := tableColumns(t.Columns)
	out := &Table{Source: t, Columns: cols, Header: t.HasHeader(), Groups: groups(t)}
	out.Numbers, _ = t.Numbers() // a rendered table was validated
	printed := t.Printed(out.Numbers)
	out.Rows = make([][]document.Content, len(printed))
	for ri, row := range printed {
		if ri%ctxEvery == ctxEvery-1 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		cells := make([]document.Content, len(cols))
		for ci := range cols {
			if ci < len(row) {
				cells[ci] = TypographContent(row[ci])
			}
		}
		out.Rows[ri] = cells
	}
	return out, nil
}
