package xlsx

// The plan sheet: letterhead, header row, sections and measures.

import (
	"bytes"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/render/view"
	"github.com/kartograf-ru/kartograf/pkg/typo"
)

// ---- plan sheet ----

// Widths of the key column, in characters, and the widest a column grows
// to keep a word whole.
const (
	keyWidth  = 12.0
	maxWordMM = 42.0
	// noteShare is the share of the printable width the note column takes.
	noteShare = 0.15
)

type planCol struct {
	key, title, align string
	px                float64
	// share is the column's width before the widening for long words
	// (0: px): what places the stamps, so that they stand in the same
	// cells whatever the plan's rows (the importer lays the letterhead out
	// again without them).
	share float64
}

func (c planCol) sharePx() float64 {
	if c.share > 0 {
		return c.share
	}
	return c.px
}

// landscape tells whether the template prints on landscape pages: the
// plan sheet prints the way the document does.
func (b *book) landscape() bool { return b.m.Page.Orientation == "landscape" }

// monitored tells whether a measure of p has a status or a note: only
// then do «Статус» and «Отметка о выполнении» print (the document has no
// such columns); empty, they stay beside the plan, out of the print area.
func (b *book) monitored(p *view.Plan) bool {
	for si := range p.Sections {
		for ii := range p.Sections[si].Items {
			if ms := &p.Sections[si].Items[ii]; ms.StatusLabel != "" || ms.Note != "" {
				return true
			}
		}
	}
	return false
}

// monitoringPx are the widths of «Статус» and «Отметка о выполнении»: the
// status as narrow as its title and the statuses (the drop-down's labels)
// allow, the note noteShare of the width, so that the plan's own columns
// keep their template share of the rest (a third of the page went to
// these columns before). Neither depends on the plan's rows.
func (b *book) monitoringPx(p *view.Plan, all float64) (status, note float64) {
	pad := 2*cellPad/ptPerPx + 4 // the viewer's rounding
	status = b.longestWordPx(ColStatus, p.HeaderBold)
	for _, l := range statusLabels() {
		status = max(status, b.longestWordPx(l, false))
	}
	note = max(b.longestWordPx(ColNote, p.HeaderBold), all*noteShare)
	return status + pad, note + pad
}

// planColumns lays out the view's plan columns, then Статус and Отметка,
// across the printable width of the template's page. Each plan column
// starts from its share (view.Column.Frac) of what the monitoring columns
// leave; the widening for long words below is this format's own page
// geometry.
func (b *book) planColumns(p *view.Plan) []planCol {
	cs := p.Columns
	all := b.layoutPx(b.m.Sizes.Table)
	statusPx, notePx := b.monitoringPx(p, all)
	avail := all
	if b.monitored(p) {
		avail -= statusPx + notePx
	}
	// Each column gets its share of the width, but at least the width of
	// the longest word of its bold title and of its cells (plus a margin
	// for the viewer's rounding) — narrower, Excel and LibreOffice break
	// words in the middle. What the widened columns take comes out of the
	// columns that have room, so the sheet keeps the page's width.
	base := make([]float64, len(cs))
	least := make([]float64, len(cs))
	for i, c := range cs {
		base[i] = c.Frac * avail
		word := max(b.longestWordPx(c.Title, true), b.longestCellWordPx(p, i))
		// Capped near the longest ordinary Russian word at 11 pt
		// («общеобразовательными»): longer tokens (numbers, URLs) break anyway.
		least[i] = min(word*1.15+2*cellPad/ptPerPx, mmToPx(maxWordMM))
	}
	final := make([]float64, len(cs))
	excess, room := 0.0, 0.0
	for i := range cs {
		final[i] = max(base[i], least[i])
		excess += final[i] - base[i]
		room += final[i] - least[i]
	}
	if excess > 0 && room > 0 {
		take := min(excess, room)
		for i := range cs {
			final[i] -= (final[i] - least[i]) / room * take
		}
	}
	cols := make([]planCol, 0, len(cs)+2)
	for i, c := range cs {
		cols = append(cols, planCol{key: c.Key, title: c.Title, align: halign(c.Align), px: pxOf(widthChars(final[i])), share: base[i]})
	}
	return append(cols,
		planCol{key: "status", title: ColStatus, align: "center", px: pxOf(widthChars(statusPx))},
		planCol{key: "note", title: ColNote, align: "left", px: pxOf(widthChars(notePx))})
}

func sumPx(cols []planCol) float64 {
	s := 0.0
	for _, c := range cols {
		s += c.px
	}
	return s
}

