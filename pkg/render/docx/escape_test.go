package docx

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// escapeTextRuneByRune is escapeText as it was before runs of non-ASCII
// text were copied at once: the output must not change (DOCX bytes of
// released template versions are pinned).
func escapeTextRuneByRune(b *strings.Builder, s string, run bool) {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case run && r == '\n':
			b.WriteString(`</w:t><w:br/><w:t xml:space="preserve">`)
		case run && r == '\t':
			b.WriteString(`</w:t><w:tab/><w:t xml:space="preserve">`)
		case run && r == '\r':
		case !run && (r == '\n' || r == '\t'):
			b.WriteRune(r)
		case r < 0x20 || r == 0xFFFE || r == 0xFFFF || r == utf8.RuneError:
			b.WriteString("\uFFFD")
		default:
			b.WriteRune(r)
		}
	}
}

var escapeCases = []string{
	"", "a", "Мероприятие «500+» & <план> для ШНОР",
	"строка\nвторая\tтаб\r\n", "\x00\x01\x1f", "\xff\xfe", "\xd0", "\xd0\x41", "\xc0\x80\xc1\xbf\xc2\x80\xdf\xbf\xdf\xc0", "я\xd1", "—№…\xe2\x80", "\xe1\x80\x80\xec\xbf\xbf\xee\x80\x80\xed\xa0\x80\xed\x9f\xbf\xef\xbf\xbe\xef\xbf\xbd\xe0\x80\x80\xe0\xa0\x80\xe2\x28\xa1\xe2\x82\x28",
	"\uFFFD\uFFFE\uFFFF", "\ud7ff\ue000", "😀 эмодзи", "\u0085\u00a0\u2028",
	"ed\xa0\x80 суррогат", "конец&", "<", strings.Repeat("Ж", 300) + "&" + strings.Repeat("z", 300),
}

func TestEscapeTextSameAsRuneByRune(t *testing.T) {
	for _, s := range escapeCases {
		for _, run := range []bool{true, false} {
			var got, want strings.Builder
			escapeText(&got, s, run)
			escapeTextRuneByRune(&want, s, run)
			if got.String() != want.String() {
				t.Errorf("escapeText(%q, %v) = %q, want %q", s, run, got.String(), want.String())
			}
		}
	}
}

func FuzzEscapeTextSameAsRuneByRune(f *testing.F) {
	for _, s := range escapeCases {
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, run bool) {
		var got, want strings.Builder
		escapeText(&got, s, run)
		escapeTextRuneByRune(&want, s, run)
		if got.String() != want.String() {
			t.Fatalf("escapeText(%q, %v) = %q, want %q", s, run, got.String(), want.String())
		}
	})
}

// BenchmarkEscapeText escapes a paragraph of Russian text with a few
// characters to escape, as a roadmap's measures are.
func BenchmarkEscapeText(b *testing.B) {
	s := strings.Repeat("Проведение «круглого стола» для педагогов & родителей <по плану>. ", 8)
	var sb strings.Builder
	b.SetBytes(int64(len(s)))
	b.ReportAllocs()
	for b.Loop() {
		sb.Reset()
		escapeText(&sb, s, true)
	}
}
