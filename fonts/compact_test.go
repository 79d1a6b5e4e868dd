package fonts

import (
	"bytes"
	"encoding/binary"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/kartograf-ru/kartograf/third_party/gopdf"
	"github.com/kartograf-ru/kartograf/third_party/gopdf/fontmaker/core"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// compactSample is a line of a typical document; every rune is in
// CompactRepertoire.
const compactSample = "Дорожная карта №1 «ёлочки» — ГИА-2024"

// compactTables are exactly the tables Compact writes (when the source has
// OS/2, name and post, as all built-in faces do).
var compactTables = []string{"OS/2", "cmap", "glyf", "head", "hhea", "hmtx", "loca", "maxp", "name", "post"}

func mustCompact(t testing.TB, data []byte, keep func(rune) bool) []byte {
	t.Helper()
	c, err := Compact(data, keep)
	if err != nil {
		t.Fatalf("Compact: %v", err)
	}
	return c
}

func mustTableMap(t testing.TB, data []byte) map[string][]byte {
	t.Helper()
	tabs, err := tableMap(data)
	if err != nil {
		t.Fatal(err)
	}
	return tabs
}

// compactDir parses the table directory of a font written by Compact and
// checks its layout: header fields, tags sorted, tables 4-byte aligned,
// inside the file and without overlap.
func compactDir(t *testing.T, data []byte) map[string][]byte {
	t.Helper()
	if len(data) < 12 || len(data)%4 != 0 {
		t.Fatalf("file length %d: not a multiple of 4 or too short", len(data))
	}
	if v := binary.BigEndian.Uint32(data); v != 0x00010000 {
		t.Fatalf("sfnt version 0x%08X", v)
	}
	n := int(binary.BigEndian.Uint16(data[4:]))
	pow := 1
	for pow*2 <= n {
		pow *= 2
	}
	es := 0
	for 1<<(es+1) <= pow {
		es++
	}
	sr, gotES, rs := binary.BigEndian.Uint16(data[6:]), binary.BigEndian.Uint16(data[8:]), binary.BigEndian.Uint16(data[10:])
	if int(sr) != 16*pow || int(gotES) != es || int(rs) != 16*n-16*pow {
		t.Errorf("directory header for %d tables: searchRange %d entrySelector %d rangeShift %d", n, sr, gotES, rs)
	}
	tabs := map[string][]byte{}
	prevTag, prevEnd := "", 12+16*n
	for i := range n {
		rec := data[12+16*i:]
		tag := string(rec[:4])
		off, length := int(binary.BigEndian.Uint32(rec[8:])), int(binary.BigEndian.Uint32(rec[12:]))
		if tag <= prevTag {
			t.Errorf("table %q after %q: directory not sorted", tag, prevTag)
		}
		if off%4 != 0 || off < prevEnd || off+length > len(data) {
			t.Errorf("table %q at %d+%d: misaligned, overlapping or outside the file (%d)", tag, off, length, len(data))
			continue
		}
		prevTag, prevEnd = tag, off+length
		tabs[tag] = data[off : off+length]
	}
	return tabs
}

// verifyChecksums recomputes every table checksum and head's
// checkSumAdjustment.
func verifyChecksums(t *testing.T, data []byte) {
	t.Helper()
	sum := func(b []byte) uint32 {
		var s uint32
		for len(b) > 0 {
			var w [4]byte
			k := copy(w[:], b)
			s += binary.BigEndian.Uint32(w[:])
			b = b[k:]
		}
		return s
	}
	n := int(binary.BigEndian.Uint16(data[4:]))
	var adj uint32
	found := false
	for i := range n {
		rec := data[12+16*i:]
		tag := string(rec[:4])
		want := binary.BigEndian.Uint32(rec[4:])
		off, length := int(binary.BigEndian.Uint32(rec[8:])), int(binary.BigEndian.Uint32(rec[12:]))
		b := slices.Clone(data[off : off+length])
		if tag == "head" {
			adj = binary.BigEndian.Uint32(b[8:])
			binary.BigEndian.PutUint32(b[8:], 0)
			found = true
		}
		if got := sum(b); got != want {
			t.Errorf("table %q: checksum 0x%08X in directory, computed 0x%08X", tag, want, got)
		}
	}
	if !found {
		t.Fatal("no head table")
	}
	whole := slices.Clone(data)
	n2 := int(binary.BigEndian.Uint16(whole[4:]))
	for i := range n2 {
		rec := whole[12+16*i:]
		if string(rec[:4]) == "head" {
			binary.BigEndian.PutUint32(whole[binary.BigEndian.Uint32(rec[8:])+8:], 0)
		}
	}
	if want := 0xB1B0AFBA - sum(whole); adj != want {
		t.Errorf("head.checkSumAdjustment = 0x%08X, want 0x%08X", adj, want)
	}
	if s := sum(data); s != 0xB1B0AFBA {
		t.Errorf("whole-font checksum 0x%08X, want 0xB1B0AFBA", s)
	}
}

// checkNoHinting checks that no glyph carries instructions.
func checkNoHinting(t *testing.T, tabs map[string][]byte, numGlyphs int) {
	t.Helper()
	loca, glyf := tabs["loca"], tabs["glyf"]
	if len(loca) != 4*(numGlyphs+1) {
		t.Fatalf("loca has %d bytes, want %d (long format)", len(loca), 4*(numGlyphs+1))
	}
	for g := range numGlyphs {
		lo, hi := binary.BigEndian.Uint32(loca[4*g:]), binary.BigEndian.Uint32(loca[4*g+4:])
		if lo%4 != 0 || hi < lo || int(hi) > len(glyf) {
			t.Fatalf("glyph %d: loca %d..%d (glyf %d bytes)", g, lo, hi, len(glyf))
		}
		b := glyf[lo:hi]
		if len(b) == 0 {
			continue
		}
		nc := int(int16(binary.BigEndian.Uint16(b)))
		if nc >= 0 {
			if il := binary.BigEndian.Uint16(b[10+2*nc:]); il != 0 {
				t.Errorf("simple glyph %d: instructionLength %d", g, il)
			}
			continue
		}
		for p := 10; ; {
			flags := binary.BigEndian.Uint16(b[p:])
			if c := binary.BigEndian.Uint16(b[p+2:]); int(c) >= numGlyphs {
				t.Errorf("composite glyph %d: component %d of %d glyphs", g, c, numGlyphs)
			}
			if flags&0x0100 != 0 {
				t.Errorf("composite glyph %d: WE_HAVE_INSTRUCTIONS set", g)
			}
			p += 6
			if flags&1 != 0 {
				p += 2
			}
			if flags&0x08 != 0 {
				p += 2
			} else if flags&0x40 != 0 {
				p += 4
			} else if flags&0x80 != 0 {
				p += 8
			}
			if flags&0x20 == 0 {
				if int(hi-lo)-p > 3 {
					t.Errorf("composite glyph %d: %d bytes after the components", g, int(hi-lo)-p)
				}
				break
			}
		}
	}
}

// sfntOutline loads glyph of r at ppem = upem, so coordinates are in font
// units, and returns a copy of its segments and its glyph index.
func sfntOutline(t *testing.T, f *sfnt.Font, buf *sfnt.Buffer, r rune) (sfnt.GlyphIndex, sfnt.Segments, fixed.Int26_6) {
	t.Helper()
	gi, err := f.GlyphIndex(buf, r)
	if err != nil {
		t.Fatalf("sfnt GlyphIndex(%U): %v", r, err)
	}
	if gi == 0 {
		return 0, nil, 0
	}
	ppem := fixed.I(int(f.UnitsPerEm()))
	segs, err := f.LoadGlyph(buf, gi, ppem, nil)
	if err != nil {
		t.Fatalf("sfnt LoadGlyph(%U = %d): %v", r, gi, err)
	}
	adv, err := f.GlyphAdvance(buf, gi, ppem, 0)
	if err != nil {
		t.Fatalf("sfnt GlyphAdvance(%U = %d): %v", r, gi, err)
	}
	return gi, slices.Clone(segs), adv
}

// compareCompact checks the compact font c of orig for the runes in runes:
// same mapping (present exactly when orig has it and keep allows it), same
// advance, same outline, as seen by this package and by sfnt.
func compareCompact(t *testing.T, name string, origData, c []byte, keep func(rune) bool, runes []rune) (kept int) {
	t.Helper()
	orig, err := parse(name, origData)
	if err != nil {
		t.Fatal(err)
	}
	var lib Library
	comp, err := lib.Load("", c)
	if err != nil {
		t.Fatalf("%s: Library.Load(compact): %v", name, err)
	}
	if comp.UnitsPerEm() != orig.UnitsPerEm() || comp.Ascent() != orig.Ascent() || comp.Descent() != orig.Descent() {
		t.Errorf("%s: metrics differ: upem %d/%d ascent %d/%d descent %d/%d", name,
			comp.UnitsPerEm(), orig.UnitsPerEm(), comp.Ascent(), orig.Ascent(), comp.Descent(), orig.Descent())
	}
	if want := postScriptName(mustTableMap(t, origData)["name"]); comp.Name() != want {
		t.Errorf("%s: PostScript name %q, want %q", name, comp.Name(), want)
	}
	refO, err := sfnt.Parse(origData)
	if err != nil {
		t.Fatal(err)
	}
	refC, err := sfnt.Parse(c)
	if err != nil {
		t.Fatalf("%s: sfnt.Parse(compact): %v", name, err)
	}
	if refC.NumGlyphs() != comp.NumGlyphs() {
		t.Errorf("%s: sfnt sees %d glyphs, Parse %d", name, refC.NumGlyphs(), comp.NumGlyphs())
	}
	var bufO, bufC sfnt.Buffer
	for _, r := range runes {
		if !orig.Has(r) || !keep(r) {
			if comp.Has(r) {
				t.Errorf("%s: compact has %U (original: %v, keep: %v)", name, r, orig.Has(r), keep(r))
			}
			continue
		}
		kept++
		if !comp.Has(r) {
			t.Errorf("%s: compact lacks %U", name, r)
			continue
		}
		if comp.Advance(r) != orig.Advance(r) {
			t.Errorf("%s: Advance(%U) = %d, original %d", name, r, comp.Advance(r), orig.Advance(r))
		}
		giO, segO, advO := sfntOutline(t, refO, &bufO, r)
		giC, segC, advC := sfntOutline(t, refC, &bufC, r)
		if giO == 0 || uint16(giC) != comp.GlyphIndex(r) {
			t.Errorf("%s: %U: sfnt glyph %d (original %d), Parse says %d", name, r, giC, giO, comp.GlyphIndex(r))
			continue
		}
		if advO != advC {
			t.Errorf("%s: %U: sfnt advance %v, original %v", name, r, advC, advO)
		}
		if a, b := compactHmtx(t, origData, int(orig.GlyphIndex(r))), compactHmtx(t, c, int(comp.GlyphIndex(r))); a != b {
			t.Errorf("%s: %U: hmtx (advance, lsb) %v, original %v", name, r, b, a)
		}
		if !slices.Equal(segO, segC) {
			t.Errorf("%s: %U: outline differs:\n original %v\n compact  %v", name, r, segO, segC)
		}
	}
	return kept
}

// compactHmtx returns the advance width and left side bearing of glyph g.
func compactHmtx(t *testing.T, data []byte, g int) [2]int16 {
	t.Helper()
	tabs := mustTableMap(t, data)
	hmtx := tabs["hmtx"]
	nhm := int(binary.BigEndian.Uint16(tabs["hhea"][34:]))
	if g < nhm {
		return [2]int16{int16(binary.BigEndian.Uint16(hmtx[4*g:])), int16(binary.BigEndian.Uint16(hmtx[4*g+2:]))}
	}
	return [2]int16{int16(binary.BigEndian.Uint16(hmtx[4*nhm-4:])), int16(binary.BigEndian.Uint16(hmtx[4*nhm+2*(g-nhm):]))}
}

func TestCompactBuiltin(t *testing.T) {
	var repertoire, others []rune
	for r := rune(0); r <= 0xFFFF; r++ {
		if CompactRepertoire(r) {
			repertoire = append(repertoire, r)
		} else {
			others = append(others, r)
		}
	}
	others = append(others, 0x1D400, 0x1D7CE, 0x1F600)
	for _, name := range BuiltinNames() {
		t.Run(name, func(t *testing.T) {
			data, _ := Builtin(name)
			orig := mustBuiltin(t, name)
			c := mustCompact(t, data, nil)
			if c2 := mustCompact(t, data, CompactRepertoire); !bytes.Equal(c, c2) {
				t.Error("two runs (nil keep and CompactRepertoire) give different bytes")
			}
			comp, err := parse("", c)
			if err != nil {
				t.Fatalf("parse(compact): %v", err)
			}
			t.Logf("%s: original %d bytes, %d glyphs; compact %d bytes, %d glyphs",
				name, len(data), orig.NumGlyphs(), len(c), comp.NumGlyphs())

			kept := compareCompact(t, name, data, c, CompactRepertoire, repertoire)
			if kept < 300 {
				t.Errorf("only %d repertoire runes in the original; the check is too thin", kept)
			}
			for _, r := range others {
				if comp.Has(r) {
					t.Errorf("compact has %U outside the repertoire", r)
				}
			}
			if !orig.Has(0x03A9) || comp.Has(0x03A9) {
				t.Errorf("U+03A9: original has %v, compact has %v; want true, false", orig.Has(0x03A9), comp.Has(0x03A9))
			}
			if 2*kept < comp.NumGlyphs() {
				t.Errorf("%d glyphs for %d runes", comp.NumGlyphs(), kept)
			}

			tabs := compactDir(t, c)
			if got := slices.Sorted(maps.Keys(tabs)); !slices.Equal(got, compactTables) {
				t.Errorf("tables %q, want %q", got, compactTables)
			}
			verifyChecksums(t, c)
			checkNoHinting(t, tabs, comp.NumGlyphs())
			if f := int16(binary.BigEndian.Uint16(tabs["head"][50:])); f != 1 {
				t.Errorf("indexToLocFormat %d, want 1", f)
			}
			if v := binary.BigEndian.Uint32(tabs["post"]); v != 0x00030000 || len(tabs["post"]) != 32 {
				t.Errorf("post version 0x%08X, length %d", v, len(tabs["post"]))
			}
			origTabs, err := tableMap(data)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(tabs["OS/2"], origTabs["OS/2"]) || !bytes.Equal(tabs["name"], origTabs["name"]) {
				t.Error("OS/2 or name not copied verbatim")
			}
			if !bytes.Equal(tabs["post"][4:], origTabs["post"][4:32]) {
				t.Error("post header not copied")
			}
			if len(tabs["hmtx"]) != 4*comp.NumGlyphs() || int(binary.BigEndian.Uint16(tabs["hhea"][34:])) != comp.NumGlyphs() {
				t.Errorf("hmtx %d bytes, numberOfHMetrics %d, %d glyphs", len(tabs["hmtx"]), binary.BigEndian.Uint16(tabs["hhea"][34:]), comp.NumGlyphs())
			}
			checkCmapRecords(t, tabs["cmap"], false)

			// gopdf's parser, the consumer that matters.
			var p core.TTFParser
			if err := p.ParseFontData(c); err != nil {
				t.Fatalf("gopdf ParseFontData(compact): %v", err)
			}
			if int(p.NumGlyphs()) != comp.NumGlyphs() || int(p.NumberOfHMetrics()) != comp.NumGlyphs() || p.IsShortIndex {
				t.Errorf("gopdf: %d glyphs, %d metrics, short loca %v", p.NumGlyphs(), p.NumberOfHMetrics(), p.IsShortIndex)
			}
			chars := p.Chars()
			if len(chars) != kept {
				t.Errorf("gopdf cmap maps %d runes, want %d", len(chars), kept)
			}
			widths := p.Widths()
			for _, r := range repertoire {
				if g, ok := chars[int(r)]; ok != comp.Has(r) || (ok && (int(g) != int(comp.GlyphIndex(r)) || int(widths[g]) != orig.Advance(r))) {
					t.Errorf("gopdf: %U → glyph %d (%v), width %d; want %d, %d", r, g, ok, widths[g], comp.GlyphIndex(r), orig.Advance(r))
				}
			}
			if name == "LiberationSerif-Regular" && 4*comp.NumGlyphs() >= orig.NumGlyphs() {
				t.Errorf("%d glyphs of %d: not below 25 %%", comp.NumGlyphs(), orig.NumGlyphs())
			}
		})
	}
}

// checkCmapRecords checks the encoding records of a compact cmap: (0,3) and
// (3,1) share one format 4 subtable; (3,10) format 12 is present iff want12.
// It returns the format 4 subtable.
func checkCmapRecords(t *testing.T, cmap []byte, want12 bool) []byte {
	t.Helper()
	n := int(binary.BigEndian.Uint16(cmap[2:]))
	type rec struct{ pid, eid, format uint16 }
	var recs []rec
	offs := map[uint32]bool{}
	var sub4 []byte
	for i := range n {
		pid, eid := binary.BigEndian.Uint16(cmap[4+8*i:]), binary.BigEndian.Uint16(cmap[6+8*i:])
		off := binary.BigEndian.Uint32(cmap[8+8*i:])
		format := binary.BigEndian.Uint16(cmap[off:])
		recs = append(recs, rec{pid, eid, format})
		if format == 4 {
			offs[off] = true
			sub4 = cmap[off : int(off)+int(binary.BigEndian.Uint16(cmap[off+2:]))]
		}
	}
	want := []rec{{0, 3, 4}, {3, 1, 4}}
	if want12 {
		want = append(want, rec{3, 10, 12})
	}
	if !slices.Equal(recs, want) || len(offs) != 1 {
		t.Errorf("cmap records %v (%d format 4 offsets), want %v sharing one subtable", recs, len(offs), want)
	}
	return sub4
}

// TestCompactCmapSegments checks the format 4 subtables: header fields,
// sorted segments, tight length (the other tests check the mappings). The
// glyphs keep the order of the source, so these need idDelta segments only;
// TestCompactCmapGlyphIDArray covers the other kind.
func TestCompactCmapSegments(t *testing.T) {
	for _, tc := range []struct {
		name    string
		keep    func(rune) bool
		keepAll bool
	}{
		{"LiberationSerif-Regular", nil, false},
		{"DejaVuSerif-Regular", nil, false},
		{"DejaVuSerif-Regular", func(rune) bool { return true }, true},
	} {
		data, _ := Builtin(tc.name)
		tabs := compactDir(t, mustCompact(t, data, tc.keep))
		sub := checkCmapRecords(t, tabs["cmap"], tc.keepAll)
		segX2 := int(binary.BigEndian.Uint16(sub[6:]))
		seg := segX2 / 2
		pow := 1
		for pow*2 <= seg {
			pow *= 2
		}
		sr, es, rs := binary.BigEndian.Uint16(sub[8:]), binary.BigEndian.Uint16(sub[10:]), binary.BigEndian.Uint16(sub[12:])
		if int(sr) != 2*pow || 1<<es != pow || int(rs) != segX2-2*pow {
			t.Errorf("%s: format 4 header for %d segments: %d %d %d", tc.name, seg, sr, es, rs)
		}
		if last := binary.BigEndian.Uint16(sub[14+segX2-2:]); last != 0xFFFF {
			t.Errorf("%s: last segment ends at 0x%04X", tc.name, last)
		}
		delta, array, ids := 0, 0, 0
		prevEnd := -1
		for i := range seg {
			end := binary.BigEndian.Uint16(sub[14+2*i:])
			start := binary.BigEndian.Uint16(sub[16+segX2+2*i:])
			if int(start) <= prevEnd || end < start {
				t.Errorf("%s: segment %d: %04X–%04X after %04X", tc.name, i, start, end, prevEnd)
			}
			prevEnd = int(end)
			if ro := binary.BigEndian.Uint16(sub[16+3*segX2+2*i:]); ro != 0 {
				array++
				ids += int(end-start) + 1
			} else {
				delta++
			}
		}
		if want := 16 + 4*segX2 + 2*ids; len(sub) != want {
			t.Errorf("%s: format 4 length %d, want %d", tc.name, len(sub), want)
		}
		t.Logf("%s (keep all: %v): %d segments (%d idDelta, %d glyphIdArray with %d ids), %d bytes",
			tc.name, tc.keepAll, seg, delta, array, ids, len(sub))
		if !tc.keepAll && len(sub) > 400 {
			t.Errorf("%s: format 4 subtable of %d bytes for the default repertoire; the source order gives about 20 idDelta segments", tc.name, len(sub))
		}
	}
}

// TestCompactCmapGlyphIDArray puts a cmap built from a scrambled mapping
// (so that glyphIdArray segments and non-consecutive format 12 groups are
// needed) into a compact font and reads it back with this package, sfnt and
// gopdf.
func TestCompactCmapGlyphIDArray(t *testing.T) {
	data, _ := Builtin("LiberationSerif-Regular")
	tabs := mustTableMap(t, mustCompact(t, data, nil))
	n := int(binary.BigEndian.Uint16(tabs["maxp"][4:]))
	var m []runeGlyph
	for r := rune(0x20); r < 0x300; r++ { // scrambled: glyphIdArray
		m = append(m, runeGlyph{r, uint16(1 + (int(r)*37)%(n-1))})
	}
	for r := rune(0x400); r < 0x460; r++ { // consecutive: idDelta
		m = append(m, runeGlyph{r, uint16(r - 0x400 + 7)})
	}
	m = append(m, runeGlyph{0xFFFD, 3}, runeGlyph{0x1F600, 5}, runeGlyph{0x1F601, 6}, runeGlyph{0x1F603, 9}, runeGlyph{0x10FFFF, 2})
	cmap, err := buildCmap(m)
	if err != nil {
		t.Fatal(err)
	}
	var ts []table
	for tag, b := range tabs {
		b = slices.Clone(b)
		switch tag {
		case "cmap":
			b = cmap
		case "head":
			binary.BigEndian.PutUint32(b[8:], 0)
		}
		ts = append(ts, table{tag, b})
	}
	font := writeSFNT(ts)
	verifyChecksums(t, font)
	sub := checkCmapRecords(t, compactDir(t, font)["cmap"], true)
	segX2 := int(binary.BigEndian.Uint16(sub[6:]))
	array := 0
	for i := range segX2 / 2 {
		if binary.BigEndian.Uint16(sub[16+3*segX2+2*i:]) != 0 {
			array++
		}
	}
	if array == 0 {
		t.Error("no glyphIdArray segment")
	}

	f, err := parse("", font)
	if err != nil {
		t.Fatal(err)
	}
	ref, err := sfnt.Parse(font)
	if err != nil {
		t.Fatal(err)
	}
	var p core.TTFParser
	if err := p.ParseFontData(font); err != nil {
		t.Fatal(err)
	}
	chars := p.Chars()
	var buf sfnt.Buffer
	mapped := map[rune]bool{}
	for _, e := range m {
		mapped[e.r] = true
		gi, err := ref.GlyphIndex(&buf, e.r)
		if err != nil {
			t.Fatal(err)
		}
		if f.GlyphIndex(e.r) != e.g || uint16(gi) != e.g {
			t.Errorf("%U: Parse %d, sfnt %d, want %d", e.r, f.GlyphIndex(e.r), gi, e.g)
		}
		if e.r <= 0xFFFF && chars[int(e.r)] != uint(e.g) {
			t.Errorf("%U: gopdf %d, want %d", e.r, chars[int(e.r)], e.g)
		}
	}
	for r := rune(0); r <= maxRune; r++ {
		if !mapped[r] && f.Has(r) {
			t.Errorf("%U mapped to %d", r, f.GlyphIndex(r))
		}
	}
}

// TestCompactKeepAll keeps every rune: all mapped runes survive with the same
// outlines, including those above U+FFFF (format 12).
func TestCompactKeepAll(t *testing.T) {
	all := func(rune) bool { return true }
	for _, name := range []string{"DejaVuSerif-Regular", "LiberationSerif-Italic"} {
		data, _ := Builtin(name)
		orig := mustBuiltin(t, name)
		var runes []rune
		supp := 0
		for r := rune(0); r <= maxRune; r++ {
			if orig.Has(r) {
				runes = append(runes, r)
				if r > 0xFFFF {
					supp++
				}
			}
		}
		c := mustCompact(t, data, all)
		tabs := compactDir(t, c)
		verifyChecksums(t, c)
		checkCmapRecords(t, tabs["cmap"], supp > 0)
		kept := compareCompact(t, name, data, c, all, runes)
		comp, err := parse("", c)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s, all runes: %d runes (%d above U+FFFF), %d of %d glyphs, %d of %d bytes",
			name, kept, supp, comp.NumGlyphs(), orig.NumGlyphs(), len(c), len(data))
		if name == "DejaVuSerif-Regular" && supp == 0 {
			t.Error("DejaVu Serif has no runes above U+FFFF; format 12 untested")
		}
		var p core.TTFParser
		if err := p.ParseFontData(c); err != nil {
			t.Errorf("gopdf ParseFontData: %v", err)
		}
	}
}

