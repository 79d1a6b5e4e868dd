package fonts

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/kartograf-ru/kartograf/third_party/gopdf"
)

// compactGlyph returns the offset in data of the program of the glyph that
// the cmap of the (unmodified built-in) font maps r to.
func compactGlyph(t *testing.T, data []byte, r rune) (off, length int) {
	t.Helper()
	f, err := parse("", data)
	if err != nil {
		t.Fatal(err)
	}
	tabs, err := tableMap(data)
	if err != nil {
		t.Fatal(err)
	}
	g := int(f.GlyphIndex(r))
	loca := tabs["loca"]
	var lo, hi int
	if binary.BigEndian.Uint16(tabs["head"][50:]) == 0 {
		lo, hi = 2*int(binary.BigEndian.Uint16(loca[2*g:])), 2*int(binary.BigEndian.Uint16(loca[2*g+2:]))
	} else {
		lo, hi = int(binary.BigEndian.Uint32(loca[4*g:])), int(binary.BigEndian.Uint32(loca[4*g+4:]))
	}
	return compactTabOff(t, data, "glyf") + lo, hi - lo
}

// compactTabOff returns the offset of table tag in the font data.
func compactTabOff(t *testing.T, data []byte, tag string) int {
	t.Helper()
	for i := range int(binary.BigEndian.Uint16(data[4:])) {
		rec := data[12+16*i:]
		if string(rec[:4]) == tag {
			return int(binary.BigEndian.Uint32(rec[8:]))
		}
	}
	t.Fatalf("no table %q", tag)
	return 0
}

func TestCompactErrors(t *testing.T) {
	data, _ := Builtin("LiberationSerif-Regular")
	check := func(what string, in []byte, target error, substr string) {
		t.Helper()
		c, err := Compact(in, nil)
		if err == nil {
			t.Errorf("%s: no error (%d bytes out)", what, len(c))
			return
		}
		if !errors.Is(err, target) || !strings.HasPrefix(err.Error(), "компактный шрифт: ") || !strings.Contains(err.Error(), substr) {
			t.Errorf("%s: error %q, want %v containing %q", what, err, target, substr)
		}
	}
	for _, n := range []int{0, 3, 11, 12, 100, 12 + 16*17, 5000, len(data) / 2, len(data) - 1} {
		check("truncated", data[:n], ErrInvalid, "")
	}
	check("garbage", []byte("<html><body>это не шрифт</body></html>"), ErrInvalid, "сигнатура")
	rng := rand.New(rand.NewPCG(3, 4))
	noise := make([]byte, 4096)
	for i := range noise {
		noise[i] = byte(rng.Uint32())
	}
	check("noise", noise, ErrInvalid, "")
	check("OTTO", append([]byte("OTTO"), data[4:]...), ErrUnsupported, "CFF")
	check("TTC", append([]byte("ttcf"), data[4:]...), ErrUnsupported, "TTC")

	tabOff := func(buf []byte, tag string) int { return compactTabOff(t, buf, tag) }

	// A composite glyph in the repertoire (Ё) whose first component points
	// at itself, and two composites (Ё, й) pointing at each other.
	offYo, lenYo := compactGlyph(t, data, 'Ё')
	offJ, lenJ := compactGlyph(t, data, 'й')
	if lenYo < 10 || lenJ < 10 || int16(binary.BigEndian.Uint16(data[offYo:])) >= 0 || int16(binary.BigEndian.Uint16(data[offJ:])) >= 0 {
		t.Fatal("Ё or й is not a composite glyph in Liberation Serif")
	}
	f := mustBuiltin(t, "LiberationSerif-Regular")
	buf := slices.Clone(data)
	binary.BigEndian.PutUint16(buf[offYo+12:], f.GlyphIndex('Ё'))
	check("self loop", buf, ErrInvalid, "цикл")
	buf = slices.Clone(data)
	binary.BigEndian.PutUint16(buf[offYo+12:], f.GlyphIndex('й'))
	binary.BigEndian.PutUint16(buf[offJ+12:], f.GlyphIndex('Ё'))
	check("two-glyph loop", buf, ErrInvalid, "цикл")
	buf = slices.Clone(data)
	binary.BigEndian.PutUint16(buf[offYo+12:], 0xFFFF)
	check("component out of range", buf, ErrInvalid, "компонент")
	buf = slices.Clone(data)
	for p := offYo + 10; p < offYo+lenYo-4; p += 6 { // MORE_COMPONENTS, byte args
		binary.BigEndian.PutUint16(buf[p:], 0x0020)
		binary.BigEndian.PutUint16(buf[p+2:], f.GlyphIndex('A'))
	}
	check("composite without end", buf, ErrInvalid, "усечён")

	// A simple glyph (A) whose point flags run past its end.
	offA, _ := compactGlyph(t, data, 'A')
	buf = slices.Clone(data)
	nc := int(binary.BigEndian.Uint16(buf[offA:]))
	binary.BigEndian.PutUint16(buf[offA+10+2*nc-2:], 0xFFF0) // last endPt: 65521 points
	check("too many points", buf, ErrInvalid, "глиф")

	// loca pointing past glyf, bad loca format, loca shorter than maxp says.
	buf = slices.Clone(data)
	loca := tabOff(buf, "loca")
	g := int(f.GlyphIndex('B'))
	if binary.BigEndian.Uint16(buf[tabOff(buf, "head")+50:]) == 0 {
		binary.BigEndian.PutUint16(buf[loca+2*g+2:], 0xFFFF)
	} else {
		binary.BigEndian.PutUint32(buf[loca+4*g+4:], 0x7FFFFFFF)
	}
	check("loca past glyf", buf, ErrInvalid, "за пределами")
	buf = slices.Clone(data)
	binary.BigEndian.PutUint16(buf[tabOff(buf, "head")+50:], 7)
	check("loca format", buf, ErrInvalid, "loca")
	buf = slices.Clone(data)
	numGlyphs := binary.BigEndian.Uint16(buf[tabOff(buf, "maxp")+4:])
	binary.BigEndian.PutUint16(buf[tabOff(buf, "maxp")+4:], numGlyphs+100)
	binary.BigEndian.PutUint16(buf[tabOff(buf, "hhea")+34:], numGlyphs+100)
	check("maxp beyond loca", buf, ErrInvalid, "")
}

