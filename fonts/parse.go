package fonts

import (
	"encoding/binary"
	"fmt"
	"slices"
	"strings"
	"unicode/utf16"
)

// Table tags used by the parser.
const (
	tagTrueType = 0x00010000
	tagTrue     = 0x74727565 // 'true' (old Apple TrueType)
	tagOTTO     = 0x4F54544F // 'OTTO' (CFF-based OpenType)
	tagTTCF     = 0x74746366 // 'ttcf' (TrueType collection)
	headMagic   = 0x5F0F3CF5
)

// table is a slice of the font data holding one table, plus its tag.
type table struct {
	tag  string
	data []byte
}

// reader reads big-endian values with bounds checks; an out-of-range read
// returns 0 and sets bad, which the caller checks once per table.
type reader struct {
	b   []byte
	bad bool
}

func (r *reader) u16(off int) uint16 {
	if off < 0 || off > len(r.b)-2 {
		r.bad = true
		return 0
	}
	return binary.BigEndian.Uint16(r.b[off:])
}

func (r *reader) i16(off int) int16 { return int16(r.u16(off)) }

func (r *reader) u32(off int) uint32 {
	if off < 0 || off > len(r.b)-4 {
		r.bad = true
		return 0
	}
	return binary.BigEndian.Uint32(r.b[off:])
}

// errTable wraps ErrInvalid with the name of the offending table.
func errTable(tag, format string, args ...any) error {
	return fmt.Errorf("таблица %s: %s: %w", tag, fmt.Sprintf(format, args...), ErrInvalid)
}

// parse decodes the tables Face needs. name may be empty, in which case the
// PostScript name from the name table is used. data is retained, not copied.
func parse(name string, data []byte) (*Face, error) {
	if len(data) < 12 {
		return nil, fmt.Errorf("файл слишком короткий (%d байт): %w", len(data), ErrInvalid)
	}
	switch v := binary.BigEndian.Uint32(data); v {
	case tagTrueType, tagTrue:
	case tagOTTO:
		return nil, fmt.Errorf("шрифт OpenType с контурами CFF (OTTO) нельзя встроить в PDF, нужен TrueType с таблицей glyf: %w", ErrUnsupported)
	case tagTTCF:
		return nil, fmt.Errorf("коллекция шрифтов (TTC) не поддерживается, укажите отдельный файл TTF: %w", ErrUnsupported)
	default:
		return nil, fmt.Errorf("неизвестная сигнатура 0x%08X: %w", v, ErrInvalid)
	}
	numTables := int(binary.BigEndian.Uint16(data[4:]))
	if 12+16*numTables > len(data) {
		return nil, fmt.Errorf("каталог таблиц усечён: %w", ErrInvalid)
	}
	var head, hhea, hmtx, maxp, cmap, nameT table
	var hasGlyf, hasLoca, hasCFF bool
	for i := range numTables {
		rec := data[12+16*i:]
		tag := string(rec[:4])
		off := uint64(binary.BigEndian.Uint32(rec[8:]))
		length := uint64(binary.BigEndian.Uint32(rec[12:]))
		if off+length > uint64(len(data)) {
			return nil, fmt.Errorf("таблица %s выходит за пределы файла (смещение %d, длина %d, размер файла %d): %w",
				strings.TrimSpace(tag), off, length, len(data), ErrInvalid)
		}
		t := table{tag: tag, data: data[off : off+length]}
		switch tag {
		case "head":
			head = t
		case "hhea":
			hhea = t
		case "hmtx":
			hmtx = t
		case "maxp":
			maxp = t
		case "cmap":
			cmap = t
		case "name":
			nameT = t
		case "glyf":
			hasGlyf = true
		case "loca":
			hasLoca = true
		case "CFF ", "CFF2":
			hasCFF = true
		}
	}
	if !hasGlyf || !hasLoca {
		if hasCFF {
			return nil, fmt.Errorf("шрифт содержит контуры CFF вместо glyf, встраивание в PDF невозможно: %w", ErrUnsupported)
		}
		return nil, fmt.Errorf("нет таблиц glyf/loca: %w", ErrInvalid)
	}
	for _, t := range []table{head, hhea, hmtx, maxp, cmap} {
		if t.tag == "" {
			return nil, fmt.Errorf("нет обязательной таблицы (head, hhea, hmtx, maxp, cmap): %w", ErrInvalid)
		}
	}

	f := &Face{data: data}

	r := reader{b: head.data}
	if r.u32(12) != headMagic {
		return nil, errTable("head", "неверное магическое число")
	}
	f.upem = int(r.u16(18))
	if r.bad || f.upem < 16 || f.upem > 16384 {
		return nil, errTable("head", "недопустимое значение unitsPerEm %d", f.upem)
	}

	r = reader{b: maxp.data}
	f.numGlyphs = int(r.u16(4))
	if r.bad || f.numGlyphs == 0 {
		return nil, errTable("maxp", "нет глифов")
	}

	r = reader{b: hhea.data}
	f.ascent = int(r.i16(4))
	f.descent = int(r.i16(6))
	numHMetrics := int(r.u16(34))
	if r.bad {
		return nil, errTable("hhea", "таблица усечена")
	}
	if numHMetrics == 0 || numHMetrics > f.numGlyphs {
		return nil, errTable("hhea", "недопустимое число метрик %d при %d глифах", numHMetrics, f.numGlyphs)
	}

	r = reader{b: hmtx.data}
	f.adv = make([]uint16, f.numGlyphs)
	for g := range numHMetrics {
		f.adv[g] = r.u16(4 * g)
	}
	if r.bad {
		return nil, errTable("hmtx", "таблица усечена")
	}
	for g := numHMetrics; g < f.numGlyphs; g++ {
		f.adv[g] = f.adv[numHMetrics-1]
	}

	if err := f.parseCmap(cmap.data); err != nil {
		return nil, err
	}

	if name == "" && nameT.tag != "" {
		name = postScriptName(nameT.data)
	}
	f.name = name
	return f, nil
}

