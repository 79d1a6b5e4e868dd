package xlsx

// The structure blocks of the text sheet (contents, page breaks) and the
// letterhead's appendix grif.

import (
	"bytes"
	"strconv"
	"strings"

	"github.com/kartograf-ru/kartograf/pkg/render/view"
)

// appendixRows are the appendix grif's lines, one a row across the sheet,
// right-aligned as at the top right of the document's first page.
func (b *book) appendixRows(n int, all float64) []headRow {
	lines := b.v.Letterhead.Appendix
	var rows []headRow
	for i, line := range lines {
		cells := make([]any, n)
		cells[0] = str(b.style(styleKey{halign: "right"}), line)
		gap := 0.0
		if i == len(lines)-1 {
			gap = 6
		}
		rows = append(rows, headRow{height: heightOf(b.linesOf(line, false, all)) + gap, cells: cells, merges: [][2]int{{1, n}}})
	}
	return rows
}

// headingField is what an edited heading cell maps back to: the heading,
// unless the cell also holds its number, which is not the heading's text.
func headingField(h *view.Heading) any {
	if h.Number != "" {
		return nil
	}
	return h.Source
}

// contentsRows prints the contents: the title, then one row per entry,
// its level shown by leading spaces. A workbook has no page numbers to
// give (each sheet paginates on its own, unlike the PDF), so the entries
// have none; edits to them are not read back (they are generated).
func contentsRows(c *view.Contents, wide func(string, styleKey, any) error) error {
	if c.Title != "" {
		if err := wide(c.Title, styleKey{bold: true, halign: "center"}, nil); err != nil {
			return err
		}
	}
	for _, e := range c.Entries {
		if err := wide(strings.Repeat("    ", e.Level-1)+e.Line(), styleKey{halign: "left"}, nil); err != nil {
			return err
		}
	}
	return nil
}

// breakAfter puts a manual page break after the last row written; a break
// before any row, or a second one at the same row, adds nothing.
func (s *sheet) breakAfter() {
	if s.row == 0 || (len(s.breaks) > 0 && s.breaks[len(s.breaks)-1] == s.row) {
		return
	}
	s.breaks = append(s.breaks, s.row)
	s.pos = 0
}

// rowBreaksXML is the <rowBreaks> element of manual breaks after rows, nil
// for none.
func rowBreaksXML(rows []int) []byte {
	if len(rows) == 0 {
		return nil
	}
	var b bytes.Buffer
	n := strconv.Itoa(len(rows))
	b.WriteString(`<rowBreaks count="` + n + `" manualBreakCount="` + n + `">`)
	for _, r := range rows {
		b.WriteString(`<brk id="` + strconv.Itoa(r) + `" max="16383" man="1"/>`)
	}
	b.WriteString(`</rowBreaks>`)
	return b.Bytes()
}
