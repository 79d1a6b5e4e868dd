package fonts

import (
	"encoding/binary"
	"fmt"
	"math/bits"
	"slices"
)

// CompactRepertoire is the default repertoire of Compact: the characters
// that official Russian documents use — Basic Latin, Latin-1, the modern
// Cyrillic block with Ґ/ґ, general punctuation (dashes, quotes, ellipsis,
// per mille, guillemets), the fraction slash, the euro and rouble signs,
// №, ™, the four arrows, minus, ≤ and ≥.
func CompactRepertoire(r rune) bool {
	switch {
	case r >= 0x20 && r <= 0x7E,
		r >= 0xA0 && r <= 0xFF,
		r >= 0x400 && r <= 0x45F,
		r == 0x490, r == 0x491,
		r >= 0x2010 && r <= 0x2027,
		r >= 0x2030 && r <= 0x203A,
		r == 0x2044, r == 0x20AC, r == 0x20BD, r == 0x2116, r == 0x2122,
		r >= 0x2190 && r <= 0x2193,
		r == 0x2212, r == 0x2264, r == 0x2265:
		return true
	}
	return false
}

// compactRanges are the BMP ranges CompactRepertoire keeps from, in
// order; TestCompactRanges holds them to the function.
var compactRanges = [][2]rune{
	{0x20, 0x7E}, {0xA0, 0xFF}, {0x400, 0x45F}, {0x490, 0x491},
	{0x2010, 0x2027}, {0x2030, 0x203A}, {0x2044, 0x2044}, {0x20AC, 0x20AC},
	{0x20BD, 0x20BD}, {0x2116, 0x2116}, {0x2122, 0x2122}, {0x2190, 0x2193},
	{0x2212, 0x2212}, {0x2264, 0x2265},
}

// Compact returns a reduced copy of the TrueType font data: the glyphs of
// the runes for which keep reports true (and that the font maps), .notdef,
// and the components of kept composite glyphs — renumbered in the order of
// their original indices — with the hinting programs and per-glyph
// instructions removed. A nil keep means CompactRepertoire.
//
// The result holds only the tables a PDF embedder needs: head, hhea, maxp,
// OS/2, name and post (version 3.0, without glyph names) copied from the
// source with the glyph counts updated, and new cmap (formats 4 and, for
// runes above U+FFFF, 12), hmtx, loca (long offsets) and glyf. Outlines and
// advance widths of the kept glyphs are unchanged. The output depends only
// on data and keep.
//
// Smaller parent fonts make the per-document subsets of gopdf several times
// smaller, since gopdf copies the parent's whole hmtx and loca and its
// hinting tables into every subset. Runes outside the repertoire must be
// drawn from another face (the full font as a fallback).
func Compact(data []byte, keep func(r rune) bool) ([]byte, error) {
	out, err := compact(data, keep)
	if err != nil {
		return nil, fmt.Errorf("компактный шрифт: %w", err)
	}
	return out, nil
}

// Composite glyph component flags.
const (
	compArgsAreWords   = 0x0001
	compHaveScale      = 0x0008
	compMoreComponents = 0x0020
	compXYScale        = 0x0040
	compTwoByTwo       = 0x0080
	compInstructions   = 0x0100
)

// runeGlyph maps a rune to a glyph index.
type runeGlyph struct {
	r rune
	g uint16
}

