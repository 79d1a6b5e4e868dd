// Package textcheck checks that rendered text holds the words of a source
// text in order. It is a test helper for the renderers: the words of a seed
// file (SeedWords) or of a document model (DocumentText) must all occur, in
// order, in the text extracted from a PDF, DOCX or XLSX (InOrder).
//
// A word is a maximal run of letters or a maximal run of digits, lower-cased:
// «2.Общее» is «2», «общее»; «31.08.2023г.» is «31», «08», «2023», «г».
// Punctuation («», №, •, -, /) separates words and is never a word itself;
// so do all spaces, including the non-breaking U+00A0 and U+202F.
package textcheck

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Break says whether a token may be the first part of a word that the
// renderer split across two lines.
type Break uint8

const (
	// NoBreak: the token is a word of its own.
	NoBreak Break = iota
	// HyphenBreak: the token ends its line with a hyphen («-», U+2010,
	// U+2011) or a soft hyphen (U+00AD) and the next line starts with a run
	// of the same kind (letters after letters, digits after digits).
	HyphenBreak
	// WrapBreak: as HyphenBreak but with no hyphen at all — a forced break
	// of an unbreakable run (a URL, a 40-digit number) in a narrow column.
	WrapBreak
)

func (b Break) String() string {
	switch b {
	case HyphenBreak:
		return "hyphen"
	case WrapBreak:
		return "wrap"
	}
	return "none"
}

// Token is one word of a text, with where it is and whether it may continue
// on the next line.
type Token struct {
	Word  string // lower-cased
	Start int    // byte offset of the first rune in the text
	End   int    // byte offset just after the last rune (or the line-end hyphen)
	Break Break  // how the word may join the next token
}

type class uint8

const (
	other class = iota
	letter
	digit
)

func classOf(r rune) class {
	switch {
	case unicode.IsLetter(r):
		return letter
	case unicode.IsDigit(r):
		return digit
	}
	return other
}

// invisible runes are dropped wherever they are: they only mark break
// opportunities or joins and are not part of what a reader sees.
func invisible(r rune) bool {
	switch r {
	case '\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF':
		return true
	}
	return false
}

const softHyphen = '\u00AD'

func isHyphen(r rune) bool {
	return r == '-' || r == '\u2010' || r == '\u2011' || r == softHyphen
}

func isLineBreak(r rune) bool {
	return r == '\n' || r == '\r' || r == '\v' || r == '\f' || r == '\u2028' || r == '\u2029'
}

// isSpace is horizontal white space, the non-breaking spaces included.
func isSpace(r rune) bool {
	return r == '\t' || r == ' ' || r == '\u00A0' || r == '\u202F' || (unicode.IsSpace(r) && !isLineBreak(r))
}

type pos struct {
	r   rune
	off int
}

func decode(text string) []pos {
	ps := make([]pos, 0, len(text))
	for off, r := range text {
		ps = append(ps, pos{r, off})
	}
	return ps
}

// Tokens splits text into words and marks the words that end a line where
// the next line continues the same run (see Break). Soft hyphens and
// zero-width characters inside a word on one line are ignored, so
// «обра\u00ADзо\u00ADва\u00ADние» is one word. Combining marks are folded:
// «и» + U+0306 is «й», «е» + U+0308 is «ё», other marks are dropped.
func Tokens(text string) []Token {
	ps := decode(text)
	offset := func(i int) int {
		if i < len(ps) {
			return ps[i].off
		}
		return len(text)
	}
	var toks []Token
	var word []rune
	for i := 0; i < len(ps); {
		c := classOf(ps[i].r)
		if c == other {
			i++
			continue
		}
		word = word[:0]
		start := i
		for i < len(ps) {
			r := ps[i].r
			switch {
			case classOf(r) == c:
				word = append(word, r)
				i++
				continue
			case invisible(r):
				i++
				continue
			case r == softHyphen && i+1 < len(ps) && classOf(ps[i+1].r) == c:
				i++
				continue
			case c == letter && unicode.Is(unicode.Mn, r):
				word = compose(word, r)
				i++
				continue
			}
			break
		}
		t := Token{Word: strings.ToLower(string(word)), Start: ps[start].off, End: offset(i)}
		t.Break, t.End = lineBreakAfter(ps, i, c, t.End, offset)
		toks = append(toks, t)
	}
	return toks
}

