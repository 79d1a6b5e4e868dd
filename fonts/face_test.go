package fonts

import (
	"encoding/binary"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// mustBuiltin parses a built-in face directly (no Library).
func mustBuiltin(t testing.TB, name string) *Face {
	t.Helper()
	data, ok := Builtin(name)
	if !ok {
		t.Fatalf("Builtin(%q) not found", name)
	}
	f, err := parse(name, data)
	if err != nil {
		t.Fatalf("parse %s: %v", name, err)
	}
	return f
}

func TestBuiltinNames(t *testing.T) {
	names := BuiltinNames()
	if len(names) != 8 {
		t.Fatalf("BuiltinNames() has %d names, want 8", len(names))
	}
	for i, n := range names {
		if i > 0 && names[i-1] >= n {
			t.Errorf("BuiltinNames not strictly sorted at %d: %q >= %q", i, names[i-1], n)
		}
		data, ok := Builtin(n)
		if !ok || len(data) < 1000 {
			t.Errorf("Builtin(%q) = %d bytes, %v", n, len(data), ok)
		}
	}
	for _, s := range []Style{Regular, Bold, Italic, BoldItalic} {
		for _, n := range []string{DefaultName(s), FallbackName(s)} {
			if _, ok := Builtin(n); !ok {
				t.Errorf("name %q for style %v is not built in", n, s)
			}
		}
	}
	if _, ok := Builtin("Times New Roman"); ok {
		t.Error("Builtin accepted an unknown name")
	}
	if DefaultName(Style(42)) != "LiberationSerif-Regular" {
		t.Errorf("DefaultName(42) = %q", DefaultName(Style(42)))
	}
}

func TestMetrics(t *testing.T) {
	for _, n := range BuiltinNames() {
		f := mustBuiltin(t, n)
		if f.Name() != n {
			t.Errorf("Name() = %q, want %q", f.Name(), n)
		}
		if f.UnitsPerEm() != 2048 {
			t.Errorf("%s: UnitsPerEm = %d, want 2048", n, f.UnitsPerEm())
		}
		if f.Ascent() <= 0 || f.Descent() >= 0 || f.Ascent()-f.Descent() < f.UnitsPerEm() {
			t.Errorf("%s: implausible ascent/descent %d/%d", n, f.Ascent(), f.Descent())
		}
		if data, _ := Builtin(n); &f.Data()[0] != &data[0] || len(f.Data()) != len(data) {
			t.Errorf("%s: Data() is not the font program", n)
		}
	}
	// Liberation Serif is metric-compatible with Times New Roman: the
	// ascent/descent of the hhea table are 1825/-443 in a 2048 em.
	f := mustBuiltin(t, "LiberationSerif-Regular")
	if f.Ascent() != 1825 || f.Descent() != -443 {
		t.Errorf("Liberation Serif ascent/descent = %d/%d, want 1825/-443", f.Ascent(), f.Descent())
	}
	// Times New Roman: space 512, digits 1024 units.
	for r, want := range map[rune]int{' ': 512, '0': 1024, '9': 1024} {
		if got := f.Advance(r); got != want {
			t.Errorf("Liberation Serif Advance(%q) = %d, want %d", r, got, want)
		}
	}
}

func TestCyrillicCoverage(t *testing.T) {
	var want []rune
	for r := 'А'; r <= 'я'; r++ {
		want = append(want, r)
	}
	want = append(want, 'Ё', 'ё', '«', '»', '„', '“', '№', '—', '–', '\u00a0', '\u202f', '-')
	for _, n := range BuiltinNames() {
		f := mustBuiltin(t, n)
		for _, r := range want {
			if !f.Has(r) {
				t.Errorf("%s lacks %U %q", n, r, r)
			}
			if f.Advance(r) <= 0 && r != '\u202f' {
				t.Errorf("%s: Advance(%q) = %d", n, r, f.Advance(r))
			}
		}
	}
}

func TestMissingRunes(t *testing.T) {
	for _, n := range BuiltinNames() {
		f := mustBuiltin(t, n)
		for _, r := range []rune{0x1F600, '中', 0x10FFFF, -1, 0x110000, '\n', 0xFFFF} {
			if f.Has(r) || f.Advance(r) != 0 || f.GlyphIndex(r) != 0 {
				t.Errorf("%s: Has(%U) = true, want false", n, r)
			}
		}
		if f.NotdefAdvance() <= 0 {
			t.Errorf("%s: NotdefAdvance = %d", n, f.NotdefAdvance())
		}
	}
	// U+2011 NON-BREAKING HYPHEN and Armenian are drawn by DejaVu Serif but
	// not by Liberation Serif: the reason DejaVu is the fallback.
	lib := mustBuiltin(t, "LiberationSerif-Regular")
	dv := mustBuiltin(t, "DejaVuSerif-Regular")
	for _, r := range []rune{'\u2011', 'Ա', '‽'} {
		if lib.Has(r) {
			t.Errorf("Liberation Serif unexpectedly has %U", r)
		}
		if !dv.Has(r) || dv.Advance(r) <= 0 {
			t.Errorf("DejaVu Serif lacks %U", r)
		}
	}
}

// TestAgainstSFNT cross-checks glyph indices and advances with the parser of
// golang.org/x/image/font/sfnt.
func TestAgainstSFNT(t *testing.T) {
	var runes []rune
	for r := rune(0x20); r < 0x250; r++ {
		runes = append(runes, r)
	}
	for r := rune(0x400); r < 0x530; r++ {
		runes = append(runes, r)
	}
	for r := rune(0x2000); r < 0x2200; r++ {
		runes = append(runes, r)
	}
	runes = append(runes, 0x1D400, 0x1D7CE, 0x1F600, 0xFB01, 0xFFFD)
	var buf sfnt.Buffer
	for _, n := range BuiltinNames() {
		f := mustBuiltin(t, n)
		ref, err := sfnt.Parse(f.Data())
		if err != nil {
			t.Fatalf("sfnt.Parse(%s): %v", n, err)
		}
		if int(ref.UnitsPerEm()) != f.UnitsPerEm() || ref.NumGlyphs() != f.NumGlyphs() {
			t.Errorf("%s: upem/glyphs %d/%d, sfnt says %d/%d", n, f.UnitsPerEm(), f.NumGlyphs(), ref.UnitsPerEm(), ref.NumGlyphs())
		}
		ppem := fixed.I(f.UnitsPerEm())
		present := 0
		for _, r := range runes {
			gi, err := ref.GlyphIndex(&buf, r)
			if err != nil {
				t.Fatalf("sfnt GlyphIndex(%U): %v", r, err)
			}
			if uint16(gi) != f.GlyphIndex(r) {
				t.Errorf("%s: GlyphIndex(%U) = %d, sfnt says %d", n, r, f.GlyphIndex(r), gi)
				continue
			}
			if gi == 0 {
				continue
			}
			present++
			adv, err := ref.GlyphAdvance(&buf, gi, ppem, 0)
			if err != nil {
				t.Fatalf("sfnt GlyphAdvance: %v", err)
			}
			if want := int(adv >> 6); f.Advance(r) != want {
				t.Errorf("%s: Advance(%U) = %d, sfnt says %d", n, r, f.Advance(r), want)
			}
		}
		if present < 300 {
			t.Errorf("%s: only %d of the sampled runes present; the cross-check is too thin", n, present)
		}
	}
}

func TestTruncatedAndCorrupt(t *testing.T) {
	data, _ := Builtin("LiberationSerif-Regular")
	// Every truncation inside the table directory, then a spread of lengths.
	lengths := []int{0, 1, 4, 11, 12}
	for n := 13; n < 12+16*20; n++ {
		lengths = append(lengths, n)
	}
	for n := 300; n < len(data); n += 997 {
		lengths = append(lengths, n)
	}
	for _, n := range lengths {
		f, err := parse("x", data[:n])
		if err == nil {
			t.Fatalf("parse of %d/%d bytes succeeded: %v", n, len(data), f)
		}
		if !errors.Is(err, ErrInvalid) {
			t.Fatalf("parse of %d bytes: error %v does not wrap ErrInvalid", n, err)
		}
	}
	// Random corruption of the first 4 KiB (directory, head, hhea, maxp and
	// the start of other tables) must never panic; a successful parse must
	// still give a usable face.
	rng := rand.New(rand.NewPCG(1, 2))
	buf := make([]byte, len(data))
	for range 2000 {
		copy(buf, data)
		for range 1 + rng.IntN(8) {
			buf[rng.IntN(4096)] = byte(rng.Uint32())
		}
		f, err := parse("x", buf)
		if err == nil {
			for r := rune(0); r < 0x500; r++ {
				f.Advance(r)
			}
			f.Advance(0x1F600)
		}
	}
}

func TestCmapCorruptionBounded(t *testing.T) {
	// Point every table's length to the end of file, and corrupt the cmap
	// subtable offsets: the parser must fail or succeed without panics.
	data, _ := Builtin("DejaVuSerif-Regular")
	buf := append([]byte(nil), data...)
	numTables := int(binary.BigEndian.Uint16(buf[4:]))
	for i := range numTables {
		rec := buf[12+16*i:]
		if string(rec[:4]) != "cmap" {
			continue
		}
		off := int(binary.BigEndian.Uint32(rec[8:]))
		n := int(binary.BigEndian.Uint16(buf[off+2:]))
		for j := range n {
			binary.BigEndian.PutUint32(buf[off+8+8*j:], 0xFFFFFFF0)
		}
	}
	if _, err := parse("x", buf); !errors.Is(err, ErrInvalid) {
		t.Fatalf("corrupt cmap offsets: err = %v, want ErrInvalid", err)
	}
}

func TestUnsupportedFormats(t *testing.T) {
	data, _ := Builtin("LiberationSerif-Regular")
	for _, tc := range []struct{ sig, what string }{{"OTTO", "CFF"}, {"ttcf", "TTC"}} {
		buf := append([]byte(tc.sig), data[4:]...)
		_, err := parse("x", buf)
		if !errors.Is(err, ErrUnsupported) {
			t.Errorf("%s: err = %v, want ErrUnsupported", tc.what, err)
		}
	}
	if _, err := parse("x", []byte("<html><body>not a font</body></html>")); !errors.Is(err, ErrInvalid) {
		t.Errorf("HTML: err = %v, want ErrInvalid", err)
	}
}

func FuzzParse(f *testing.F) {
	data, _ := Builtin("LiberationSerif-Regular")
	f.Add(data[:64])
	f.Add(data[:2048])
	f.Add([]byte("OTTO\x00\x00\x00\x00\x00\x00\x00\x00"))
	f.Add([]byte{0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 'c', 'm', 'a', 'p', 0, 0, 0, 0, 0, 0, 0, 28, 0, 0, 0, 4})
	f.Fuzz(func(t *testing.T, b []byte) {
		face, err := parse("fuzz", b)
		if err != nil {
			if !errors.Is(err, ErrInvalid) && !errors.Is(err, ErrUnsupported) {
				t.Fatalf("error %v wraps neither sentinel", err)
			}
			return
		}
		face.Advance('Ж')
		face.Advance(0x1F600)
	})
}

func TestSanitizeName(t *testing.T) {
	for in, want := range map[string]string{
		"LiberationSerif-Bold": "LiberationSerif-Bold",
		"Times New Roman":      "TimesNewRoman",
		"Шрифт (1)/[x]":        "1x",
		"":                     "",
	} {
		if got := SanitizeName(in); got != want {
			t.Errorf("SanitizeName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLoadFileErrors(t *testing.T) {
	var lib Library
	dir := t.TempDir()
	missing := filepath.Join(dir, "нет.ttf")
	_, err := lib.LoadFile(missing)
	if err == nil || !errors.Is(err, os.ErrNotExist) || !strings.Contains(err.Error(), missing) {
		t.Errorf("missing file: err = %v", err)
	}
	notFont := filepath.Join(dir, "readme.ttf")
	if err := os.WriteFile(notFont, []byte("просто текст, а не шрифт"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = lib.LoadFile(notFont)
	if err == nil || !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), notFont) {
		t.Errorf("not a font: err = %v", err)
	}
	data, _ := Builtin("DejaVuSerif-Regular")
	otf := filepath.Join(dir, "cff.otf")
	if err := os.WriteFile(otf, append([]byte("OTTO"), data[4:]...), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = lib.LoadFile(otf)
	if err == nil || !errors.Is(err, ErrUnsupported) || !strings.Contains(err.Error(), "CFF") {
		t.Errorf("OTF: err = %v", err)
	}
	good := filepath.Join(dir, "My Font.ttf")
	if err := os.WriteFile(good, data, 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := lib.LoadFile(good)
	if err != nil {
		t.Fatalf("LoadFile(%q): %v", good, err)
	}
	if f.Name() != "DejaVuSerif" {
		t.Errorf("LoadFile name = %q, want the PostScript name DejaVuSerif", f.Name())
	}
	if !f.Has('Ж') {
		t.Error("loaded file lacks Ж")
	}
}

// TestCmapFormat4MatchesFormat12 hides the format 12 subtables of DejaVu
// Serif (by changing their platform to an unknown one) so that the format 4
// decoder runs, and compares its BMP mapping with the format 12 one.
func TestCmapFormat4MatchesFormat12(t *testing.T) {
	for _, n := range []string{"DejaVuSerif-Regular", "DejaVuSerif-BoldItalic"} {
		orig := mustBuiltin(t, n)
		if len(orig.supp) == 0 {
			t.Fatalf("%s: expected format 12 with supplementary-plane groups", n)
		}
		data, _ := Builtin(n)
		buf := append([]byte(nil), data...)
		hidden := 0
		numTables := int(binary.BigEndian.Uint16(buf[4:]))
		for i := range numTables {
			rec := buf[12+16*i:]
			if string(rec[:4]) != "cmap" {
				continue
			}
			cm := buf[binary.BigEndian.Uint32(rec[8:]):]
			for j := range int(binary.BigEndian.Uint16(cm[2:])) {
				sub := binary.BigEndian.Uint32(cm[8+8*j:])
				if binary.BigEndian.Uint16(cm[sub:]) == 12 {
					binary.BigEndian.PutUint16(cm[4+8*j:], 7)
					hidden++
				}
			}
		}
		if hidden == 0 {
			t.Fatalf("%s: no format 12 subtable found", n)
		}
		f4, err := parse(n, buf)
		if err != nil {
			t.Fatal(err)
		}
		if len(f4.supp) != 0 {
			t.Fatalf("%s: format 12 still used", n)
		}
		mapped := 0
		for r := rune(0); r <= 0xFFFF; r++ {
			if f4.GlyphIndex(r) != orig.GlyphIndex(r) {
				t.Fatalf("%s: format 4 maps %U to %d, format 12 to %d", n, r, f4.GlyphIndex(r), orig.GlyphIndex(r))
			}
			if f4.Has(r) {
				mapped++
			}
		}
		if mapped < 3000 {
			t.Errorf("%s: only %d BMP runes mapped", n, mapped)
		}
	}
}