// TestCompactCorruptionNoPanic corrupts random bytes anywhere in the font:
// Compact must return an error or a font that this package parses.
func TestCompactCorruptionNoPanic(t *testing.T) {
	data, _ := Builtin("DejaVuSerif-Bold")
	rng := rand.New(rand.NewPCG(5, 6))
	buf := make([]byte, len(data))
	iters := 150
	if testing.Short() {
		iters = 20
	}
	failed := 0
	for range iters {
		copy(buf, data)
		for range 1 + rng.IntN(64) {
			buf[rng.IntN(len(buf))] = byte(rng.Uint32())
		}
		c, err := Compact(buf, nil)
		if err != nil {
			failed++
			if !errors.Is(err, ErrInvalid) && !errors.Is(err, ErrUnsupported) {
				t.Fatalf("error %v wraps neither ErrInvalid nor ErrUnsupported", err)
			}
			continue
		}
		if _, err := parse("", c); err != nil {
			t.Fatalf("Compact succeeded but its output does not parse: %v", err)
		}
	}
	t.Logf("%d of %d corrupted fonts rejected", failed, iters)
}

func TestCompactRepertoire(t *testing.T) {
	in := "AzЁёҐґ№€₽™−≤≥←↓…„“”«»—–\u00a0\u00ff\u2044\u2030\u203a"
	out := "\u001f\u007f\u009f\u0100\u03a9\u0460\u048f\u0492\u200f\u2028\u202f\u203b\u2194\u2213\U0001F600"
	for _, r := range in {
		if !CompactRepertoire(r) {
			t.Errorf("CompactRepertoire(%U) = false", r)
		}
	}
	for _, r := range out {
		if CompactRepertoire(r) {
			t.Errorf("CompactRepertoire(%U) = true", r)
		}
	}
	n := 0
	for r := rune(0); r <= maxRune; r++ {
		if CompactRepertoire(r) {
			n++
		}
	}
	// 95 + 96 + 96 + 2 + 24 + 11 + 1 + 1 + 1 + 1 + 1 + 4 + 1 + 2
	if n != 336 {
		t.Errorf("repertoire has %d runes, want 336", n)
	}
}

// BenchmarkCompactPDF measures a one-page document per iteration with the
// font parsed once in a FontContainer, as the PDF renderer does, with the
// full and with the compact Liberation Serif.
func BenchmarkCompactPDF(b *testing.B) {
	data, _ := Builtin("LiberationSerif-Regular")
	for _, tc := range []struct {
		name string
		font []byte
	}{{"full", data}, {"compact", mustCompact(b, data, nil)}} {
		b.Run(tc.name, func(b *testing.B) {
			var fc gopdf.FontContainer
			if err := fc.AddTTFFontData("x", tc.font); err != nil {
				b.Fatal(err)
			}
			var buf bytes.Buffer
			for b.Loop() {
				buf.Reset()
				pdf := gopdf.GoPdf{}
				pdf.Start(gopdf.Config{PageSize: *gopdf.PageSizeA4})
				if err := pdf.AddTTFFontFromFontContainer("x", &fc); err != nil {
					b.Fatal(err)
				}
				pdf.AddPage()
				if err := pdf.SetFont("x", "", 12); err != nil {
					b.Fatal(err)
				}
				if err := pdf.Text(compactSample); err != nil {
					b.Fatal(err)
				}
				if _, err := pdf.WriteTo(&buf); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(buf.Len()), "pdf-bytes")
		})
	}
}

func BenchmarkCompact(b *testing.B) {
	for _, name := range BuiltinNames() {
		data, _ := Builtin(name)
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, err := Compact(data, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