func compact(data []byte, keep func(rune) bool) ([]byte, error) {
	// The default repertoire is a few hundred code points: walk its ranges
	// rather than ask keep about all 65 535 of the BMP, a third of the
	// compaction in every cold render. Same runes, same order.
	bmpRanges := [][2]rune{{0, 0xFFFE}}
	if keep == nil {
		keep = CompactRepertoire
		bmpRanges = compactRanges
	}
	f, err := parse("", data)
	if err != nil {
		return nil, err
	}
	tabs, err := tableMap(data)
	if err != nil {
		return nil, err
	}
	head, hhea, maxp, hmtx := tabs["head"], tabs["hhea"], tabs["maxp"], tabs["hmtx"]
	if len(head) < 54 {
		return nil, errTable("head", "таблица усечена")
	}
	if len(hhea) < 36 {
		return nil, errTable("hhea", "таблица усечена")
	}
	if len(maxp) < 6 {
		return nil, errTable("maxp", "таблица усечена")
	}
	post, hasPost := tabs["post"]
	if hasPost && len(post) < 32 {
		return nil, errTable("post", "таблица усечена")
	}
	n := f.numGlyphs
	gl, err := newGlyphs(tabs["glyf"], tabs["loca"], int16(binary.BigEndian.Uint16(head[50:])), n)
	if err != nil {
		return nil, err
	}

	// The runes to keep, with their original glyphs.
	var m []runeGlyph
	for _, rg := range bmpRanges { // U+FFFF closes every format 4 subtable
		for c := rg[0]; c <= rg[1]; c++ {
			if g := f.bmp[c]; g != 0 && keep(c) {
				m = append(m, runeGlyph{c, g})
			}
		}
	}
	next := rune(0x10000)
	for _, grp := range f.supp {
		for c := max(grp.start, next); c <= grp.end; c++ {
			if keep(c) {
				if g := f.GlyphIndex(c); g != 0 {
					m = append(m, runeGlyph{c, g})
				}
			}
		}
		next = max(next, grp.end+1)
	}

	// .notdef, the mapped glyphs and the closure of their components.
	state := make([]uint8, n) // 0: not reached, 1: being visited, 2: kept
	if err := gl.visit(0, state); err != nil {
		return nil, err
	}
	for _, e := range m {
		if err := gl.visit(e.g, state); err != nil {
			return nil, err
		}
	}
	newID := make([]uint16, n)
	var olds []uint16
	for g := range n {
		if state[g] == 2 {
			newID[g] = uint16(len(olds))
			olds = append(olds, uint16(g))
		}
	}
	for i := range m {
		m[i].g = newID[m[i].g]
	}
	count := len(olds)

	// glyf and loca.
	glyf := make([]byte, 0, len(tabs["glyf"])/max(1, n/count))
	loca := make([]byte, 0, 4*(count+1))
	for _, g := range olds {
		loca = binary.BigEndian.AppendUint32(loca, uint32(len(glyf)))
		if glyf, err = gl.appendStripped(glyf, g, newID); err != nil {
			return nil, err
		}
		for len(glyf)%4 != 0 {
			glyf = append(glyf, 0)
		}
	}
	loca = binary.BigEndian.AppendUint32(loca, uint32(len(glyf)))

	// hmtx: a full longHorMetric for every glyph.
	nhm := int(binary.BigEndian.Uint16(hhea[34:]))
	newHmtx := make([]byte, 0, 4*count)
	for _, g := range olds {
		lsbOff := 4*nhm + 2*(int(g)-nhm)
		if int(g) < nhm {
			lsbOff = 4*int(g) + 2
		}
		if lsbOff+2 > len(hmtx) {
			return nil, errTable("hmtx", "таблица усечена")
		}
		newHmtx = binary.BigEndian.AppendUint16(newHmtx, f.adv[g])
		newHmtx = append(newHmtx, hmtx[lsbOff:lsbOff+2]...)
	}

	cmap, err := buildCmap(m)
	if err != nil {
		return nil, err
	}

	newHead := slices.Clone(head)
	binary.BigEndian.PutUint32(newHead[8:], 0)  // checkSumAdjustment, set below
	binary.BigEndian.PutUint16(newHead[50:], 1) // indexToLocFormat: long
	newHhea := slices.Clone(hhea)
	binary.BigEndian.PutUint16(newHhea[34:], uint16(count))
	newMaxp := slices.Clone(maxp)
	binary.BigEndian.PutUint16(newMaxp[4:], uint16(count))

	out := []table{
		{"cmap", cmap},
		{"glyf", glyf},
		{"head", newHead},
		{"hhea", newHhea},
		{"hmtx", newHmtx},
		{"loca", loca},
		{"maxp", newMaxp},
	}
	if os2, ok := tabs["OS/2"]; ok {
		out = append(out, table{"OS/2", os2})
	}
	if name, ok := tabs["name"]; ok {
		out = append(out, table{"name", name})
	}
	if hasPost {
		p := slices.Clone(post[:32])
		binary.BigEndian.PutUint32(p, 0x00030000)
		out = append(out, table{"post", p})
	}
	return writeSFNT(out), nil
}