// planSheet writes the plan sheet; head puts the letterhead above the
// plan (the sheet prints first).
func (b *book) planSheet(p *view.Plan, caption *view.Heading, head bool) error {
	b.enter("measure")
	cols := b.planColumns(p)
	if err := b.ctx.Err(); err != nil {
		return err
	}
	nVis := len(cols) // visible columns
	nPlan := nVis - 2 // plan columns
	statusCol := nPlan + 1
	keyCol := nVis + 1 // hidden

	printed := cols
	if !b.monitored(p) {
		printed = cols[:nPlan]
	}

	// Rows: letterhead, then header and plan; the rows above the table
	// span the printed columns.
	var rows []headRow
	if head {
		rows = b.letterhead(printed)
	}
	if caption != nil && caption.Text != "" {
		rows = append(rows, b.fullRow(printed, caption.Line(), true, halign(caption.Align), 3, headingField(caption)))
	}
	headerRow := len(rows) + 1
	last := headerRow
	for _, s := range p.Sections {
		last += len(s.Items)
		if s.Row {
			last++
		}
	}

	wb := b.wb
	b.keyCol = keyCol
	ws := wb.sheet(SheetPlan)
	plan := wb.index(SheetPlan)
	ws.filter = "$" + colName(1) + "$" + strconv.Itoa(headerRow) + ":$" + colName(keyCol) + "$" + strconv.Itoa(last)
	wb.defined = append(wb.defined, definedName{name: "_xlnm._FilterDatabase", sheet: plan, hidden: true,
		refersTo: "'" + SheetPlan + "'!" + ws.filter})
	if len(printed) < len(cols) {
		wb.defined = append(wb.defined, definedName{name: "_xlnm.Print_Area", sheet: plan,
			refersTo: fmt.Sprintf("'%s'!$A$1:$%s$%d", SheetPlan, colName(nPlan), last)})
	}
	if err := b.page(SheetPlan, b.landscape(), true, b.printScale(b.m.Sizes.Table, sheetPx(printed))); err != nil {
		return err
	}
	wb.defined = append(wb.defined, definedName{name: "_xlnm.Print_Titles", sheet: plan,
		refersTo: fmt.Sprintf("'%s'!$%d:$%d", SheetPlan, headerRow, headerRow)})
	if last > headerRow {
		ws.dv = statusValidation(cell(statusCol, headerRow+1) + ":" + cell(statusCol, last))
	}

	s, err := b.stream(SheetPlan)
	if err != nil {
		return err
	}
	widths := make([]float64, len(cols), len(cols)+1)
	for i, c := range cols {
		widths[i] = widthChars(c.px)
	}
	widths = append(widths, keyWidth)
	if err := s.widths(widths); err != nil {
		return err
	}
	ws.pane = headerRow
	if err := s.heads(rows); err != nil {
		return err
	}
	b.enter("rows")
	if err := b.planRows(s, p, cols); err != nil {
		return err
	}
	return b.err
}

// statusValidation is the drop-down of statuses over sqref, as excelize
// wrote it.
func statusValidation(sqref string) string {
	var b bytes.Buffer
	b.WriteString(`<dataValidations count="1"><dataValidation allowBlank="true" error="`)
	esc(&b, "Выберите статус из списка: "+strings.Join(statusLabels(), ", "))
	b.WriteString(`" errorStyle="stop" errorTitle="`)
	esc(&b, ColStatus)
	b.WriteString(`" showErrorMessage="true" sqref="` + sqref + `" type="list"><formula1>"`)
	esc(&b, strings.Join(statusLabels(), ","))
	b.WriteString(`"</formula1></dataValidation></dataValidations>`)
	return b.String()
}

func statusLabels() []string {
	var out []string
	for _, st := range document.Statuses() {
		out = append(out, st.Label())
	}
	return out
}

type headRow struct {
	height float64
	cells  []any
	merges [][2]int // column ranges merged in this row
	field  any      // the document value in the first cell, if it maps back exactly (see TraceFunc)
}

// heads writes rows above a sheet's table (letterhead, caption).
func (s *sheet) heads(rows []headRow) error {
	for _, r := range rows {
		if err := s.put(r.height, r.cells); err != nil {
			return err
		}
		s.b.traceCell(s.name, s.row, 1, r.field)
		for _, m := range r.merges {
			if err := s.merge(m[0], s.row, m[1], s.row); err != nil {
				return err
			}
		}
	}
	return nil
}

