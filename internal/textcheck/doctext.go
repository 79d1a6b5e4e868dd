package textcheck

import (
	"slices"
	"strings"

	"github.com/kartograf-ru/kartograf/pkg/document"
)

// approvalHeadings are the standard headings of the stamps that have no
// Title of their own.
var approvalHeadings = map[document.ApprovalKind]string{
	document.ApprovalApprove:  "УТВЕРЖДАЮ",
	document.ApprovalByOrder:  "УТВЕРЖДЕНА",
	document.ApprovalAgree:    "СОГЛАСОВАНО",
	document.ApprovalReviewed: "РАССМОТРЕНО",
	document.ApprovalSeal:     "М.П.",
}

// ApprovalHeading is the heading DocumentText expects for a stamp: its Title,
// or the standard heading of its kind («УТВЕРЖДАЮ», «УТВЕРЖДЕНА»,
// «СОГЛАСОВАНО», «РАССМОТРЕНО», «М.П.»); none for heading: false.
func ApprovalHeading(a document.Approval) string {
	if !a.HasHeading() {
		return ""
	}
	if a.Title != "" {
		return a.Title
	}
	return approvalHeadings[a.Kind]
}

// AppendixLabel is the first word of the appendix grif the templates
// print («Приложение», manifest labels.appendix), before « № N».
const AppendixLabel = "Приложение"

// ApprovalReference is the requisites line DocumentText expects for a
// stamp: document.Approval.Reference, which the renderers print.
func ApprovalReference(a document.Approval) string { return a.Reference() }

// DocumentText returns the text of d in the reading order of the rendered
// document, one element per line, for InOrder(Words(...)) or
// InOrder(SeedWords(seed), DocumentText(...)):
//
//   - organization: parent (when set), full name;
//   - each approval in order: ApprovalHeading, then its lines as written
//     when it has them, else position, issuer, name, ApprovalReference;
//   - title, subtitle;
//   - the body: heading text; paragraph text; list items with their markers
//     (ordered lists numbered from Start) and nested lists after their item;
//     passport rows as label then value; tables as their header (unless
//     header is false: the column titles with their unit; with groups,
//     the top row left to right — group titles and ungrouped columns'
//     titles — then the grouped columns' titles) and then the cells row by
//     row as printed (document.Table.Printed: numbers with a decimal comma,
//     totals computed, an appended total row last); signatures as
//     position, name, date;
//   - plans: the column titles, then for each section that prints a row
//     (document.Plan.SectionRow: not the measures of a plan without
//     sections, not a section with neither title nor number) its number
//     (as written, or generated unless numbering is as written) and
//     title, and for each measure its cells in column order, the number
//     column showing the measure number (as written, or generated 1.1,
//     1.2 … — «1.», «2.» … without sections — unless numbering is as
//     written). The columns are the plan's own or else
//     defaultColumns (the template's). A column set without a "number"
//     column prints no measure numbers. With no columns at all, the measure
//     number comes first and the cells follow in key order.
//
// Before the organisation comes the appendix grif (AppendixLabel « № N»,
// then document.Appendix.Lines); the organisation is left out when the
// document says letterhead false. Headings carry their numbers
// (document.HeadingNumbers); a contents block is its title, then every
// heading of its levels with its number, in body order (page numbers are
// not text of the document).
//
// Monitoring fields (status, note), the short name, district, region,
// period, date, number and place are not included: renderers may print
// them (place only with template versions that have the feature), and
// InOrder allows extra words.
func DocumentText(d *document.Document, defaultColumns []document.Column) string {
	return documentText(d, defaultColumns, false)
}

// DocumentRows is DocumentText in printed rows (Rows): the cells of one
// table row — a plan's header, section or measure row, a table's header
// (both of its bands: a title merged over them prints beside both) or body
// row, a passport row's label and value — are the units of one row, every
// other line a row of its own. Flattened, it is Units(DocumentText(…)).
func DocumentRows(d *document.Document, defaultColumns []document.Column) [][]string {
	return Rows(documentText(d, defaultColumns, true))
}

