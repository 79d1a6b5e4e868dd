package xlsx

// The display-only sheets: «Паспорт» and «Текст».

import (
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/render/view"
)

// ---- passport ----

func (b *book) passportSheet(ps []*view.Passport) error {
	if err := b.page(SheetPassport, false, true); err != nil {
		return err
	}
	s, err := b.stream(SheetPassport)
	if err != nil {
		return err
	}
	// The label column's share is the view's (every passport of a
	// document has the same).
	all := b.printablePx(false)
	lw := widthChars(all * ps[0].Columns[0].Frac)
	vw := widthChars(all * ps[0].Columns[1].Frac)
	if err := s.widths([]float64{lw, vw}); err != nil {
		return err
	}
	// The passport sheet opens the workbook: the letterhead goes above it.
	for _, r := range b.letterhead([]planCol{{px: pxOf(lw)}, {px: pxOf(vw)}}, nil) {
		if err := s.put(r.height, r.cells); err != nil {
			return err
		}
		b.traceCell(SheetPassport, s.row, 1, r.field)
		for _, m := range r.merges {
			if err := s.merge(m[0], s.row, m[1], s.row); err != nil {
				return err
			}
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
				if err := s.put(heightOf(lines), []any{label, str(vs, piece)}); err != nil {
					return err
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
	if b.err != nil {
		return b.err
	}
	return s.sw.Flush()
}

// ---- narrative ----

// textSheet prints the narrative blocks in one wide column; generic tables
// (and plans after the first) take as many columns as they need, equally
// wide, and narrative rows are merged across all of them.
func (b *book) textSheet(blocks []*view.Block) error {
	turned := textLandscape(blocks)
	if err := b.page(SheetText, turned, true); err != nil {
		return err
	}
	n := 1
	for _, bl := range blocks {
		switch bl.Kind {
		case view.KindTable:
			n = max(n, len(bl.Table.Columns))
		case view.KindPlan:
			n = max(n, len(bl.Plan.Columns))
		}
	}
	s, err := b.stream(SheetText)
	if err != nil {
		return err
	}
	all := b.printablePx(turned)
	colW := widthChars(all / float64(n))
	ws := textWidths(blocks, n, all)
	if err := s.widths(ws); err != nil {
		return err
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
			b.traceCell(SheetText, s.row, 1, field)
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
			for i, w := range ws {
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
	if b.err != nil {
		return b.err
	}
	return s.sw.Flush()
}
