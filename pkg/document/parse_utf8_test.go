package document

import (
	"errors"
	"strings"
	"testing"
)

// checkUTF8First asserts that input with invalid UTF-8 anywhere is
// refused with the first invalid byte's offset, whatever else is wrong
// with it: the parser checks strings as it reads them, and the whole
// input is searched whenever it cannot vouch for it.
func checkUTF8First(t *testing.T, data []byte) {
	t.Helper()
	off := invalidUTF8(data)
	if off < 0 {
		return
	}
	_, err := DecodeBytes(data)
	var se *SyntaxError
	if !errors.As(err, &se) || se.Msg != "недопустимая последовательность байтов UTF-8" || se.Offset != int64(off) {
		t.Fatalf("%q: %v, want invalid UTF-8 at %d", data, err, off)
	}
}

func TestDecodeInvalidUTF8Anywhere(t *testing.T) {
	bad := []string{"\xff", "\xc3", "\xe2\x80", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xc0\xaf", "\x80"}
	places := []string{
		`{"title": "%"}`,                   // in a string
		`{"ti%tle": "x"}`,                  // in a key
		`{"title": "\u202e%"}`,             // after an escape
		`{"title": "«%»"}`,                 // among Cyrillic and guillemets
		`{"title": "x"}%`,                  // trailing
		`{"title": "x"} 1 %`,               // after trailing data
		`{"title": %"x"}`,                  // outside strings
		`{"title": "x",, "a": "%"}`,        // after a syntax error
		"\ufeff" + `{"title": "% \u202e"}`, // after a BOM, before an invisible character
		`{"title": "x\u00e9` + "\u202e" + `%"}`,
	}
	for _, b := range bad {
		for _, p := range places {
			checkUTF8First(t, []byte(strings.Replace(p, "%", b, 1)))
		}
	}
	// Valid UTF-8 of every length reads as written.
	d, err := DecodeBytes([]byte(strings.Replace(minimal, `"Май 2024г."`, `"é «ё» € 😀 \ufffd �"`, 1)))
	if err != nil {
		t.Fatal(err)
	}
	if got := d.Body[0].Plan.Sections[0].Items[0].Cells["deadline"].Plain(); got != "é «ё» € 😀 \ufffd �" {
		t.Fatalf("deadline %q", got)
	}
}