// parseCmap picks the best Unicode subtable and fills f.bmp and f.supp.
func (f *Face) parseCmap(b []byte) error {
	r := reader{b: b}
	n := int(r.u16(2))
	if r.bad {
		return errTable("cmap", "таблица усечена")
	}
	best, bestScore := -1, 0
	for i := range n {
		pid, eid := r.u16(4+8*i), r.u16(6+8*i)
		off := int(r.u32(8 + 8*i))
		if r.bad {
			return errTable("cmap", "список подтаблиц усечён")
		}
		format := r.u16(off)
		if r.bad {
			return errTable("cmap", "подтаблица за пределами таблицы")
		}
		score := 0
		switch {
		case format == 12 && pid == 3 && eid == 10:
			score = 4
		case format == 12 && pid == 0:
			score = 3
		case format == 4 && pid == 3 && eid == 1:
			score = 2
		case format == 4 && pid == 0:
			score = 1
		}
		if score > bestScore {
			best, bestScore = off, score
		}
	}
	if best < 0 {
		return errTable("cmap", "нет подтаблицы Unicode формата 4 или 12")
	}
	f.bmp = make([]uint16, 0x10000)
	if bestScore >= 3 {
		return f.cmap12(b[best:])
	}
	return f.cmap4(b[best:])
}

