package textcheck

import (
	"fmt"
	"slices"
	"strings"

	"github.com/kartograf-ru/kartograf/pkg/document"
)

// Rows splits text into rows of units: a line is a row, its units the
// cells between TABs (as Units, which is Rows flattened). A table row of
// DocumentText is one row; a line of narrative is a row of one unit.
func Rows(text string) [][]string {
	var out [][]string
	for line := range strings.SplitSeq(text, "\n") {
		var row []string
		for _, cell := range strings.Split(line, "\t") {
			if strings.TrimSpace(cell) != "" {
				row = append(row, cell)
			}
		}
		if row != nil {
			out = append(out, row)
		}
	}
	return out
}

// InOrderRows is InOrderUnits for a printout read line by line across the
// page (pdftotext -layout of a printed workbook), where the cells of one
// table row may begin on different lines: a cell centred vertically in its
// row (a header cell, as the PDF draws it too) prints its one line beside
// the middle line of a three-line neighbour, so the row's units begin in
// any order. Each unit's words must occur in order, every unit of a row
// must begin after every unit of the row before it has begun, and no word
// may be missing: units of different rows never interleave. A row of one
// unit is checked exactly as InOrderUnits checks it.
func InOrderRows(rows [][]string, gotText string) error {
	toks := Tokens(gotText)
	start := 0 // the units of a row are searched from here
	checked := 0
	for ri, row := range rows {
		next := start
		for ui, u := range row {
			first, n, err := findUnit(toks, gotText, u, start)
			if err != nil {
				return fmt.Errorf("textcheck: row %d of %d, unit %d of %d %w", ri, len(rows), ui, len(row), err)
			}
			if n > 0 {
				checked += n
				next = max(next, first+1)
			}
		}
		start = next
	}
	if checked == 0 {
		return fmt.Errorf("textcheck: no words in %d rows: nothing to check", len(rows))
	}
	return nil
}

// SideBySideRows is DocumentRows for a printout read line by line across
// the page, where the stamps stand side by side: each side's stamps are
// one cell, their lines in order (as the workbook prints them), so the
// stamps are one row of two units — the left side's lines, then the
// right side's — whose lines interleave however the sides' line counts
// and gaps fall.
func SideBySideRows(d *document.Document, defaultColumns []document.Column) [][]string {
	full := DocumentRows(d, defaultColumns)
	if len(d.Approvals) == 0 {
		return full
	}
	_, left, right := stampSides(d, defaultColumns)
	// Every stamp line is a row of its own in full: the stamps' rows
	// begin where full and the rows without stamps first differ.
	c := *d
	c.Approvals = nil
	bare := DocumentRows(&c, defaultColumns)
	start := 0
	for start < len(bare) && slices.Equal(full[start], bare[start]) {
		start++
	}
	var stamps []string
	for _, side := range [][]string{left, right} {
		if len(side) > 0 {
			stamps = append(stamps, strings.Join(side, " "))
		}
	}
	out := append(slices.Clone(full[:start]), stamps)
	return append(out, full[start+len(left)+len(right):]...)
}
