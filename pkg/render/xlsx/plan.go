package xlsx

// The plan sheet: letterhead, header row, sections and measures.

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/render/view"
	"github.com/kartograf-ru/kartograf/pkg/typo"
)

// ---- plan sheet ----

// Widths of the monitoring columns and of the key column, in characters.
const (
	statusWidth = 14.0
	noteWidth   = 24.0
	keyWidth    = 12.0
	planPrintMM = 260.0 // the plan's printable width on landscape A4
	maxWordMM   = 42.0  // widest a column grows to keep a word whole
)

type planCol struct {
	key, title, align string
	px                float64
}

// planColumns lays out the view's plan columns, then Статус and Отметка.
// Each column starts from its share of the width (view.Column.Frac); the
// widening for long words below is this format's own page geometry.
func (b *book) planColumns(p *view.Plan) []planCol {
	cs := p.Columns
	avail := mmToPx(planPrintMM) - pxOf(statusWidth) - pxOf(noteWidth)
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
		cols = append(cols, planCol{key: c.Key, title: c.Title, align: halign(c.Align), px: pxOf(widthChars(final[i]))})
	}
	return append(cols,
		planCol{key: "status", title: ColStatus, align: "center", px: pxOf(statusWidth)},
		planCol{key: "note", title: ColNote, align: "left", px: pxOf(noteWidth)})
}

// templatePlan is the view of an empty plan with the template's columns:
// the page width of the plan sheet of a document without a plan block
// (the letterhead only). The view decides the columns and their fractions
// here too.
func (b *book) templatePlan() (*view.Plan, error) {
	d := &document.Document{Body: []document.Block{{Plan: &document.Plan{}}}}
	v, err := view.Build(b.ctx, d, b.v.Version, view.Meta{})
	if err != nil {
		return nil, err
	}
	return v.Blocks[0].Plan, nil
}

func sumPx(cols []planCol) float64 {
	s := 0.0
	for _, c := range cols {
		s += c.px
	}
	return s
}

