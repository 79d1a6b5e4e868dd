package xlsx

// The display-only sheets: «Паспорт» and «Текст».

import (
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/render/view"
)

// ---- passport ----

// passportSheet writes the passports in two columns, their shares the
// view's, laid out to print at the template's table size; head puts the
// letterhead above them (the sheet prints first).
func (b *book) passportSheet(ps []*view.Passport, head bool) error {
	size := b.m.Sizes.Table
	all := b.layoutPx(size)
	lw := widthChars(all * ps[0].Columns[0].Frac)
	vw := widthChars(all * ps[0].Columns[1].Frac)
	widths := []float64{lw, vw}
	// With the letterhead, the value column may be split for the right
	// stamps (stampColumn); a value then spans both parts.
	split := false
	if head {
		widths, split = b.stampColumn(widths)
	}
	cols := make([]planCol, len(widths))
	for i, w := range widths {
		cols[i].px = pxOf(w)
	}
	if err := b.page(SheetPassport, b.landscape(), true, b.printScale(size, sheetPx(cols))); err != nil {
		return err
	}
	s, err := b.stream(SheetPassport)
	if err != nil {
		return err
	}
	if err := s.widths(widths); err != nil {
		return err
	}
	if head {
		if err := s.heads(b.letterhead(cols)); err != nil {
			return err
		}
	}
	if b.v.Letterhead.Cover {
		// The printed workbook opens with this sheet: its letterhead is
		// the cover page.
		s.breakAfter()
	}
	bold := ps[0].LabelBold
	ls := b.style(styleKey{bold: bold, border: true})
	vs := b.style(styleKey{border: true})
	for _, p := range ps {
		for ri, r := range p.Rows {
			value := CellText(r.Value)
			pieces := b.chunks(value, false, pxOf(vw))
			labelLines := b.linesOf(r.Label, bold, pxOf(lw))
			first := s.row + 1
			for i, piece := range pieces {
				lines := b.linesOf(piece, false, pxOf(vw))
				label := excelize.Cell{StyleID: ls}
				if i == 0 {
					label = str(ls, r.Label)
					if len(pieces) == 1 {
						lines = max(lines, labelLines)
					}
				}
				row := []any{label, str(vs, piece)}
				if split {
					row = append(row, excelize.Cell{StyleID: vs})
				}
				if err := s.put(heightOf(lines), row); err != nil {
					return err
				}
				if split {
					if err := s.merge(2, s.row, 3, s.row); err != nil {
						return err
					}
				}
			}
			if len(pieces) == 1 {
				b.traceCell(SheetPassport, s.row, 2, PassportValue{p.Source, ri})
			}
			if err := s.merge(1, first, 1, s.row); err != nil {
				return err
			}
		}
	}
	return b.err
}

// ---- narrative ----

