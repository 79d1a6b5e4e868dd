package fonts

import (
	"encoding/binary"
	"errors"
	"sort"
	"testing"
)

// be builds big-endian byte strings from uint16 values.
func be(vals ...uint16) []byte {
	b := make([]byte, 2*len(vals))
	for i, v := range vals {
		binary.BigEndian.PutUint16(b[2*i:], v)
	}
	return b
}

func be32(vals ...uint32) []byte {
	b := make([]byte, 4*len(vals))
	for i, v := range vals {
		binary.BigEndian.PutUint32(b[4*i:], v)
	}
	return b
}

// buildFont assembles a TrueType file from the given tables.
func buildFont(tables map[string][]byte) []byte {
	tags := make([]string, 0, len(tables))
	for tag := range tables {
		tags = append(tags, tag)
	}
	sort.Strings(tags)
	out := append(be32(tagTrueType), be(uint16(len(tags)), 0, 0, 0)...)
	off := 12 + 16*len(tags)
	var body []byte
	for _, tag := range tags {
		t := tables[tag]
		out = append(out, tag...)
		out = append(out, be32(0, uint32(off+len(body)), uint32(len(t)))...)
		body = append(body, t...)
		for len(body)%4 != 0 {
			body = append(body, 0)
		}
	}
	return append(out, body...)
}

// synthTables returns minimal tables for a 6-glyph face with the given cmap.
func synthTables(cmap []byte) map[string][]byte {
	head := make([]byte, 54)
	binary.BigEndian.PutUint32(head[12:], headMagic)
	binary.BigEndian.PutUint16(head[18:], 1000)
	hhea := make([]byte, 36)
	copy(hhea[4:], be(800, 0xFFFF-199)) // ascender 800, descender -200
	binary.BigEndian.PutUint16(hhea[34:], 3)
	return map[string][]byte{
		"head": head,
		"hhea": hhea,
		"maxp": be(0, 0x5000, 6),
		"hmtx": be(500, 0, 600, 0, 700, 0, 0, 0, 0),
		"cmap": cmap,
		"glyf": {0},
		"loca": {0, 0},
	}
}

// cmap4 with a delta segment, an idRangeOffset segment with a non-zero
// delta, and the closing 0xFFFF segment.
func synthCmap4() []byte {
	sub := be(
		4, 44, 0, 6, 4, 1, 2, // header
		0x43, 0x417, 0xFFFF, // endCode
		0,                   // reservedPad
		0x41, 0x416, 0xFFFF, // startCode
		0x10000+1-0x41, 1, 1, // idDelta (mod 2^16)
		0, 4, 0, // idRangeOffset: seg 1 points at glyphIdArray[0]
		4, 0, // glyphIdArray
	)
	return append(be(0, 1, 3, 1, 0, 12), sub...)
}

func TestSyntheticFormat4(t *testing.T) {
	f, err := parse("Synth", buildFont(synthTables(synthCmap4())))
	if err != nil {
		t.Fatal(err)
	}
	want := map[rune]struct{ glyph, adv int }{
		'A': {1, 600}, 'B': {2, 700}, 'C': {3, 700},
		'Ж': {5, 700}, // glyphIdArray 4 + delta 1
		'З': {0, 0},   // glyphIdArray 0 stays .notdef
		'D': {0, 0}, 0xFFFF: {0, 0}, 0x10000: {0, 0},
	}
	for r, w := range want {
		if g := int(f.GlyphIndex(r)); g != w.glyph || f.Advance(r) != w.adv || f.Has(r) != (w.glyph != 0) {
			t.Errorf("%U: glyph %d adv %d, want %d %d", r, g, f.Advance(r), w.glyph, w.adv)
		}
	}
	if f.UnitsPerEm() != 1000 || f.Ascent() != 800 || f.Descent() != -200 || f.NotdefAdvance() != 500 {
		t.Errorf("metrics %d %d %d %d", f.UnitsPerEm(), f.Ascent(), f.Descent(), f.NotdefAdvance())
	}
}

func TestSyntheticFormat12(t *testing.T) {
	sub := append(be(12, 0), be32(16+12*4, 0, 4)...)
	sub = append(sub, be32(
		0x30, 0x31, 1, // '0','1' -> 1,2
		0xFFFE, 0x10001, 2, // straddles the BMP boundary -> 2..5
		0x1F600, 0x1F601, 5, // second rune maps to glyph 6: out of range
		0x20000, 0x10, 1, // end < start: ignored
	)...)
	cmap := append(be(0, 1, 3, 10, 0, 12), sub...)
	f, err := parse("Synth", buildFont(synthTables(cmap)))
	if err != nil {
		t.Fatal(err)
	}
	for r, g := range map[rune]uint16{'0': 1, '1': 2, '2': 0, 0xFFFE: 2, 0xFFFF: 3, 0x10000: 4, 0x10001: 5, 0x10002: 0, 0x1F600: 5, 0x1F601: 0, 0x20000: 0} {
		if got := f.GlyphIndex(r); got != g {
			t.Errorf("GlyphIndex(%U) = %d, want %d", r, got, g)
		}
	}
}

func TestSyntheticStructureErrors(t *testing.T) {
	cases := map[string]struct {
		edit func(map[string][]byte)
		want error
	}{
		"no glyf":        {func(m map[string][]byte) { delete(m, "glyf") }, ErrInvalid},
		"CFF outlines":   {func(m map[string][]byte) { delete(m, "glyf"); m["CFF "] = []byte{1} }, ErrUnsupported},
		"no cmap":        {func(m map[string][]byte) { delete(m, "cmap") }, ErrInvalid},
		"bad magic":      {func(m map[string][]byte) { m["head"][12] = 0 }, ErrInvalid},
		"upem 0":         {func(m map[string][]byte) { m["head"][18], m["head"][19] = 0, 0 }, ErrInvalid},
		"zero glyphs":    {func(m map[string][]byte) { m["maxp"] = be(0, 0x5000, 0) }, ErrInvalid},
		"hmetrics > n":   {func(m map[string][]byte) { m["hhea"][35] = 7 }, ErrInvalid},
		"short hmtx":     {func(m map[string][]byte) { m["hmtx"] = be(500, 0, 600) }, ErrInvalid},
		"symbol cmap":    {func(m map[string][]byte) { m["cmap"][7] = 0 }, ErrInvalid},
		"cmap4 odd segs": {func(m map[string][]byte) { m["cmap"][12+7] = 5 }, ErrInvalid},
		"cmap4 bad ro": {func(m map[string][]byte) {
			m["cmap"][12+16+3*6+3] = 200 // idRangeOffset[1] points past the table
		}, ErrInvalid},
	}
	for name, tc := range cases {
		m := synthTables(synthCmap4())
		tc.edit(m)
		_, err := parse("Synth", buildFont(m))
		if !errors.Is(err, tc.want) {
			t.Errorf("%s: err = %v, want %v", name, err, tc.want)
		}
	}
}

func TestZeroFace(t *testing.T) {
	var f Face // not parsed: must answer "missing", not panic
	if f.Has('A') || f.Advance('A') != 0 || f.NotdefAdvance() != 0 || f.GlyphAdvance(3) != 0 || f.GlyphIndex(0x10000) != 0 {
		t.Error("zero Face reports glyphs")
	}
}
