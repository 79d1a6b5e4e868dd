package pdf

import (
	"testing"

	"github.com/kartograf-ru/kartograf/internal/pdfobj"
)

// The information dictionary's strings are pdfobj.TextString's, byte for
// byte: astral runes as surrogate pairs, invalid UTF-8 and surrogates
// encoded in UTF-8 as U+FFFD.
func TestAppendTextStringIsTextString(t *testing.T) {
	for _, s := range []string{
		"", "a", "ДОРОЖНАЯ КАРТА", "МБОУ «СОШ № 5» (г. Москва)", "sha256:0123abcdef",
		"😀 𝄞 中", "bad \xff\xfe \xd0", "\xed\xa0\x80 surrogate", "\x00\n\t)(\\",
	} {
		want := pdfobj.TextString(s)
		if got := string(appendTextString([]byte("x"), s)); got != "x"+want {
			t.Errorf("%q: %s, want %s", s, got[1:], want)
		}
	}
}