// textSheet prints the narrative blocks on sheet name (SheetText or a
// further TextSheet) in one wide column; generic tables
// (and plans after the first) take as many columns as they need, equally
// wide, and narrative rows are merged across all of them.
// The sheet is laid out to print at the template's text size (never
// enlarged), within the page's margins; head puts the letterhead first.
func (b *book) textSheet(name string, blocks []*view.Block, head bool) error {
	n := 1
	for _, bl := range blocks {
		switch bl.Kind {
		case view.KindTable:
			n = max(n, len(bl.Table.Columns))
		case view.KindPlan:
			n = max(n, len(bl.Plan.Columns))
		case view.KindChart:
			n = max(n, chartCols(bl.Chart))
		}
	}
	size := b.m.Sizes.Body
	// A wide table the template turns (tables.wide landscape) turns the
	// whole sheet: a sheet has one orientation.
	turned := b.landscape() || textLandscape(blocks)
	layout := b.layoutPxAs(size, turned)
	colW := widthChars(layout / float64(n))
	// The generic table with the most columns gives the sheet its widths
	// (its own fractions); narrative rows span them all.
	widths := textWidths(blocks, n, layout)
	if head && n == 1 {
		// One column of text: split for the right stamps (stampColumn);
		// the text spans both parts.
		var split bool
		if widths, split = b.stampColumn(widths); split {
			n = 2
			colW /= 2 // the grid's share: a one-column table spans both
		}
	}
	cols := make([]planCol, len(widths))
	for i, w := range widths {
		cols[i].px = pxOf(w)
	}
	scale := b.printScaleAs(size, sheetPx(cols), turned)
	if err := b.page(name, turned, true, scale); err != nil {
		return err
	}
	s, err := b.stream(name)
	if err != nil {
		return err
	}
	s.pageHt = b.pageHeightPt(turned, scale)
	if err := s.widths(widths); err != nil {
		return err
	}
	if head {
		if err := s.heads(b.letterhead(cols)); err != nil {
			return err
		}
	}
	colPx := pxOf(colW)
	fullPx := colPx * float64(n)
	wide := func(text string, k styleKey, field any) error {
		pieces := b.chunks(text, k.bold, fullPx)
		for _, piece := range pieces {
			cells := make([]any, n)
			cells[0] = str(b.style(k), piece)
			if err := s.put(heightOf(b.linesOf(piece, k.bold, fullPx)), cells); err != nil {
				return err
			}
			if err := s.merge(1, s.row, n, s.row); err != nil {
				return err
			}
		}
		if len(pieces) == 1 {
			b.traceCell(name, s.row, 1, field)
		}
		return nil
	}
	// grid writes rows of cells, the last cell of a short row spanning the
	// rest of the columns.
	grid := func(rows [][]string, header, spanFirst []bool) error {
		for ri, r := range rows {
			k := styleKey{border: true, bold: header[ri]}
			if header[ri] {
				k.halign, k.fill = "center", true
			}
			st := b.style(k)
			cells := make([]any, n)
			for i := range cells {
				cells[i] = excelize.Cell{StyleID: st}
			}
			lines := 1
			span := len(r)
			if spanFirst != nil && spanFirst[ri] {
				span = 1
			}
			for i := 0; i < span && i < n; i++ {
				text := r[i]
				cells[i] = str(st, text)
				w := colPx
				if i == span-1 {
					w = colPx * float64(n-i)
				}
				lines = max(lines, b.linesOf(text, k.bold, w))
			}
			if err := s.put(heightOf(lines), cells); err != nil {
				return err
			}
			if span < n {
				if err := s.merge(span, s.row, n, s.row); err != nil {
					return err
				}
			}
		}
		return nil
	}
	for _, bl := range blocks {
		var err error
		switch bl.Kind {
		case view.KindHeading:
			h := bl.Heading
			err = wide(h.Line(), styleKey{bold: true, halign: halign(h.Align)}, headingField(h))
		case view.KindParagraph:
			// Excel aligns a cell's lines one way and cannot indent only
			// the first line (its indent moves every line), so the view's
			// first-line indent (IndentMM) is not shown here; no characters
			// are put in its place.
			p := bl.Paragraph
			err = wide(p.Text(), styleKey{halign: halign(p.Align)}, p.Source)
		case view.KindList:
			text := CellText(document.Content{{List: bl.List.List}})
			for line := range strings.SplitSeq(text, "\n") {
				if err = wide(line, styleKey{halign: "left"}, nil); err != nil {
					break
				}
			}
		case view.KindTable:
			px := make([]float64, n)
			for i, w := range widths {
				px[i] = pxOf(w)
			}
			err = b.table(s, bl.Table, px)
		case view.KindPlan:
			p := bl.Plan
			rows := [][]string{make([]string, len(p.Columns))}
			header, span := []bool{true}, []bool{false}
			for i, c := range p.Columns {
				rows[0][i] = c.Title
			}
			for _, sec := range p.Sections {
				if sec.Row {
					rows = append(rows, []string{strings.TrimSpace(sec.Number + " " + sec.Title)})
					header, span = append(header, true), append(span, true)
				}
				for _, ms := range sec.Items {
					cells := make([]string, len(p.Columns))
					for i, c := range ms.Cells {
						cells[i] = CellText(c)
					}
					rows = append(rows, cells)
					header, span = append(header, false), append(span, false)
				}
			}
			err = grid(rows, header, span)
		case view.KindContents:
			err = contentsRows(bl.Contents, wide)
		case view.KindPageBreak:
			s.breakAfter()
		case view.KindChart:
			px := make([]float64, n)
			for i, w := range widths {
				px[i] = pxOf(w)
			}
			err = b.chart(s, bl.Chart, px)
		case view.KindSignature:
			sg := bl.Signature
			text := sg.Position + "    ____________ " + sg.Name
			if sg.Date != "" {
				text += "\n" + sg.Date
			}
			err = wide(text, styleKey{halign: "left"}, nil)
		}
		if err != nil {
			return err
		}
		if err := b.ctx.Err(); err != nil {
			return err
		}
	}
	return b.err
}
