package typo

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

const nbsp = "\u00a0"

// edit replaces s[pos:pos+n] with repl; skip cancels it.
type edit struct {
	pos, n int
	repl   string
	skip   bool
}

// Typograph applies Russian typographic normalisation to s. It only
// replaces characters, never deletes content:
//
//   - the ordinary space after «№» becomes a no-break space ("№ 5" →
//     "№\u00a05"); "№1" is left alone;
//   - the space between initials and a surname becomes a no-break space,
//     in both orders and between spaced initials: "Л.П. Шидукова",
//     "Шидукова Л.П.", "Л. П. Шидукова" → "Л.\u00a0П.\u00a0Шидукова";
//   - the space between a four-digit year and "г." / "гг." becomes a
//     no-break space ("2022 г." → "2022\u00a0г.");
//   - straight double quotes "..." become «ёлочки», and quotes nested in
//     «...» become „лапки“. A straight quote that cannot be paired (an
//     inch mark, an unclosed quote) is left as it is.
//
// When no rule applies, s itself is returned without allocating.
func Typograph(s string) string {
	if !strings.ContainsAny(s, "\" ") {
		return s
	}
	var editBuf [16]edit
	edits := editBuf[:0]
	// Open quotes: index into edits of a converted straight quote, or -1
	// for a « already in the text.
	var openBuf [8]int
	open := openBuf[:0]
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ' ':
			if nbspAt(s, i) {
				edits = append(edits, edit{pos: i, n: 1, repl: nbsp})
			}
		case '"':
			prev, _ := utf8.DecodeLastRuneInString(s[:i])
			next, _ := utf8.DecodeRuneInString(s[i+1:])
			if i == 0 {
				prev = ' '
			}
			if i+1 == len(s) {
				next = ' '
			}
			switch {
			case opensQuote(prev) && !isSpace(next):
				repl := "«"
				if len(open) > 0 {
					repl = "„"
				}
				open = append(open, len(edits))
				edits = append(edits, edit{pos: i, n: 1, repl: repl})
			case !opensQuote(prev) && len(open) > 0:
				open = open[:len(open)-1]
				repl := "»"
				if len(open) > 0 {
					repl = "“"
				}
				edits = append(edits, edit{pos: i, n: 1, repl: repl})
			}
		case 0xC2, 0xE2:
			// Quotes already in the text pair like the ones this pass
			// converts, so that a second pass sees the same pairs and
			// changes nothing.
			switch quoteAt(s, i) {
			case 1:
				open = append(open, -1)
			case -1:
				if len(open) > 0 {
					open = open[:len(open)-1]
				}
			}
		}
	}
	// Straight quotes left open were not quotes after all.
	for _, e := range open {
		if e >= 0 {
			edits[e].skip = true
		}
	}
	grow, changed := 0, false
	for _, e := range edits {
		if !e.skip {
			grow += len(e.repl) - e.n
			changed = true
		}
	}
	if !changed {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + grow)
	last := 0
	for _, e := range edits {
		if e.skip {
			continue
		}
		b.WriteString(s[last:e.pos])
		b.WriteString(e.repl)
		last = e.pos + e.n
	}
	b.WriteString(s[last:])
	return b.String()
}

// quoteAt is 1 when s[i:] starts with an opening quote (« U+00AB, C2 AB;
// „ U+201E, E2 80 9E), -1 with a closing one (» U+00BB, C2 BB; “ U+201C,
// E2 80 9C), else 0.
func quoteAt(s string, i int) int {
	switch {
	case strings.HasPrefix(s[i:], "«"), strings.HasPrefix(s[i:], "„"):
		return 1
	case strings.HasPrefix(s[i:], "»"), strings.HasPrefix(s[i:], "“"):
		return -1
	}
	return 0
}

// isSpace reports spaces that separate words, including no-break ones.
func isSpace(r rune) bool {
	return r == ' ' || r == '\u00a0' || r == '\u202f' || r == '\t' || r == '\n' || r == '\r'
}