// fullRow is a row of one bold or regular text merged across cols,
// aligned align, gap pt taller than its lines.
func (b *book) fullRow(cols []planCol, text string, bold bool, align string, gap float64, field any) headRow {
	cells := make([]any, len(cols))
	cells[0] = str(b.style(styleKey{bold: bold, halign: align, valign: "center"}), text)
	return headRow{
		height: heightOf(b.linesOf(text, bold, sumPx(cols))) + gap,
		cells:  cells, merges: [][2]int{{1, len(cols)}}, field: field,
	}
}

// stampPx is the width of a stamp block on a sheet all wide: the
// template's, at most half the width.
func (b *book) stampPx(all float64) float64 {
	return min(mmToPx(b.m.Header.StampWidthMM), all/2-mmToPx(5))
}

// stampColumn splits the last of widths (in characters) so that its
// right part is a stamp wide, when the letterhead has a stamp on the
// right and that column is much wider than a stamp: the right stamps
// then start where the PDF puts them, not at the column's left edge.
// It tells whether it split.
func (b *book) stampColumn(widths []float64) ([]float64, bool) {
	if len(b.v.Letterhead.Side(view.Right)) == 0 {
		return widths, false
	}
	all := 0.0
	for _, w := range widths {
		all += pxOf(w)
	}
	stamp := math.Round(b.stampPx(all)/pxPerChar*100) / 100
	last := widths[len(widths)-1]
	if last < 1.5*stamp {
		return widths, false
	}
	out := slices.Clone(widths[:len(widths)-1])
	return append(out, last-stamp, stamp), true
}

// letterhead lays out the rows above the first sheet's content from the
// view's letterhead: the organisation (when the template prints it), the
// stamps side by side as in the PDF (view.Letterhead.Side: the left group
// in a cell over the left columns, the right group over the right ones,
// each stamp's lines in order, stamps apart by an empty line), then the
// title and the subtitle.
func (b *book) letterhead(cols []planCol) []headRow {
	lh := &b.v.Letterhead
	n := len(cols)
	all := sumPx(cols)
	var rows []headRow
	full := func(text string, bold bool, gap float64, field any) {
		rows = append(rows, b.fullRow(cols, text, bold, "center", gap, field))
	}
	rows = append(rows, b.appendixRows(n, all)...)
	if lh.Organization {
		if lh.Parent != "" {
			full(lh.Parent, false, 0, FieldParent)
		}
		full(lh.FullName, true, 6, FieldOrganization)
	}
	if len(lh.Stamps) > 0 {
		// Stamp blocks: the fewest columns from each edge as wide as the
		// template's stamp (at most half the width).
		shares := 0.0
		for _, c := range cols {
			shares += c.sharePx()
		}
		stamp := b.stampPx(shares)
		a, acc := 0, 0.0
		for a < n && acc < stamp*0.95 {
			acc += cols[a].sharePx()
			a++
		}
		bIdx, acc := n, 0.0 // right block starts at column bIdx (1-based)
		for bIdx > 1 && acc < stamp*0.95 {
			acc += cols[bIdx-1].sharePx()
			bIdx--
		}
		bIdx++ // 1-based first column of the right block
		if a >= bIdx {
			a = max(n/2, 1)
			bIdx = a + 1
		}
		lw := sumPx(cols[:a])
		rw := sumPx(cols[bIdx-1:])
		group := func(side string) string {
			var g []string
			for _, sp := range lh.Side(side) {
				g = append(g, strings.Join(sp.Lines, "\n"))
			}
			return strings.Join(g, "\n\n")
		}
		left, right := group(view.Left), group(view.Right)
		if n == 1 {
			// One column: the groups one above the other.
			left, right = strings.Trim(left+"\n\n"+right, "\n"), ""
			lw, bIdx = all, 2
		}
		// A group taller than a row continues in the next rows.
		lp, rp := b.chunks(left, false, lw), b.chunks(right, false, rw)
		st := b.style(styleKey{halign: "left"})
		for i := range max(len(lp), len(rp)) {
			cells := make([]any, n)
			var merges [][2]int
			lines := 1
			if i < len(lp) && lp[i] != "" {
				cells[0] = str(st, lp[i])
				merges = append(merges, [2]int{1, a})
				lines = b.linesOf(lp[i], false, lw)
			}
			if i < len(rp) && rp[i] != "" && bIdx <= n {
				cells[bIdx-1] = str(st, rp[i])
				merges = append(merges, [2]int{bIdx, n})
				lines = max(lines, b.linesOf(rp[i], false, rw))
			}
			rows = append(rows, headRow{height: heightOf(lines) + 6, cells: cells, merges: merges})
		}
	}
	var titleField any = FieldTitle
	if lh.Title != typo.Typograph(b.v.Doc.Title) {
		// The view upper-cased the title (header.title_upper): an edit
		// of the cell does not map back to the title as written.
		titleField = nil
	}
	if lh.Subtitle == "" {
		full(lh.Title, true, 6, titleField)
	} else {
		full(lh.Title, true, 0, titleField)
		full(lh.Subtitle, true, 6, FieldSubtitle)
	}
	if lh.Place != "" {
		full(lh.Place, false, 6, nil)
	}
	return rows
}