// TestCompactSmallRepertoire keeps a few runes whose glyphs are composites
// and checks the component closure and the renumbering.
func TestCompactSmallRepertoire(t *testing.T) {
	data, _ := Builtin("LiberationSerif-Regular")
	want := []rune("AЁй")
	keep := func(r rune) bool { return slices.Contains(want, r) }
	c := mustCompact(t, data, keep)
	comp, err := parse("", c)
	if err != nil {
		t.Fatal(err)
	}
	// .notdef, A, Ё, й and the components of Ё and й (at least one each).
	if n := comp.NumGlyphs(); n < 5 || n > 8 {
		t.Errorf("%d glyphs for %q", n, string(want))
	}
	tabs := compactDir(t, c)
	composites := 0
	loca, glyf := tabs["loca"], tabs["glyf"]
	for g := range comp.NumGlyphs() {
		lo, hi := binary.BigEndian.Uint32(loca[4*g:]), binary.BigEndian.Uint32(loca[4*g+4:])
		if hi > lo && int16(binary.BigEndian.Uint16(glyf[lo:])) < 0 {
			composites++
		}
	}
	if composites == 0 {
		t.Error("no composite glyph kept; the closure is untested")
	}
	var runes []rune
	for r := rune(0); r < 0x500; r++ {
		runes = append(runes, r)
	}
	if kept := compareCompact(t, "LiberationSerif-Regular", data, c, keep, runes); kept != len(want) {
		t.Errorf("%d runes kept, want %d", kept, len(want))
	}

	none := mustCompact(t, data, func(rune) bool { return false })
	f, err := parse("", none)
	if err != nil {
		t.Fatal(err)
	}
	if f.NumGlyphs() != 1 || f.Has('A') {
		t.Errorf("empty repertoire: %d glyphs, has A: %v", f.NumGlyphs(), f.Has('A'))
	}
	if _, err := sfnt.Parse(none); err != nil {
		t.Errorf("sfnt.Parse(empty repertoire): %v", err)
	}
}

