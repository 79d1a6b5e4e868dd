package docx

import (
	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/templates"
)

// Root is the data a DOCX template sees as its dot. Field names are part of
// the template contract (see README, «Шаблоны DOCX»).
type Root struct {
	S *state `json:"-"` // engine state; templates never use it directly

	Doc       *document.Document
	Template  string // id@version
	InputHash string // sha256:<hex>
	Creator   string // kartograf <version>
	Org       document.Organization
	Title     string
	Subtitle  string
	Left      []Stamp // agreements (СОГЛАСОВАНО), top left
	Right     []Stamp // approvals (УТВЕРЖДАЮ), top right
	HasStamps bool
	Body      []Block
}

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
}

// Heading is a body heading.
type Heading struct {
	Text  string
	Level int // 1…3
}

// Paragraph is narrative text (\n inside is a line break).
type Paragraph struct {
	Text  string
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
}

// Plan is the plan table.
type Plan struct {
	Columns  []Column
	Sections []Section
}

// Section is a group of measures.
type Section struct {
	Number string
	Title  string
	Items  []Item
}

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