// tableMap returns the tables of a TrueType file by tag.
func tableMap(data []byte) (map[string][]byte, error) {
	if len(data) < 12 {
		return nil, fmt.Errorf("файл слишком короткий (%d байт): %w", len(data), ErrInvalid)
	}
	numTables := int(binary.BigEndian.Uint16(data[4:]))
	if 12+16*numTables > len(data) {
		return nil, fmt.Errorf("каталог таблиц усечён: %w", ErrInvalid)
	}
	tabs := make(map[string][]byte, numTables)
	for i := range numTables {
		rec := data[12+16*i:]
		off := uint64(binary.BigEndian.Uint32(rec[8:]))
		length := uint64(binary.BigEndian.Uint32(rec[12:]))
		if off+length > uint64(len(data)) {
			return nil, fmt.Errorf("таблица %s выходит за пределы файла: %w", string(rec[:4]), ErrInvalid)
		}
		tabs[string(rec[:4])] = data[off : off+length]
	}
	return tabs, nil
}

// glyphs gives access to the glyph programs of the source font.
type glyphs struct {
	glyf, loca []byte
	long       bool
	n          int
}

func newGlyphs(glyf, loca []byte, locFormat int16, n int) (*glyphs, error) {
	gl := &glyphs{glyf: glyf, loca: loca, n: n}
	switch locFormat {
	case 0:
		if len(loca) < 2*(n+1) {
			return nil, errTable("loca", "таблица усечена (%d байт при %d глифах)", len(loca), n)
		}
	case 1:
		gl.long = true
		if len(loca) < 4*(n+1) {
			return nil, errTable("loca", "таблица усечена (%d байт при %d глифах)", len(loca), n)
		}
	default:
		return nil, errTable("head", "неизвестный формат loca %d", locFormat)
	}
	return gl, nil
}

// data returns the program of glyph g (empty for glyphs without contours).
func (gl *glyphs) data(g uint16) ([]byte, error) {
	var lo, hi int
	if gl.long {
		lo = int(binary.BigEndian.Uint32(gl.loca[4*int(g):]))
		hi = int(binary.BigEndian.Uint32(gl.loca[4*int(g)+4:]))
	} else {
		lo = 2 * int(binary.BigEndian.Uint16(gl.loca[2*int(g):]))
		hi = 2 * int(binary.BigEndian.Uint16(gl.loca[2*int(g)+2:]))
	}
	if lo < 0 || hi < lo || hi > len(gl.glyf) {
		return nil, errTable("glyf", "глиф %d за пределами таблицы (%d–%d, размер %d)", g, lo, hi, len(gl.glyf))
	}
	b := gl.glyf[lo:hi]
	if len(b) > 0 && len(b) < 10 {
		return nil, errTable("glyf", "глиф %d усечён", g)
	}
	return b, nil
}

// visit marks g and, for a composite glyph, its components (depth first) as
// kept. A component that refers back to a glyph being visited is a loop.
func (gl *glyphs) visit(g uint16, state []uint8) error {
	switch state[g] {
	case 1:
		return errTable("glyf", "составной глиф %d ссылается сам на себя (цикл компонентов)", g)
	case 2:
		return nil
	}
	state[g] = 1
	b, err := gl.data(g)
	if err != nil {
		return err
	}
	if len(b) > 0 && int16(binary.BigEndian.Uint16(b)) < 0 {
		_, err := components(b, func(off int) error {
			c := binary.BigEndian.Uint16(b[off+2:])
			if int(c) >= gl.n {
				return errTable("glyf", "составной глиф %d: компонент %d вне диапазона (глифов %d)", g, c, gl.n)
			}
			return gl.visit(c, state)
		})
		if err != nil {
			return err
		}
	}
	state[g] = 2
	return nil
}

