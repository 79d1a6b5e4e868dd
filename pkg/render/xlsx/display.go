package xlsx

// The display-only sheets: «Паспорт» and «Текст».

import (
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/kartograf-ru/kartograf/pkg/document"
)

// ---- passport ----

func (b *book) passportSheet(ps []*document.Passport) error {
	if err := b.page(SheetPassport, false, true); err != nil {
		return err
	}
	s, err := b.stream(SheetPassport)
	if err != nil {
		return err
	}
	all := b.printablePx(false)
	share := b.m.Passport.LabelWidth
	if share <= 0 || share >= 1 {
		share = 0.25
	}
	lw := widthChars(all * share)
	vw := widthChars(all * (1 - share))
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
	bold := b.m.Passport.LabelBold
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
				b.traceCell(SheetPassport, s.row, 2, passportValue{p, ri})
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
// (and plans after the first) take as many columns as they need, and
// narrative rows are merged across all of them.
func (b *book) textSheet(blocks []*document.Block) error {
	if err := b.page(SheetText, false, true); err != nil {
		return err
	}
	n := 1
	for _, bl := range blocks {
		switch {
		case bl.Table != nil:
			n = max(n, len(bl.Table.Columns))
		case bl.Plan != nil:
			n = max(n, len(planColumnSet(bl.Plan, b.m)))
		}
	}
	s, err := b.stream(SheetText)
	if err != nil {
		return err
	}
	all := b.printablePx(false)
	colW := widthChars(all / float64(n))
	if err := s.widths(slices.Repeat([]float64{colW}, n)); err != nil {
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
		switch {
		case bl.Heading != nil:
			a := "center"
			if bl.Heading.Align == "left" {
				a = "left"
			}
			err = wide(bl.Heading.Text, styleKey{bold: true, halign: a}, bl.Heading)
		case bl.Paragraph != nil:
			a := bl.Paragraph.Align
			if a == "" {
				a = "justify"
			}
			err = wide(bl.Paragraph.Text, styleKey{halign: halign(a)}, bl.Paragraph)
		case bl.List != nil:
			text := CellText(document.Content{{List: bl.List}})
			for line := range strings.SplitSeq(text, "\n") {
				if err = wide(line, styleKey{halign: "left"}, nil); err != nil {
					break
				}
			}
		case bl.Table != nil:
			t := bl.Table
			rows := [][]string{make([]string, len(t.Columns))}
			header := []bool{true}
			for i, c := range t.Columns {
				rows[0][i] = c.Title
			}
			for _, r := range t.Rows {
				cells := make([]string, len(r))
				for i, c := range r {
					cells[i] = CellText(c)
				}
				rows = append(rows, cells)
				header = append(header, false)
			}
			err = grid(rows, header, nil)
		case bl.Plan != nil:
			cols := planColumnSet(bl.Plan, b.m)
			rows := [][]string{make([]string, len(cols))}
			header, span := []bool{true}, []bool{false}
			for i, c := range cols {
				rows[0][i] = c.Title
			}
			for si, sec := range bl.Plan.Sections {
				rows = append(rows, []string{strings.TrimSpace(bl.Plan.SectionNumber(si) + " " + sec.Title)})
				header, span = append(header, true), append(span, true)
				for ii, ms := range sec.Items {
					cells := make([]string, len(cols))
					for i, c := range cols {
						if c.Key == document.NumberKey {
							cells[i] = bl.Plan.ItemNumber(si, ii)
						} else {
							cells[i] = CellText(ms.Cells[c.Key])
						}
					}
					rows = append(rows, cells)
					header, span = append(header, false), append(span, false)
				}
			}
			err = grid(rows, header, span)
		case bl.Signature != nil:
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
