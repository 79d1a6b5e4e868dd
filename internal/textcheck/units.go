package textcheck

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Units splits text into units at line breaks and TABs: the cells of a
// table row and the lines of narrative, as SeedUnits and DocumentText
// produce them.
func Units(text string) []string {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		for _, cell := range strings.Split(line, "\t") {
			if strings.TrimSpace(cell) != "" {
				out = append(out, cell)
			}
		}
	}
	return out
}

// SeedUnits returns the units of a seed file: CleanSeed's lines and cells.
func SeedUnits(text string) []string { return Units(CleanSeed(text)) }

// InOrderUnits is InOrder for text whose units may interleave where a page
// break splits a table row: the tail of a long cell is printed on the next
// page, after the other cells of its row. Every unit's words must occur in
// order, and each unit must begin after the first word of the unit before
// it; a unit may therefore end after later units begin, but no word may be
// missing and no unit may start before its predecessor.
func InOrderUnits(units []string, gotText string) error {
	toks := Tokens(gotText)
	start := 0 // a unit's first word is searched from here
	checked := 0
	for ui, u := range units {
		first, n, err := findUnit(toks, gotText, u, start)
		if err != nil {
			return fmt.Errorf("textcheck: unit %d of %d %w", ui, len(units), err)
		}
		if n > 0 {
			checked += n
			start = first + 1
		}
	}
	if checked == 0 {
		return fmt.Errorf("textcheck: no words in %d units: nothing to check", len(units))
	}
	return nil
}

// findUnit finds the words of unit u in order in toks (of gotText), its
// first word at or after start: it returns where the first word is and
// how many words u has (0 and no error for a unit without words).
func findUnit(toks []Token, gotText, u string, start int) (first, n int, err error) {
	words := Tokens(u)
	pos := start
	first = -1
	for wi, w := range words {
		found := -1
		for j := pos; j < len(toks); j++ {
			if n := matchAt(toks, j, w.Word); n > 0 {
				found = j
				pos = j + n
				break
			}
			if end := matchAcrossPages(toks, j, w.Word); end > 0 {
				found = j
				pos = j + 1 // the tail is further on; later cells come between
				break
			}
		}
		if found < 0 {
			at := min(max(pos, start), len(toks)-1)
			where := ""
			if at >= 0 {
				where = quote(gotText, toks[at].Start, toks[at].End)
			}
			return 0, 0, fmt.Errorf("«%s»: word %d «%s» not found in order (searching from got word %d: %s)",
				u, wi, w.Word, at, where)
		}
		if first < 0 {
			first = found
		}
	}
	return first, len(words), nil
}

// pageSplitWindow bounds how far (in tokens) the tail of a word broken at
// the bottom of a page is looked for: the rest of its row and the repeated
// header on the next page.
const pageSplitWindow = 400

// matchAcrossPages matches a word hard-broken inside a table cell whose row
// a page break split: its head ends the cell's last line on one page and
// its tail starts the cell's first line on the next, with other cells in
// between. It returns the index after the tail, or 0.
func matchAcrossPages(toks []Token, j int, w string) int {
	s := toks[j].Word
	if len([]rune(s)) < 2 || len(s) >= len(w) || !strings.HasPrefix(w, s) {
		return 0
	}
	k := j
	// Take the head's own line-end pieces while they still spell a prefix.
	for toks[k].Break != NoBreak && k+1 < len(toks) {
		next := s + toks[k+1].Word
		if len(next) >= len(w) || !strings.HasPrefix(w, next) {
			break
		}
		k++
		s = next
	}
	return tailAt(toks, k+2, k+pageSplitWindow, w[len(s):], maxTailParts)
}

// maxTailParts bounds how many more pieces the tail of a split word may
// come in: a spreadsheet printed with pdftotext -layout puts each line of
// a cell on its own printed line among the other cells' lines, so a long
// URL hard-wrapped in a narrow cell is a head and several pieces, with
// other cells' text between them.
const maxTailParts = 8

// tailAt returns the index after the tokens, from index from up to limit,
// that spell rest — whole (matchAt) or as pieces with other tokens in
// between — or 0.
func tailAt(toks []Token, from, limit int, rest string, parts int) int {
	for m := from; m < len(toks) && m < limit; m++ {
		if n := matchAt(toks, m, rest); n > 0 {
			return m + n
		}
		// A middle piece of fewer than three letters would let every «в»
		// and «на» start a search: hard wraps leave longer pieces.
		if p := toks[m].Word; parts > 0 && utf8.RuneCountInString(p) >= 3 && len(p) < len(rest) && strings.HasPrefix(rest, p) {
			if end := tailAt(toks, m+1, limit, rest[len(p):], parts-1); end > 0 {
				return end
			}
		}
	}
	return 0
}