// lineBreakAfter looks at what follows a run of class c ending at index i:
// an optional hyphen, spaces, exactly one line break, spaces, and a run of
// the same class make a break.
func lineBreakAfter(ps []pos, i int, c class, end int, offset func(int) int) (Break, int) {
	j := i
	hyphen := false
	if j < len(ps) && isHyphen(ps[j].r) {
		hyphen = true
		j++
	}
	hyphenEnd := offset(j)
	for j < len(ps) && (isSpace(ps[j].r) || invisible(ps[j].r)) {
		j++
	}
	if j >= len(ps) || !isLineBreak(ps[j].r) {
		return NoBreak, end
	}
	if ps[j].r == '\r' && j+1 < len(ps) && ps[j+1].r == '\n' {
		j++
	}
	j++
	for j < len(ps) && (isSpace(ps[j].r) || invisible(ps[j].r)) {
		j++
	}
	if j >= len(ps) || classOf(ps[j].r) != c {
		return NoBreak, end
	}
	if hyphen {
		return HyphenBreak, hyphenEnd
	}
	return WrapBreak, end
}

func compose(word []rune, mark rune) []rune {
	if len(word) == 0 {
		return word
	}
	last := &word[len(word)-1]
	switch {
	case mark == '\u0306' && *last == 'и':
		*last = 'й'
	case mark == '\u0306' && *last == 'И':
		*last = 'Й'
	case mark == '\u0308' && *last == 'е':
		*last = 'ё'
	case mark == '\u0308' && *last == 'Е':
		*last = 'Ё'
	}
	return word
}

// Words returns the words of extracted text (PDF, DOCX, XLSX) as they stand:
// a word hyphenated across lines is two words here. InOrder is what accepts
// the joined form as well; see Tokens.
func Words(text string) []string {
	toks := Tokens(text)
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.Word
	}
	return out
}

// markupRE matches the leftovers of the extraction in the seed files:
// <b>, <p>, <ul style="…">, <li> and their closing tags.
var markupRE = regexp.MustCompile(`(?i)</?(?:b|i|u|p|ul|ol|li|br|em|strong|span|div)(?:\s[^>]*)?/?>`)

// dashRowRE matches a table row made only of dashes, like the last line of
// seed 001.
var dashRowRE = regexp.MustCompile(`^[\t -]*-[\t -]*$`)

// CleanSeed returns the text of a seed file without the extraction debris,
// with table rows split by a page break merged: the markup (<b>, <p>,
// <ul …>, <li>, **, leading ##) is removed, rows of dashes are dropped, and
// a row whose first cell is empty is appended cell by cell (joined with one
// space) to the table row above it, blank lines in between allowed. Cells
// stay separated by TAB.
func CleanSeed(text string) string {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	var out [][]string // lines; a table row is its cells
	lastRow := -1      // index in out of the table row a continuation joins
	for _, line := range strings.Split(text, "\n") {
		line = markupRE.ReplaceAllString(line, " ")
		line = strings.ReplaceAll(line, "**", " ")
		if t := strings.TrimLeft(line, " "); strings.HasPrefix(t, "##") {
			line = strings.TrimLeft(t, "# ")
		}
		if dashRowRE.MatchString(line) {
			continue
		}
		if strings.TrimSpace(line) == "" {
			out = append(out, nil)
			continue
		}
		if !strings.Contains(line, "\t") {
			out = append(out, []string{strings.TrimSpace(line)})
			lastRow = -1
			continue
		}
		cells := strings.Split(line, "\t")
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		if cells[0] == "" && lastRow >= 0 {
			row := out[lastRow]
			for i, c := range cells {
				if c == "" {
					continue
				}
				for len(row) <= i {
					row = append(row, "")
				}
				if row[i] == "" {
					row[i] = c
				} else {
					row[i] += " " + c
				}
			}
			out[lastRow] = row
			continue
		}
		out = append(out, cells)
		lastRow = len(out) - 1
	}
	lines := make([]string, len(out))
	for i, cells := range out {
		lines[i] = strings.Join(cells, "\t")
	}
	return strings.Join(lines, "\n")
}

// SeedWords returns the words of a seed file in reading order: CleanSeed,
// then the words as defined in the package comment.
func SeedWords(text string) []string {
	return Words(CleanSeed(text))
}

// contextWords is how many words of want are quoted before a missing word.
const contextWords = 8

// gotContext is how many bytes of the got text are quoted on each side.
const gotContext = 200

type wantWord struct {
	word  string
	index int // index in the caller's want slice
}

