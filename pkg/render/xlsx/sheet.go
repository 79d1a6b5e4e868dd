package xlsx

// Measuring text and streaming rows: the helpers every sheet uses.

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/kartograf-ru/kartograf/pkg/render/view"
	"github.com/kartograf-ru/kartograf/pkg/typo"
)

// ---- measuring ----

// longestCellWordPx is the widest word in the cells of plan column ci,
// in pixels. A cancelled render stops measuring early; the caller checks
// b.ctx.
func (b *book) longestCellWordPx(p *view.Plan, ci int) float64 {
	w := 0.0
	count := 0
	for si := range p.Sections {
		for ii := range p.Sections[si].Items {
			if count++; count%ctxEvery == 0 && b.ctx.Err() != nil {
				return w
			}
			w = max(w, b.longestWordPx(CellText(p.Sections[si].Items[ii].Cells[ci]), false))
		}
	}
	return w
}

// longestWordPx is the width in pixels of the widest word of text.
func (b *book) longestWordPx(text string, bold bool) float64 {
	m := b.w.reg
	if bold {
		m = b.w.bold
	}
	w := 0.0
	// Words end at ordinary white space only: viewers do not break at a
	// no-break space, so «Л.П.\u00a0Шидукова» is one word to keep whole.
	for len(text) > 0 {
		i := strings.IndexAny(text, " \n\t\r")
		word := text
		if i >= 0 {
			word, text = text[:i], text[i+1:]
		} else {
			text = ""
		}
		// Viewers wrap after a hyphen: «психолого-медико-…» is not one word.
		for len(word) > 0 {
			part := word
			if i := strings.IndexByte(word, '-'); i >= 0 && i < len(word)-1 {
				part = word[:i+1]
			}
			w = max(w, m.Width(part))
			word = word[len(part):]
		}
	}
	return w / ptPerPx
}

func (b *book) linesOf(text string, bold bool, widthPx float64) int {
	m := b.w.reg
	if bold {
		m = b.w.bold
	}
	b.lines = typo.AppendWrap(b.lines[:0], m, text, innerPt(widthPx))
	n := len(b.lines)
	if b.v != nil && b.v.Setting.Optimal() {
		set := b.v.Setting
		// The row is as tall as the lines the PDF sets the cell in; Excel
		// and LibreOffice wrap by themselves, without hyphenation, so it is
		// never shorter than their own wrap needs either.
		b.lines = set.Cell(b.lines[:0], m, text, innerPt(widthPx))
		n = max(n, len(b.lines))
	}
	return max(n, 1)
}

func lastRune(s string) string {
	_, n := utf8.DecodeLastRuneInString(s)
	return s[len(s)-n:]
}

func innerPt(px float64) float64 { return max(px*ptPerPx-2*cellPad, fontSize) }

func heightOf(lines int) float64 {
	return min(float64(lines)*lineHeight+rowPad, maxRowHt)
}

// chunks cuts text into pieces of at most maxLines wrapped lines, at line
// ends: for the display-only sheets, where a long value continues in the
// next row instead of being cut off by the row height limit.
func (b *book) chunks(text string, bold bool, widthPx float64) []string {
	if b.linesOf(text, bold, widthPx) <= maxLines {
		return []string{text}
	}
	m := b.w.reg
	if bold {
		m = b.w.bold
	}
	var out []string
	var cur strings.Builder
	n := 0
	emit := func() {
		if n > 0 {
			out = append(out, cur.String())
			cur.Reset()
			n = 0
		}
	}
	for para := range strings.SplitSeq(text, "\n") {
		ls := typo.Wrap(m, para, innerPt(widthPx))
		if n+len(ls) <= maxLines {
			if n > 0 {
				cur.WriteByte('\n')
			}
			cur.WriteString(para)
			n += len(ls)
			continue
		}
		for i, ln := range ls {
			if n == maxLines {
				emit()
			}
			switch {
			case n == 0:
			case i == 0:
				cur.WriteByte('\n')
			case !ls[i-1].Hyphen && !strings.ContainsAny(lastRune(ls[i-1].Text), "-/‐–—"):
				cur.WriteByte(' ')
			}
			t := ln.Text
			if ln.Hyphen && n+1 < maxLines {
				t = strings.TrimSuffix(t, "-")
			}
			cur.WriteString(t)
			n++
		}
	}
	emit()
	return out
}