// planRows writes the header row and a row per section and measure.
func (b *book) planRows(s *sheet, p *view.Plan, cols []planCol) error {
	n := len(cols)
	nPlan := n - 2
	row := make([]any, n+1)
	// Top-aligned like the body: every header cell's first line is on the
	// same printed line, so the header reads left to right.
	hdr := b.style(styleKey{bold: p.HeaderBold, border: true, fill: true, halign: "center", valign: "top"})
	lines := 1
	for i, c := range cols {
		row[i] = str(hdr, c.title)
		lines = max(lines, b.linesOf(c.title, p.HeaderBold, c.px))
	}
	row[n] = ColKey
	if err := s.put(heightOf(lines), row); err != nil {
		return err
	}

	cellStyle := make([]int, n)
	for i, c := range cols {
		cellStyle[i] = b.style(styleKey{border: true, halign: c.align})
	}
	var key []byte
	count := 0
	for si := range p.Sections {
		sec := &p.Sections[si]
		if sec.Row {
			if err := b.sectionRow(s, p, sec, si, cols, row, &key); err != nil {
				return err
			}
		}
		for ii := range sec.Items {
			ms := &sec.Items[ii]
			lines := 1
			for ci, c := range cols {
				var text string
				switch {
				case ci >= nPlan && c.key == "status":
					text = ms.StatusLabel
				case ci >= nPlan:
					text = ms.Note
				case ci == p.NumberCol:
					text = ms.Number
				default:
					text = CellText(ms.Cells[ci])
				}
				row[ci] = str(cellStyle[ci], text)
				if text != "" {
					lines = max(lines, b.linesOf(text, false, c.px))
				}
			}
			key = strconv.AppendInt(append(strconv.AppendInt(append(key[:0], 'm'), int64(si), 10), '.'), int64(ii), 10)
			row[n] = string(key)
			if err := s.put(heightOf(lines), row); err != nil {
				return err
			}
			if count++; count%ctxEvery == 0 {
				if err := b.ctx.Err(); err != nil {
					return err
				}
			}
		}
	}
	return b.ctx.Err()
}

// sectionRow writes a section's row: its number in the first column, its
// title across the other plan columns (merged). A plan of one column has
// no other: number and title share its cell («I. Title»), as in PDF.
func (b *book) sectionRow(s *sheet, p *view.Plan, sec *view.Section, si int, cols []planCol, row []any, key *[]byte) error {
	n := len(cols)
	nPlan := n - 2
	secBold := p.SectionBold
	secNum := b.style(styleKey{bold: secBold, border: true, halign: "center"})
	secTitle := b.style(styleKey{bold: secBold, border: true, halign: "center"})
	blank := b.style(styleKey{border: true})
	clear(row)
	for i := 1; i < n; i++ {
		row[i] = excelize.Cell{StyleID: blank}
	}
	var lines int
	if nPlan == 1 {
		text := SectionText(sec)
		row[0] = str(secTitle, text)
		lines = b.linesOf(text, secBold, cols[0].px)
	} else {
		row[0] = str(secNum, sec.Number)
		row[1] = str(secTitle, sec.Title)
		// merged title cells keep the title's style for the borders
		for i := 2; i < nPlan; i++ {
			row[i] = excelize.Cell{StyleID: secTitle}
		}
		lines = max(b.linesOf(sec.Number, secBold, cols[0].px), b.linesOf(sec.Title, secBold, sumPx(cols[1:nPlan])))
	}
	*key = strconv.AppendInt(append((*key)[:0], 's'), int64(si), 10)
	row[n] = string(*key)
	if err := s.put(heightOf(lines), row); err != nil {
		return err
	}
	if nPlan >= 3 {
		return s.merge(2, s.row, nPlan, s.row)
	}
	return nil
}

// SectionText is a section's number and title in one cell, as a plan of
// one column prints them: joined by a space, or the one that is given.
func SectionText(sec *view.Section) string {
	if sec.Number == "" || sec.Title == "" {
		return sec.Number + sec.Title
	}
	return sec.Number + " " + sec.Title
}