// compactPDF renders compactSample with gopdf using the font data.
func compactPDF(t testing.TB, font []byte) []byte {
	t.Helper()
	pdf := gopdf.GoPdf{}
	pdf.Start(gopdf.Config{PageSize: *gopdf.PageSizeA4})
	if err := pdf.AddTTFFontData("x", font); err != nil {
		t.Fatalf("AddTTFFontData: %v", err)
	}
	pdf.AddPage()
	if err := pdf.SetFont("x", "", 12); err != nil {
		t.Fatalf("SetFont: %v", err)
	}
	if err := pdf.Text(compactSample); err != nil {
		t.Fatalf("Text: %v", err)
	}
	var buf bytes.Buffer
	if _, err := pdf.WriteTo(&buf); err != nil {
		t.Fatalf("WriteTo: %v", err)
	}
	return buf.Bytes()
}

func TestCompactGopdfEmbed(t *testing.T) {
	for _, r := range compactSample {
		if !CompactRepertoire(r) {
			t.Fatalf("sample rune %U outside the repertoire", r)
		}
	}
	for _, name := range BuiltinNames() {
		data, _ := Builtin(name)
		c := mustCompact(t, data, nil)
		start := time.Now()
		full := compactPDF(t, data)
		tFull := time.Since(start)
		start = time.Now()
		small := compactPDF(t, c)
		tSmall := time.Since(start)
		if !bytes.HasPrefix(small, []byte("%PDF-")) || !bytes.Contains(small, []byte("/FontFile2")) {
			t.Errorf("%s: output is not a PDF with an embedded TrueType font", name)
		}
		t.Logf("%s: PDF with the full font %d bytes (%v), with the compact font %d bytes (%v)",
			name, len(full), tFull.Round(time.Microsecond), len(small), tSmall.Round(time.Microsecond))
		if 2*len(small) > len(full) {
			t.Errorf("%s: PDF with the compact font is %d bytes, with the full font %d: less than 2× smaller", name, len(small), len(full))
		}
	}
}