// cmap4 decodes a format 4 subtable (BMP only). The segments must be sorted;
// overlapping parts are ignored, which bounds the work to 65536 code points.
func (f *Face) cmap4(b []byte) error {
	r := reader{b: b}
	segX2 := int(r.u16(6))
	if r.bad || segX2 == 0 || segX2%2 != 0 {
		return errTable("cmap", "формат 4: недопустимое число сегментов")
	}
	endOff, startOff := 14, 16+segX2
	deltaOff, rangeOff := 16+2*segX2, 16+3*segX2
	if rangeOff+segX2 > len(b) {
		return errTable("cmap", "формат 4: массивы сегментов усечены")
	}
	next := 0
	for s := 0; s < segX2; s += 2 {
		end := int(r.u16(endOff + s))
		start := int(r.u16(startOff + s))
		delta := r.u16(deltaOff + s)
		ro := int(r.u16(rangeOff + s))
		if end < start {
			continue
		}
		for c := max(start, next); c <= end; c++ {
			var g uint16
			if ro == 0 {
				g = uint16(c) + delta
			} else {
				g = r.u16(rangeOff + s + ro + 2*(c-start))
				if r.bad {
					return errTable("cmap", "формат 4: ссылка за пределы glyphIdArray")
				}
				if g != 0 {
					g += delta
				}
			}
			if int(g) < f.numGlyphs {
				f.bmp[c] = g
			}
		}
		next = max(next, end+1)
	}
	return nil
}

// cmap12 decodes a format 12 subtable. Groups must be sorted by start code;
// the BMP part is expanded into f.bmp, the rest kept as groups.
func (f *Face) cmap12(b []byte) error {
	r := reader{b: b}
	nGroups := int64(r.u32(12))
	if r.bad || 16+12*nGroups > int64(len(b)) {
		return errTable("cmap", "формат 12: список групп усечён")
	}
	next := rune(0)
	for i := range int(nGroups) {
		start := rune(r.u32(16 + 12*i))
		end := rune(r.u32(20 + 12*i))
		glyph := r.u32(24 + 12*i)
		if start < 0 || end < start || end > maxRune {
			continue
		}
		for c := max(start, next); c <= min(end, 0xFFFF); c++ {
			if g := glyph + uint32(c-start); g < uint32(f.numGlyphs) {
				f.bmp[c] = uint16(g)
			}
		}
		if end > 0xFFFF {
			s := max(start, 0x10000)
			f.supp = append(f.supp, cmapGroup{start: s, end: end, glyph: glyph + uint32(s-start)})
		}
		next = max(next, end+1)
	}
	slices.SortStableFunc(f.supp, func(a, b cmapGroup) int { return int(a.start - b.start) })
	return nil
}

// postScriptName returns the sanitised PostScript name (name ID 6), or "".
func postScriptName(b []byte) string {
	r := reader{b: b}
	count := int(r.u16(2))
	strOff := int(r.u16(4))
	if r.bad {
		return ""
	}
	for i := range count {
		rec := 6 + 12*i
		pid, eid, nid := r.u16(rec), r.u16(rec+2), r.u16(rec+6)
		length, off := int(r.u16(rec+8)), int(r.u16(rec+10))
		if r.bad {
			return ""
		}
		if nid != 6 {
			continue
		}
		lo, hi := strOff+off, strOff+off+length
		if hi > len(b) {
			continue
		}
		raw := b[lo:hi]
		var s string
		switch {
		case pid == 3 && (eid == 1 || eid == 0), pid == 0:
			u := make([]uint16, len(raw)/2)
			for j := range u {
				u[j] = binary.BigEndian.Uint16(raw[2*j:])
			}
			s = string(utf16.Decode(u))
		case pid == 1 && eid == 0:
			s = string(raw)
		default:
			continue
		}
		if s = SanitizeName(s); s != "" {
			return s
		}
	}
	return ""
}

// SanitizeName reduces s to a PostScript/PDF-safe name: printable ASCII
// without spaces and without the PDF delimiters ()<>[]{}/%#.
func SanitizeName(s string) string {
	clean := true
	for i := 0; i < len(s); i++ {
		if !nameByte(s[i]) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var sb strings.Builder
	for i := 0; i < len(s); i++ {
		if nameByte(s[i]) {
			sb.WriteByte(s[i])
		}
	}
	return sb.String()
}

func nameByte(c byte) bool {
	if c <= ' ' || c > '~' {
		return false
	}
	return !strings.ContainsRune("()<>[]{}/%#", rune(c))
}