func documentText(d *document.Document, defaultColumns []document.Column, rows bool) string {
	w := textWriter{rows: rows}
	if a := d.Appendix; a != nil {
		w.line(strings.TrimSpace(AppendixLabel + " № " + a.Number))
		for _, s := range a.Lines() {
			w.line(s)
		}
	}
	if d.LetterheadShown() {
		w.line(d.Organization.Parent)
		w.line(d.Organization.FullName)
	}
	for _, a := range d.Approvals {
		w.line(ApprovalHeading(a))
		if len(a.Lines) > 0 {
			for _, l := range a.Lines {
				w.line(l)
			}
			continue
		}
		w.line(a.Position)
		w.line(a.Issuer)
		w.line(a.Name)
		w.line(ApprovalReference(a))
	}
	w.line(d.Title)
	w.line(d.Subtitle)
	numbers := d.HeadingNumbers()
	for i, b := range d.Body {
		switch {
		case b.Heading != nil:
			w.line(strings.TrimSpace(numbers[i] + " " + b.Heading.Text))
		case b.Contents != nil:
			w.line(b.Contents.Title)
			for j, h := range d.Body {
				if h.Heading != nil && max(h.Heading.Level, 1) <= b.Contents.MaxLevel() {
					w.line(strings.TrimSpace(numbers[j] + " " + h.Heading.Text))
				}
			}
		case b.Paragraph != nil:
			w.line(b.Paragraph.Text)
		case b.List != nil:
			w.content(document.Content{{List: b.List}})
		case b.Passport != nil:
			for _, r := range b.Passport.Rows {
				w.cell(r.Label)
				w.contentCell(r.Value)
				w.endRow()
			}
		case b.Plan != nil:
			w.plan(b.Plan, defaultColumns)
		case b.Table != nil:
			w.table(b.Table)
		case b.Signature != nil:
			w.line(b.Signature.Position)
			w.line(b.Signature.Name)
			w.line(b.Signature.Date)
		}
	}
	return w.String()
}

// textWriter writes one element a line; with rows, the cells of a row
// (cell, contentCell, up to endRow) go on one line separated by TABs.
type textWriter struct {
	strings.Builder
	rows bool
	open bool // a row has cells on the current line
}

func (w *textWriter) line(s string) {
	if strings.TrimSpace(s) == "" {
		return
	}
	w.WriteString(s)
	w.WriteByte('\n')
}

// content writes a cell on one line: it is one unit for InOrderUnits.
func (w *textWriter) content(c document.Content) {
	w.line(strings.ReplaceAll(c.Plain(), "\n", " "))
}

// cell writes s as a cell of the current row: a line of its own unless
// w writes rows.
func (w *textWriter) cell(s string) {
	if !w.rows {
		w.line(s)
		return
	}
	if strings.TrimSpace(s) == "" {
		return
	}
	if w.open {
		w.WriteByte('\t')
	}
	w.WriteString(s)
	w.open = true
}

func (w *textWriter) contentCell(c document.Content) {
	w.cell(strings.ReplaceAll(c.Plain(), "\n", " "))
}

// endRow ends the current row.
func (w *textWriter) endRow() {
	if w.open {
		w.WriteByte('\n')
		w.open = false
	}
}

func (w *textWriter) plan(p *document.Plan, defaultColumns []document.Column) {
	cols := p.Columns
	if len(cols) == 0 {
		cols = defaultColumns
	}
	for _, c := range cols {
		w.cell(c.Title)
	}
	w.endRow()
	// A plan of measures without sections (items) and a section with
	// neither number nor title print no section row; numbered as written,
	// a section or measure without a number prints none.
	for si, s := range p.Groups() {
		if p.SectionRow(si) {
			w.line(strings.TrimSpace(p.SectionNumber(si) + " " + s.Title))
		}
		for ii, m := range s.Items {
			if len(cols) == 0 {
				w.cell(p.ItemNumber(si, ii))
				keys := make([]string, 0, len(m.Cells))
				for k := range m.Cells {
					keys = append(keys, k)
				}
				slices.Sort(keys)
				for _, k := range keys {
					w.contentCell(m.Cells[k])
				}
				w.endRow()
				continue
			}
			for _, c := range cols {
				if c.Key == document.NumberKey {
					w.cell(p.ItemNumber(si, ii))
				} else {
					w.contentCell(m.Cells[c.Key])
				}
			}
			w.endRow()
		}
	}
}

func (w *textWriter) table(t *document.Table) {
	if t.HasHeader() {
		var bottom []string
		gi := 0
		for ci := 0; ci < len(t.Columns); {
			if gi < len(t.Groups) && t.Groups[gi].From-1 == ci && t.Groups[gi].Span > 0 && t.Groups[gi].Span <= len(t.Columns)-ci {
				g := t.Groups[gi]
				w.cell(g.Title)
				for k := ci; k < ci+g.Span && k < len(t.Columns); k++ {
					bottom = append(bottom, t.Columns[k].HeaderTitle())
				}
				ci += g.Span
				gi++
				continue
			}
			w.cell(t.Columns[ci].HeaderTitle())
			ci++
		}
		for _, s := range bottom {
			w.cell(s)
		}
		w.endRow()
	}
	n, _ := t.Numbers()
	for _, row := range t.Printed(n) {
		for _, c := range row {
			w.contentCell(c)
		}
		w.endRow()
	}
}
