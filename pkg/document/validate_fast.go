package document

// Printable ASCII and the two-byte runes (Cyrillic, «», №'s neighbours)
// are nearly all of a document's text; decoding each and asking the font
// coverage for it in every string (an indirect call per rune) was most of
// validation. plain decodes them inline and asks the coverage once per
// rune and validator.

// plainRunes bounds the runes plain caches: the one- and two-byte ones.
const plainRunes = 0x800

const (
	runeOK = 1 + iota
	runeMissing
)

// plain returns the width of the rune at s[i] when it is a one- or
// two-byte rune, not a control character, that the fonts draw: such a rune
// needs no further check in text. It returns 0 for anything else.
func (v *validator) plain(s string, i int) int {
	c := s[i]
	var r rune
	n := 1
	switch {
	case c >= 0x20 && c < 0x7F:
		r = rune(c)
	case c >= 0xC2 && c <= 0xDF && i+1 < len(s) && s[i+1]&0xC0 == 0x80:
		r, n = rune(c&0x1F)<<6|rune(s[i+1]&0x3F), 2
		if r < 0xA0 { // C1 controls
			return 0
		}
	default:
		return 0
	}
	switch v.covered[r] {
	case runeOK:
		return n
	case runeMissing:
		return 0
	}
	ok := v.rules.Covers == nil || v.rules.Covers(r)
	v.covered[r] = runeMissing
	if ok {
		v.covered[r] = runeOK
		return n
	}
	return 0
}
