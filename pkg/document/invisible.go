package document

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// invisibleNames are the characters refused in document text: bidi controls
// and zero-width characters. They are not drawn, yet they reorder or split
// what is drawn, so the text a reader copies from the PDF would differ from
// what it shows (a «Trojan Source» in a signed document). NBSP U+00A0 and
// narrow NBSP U+202F are visible spacing and stay allowed.
var invisibleNames = map[rune]string{
	'\u061C': "ARABIC LETTER MARK",
	'\u200B': "ZERO WIDTH SPACE",
	'\u200C': "ZERO WIDTH NON-JOINER",
	'\u200D': "ZERO WIDTH JOINER",
	'\u200E': "LEFT-TO-RIGHT MARK",
	'\u200F': "RIGHT-TO-LEFT MARK",
	'\u202A': "LEFT-TO-RIGHT EMBEDDING",
	'\u202B': "RIGHT-TO-LEFT EMBEDDING",
	'\u202C': "POP DIRECTIONAL FORMATTING",
	'\u202D': "LEFT-TO-RIGHT OVERRIDE",
	'\u202E': "RIGHT-TO-LEFT OVERRIDE",
	'\u2060': "WORD JOINER",
	'\u2066': "LEFT-TO-RIGHT ISOLATE",
	'\u2067': "RIGHT-TO-LEFT ISOLATE",
	'\u2068': "FIRST STRONG ISOLATE",
	'\u2069': "POP DIRECTIONAL ISOLATE",
	'\uFEFF': "ZERO WIDTH NO-BREAK SPACE",
}

// IsInvisible reports whether r is one of the bidi or zero-width characters
// that document text may not contain.
func IsInvisible(r rune) bool {
	switch {
	case r == '\u061C', r == '\uFEFF', r == '\u2060':
		return true
	case r >= '\u200B' && r <= '\u200F':
		return true
	case r >= '\u202A' && r <= '\u202E':
		return true
	case r >= '\u2066' && r <= '\u2069':
		return true
	}
	return false
}

// hasInvisible reports whether s holds a refused character. Every one is
// encoded with a leading byte D8 (U+061C), E2 (U+20xx) or EF (U+FEFF), so
// Cyrillic and ASCII text is passed over without decoding runes.
// Each lead byte is looked for with IndexByte (vectorised), not by a
// switch on every byte: validation runs this over all of a document's text.
func hasInvisible(s string) bool {
	for _, lead := range [...]byte{0xD8, 0xE2, 0xEF} {
		for i := 0; ; i++ {
			j := strings.IndexByte(s[i:], lead)
			if j < 0 {
				break
			}
			i += j
			if r, _ := utf8.DecodeRuneInString(s[i:]); IsInvisible(r) {
				return true
			}
		}
	}
	return false
}

// invisibleProblems appends one problem per distinct refused character of s,
// naming its code point, its Unicode name and the 1-based position (in
// characters) of its first occurrence.
func invisibleProblems(path, s string, out []Problem) []Problem {
	if !hasInvisible(s) {
		return out
	}
	var seen []rune
	pos := 0
	for _, r := range s {
		pos++
		if !IsInvisible(r) || containsRune(seen, r) {
			continue
		}
		seen = append(seen, r)
		out = append(out, Problem{Path: path, Message: invisibleMessage(r, pos)})
	}
	return out
}

func invisibleMessage(r rune, pos int) string {
	return fmt.Sprintf("недопустимый невидимый символ U+%04X (%s) в позиции %d: скопированный текст отличался бы от видимого; удалите символ", r, invisibleNames[r], pos)
}

func containsRune(rs []rune, r rune) bool {
	for _, x := range rs {
		if x == r {
			return true
		}
	}
	return false
}

// stripInvisible removes the refused characters from s.
func stripInvisible(s string) string {
	if !hasInvisible(s) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if IsInvisible(r) {
			return -1
		}
		return r
	}, s)
}

// stripInvisibleTree removes refused characters from every string value of
// a decoded tree (keys are left: a key is reported, and a wrong key is
// pruned or reported again by the semantic checks).
func stripInvisibleTree(v any) any {
	switch x := v.(type) {
	case string:
		return stripInvisible(x)
	case []any:
		for i, e := range x {
			x[i] = stripInvisibleTree(e)
		}
	case map[string]any:
		for k, e := range x {
			x[k] = stripInvisibleTree(e)
		}
	}
	return v
}
