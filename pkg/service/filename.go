package service

import (
	"strings"
	"unicode"
)

// contentDisposition is an attachment header with the UTF-8 name in RFC
// 5987 form for browsers and clients that read it, and a transliterated
// ASCII name for those that do not.
func contentDisposition(name string) string {
	return `attachment; filename="` + asciiFileName(name) + `"; filename*=UTF-8''` + rfc5987(name)
}

// rfc5987 percent-encodes everything but attr-char.
func rfc5987(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isAttrChar(c) {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

func isAttrChar(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("!#$&+-.^_`|~", c) >= 0
}

// cyrillicLatin transliterates а…я (U+0430…U+044F) after the Russian
// passport rules (ICAO Doc 9303), which most readers recognise.
var cyrillicLatin = [32]string{
	"a", "b", "v", "g", "d", "e", "zh", "z", "i", "i", "k", "l", "m", "n", "o", "p",
	"r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "ie", "y", "", "e", "iu", "ia",
}

// asciiFileName is the fallback name: Cyrillic transliterated, dashes and
// № spelled in ASCII, anything else outside printable ASCII, quotes and
// backslashes dropped.
func asciiFileName(s string) string {
	var b strings.Builder
	for _, r := range s {
		lower := unicode.ToLower(r)
		switch {
		case lower == 'ё':
			writeCased(&b, "e", r != lower)
		case lower >= 'а' && lower <= 'я':
			writeCased(&b, cyrillicLatin[lower-'а'], r != lower)
		case r == '—' || r == '–' || r == '‑' || r == '‐':
			b.WriteByte('-')
		case r == '№':
			b.WriteString("N")
		case r == '\u00a0' || r == '\u202f':
			b.WriteByte(' ')
		case r == '"' || r == '\\' || r == '«' || r == '»':
		case r >= 0x20 && r < 0x7f:
			b.WriteRune(r)
		}
	}
	out := strings.Join(strings.Fields(b.String()), " ")
	if out == "" || out[0] == '.' {
		out = "document" + out
	}
	return out
}

// writeCased writes a transliteration capitalised like its source letter:
// «Ж» → «Zh», as in names.
func writeCased(b *strings.Builder, latin string, upper bool) {
	if upper && latin != "" {
		b.WriteString(strings.ToUpper(latin[:1]))
		b.WriteString(latin[1:])
		return
	}
	b.WriteString(latin)
}
