package gopdf

import (
	"bytes"
	"fmt"
	"testing"
)

// TestUnicodeMapBytes writes a ToUnicode CMap with a glyph two runes map
// to, a rune beyond U+FFFF and glyph 0, and compares it with the ranges as
// the upstream code formatted them (fmt, the first rune of a glyph).
func TestUnicodeMapBytes(t *testing.T) {
	m := NewMapOfCharacterToGlyphIndex()
	runes := []rune{'А', 'Б', ' ', '\u00A0', 0x1F600, 'z'}
	glyphs := []uint{300, 301, 3, 3, 0x1ABCD, 0}
	for i := range 60 {
		runes = append(runes, 'а'+rune(i))
		glyphs = append(glyphs, uint(400+i))
	}
	for i, r := range runes {
		m.Set(r, glyphs[i])
	}
	u := &UnicodeMap{PtrToSubsetFontObj: &SubsetFontObj{CharacterToGlyphIndex: m}}
	var got bytes.Buffer
	if err := u.write(&got, 1); err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	for i, g := range glyphs {
		first := runes[i]
		for j := range i {
			if glyphs[j] == g {
				first = runes[j]
				break
			}
		}
		fmt.Fprintf(&want, "<%04X><%04X><%04X>\n", g, g, first)
	}
	if !bytes.Contains(got.Bytes(), []byte("66 beginbfrange\n"+want.String()+"endbfrange\n")) {
		t.Errorf("ranges differ:\n%s\nwant\n%s", got.Bytes(), want.Bytes())
	}
	allocs := testing.AllocsPerRun(20, func() {
		got.Reset()
		u.write(&got, 1)
	})
	if allocs > 20 {
		t.Errorf("%.0f allocations for 66 glyphs, want ≤ 20 (not a few per glyph)", allocs)
	}
}

// TestAppendHex04 matches fmt's %04X on the edges.
func TestAppendHex04(t *testing.T) {
	for _, v := range []int64{0, 9, 0xAB, 0xFFFF, 0x10000, 0x1F600, -1} {
		if got, want := string(appendHex04(nil, v)), fmt.Sprintf("%04X", v); got != want {
			t.Errorf("%d: %q, want %q", v, got, want)
		}
	}
}