// InOrder reports whether every word of want occurs in gotText in the same
// order, other words allowed in between (repeated table headers, page
// numbers, labels). Words are compared lower-cased; an element of want that
// holds several words (spaces, punctuation) stands for those words in
// order. A word may be matched by a token of gotText or by consecutive
// tokens that the renderer split at line ends (Break), so both «обра-» +
// «зование» and «образование» match «образование», and «психолого-» +
// «медико» still matches «психолого», «медико».
//
// The error names the first word not found after the last match (its index
// in want, the word, and the words before it in want), says whether it
// occurs earlier in gotText (out of order) or not at all, and quotes gotText
// around the last match. An empty want is an error: nothing would be
// checked.
func InOrder(want []string, gotText string) error {
	var ws []wantWord
	for i, w := range want {
		for _, t := range Tokens(w) {
			ws = append(ws, wantWord{t.Word, i})
		}
	}
	if len(ws) == 0 {
		return fmt.Errorf("textcheck: want has no words (%d elements): nothing to check", len(want))
	}
	toks := Tokens(gotText)
	next, last := 0, -1 // next token to try; last token of the last match
	for wi, w := range ws {
		found := false
		for j := next; j < len(toks); j++ {
			if n := matchAt(toks, j, w.word); n > 0 {
				last = j + n - 1
				next = j + n
				found = true
				break
			}
		}
		if !found {
			return notFound(ws, wi, want, toks, last, gotText)
		}
	}
	return nil
}

// matchAt returns how many tokens starting at j spell w (0: none).
func matchAt(toks []Token, j int, w string) int {
	s := toks[j].Word
	if s == w {
		return 1
	}
	for k := j; toks[k].Break != NoBreak && k+1 < len(toks) && len(s) < len(w) && strings.HasPrefix(w, s); {
		k++
		s += toks[k].Word
		if s == w {
			return k - j + 1
		}
	}
	return 0
}

func notFound(ws []wantWord, wi int, want []string, toks []Token, last int, got string) error {
	w := ws[wi]
	var b strings.Builder
	fmt.Fprintf(&b, "textcheck: want word %d of %d «%s» (want[%d]) not found", wi, len(ws), w.word, w.index)
	if last >= 0 {
		fmt.Fprintf(&b, " after got word %d «%s»", last, toks[last].Word)
	}
	b.WriteByte('\n')
	from := max(0, wi-contextWords)
	ctx := make([]string, 0, wi-from)
	for _, c := range ws[from:wi] {
		ctx = append(ctx, c.word)
	}
	ellipsis := ""
	if from > 0 {
		ellipsis = "… "
	}
	fmt.Fprintf(&b, "  want: %s%s ⟶ «%s»\n", ellipsis, strings.Join(ctx, " "), w.word)
	earlier := -1
	for j := 0; j <= last && j < len(toks); j++ {
		if matchAt(toks, j, w.word) > 0 {
			earlier = j
			break
		}
	}
	switch {
	case len(toks) == 0:
		b.WriteString("  got text has no words at all\n")
	case earlier >= 0:
		fmt.Fprintf(&b, "  out of order: it occurs earlier in got, at word %d: %s\n", earlier, quote(got, toks[earlier].Start, toks[earlier].End))
	default:
		b.WriteString("  it does not occur in got at all\n")
	}
	if last < 0 {
		fmt.Fprintf(&b, "  nothing matched; got text starts: %s", quote(got, 0, 0))
	} else {
		fmt.Fprintf(&b, "  got text around the last match: %s", quote(got, toks[last].Start, toks[last].End))
	}
	return fmt.Errorf("%s", b.String())
}

// quote returns got around [start, end) with the span marked by ⟦ ⟧ and
// line breaks shown as ⏎.
func quote(got string, start, end int) string {
	from := runeStart(got, max(0, start-gotContext))
	to := runeStart(got, min(len(got), end+gotContext))
	s := got[from:start] + "⟦" + got[start:end] + "⟧" + got[end:to]
	if start == end {
		s = got[from:to]
	}
	if from > 0 {
		s = "…" + s
	}
	if to < len(got) {
		s += "…"
	}
	return "«" + strings.NewReplacer("\r\n", "⏎", "\n", "⏎", "\t", "⇥").Replace(s) + "»"
}

func runeStart(s string, i int) int {
	for i > 0 && i < len(s) && !utf8.RuneStart(s[i]) {
		i--
	}
	return i
}