// components calls fn with the offset of every component record of the
// composite glyph b and returns the offset just past the last record.
func components(b []byte, fn func(off int) error) (int, error) {
	p := 10
	for {
		if p+4 > len(b) {
			return 0, errTable("glyf", "составной глиф усечён")
		}
		flags := binary.BigEndian.Uint16(b[p:])
		if err := fn(p); err != nil {
			return 0, err
		}
		size := 4 + 2
		if flags&compArgsAreWords != 0 {
			size = 4 + 4
		}
		switch {
		case flags&compHaveScale != 0:
			size += 2
		case flags&compXYScale != 0:
			size += 4
		case flags&compTwoByTwo != 0:
			size += 8
		}
		p += size
		if p > len(b) {
			return 0, errTable("glyf", "составной глиф усечён")
		}
		if flags&compMoreComponents == 0 {
			return p, nil
		}
	}
}

// appendStripped appends glyph g without its instructions to dst; component
// references of a composite glyph are renumbered with newID.
func (gl *glyphs) appendStripped(dst []byte, g uint16, newID []uint16) ([]byte, error) {
	b, err := gl.data(g)
	if err != nil || len(b) == 0 {
		return dst, err
	}
	nc := int(int16(binary.BigEndian.Uint16(b)))
	if nc < 0 {
		end, err := components(b, func(int) error { return nil })
		if err != nil {
			return dst, fmt.Errorf("глиф %d: %w", g, err)
		}
		start := len(dst)
		dst = append(dst, b[:end]...)
		c := dst[start:]
		_, err = components(c, func(off int) error {
			flags := binary.BigEndian.Uint16(c[off:]) &^ compInstructions
			binary.BigEndian.PutUint16(c[off:], flags)
			binary.BigEndian.PutUint16(c[off+2:], newID[binary.BigEndian.Uint16(c[off+2:])])
			return nil
		})
		return dst, err
	}

	// Simple glyph: header, endPtsOfContours, instructionLength (now 0),
	// then the flags and coordinates, whose length follows from the flags.
	p := 10 + 2*nc
	if p+2 > len(b) {
		return dst, errTable("glyf", "глиф %d усечён", g)
	}
	numPts := 0
	if nc > 0 {
		numPts = int(binary.BigEndian.Uint16(b[p-2:])) + 1
	}
	q := p + 2 + int(binary.BigEndian.Uint16(b[p:]))
	flagsStart := q
	coords := 0
	for i := 0; i < numPts; {
		if q >= len(b) {
			return dst, errTable("glyf", "глиф %d: флаги точек усечены", g)
		}
		fl := b[q]
		q++
		rep := 1
		if fl&0x08 != 0 {
			if q >= len(b) {
				return dst, errTable("glyf", "глиф %d: флаги точек усечены", g)
			}
			rep += int(b[q])
			q++
		}
		if i+rep > numPts {
			return dst, errTable("glyf", "глиф %d: флагов больше, чем точек", g)
		}
		size := 0
		switch {
		case fl&0x02 != 0: // x-Short Vector
			size++
		case fl&0x10 == 0: // not "same x"
			size += 2
		}
		switch {
		case fl&0x04 != 0: // y-Short Vector
			size++
		case fl&0x20 == 0: // not "same y"
			size += 2
		}
		coords += size * rep
		i += rep
	}
	end := q + coords
	if end > len(b) {
		return dst, errTable("glyf", "глиф %d: координаты усечены", g)
	}
	dst = append(dst, b[:p]...)
	dst = append(dst, 0, 0)
	return append(dst, b[flagsStart:end]...), nil
}

// cmapSegment is a format 4 segment; ids == nil means an idDelta segment.
type cmapSegment struct {
	start, end, delta uint16
	ids               []uint16
}

