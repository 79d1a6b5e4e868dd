package docx

import (
	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/render/view"
	"github.com/kartograf-ru/kartograf/templates"
)

// Root is the data a DOCX template sees as its dot. Field names are part of
// the template contract (see docs/docx-templates.md).
type Root struct {
	S *state `json:"-"` // engine state; templates never use it directly

	qr     *view.QR // the QR-code requisite, drawn by the engine
	qrPage qrPage
	// sections are the section breaks around turned blocks (section.go).
	sections *sections
	// charts is how many chart blocks the body holds (chart.go).
	charts int

	Doc       *document.Document
	Template  string // id@version
	InputHash string // sha256:<hex>
	Creator   string // kartograf <version>
	Org       Org    // empty when the template prints no organisation
	Title     string // in capitals when the template asks (header.title_upper)
	Subtitle  string
	Left      []Stamp // agreements (СОГЛАСОВАНО), top left
	Right     []Stamp // approvals (УТВЕРЖДАЮ), top right
	HasStamps bool
	// Appendix is the appendix grif («Приложение № 1», «к приказу …»,
	// «от … № …»), line by line, printed first at the top right; nil when
	// the document has none or the template does not print it.
	Appendix []string
	// Place is the place and year line («с. Урожайное, 2023 г.»), "" for none.
	Place string
	// Cover is true when the letterhead, stamps and title make a title
	// page of their own: the body starts on the next page.
	Cover bool
	Body  []Block
}

// Org is the organisation as the letterhead prints it. Every line is empty
// when the template's manifest prints no organisation (header.organization
// false).
type Org struct {
	FullName  OrgLine
	ShortName OrgLine
	Parent    OrgLine // founder or higher authority, above the name
	District  OrgLine
	Region    OrgLine
}

// OrgLine is one line of the organisation. It prints as a string; alone in
// its paragraph, an empty line writes no paragraph at all, so that a
// template that prints no organisation leaves no blank line behind.
type OrgLine string

// Text is the text of a heading or a narrative paragraph. It prints as its
// string; alone in its paragraph it also carries the alignment and
// first-line indent the document asks for, which the engine writes where
// the template's paragraph would lay the text out otherwise.
type Text struct {
	s      string
	align  string // left, center, right, justify; "" keeps the template's
	indent int    // first-line indent in twips, when indented
	// indented is false for headings: their indent is the template's.
	indented bool
	// chart, when set, is the chart block this text is the caption of
	// (chart.go): alone in its paragraph it prints the drawing too.
	chart *chartRef
}

func (t Text) String() string { return t.s }

// Stamp is one approval stamp as printed, line by line.
type Stamp struct {
	Lines []string
}

// Block is one body element; exactly one field is set.
type Block struct {
	Heading   *Heading
	Paragraph *Paragraph
	List      *document.List
	Passport  *Passport
	Plan      *Plan
	Table     *Table
	Signature *document.Signature
	// PageBreak starts a new page.
	PageBreak bool
	Contents  *Contents
}

// Heading is a body heading.
type Heading struct {
	// Text is the heading as printed: its number (when the document numbers
	// headings and the template prints numbers), a space, its text.
	Text   Text
	Number string // the number alone («1.», «I.»), "" for none
	Level  int    // 1…3
	Align  string // its own, else center for levels 1 and 2, left for 3
}

// Paragraph is narrative text (\n inside is a line break).
type Paragraph struct {
	Text Text
	// Align is the paragraph's own, else justify when the template
	// justifies narrative text (narrative.justify) and left when not.
	Align string // justify, left, center, right
}

// Passport is the two-column passport.
type Passport struct {
	Rows []PassportRow
}

// PassportRow is a label and its content.
type PassportRow struct {
	Label string
	Value document.Content
}

// Column is a table column with its width in twips (1/20 pt) computed from
// the relative widths and the page's text width.
type Column struct {
	N     int // 1-based position, for the column-number row
	Key   string
	Title string
	Twips int
	Align string

	head  *tableHead // a generic table's header rows (header.go); nil for plans
	merge merge      // how a header cell spans
}

// Plan is the plan table.
type Plan struct {
	Columns  []Column
	Sections []Section
}

// Section is a group of measures. Number and Title are both "" when the
// section prints no row (view.Section.Row): a plan of measures without
// sections, or a section with neither number nor title.
type Section struct {
	Number RowText
	Title  RowText
	Items  []Item
}

// RowText is a text that prints as its string and, when it is empty and so
// is every other tag of its table row, takes the row away: a template's
// section row {{.Number}} | {{.Title}} writes nothing for a section that
// prints no row, without the template having to say so (released
// templates cannot).
type RowText string

func (t RowText) String() string { return string(t) }

// Item is one measure: its cells in column order.
type Item struct {
	Number string
	Status string // Russian label, "" when none
	Note   string
	Cells  []Cell
}

// Cell is a table cell's content with its column's width and alignment; a
// cell that is the sole content of a paragraph takes the alignment.
type Cell struct {
	Value document.Content
	Twips int
	Align string
	size  int // half points when the view scales the table down, else 0 (scale.go)
}

// Table is a generic table.
type Table struct {
	Columns []Column
	Rows    []Row
}

// Row is a generic table row.
type Row struct {
	Cells []Cell
}

// textTwips is the width of the text frame of a template version's page.
func textTwips(m *templates.Manifest) int {
	w, _ := m.PageSizeMM()
	return mmToTwips(w - m.Page.Margins.Left - m.Page.Margins.Right)
}

func mmToTwips(mm float64) int { return int(mm*1440/25.4 + 0.5) }