func (b *book) planSheet(p *view.Plan, caption *view.Heading) error {
	var cols []planCol
	b.enter("measure")
	if p != nil {
		cols = b.planColumns(p)
	} else {
		// Letterhead only: the template's columns give the page its width.
		tp, err := b.templatePlan()
		if err != nil {
			return err
		}
		cols = b.planColumns(tp)
	}
	if err := b.ctx.Err(); err != nil {
		return err
	}
	nVis := len(cols) // visible columns
	nPlan := nVis - 2 // plan columns
	statusCol := nPlan + 1
	keyCol := nVis + 1 // hidden

	// Rows: letterhead, then header and plan.
	if p == nil {
		caption = nil
	}
	head := b.letterhead(cols, caption)
	headerRow := len(head) + 1
	last := headerRow
	if p != nil {
		for _, s := range p.Sections {
			last += len(s.Items)
			if s.Row {
				last++
			}
		}
	}

	f := b.f
	if p != nil {
		b.keyCol = keyCol
		// AutoFilter replaces sheetPr, so it comes before the page setup.
		if err := f.AutoFilter(SheetPlan, cell(1, headerRow)+":"+cell(keyCol, last), nil); err != nil {
			return err
		}
	}
	if err := b.page(SheetPlan, true, true); err != nil {
		return err
	}
	if p != nil {
		if err := f.SetDefinedName(&excelize.DefinedName{
			Name: "_xlnm.Print_Titles", Scope: SheetPlan,
			RefersTo: fmt.Sprintf("'%s'!$%d:$%d", SheetPlan, headerRow, headerRow),
		}); err != nil {
			return err
		}
		if last > headerRow {
			dv := excelize.NewDataValidation(true)
			dv.Sqref = cell(statusCol, headerRow+1) + ":" + cell(statusCol, last)
			if err := dv.SetDropList(statusLabels()); err != nil {
				return err
			}
			dv.SetError(excelize.DataValidationErrorStyleStop, ColStatus, "Выберите статус из списка: "+strings.Join(statusLabels(), ", "))
			if err := f.AddDataValidation(SheetPlan, dv); err != nil {
				return err
			}
		}
	}

	s, err := b.stream(SheetPlan)
	if err != nil {
		return err
	}
	widths := make([]float64, len(cols), len(cols)+1)
	for i, c := range cols {
		widths[i] = widthChars(c.px)
	}
	if p != nil {
		widths = append(widths, keyWidth)
	}
	if err := s.widths(widths); err != nil {
		return err
	}
	if p != nil {
		if err := s.sw.SetPanes(&excelize.Panes{
			Freeze: true, YSplit: headerRow, TopLeftCell: cell(1, headerRow+1), ActivePane: "bottomLeft",
			Selection: []excelize.Selection{{SQRef: cell(1, headerRow+1), ActiveCell: cell(1, headerRow+1), Pane: "bottomLeft"}},
		}); err != nil {
			return err
		}
	}
	for _, r := range head {
		if err := s.put(r.height, r.cells); err != nil {
			return err
		}
		b.traceCell(SheetPlan, s.row, 1, r.field)
		for _, m := range r.merges {
			if err := s.merge(m[0], s.row, m[1], s.row); err != nil {
				return err
			}
		}
	}
	if p != nil {
		b.enter("rows")
		if err := b.planRows(s, p, cols); err != nil {
			return err
		}
	}
	if b.err != nil {
		return b.err
	}
	return s.sw.Flush()
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

// letterhead lays out the rows above the table from the view's
// letterhead: the organisation (when the template prints it), the stamps
// (each on its side, one line a row, one stamp after another), the title
// and the subtitle, then the plan's caption when there is one.
func (b *book) letterhead(cols []planCol, caption *view.Heading) []headRow {
	lh, m := &b.v.Letterhead, b.m
	n := len(cols)
	all := sumPx(cols)
	var rows []headRow
	full := func(text string, bold bool, gap float64, field any) {
		cells := make([]any, n)
		cells[0] = str(b.style(styleKey{bold: bold, halign: "center", valign: "center"}), text)
		rows = append(rows, headRow{
			height: heightOf(b.linesOf(text, bold, all)) + gap,
			cells:  cells, merges: [][2]int{{1, n}}, field: field,
		})
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
		// template's stamp (at most half the page).
		stamp := min(mmToPx(m.Header.StampWidthMM), all/2-mmToPx(5))
		a, acc := 0, 0.0
		for a < n && acc < stamp*0.95 {
			acc += cols[a].px
			a++
		}
		bIdx, acc := n, 0.0 // right block starts at column bIdx (1-based)
		for bIdx > 1 && acc < stamp*0.95 {
			acc += cols[bIdx-1].px
			bIdx--
		}
		bIdx++ // 1-based first column of the right block
		if a >= bIdx {
			a = n / 2
			bIdx = a + 1
		}
		lw := sumPx(cols[:a])
		rw := sumPx(cols[bIdx-1:])
		st := b.style(styleKey{halign: "left"})
		// The stamps follow one another in document order, each on its
		// side, so the printed sheet reads them in order (side by side,
		// their lines would interleave row by row).
		for _, sp := range lh.Stamps {
			col, span, width := 1, [2]int{1, a}, lw
			if sp.Side != view.Left {
				col, span, width = bIdx, [2]int{bIdx, n}, rw
			}
			for i, line := range sp.Lines {
				cells := make([]any, n)
				cells[col-1] = str(st, line)
				gap := 0.0
				if i == len(sp.Lines)-1 {
					gap = 6
				}
				rows = append(rows, headRow{
					height: heightOf(b.linesOf(line, false, width)) + gap,
					cells:  cells, merges: [][2]int{span},
				})
			}
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
	if caption != nil && caption.Text != "" {
		full(caption.Line(), true, 3, headingField(caption))
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