// opensQuote reports whether a quote after r is an opening one.
func opensQuote(r rune) bool {
	switch r {
	case '(', '[', '{', '«', '„', '-', '–', '—', '/':
		return true
	}
	return isSpace(r)
}

// nbspAt reports whether the ordinary space s[i] should be a no-break space.
// The cheap test on the text after the space comes first: most spaces fail
// it at once.
func nbspAt(s string, i int) bool {
	before, after := s[:i], s[i+1:]
	if after == "" {
		return false
	}
	prev, _ := utf8.DecodeLastRuneInString(before)
	switch {
	case prev == '№':
		next, _ := utf8.DecodeRuneInString(after)
		return !isSpace(next)
	case prev == '.':
		// Initial before the space, surname or initial after it.
		return (startsWithInitial(after) || startsWithSurname(after)) && endsWithInitial(before)
	case prev >= '0' && prev <= '9':
		return startsWithYearAbbrev(after) && endsWithYear(before)
	}
	// Surname before the space, initial after it.
	return startsWithInitial(after) && unicode.IsLower(prev) && endsWithSurname(before)
}

// endsWithInitial: s ends with an upper-case letter and a full stop, the
// letter not preceded by another letter ("Л.", "Л.П.", "(А.").
func endsWithInitial(s string) bool {
	s = s[:len(s)-1] // the '.'
	r, size := utf8.DecodeLastRuneInString(s)
	if !unicode.IsUpper(r) {
		return false
	}
	p, _ := utf8.DecodeLastRuneInString(s[:len(s)-size])
	return !unicode.IsLetter(p)
}

// startsWithInitial: s starts with an upper-case letter and a full stop,
// followed by a non-letter or by another initial ("П.", "Л.П.").
func startsWithInitial(s string) bool {
	for {
		r, size := utf8.DecodeRuneInString(s)
		if size >= len(s) || s[size] != '.' || !unicode.IsUpper(r) {
			return false
		}
		s = s[size+1:]
		n, _ := utf8.DecodeRuneInString(s)
		if s == "" || !unicode.IsLetter(n) {
			return true
		}
	}
}

// startsWithSurname: an upper-case letter followed by a lower-case one.
func startsWithSurname(s string) bool {
	r, size := utf8.DecodeRuneInString(s)
	n, _ := utf8.DecodeRuneInString(s[size:])
	return unicode.IsUpper(r) && unicode.IsLower(n)
}

// endsWithSurname: s ends with a capitalised word (an upper-case letter
// followed only by lower-case letters) preceded by a non-letter.
func endsWithSurname(s string) bool {
	lower := 0
	for len(s) > 0 {
		r, size := utf8.DecodeLastRuneInString(s)
		s = s[:len(s)-size]
		switch {
		case unicode.IsLower(r):
			lower++
		case unicode.IsUpper(r) && lower > 0:
			p, _ := utf8.DecodeLastRuneInString(s)
			return s == "" || !unicode.IsLetter(p)
		default:
			return false
		}
	}
	return false
}

// endsWithYear: s ends with exactly four digits.
func endsWithYear(s string) bool {
	if len(s) < 4 {
		return false
	}
	for i := len(s) - 4; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	if len(s) == 4 {
		return true
	}
	c := s[len(s)-5]
	return c < '0' || c > '9'
}

// startsWithYearAbbrev: "г." or "гг." not followed by a letter.
func startsWithYearAbbrev(s string) bool {
	var rest string
	switch {
	case strings.HasPrefix(s, "гг."):
		rest = s[len("гг."):]
	case strings.HasPrefix(s, "г."):
		rest = s[len("г."):]
	default:
		return false
	}
	r, _ := utf8.DecodeRuneInString(rest)
	return rest == "" || !unicode.IsLetter(r)
}