// ---- streamed sheets ----

// sheet writes one worksheet row by row.
type sheet struct {
	b    *book
	name string
	ws   *wsheet // the sheet's settings (book.go)
	row  int
	// rows are the sheet's rows (rows.go).
	rows rowData
	// breaks are the rows after which a manual page break stands.
	breaks []int
	// pageHt is the height of a printed page in the sheet's points (0:
	// not followed) and pos how far down the current page the rows
	// written so far reach: a block kept on one page (keep) starts a new
	// page when it does not fit in the rest.
	pageHt, pos float64
}

func (b *book) stream(name string) (*sheet, error) {
	ws := b.wb.sheet(name)
	if ws == nil {
		return nil, fmt.Errorf("нет листа «%s»", name)
	}
	s := &sheet{b: b, name: name, ws: ws}
	ws.rows = &s.rows
	b.streams = append(b.streams, s)
	return s, nil
}

// put writes the next row: cells from column 1 (nil leaves a cell out).
func (s *sheet) put(height float64, cells []any) error {
	s.row++
	// The last guard against excelize cutting a cell: checkCellLengths
	// names the JSON path of the values it knows; anything else is
	// refused here by sheet and cell.
	for i, c := range cells {
		v, ok := c.(string)
		if c, isCell := c.(excelize.Cell); isCell {
			v, ok = c.Value.(string)
		}
		if ok && !fits(v) {
			return &CellTooLongError{Sheet: s.name, Cell: cell(i+1, s.row), Units: utf16Len(v)}
		}
	}
	s.advance(height)
	if height > 0 {
		height = math.Round(min(height, maxRowHt)*100) / 100
	}
	return s.rows.row(s.row, height, cells)
}

// widths sets the widths of columns 1, 2, …: as excelize's stream writer
// set them a run of equal widths at a time, last to first, which leaves
// one <col> for one run and a <col> per column for more.
func (s *sheet) widths(w []float64) error {
	s.ws.cols = s.ws.cols[:0]
	runs := 0
	for lo := 0; lo < len(w); {
		hi := lo
		for hi+1 < len(w) && w[hi+1] == w[lo] {
			hi++
		}
		if w[lo] > excelize.MaxColumnWidth {
			return excelize.ErrColumnWidth
		}
		runs++
		lo = hi + 1
	}
	if runs == 1 {
		s.ws.cols = append(s.ws.cols, colWidth{min: 1, max: len(w), width: w[0]})
		return nil
	}
	for i, x := range w {
		s.ws.cols = append(s.ws.cols, colWidth{min: i + 1, max: i + 1, width: x})
	}
	return nil
}

func (s *sheet) merge(c1, r1, c2, r2 int) error {
	if c1 == c2 && r1 == r2 {
		return nil
	}
	s.ws.merge(cell(c1, r1) + ":" + cell(c2, r2))
	return nil
}

func cell(col, row int) string {
	name, _ := excelize.ColumnNumberToName(col)
	return name + strconv.Itoa(row)
}

func colName(col int) string {
	name, _ := excelize.ColumnNumberToName(col)
	return name
}

func str(style int, s string) excelize.Cell {
	if s == "" {
		return excelize.Cell{StyleID: style}
	}
	return excelize.Cell{StyleID: style, Value: s}
}

// widthChars converts pixels to a column width: characters of the Normal
// style font's digit, 7 px in both viewers (see normalSize). pxOf is its
// inverse.
func widthChars(px float64) float64 { return math.Round(px/pxPerChar*100) / 100 }

func pxOf(width float64) float64 { return width * pxPerChar }

// normalSize is the size of the Normal style's font, Times New Roman,
// which only sets the unit of column widths (every cell has its own
// 11 pt style). Excel takes its digit rounded to whole pixels, LibreOffice
// as it is: at 11 pt that is 7 px against 7.33, so LibreOffice drew every
// column 5 % wider than Excel, wrapped fewer lines than the rows were
// sized for and printed a sheet of the page's width past the right
// margin. At 10.5 pt the digit is 7 px in both.
const normalSize = 10.5