// buildCmap writes a cmap table for the mappings m (sorted by rune, with the
// new glyph indices): a format 4 subtable for the BMP under (0,3) and (3,1),
// and a format 12 subtable under (3,10) when some rune is above U+FFFF.
func buildCmap(m []runeGlyph) ([]byte, error) {
	bmpEnd, _ := slices.BinarySearchFunc(m, rune(0xFFFF), func(e runeGlyph, r rune) int { return int(e.r - r) })
	bmp := m[:bmpEnd]

	// Every run of consecutive code points becomes either idDelta segments
	// (one per change of glyph-minus-code) or one glyphIdArray segment,
	// whichever is shorter.
	var segs []cmapSegment
	nIDs := 0
	for i := 0; i < len(bmp); {
		j := i + 1
		for j < len(bmp) && bmp[j].r == bmp[j-1].r+1 {
			j++
		}
		var ds []cmapSegment
		for k := i; k < j; {
			d := int(bmp[k].g) - int(bmp[k].r)
			l := k + 1
			for l < j && int(bmp[l].g)-int(bmp[l].r) == d {
				l++
			}
			ds = append(ds, cmapSegment{start: uint16(bmp[k].r), end: uint16(bmp[l-1].r), delta: uint16(d)})
			k = l
		}
		if 8*len(ds) <= 8+2*(j-i) {
			segs = append(segs, ds...)
		} else {
			s := cmapSegment{start: uint16(bmp[i].r), end: uint16(bmp[j-1].r)}
			for _, e := range bmp[i:j] {
				s.ids = append(s.ids, e.g)
			}
			nIDs += j - i
			segs = append(segs, s)
		}
		i = j
	}
	segs = append(segs, cmapSegment{start: 0xFFFF, end: 0xFFFF, delta: 1})

	segCount := len(segs)
	length4 := 16 + 8*segCount + 2*nIDs
	if length4 > 0xFFFF {
		return nil, errTable("cmap", "подтаблица формата 4 не помещается в 64 КБ (%d байт)", length4)
	}
	sub4 := make([]byte, 0, length4)
	pow := 1 << (bits.Len(uint(segCount)) - 1)
	sub4 = binary.BigEndian.AppendUint16(sub4, 4)
	sub4 = binary.BigEndian.AppendUint16(sub4, uint16(length4))
	sub4 = binary.BigEndian.AppendUint16(sub4, 0) // language
	sub4 = binary.BigEndian.AppendUint16(sub4, uint16(2*segCount))
	sub4 = binary.BigEndian.AppendUint16(sub4, uint16(2*pow))
	sub4 = binary.BigEndian.AppendUint16(sub4, uint16(bits.Len(uint(pow))-1))
	sub4 = binary.BigEndian.AppendUint16(sub4, uint16(2*segCount-2*pow))
	for _, s := range segs {
		sub4 = binary.BigEndian.AppendUint16(sub4, s.end)
	}
	sub4 = binary.BigEndian.AppendUint16(sub4, 0) // reservedPad
	for _, s := range segs {
		sub4 = binary.BigEndian.AppendUint16(sub4, s.start)
	}
	for _, s := range segs {
		if s.ids != nil {
			sub4 = binary.BigEndian.AppendUint16(sub4, 0)
		} else {
			sub4 = binary.BigEndian.AppendUint16(sub4, s.delta)
		}
	}
	idx := 0
	for i, s := range segs {
		if s.ids == nil {
			sub4 = binary.BigEndian.AppendUint16(sub4, 0)
			continue
		}
		sub4 = binary.BigEndian.AppendUint16(sub4, uint16(2*(segCount-i)+2*idx))
		idx += len(s.ids)
	}
	for _, s := range segs {
		for _, g := range s.ids {
			sub4 = binary.BigEndian.AppendUint16(sub4, g)
		}
	}

	var sub12 []byte
	if bmpEnd < len(m) {
		var groups [][3]uint32
		for _, e := range m {
			if k := len(groups) - 1; k >= 0 && rune(groups[k][1])+1 == e.r &&
				groups[k][2]+uint32(e.r)-groups[k][0] == uint32(e.g) {
				groups[k][1] = uint32(e.r)
				continue
			}
			groups = append(groups, [3]uint32{uint32(e.r), uint32(e.r), uint32(e.g)})
		}
		sub12 = binary.BigEndian.AppendUint16(sub12, 12)
		sub12 = binary.BigEndian.AppendUint16(sub12, 0) // reserved
		sub12 = binary.BigEndian.AppendUint32(sub12, uint32(16+12*len(groups)))
		sub12 = binary.BigEndian.AppendUint32(sub12, 0) // language
		sub12 = binary.BigEndian.AppendUint32(sub12, uint32(len(groups)))
		for _, grp := range groups {
			sub12 = binary.BigEndian.AppendUint32(sub12, grp[0])
			sub12 = binary.BigEndian.AppendUint32(sub12, grp[1])
			sub12 = binary.BigEndian.AppendUint32(sub12, grp[2])
		}
	}

	numSub := 2
	if sub12 != nil {
		numSub = 3
	}
	off4 := 4 + 8*numSub
	var cmap []byte
	cmap = binary.BigEndian.AppendUint16(cmap, 0) // version
	cmap = binary.BigEndian.AppendUint16(cmap, uint16(numSub))
	for _, pe := range [][2]uint16{{0, 3}, {3, 1}} {
		cmap = binary.BigEndian.AppendUint16(cmap, pe[0])
		cmap = binary.BigEndian.AppendUint16(cmap, pe[1])
		cmap = binary.BigEndian.AppendUint32(cmap, uint32(off4))
	}
	if sub12 != nil {
		off12 := (off4 + len(sub4) + 3) &^ 3
		cmap = binary.BigEndian.AppendUint16(cmap, 3)
		cmap = binary.BigEndian.AppendUint16(cmap, 10)
		cmap = binary.BigEndian.AppendUint32(cmap, uint32(off12))
	}
	cmap = append(cmap, sub4...)
	if sub12 != nil {
		for len(cmap)%4 != 0 {
			cmap = append(cmap, 0)
		}
		cmap = append(cmap, sub12...)
	}
	return cmap, nil
}