func mmToPx(mm float64) float64 { return mm * pxPerMM }

// Scales of page other than per cent.
const (
	fitWidth = 0  // fit to one page wide
	fitOne   = -1 // fit on one page
)

// page sets up printing of a sheet on A4 with the template's margins, at
// scale per cent or fitWidth or fitOne.
func (b *book) page(name string, landscape bool, footer bool, scale int) error {
	ws := b.wb.sheet(name)
	if ws == nil {
		return fmt.Errorf("нет листа «%s»", name)
	}
	ws.paged, ws.fit = true, scale <= 0
	ws.pageSize, ws.orient = 9, "portrait"
	if landscape {
		ws.orient = "landscape"
	}
	one, zero := 1, 0
	switch {
	case scale == fitOne:
		ws.fitW, ws.fitH = &one, &one
	case ws.fit:
		ws.fitW, ws.fitH = &one, &zero
	default:
		adj := uint(scale)
		ws.scale = &adj
	}
	mg := b.m.Page.Margins
	in := func(mm float64) float64 { return math.Round(mm/25.4*1000) / 1000 }
	ws.margins = [6]float64{in(mg.Left), in(mg.Right), in(mg.Top), in(mg.Bottom), in(8), in(8)}
	if footer {
		ws.footer = "&CСтраница &P из &N"
	}
	return nil
}

// printScale is the scale, in per cent, that prints the cells' 11 pt text
// at the template's size pt (the document's text or table size; never
// enlarged) and a sheet widthPx wide within the page's width.
func (b *book) printScale(size, widthPx float64) int {
	return b.printScaleAs(size, widthPx, b.landscape())
}

// printSlack is the share of the page's width a sheet may fill at 100 %.
const printSlack = 0.995

// printScaleAs is printScale on a page of the given orientation.
func (b *book) printScaleAs(size, widthPx float64, landscape bool) int {
	s := 1.0
	if size > 0 {
		s = min(s, size/fontSize)
	}
	// LibreOffice draws a sheet laid out to the page's exact width a
	// little wider than the columns' pixels add up to (it printed the
	// right edge of such sheets at 100 % on pages of their own): half a
	// per cent is kept free.
	if all := b.printablePx(landscape) * printSlack; widthPx > all {
		s = min(s, all/widthPx)
	}
	return max(int(math.Floor(s*100)), 10)
}

// layoutPx is the width a sheet printed at the template's size pt
// (printScale) is laid out on: the printable width at 11 pt.
func (b *book) layoutPx(size float64) float64 {
	return b.layoutPxAs(size, b.landscape())
}

// layoutPxAs is layoutPx on a page of the given orientation.
func (b *book) layoutPxAs(size float64, landscape bool) float64 {
	all := b.printablePx(landscape)
	if size > 0 && size < fontSize {
		all *= fontSize / size
	}
	return all
}

// sheetPx is the width of cols as printed: each column as the viewers
// draw a width of w characters, in whole pixels rounded up from w digits
// (ECMA-376 §18.3.1.13: Truncate((256·w + Truncate(128/digit))/256·digit)).
// Summed as w·digit instead, six columns of a page's width came to 3 px
// less than LibreOffice drew them, the scale stayed at 100 % and the
// sheet's right edge printed on pages of its own.
func sheetPx(cols []planCol) float64 {
	w := 0.0
	for _, c := range cols {
		w += columnPx(widthChars(c.px))
	}
	return w
}

// columnPx is the width in pixels a column of width characters is drawn.
func columnPx(width float64) float64 {
	return math.Trunc((256*width + math.Trunc(128/pxPerChar)) / 256 * pxPerChar)
}

// printablePx is the text width of an A4 page with the template's
// side margins.
func (b *book) printablePx(landscape bool) float64 {
	w := 210.0
	if landscape {
		w = 297
	}
	mg := b.m.Page.Margins
	return mmToPx(max(w-mg.Left-mg.Right, 100))
}