// writeSFNT assembles a TrueType file from tables: the directory sorted by
// tag, every table 4-byte aligned with its checksum, and the head table's
// checkSumAdjustment (which must be zero in tabs) filled in.
func writeSFNT(tabs []table) []byte {
	slices.SortFunc(tabs, func(a, b table) int {
		switch {
		case a.tag < b.tag:
			return -1
		case a.tag > b.tag:
			return 1
		}
		return 0
	})
	n := len(tabs)
	size := 12 + 16*n
	for _, t := range tabs {
		size += (len(t.data) + 3) &^ 3
	}
	out := make([]byte, 12+16*n, size)
	pow := 1 << (bits.Len(uint(n)) - 1)
	binary.BigEndian.PutUint32(out, tagTrueType)
	binary.BigEndian.PutUint16(out[4:], uint16(n))
	binary.BigEndian.PutUint16(out[6:], uint16(16*pow))
	binary.BigEndian.PutUint16(out[8:], uint16(bits.Len(uint(pow))-1))
	binary.BigEndian.PutUint16(out[10:], uint16(16*n-16*pow))
	headOff := -1
	for i, t := range tabs {
		off := len(out)
		out = append(out, t.data...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
		rec := out[12+16*i:]
		copy(rec, t.tag)
		binary.BigEndian.PutUint32(rec[4:], checksum(out[off:]))
		binary.BigEndian.PutUint32(rec[8:], uint32(off))
		binary.BigEndian.PutUint32(rec[12:], uint32(len(t.data)))
		if t.tag == "head" {
			headOff = off
		}
	}
	if headOff >= 0 {
		binary.BigEndian.PutUint32(out[headOff+8:], 0xB1B0AFBA-checksum(out))
	}
	return out
}

// checksum is the OpenType table checksum of b, whose length is a multiple
// of 4.
func checksum(b []byte) uint32 {
	var sum uint32
	for i := 0; i+4 <= len(b); i += 4 {
		sum += binary.BigEndian.Uint32(b[i:])
	}
	return sum
}
