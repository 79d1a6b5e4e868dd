package typo

import (
	"math"
	"slices"
	"unicode"
	"unicode/utf8"

	"github.com/kartograf-ru/kartograf/fonts"
)

// Font is a sized font with fallbacks: Faces[0] is the primary face, the
// others are tried in order for runes the primary face lacks. Nil faces are
// skipped.
type Font struct {
	Faces []*fonts.Face
	Size  float64 // in points
}

// Widths are kept in 16.16 fixed point (1/65536 pt). Integer sums are exact
// and associative, so the width of a line computed piecewise by Wrap equals
// Width of its text, and comparisons against a limit are exact.
const fxOne = 1 << 16

// Ranges with precomputed widths: Basic Latin up to Cyrillic (U+0000 to
// U+052F) and General Punctuation plus the letterlike symbols holding №
// (U+2000 to U+212F). Other runes are looked up in the faces on demand.
const (
	loLen     = 0x0530
	punctBase = 0x2000
	punctLen  = 0x0130
)

// Measurer measures text set in a Font. It is immutable after NewMeasurer
// and safe for concurrent use.
type Measurer struct {
	faces  []*fonts.Face
	size   float64
	scale  []float64 // per face: size*fxOne/unitsPerEm
	notdef int32     // width of a rune no face has

	lo       [loLen]int32
	loFace   [loLen]int16
	punct    [punctLen]int32
	punctFce [punctLen]int16
}

// NewMeasurer precomputes per-rune widths for f. A non-positive or
// non-finite size measures everything as zero width.
func NewMeasurer(f Font) *Measurer {
	size := f.Size
	if !(size > 0) || math.IsInf(size, 0) {
		size = 0
	}
	m := &Measurer{faces: slices.Clone(f.Faces), size: size}
	m.scale = make([]float64, len(m.faces))
	for i, face := range m.faces {
		if face != nil && face.UnitsPerEm() <= 0 {
			m.faces[i] = nil // not a parsed face (zero Face)
		}
		if face := m.faces[i]; face != nil {
			m.scale[i] = size * fxOne / float64(face.UnitsPerEm())
		}
	}
	if len(m.faces) > 0 && m.faces[0] != nil {
		m.notdef = m.toFx(0, m.faces[0].NotdefAdvance())
	}
	for r := range rune(loLen) {
		m.lo[r], m.loFace[r] = m.lookup(r)
	}
	for i := range rune(punctLen) {
		m.punct[i], m.punctFce[i] = m.lookup(punctBase + i)
	}
	return m
}

// toFx converts an advance of face i to fixed point, saturating.
func (m *Measurer) toFx(i, adv int) int32 {
	v := math.Round(float64(adv) * m.scale[i])
	if v > math.MaxInt32 {
		return math.MaxInt32
	}
	return int32(v)
}

// lookup finds the face drawing r and its width. Control characters have
// no glyph: width 0, face -1.
func (m *Measurer) lookup(r rune) (int32, int16) {
	if isControl(r) {
		return 0, -1
	}
	for i, face := range m.faces {
		if face == nil {
			continue
		}
		if g := face.GlyphIndex(r); g != 0 {
			return m.toFx(i, face.GlyphAdvance(g)), int16(i)
		}
	}
	return m.notdef, -1
}

// isControl reports C0 and C1 control characters (including \n, \r, \t).
func isControl(r rune) bool { return r < 0x20 || r >= 0x7F && r < 0xA0 }

// fx returns the fixed-point width of r.
func (m *Measurer) fx(r rune) int64 {
	if uint32(r) < loLen {
		return int64(m.lo[r])
	}
	return m.fxSlow(r)
}

func (m *Measurer) fxSlow(r rune) int64 {
	if u := uint32(r) - punctBase; u < punctLen {
		return int64(m.punct[u])
	}
	w, _ := m.lookup(r)
	return int64(w)
}

// fromFx converts a fixed-point width to points (exact).
func fromFx(v int64) float64 { return float64(v) / fxOne }

// limitFx converts a width limit to fixed point, rounding down so that
// anything within the limit in fixed point is within it in points. NaN and
// non-positive limits become 0.
func limitFx(w float64) int64 {
	switch {
	case !(w > 0):
		return 0
	case w >= math.MaxInt64/(2*fxOne):
		return math.MaxInt64 / 2
	}
	return int64(math.Floor(w * fxOne))
}

// Size returns the font size in points.
func (m *Measurer) Size() float64 { return m.size }

// Faces returns the faces of the font; the slice must not be modified.
func (m *Measurer) Faces() []*fonts.Face { return m.faces }

// RuneWidth returns the advance of r in points.
func (m *Measurer) RuneWidth(r rune) float64 { return fromFx(m.fx(r)) }

// Width returns the advance width of s in points: the sum of the rune
// widths, each size*advance/unitsPerEm of the face drawing it (rounded to
// 1/65536 pt). Control characters are zero width; a rune no face has takes
// the width of the primary face's .notdef glyph. Width does not allocate.
func (m *Measurer) Width(s string) float64 {
	var sum int64
	for i := 0; i < len(s); {
		// decode, inlined by hand: this is the hottest loop.
		c := s[i]
		if c < utf8.RuneSelf {
			sum += int64(m.lo[c])
			i++
			continue
		}
		if c >= 0xC2 && c < 0xE0 && i+1 < len(s) && s[i+1]&0xC0 == 0x80 {
			sum += m.fx(rune(c&0x1F)<<6 | rune(s[i+1]&0x3F))
			i += 2
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		sum += m.fx(r)
		i += size
	}
	return fromFx(sum)
}

// decode decodes the rune at s[i], with fast paths for ASCII and the
// two-byte sequences of Latin-1 and Cyrillic. Invalid UTF-8 decodes to
// U+FFFD of size 1, as in utf8.DecodeRuneInString.
func decode(s string, i int) (rune, int) {
	c := s[i]
	if c < utf8.RuneSelf {
		return rune(c), 1
	}
	if c >= 0xC2 && c < 0xE0 && i+1 < len(s) && s[i+1]&0xC0 == 0x80 {
		return rune(c&0x1F)<<6 | rune(s[i+1]&0x3F), 2
	}
	return decodeSlow(s[i:])
}

func decodeSlow(s string) (rune, int) { return utf8.DecodeRuneInString(s) }

// FaceFor returns the index in Font.Faces of the face that draws r (the
// first that has it), or -1 when no face has r. Control characters are not
// drawn and return -1.
func (m *Measurer) FaceFor(r rune) int {
	switch {
	case uint32(r) < loLen:
		return int(m.loFace[r])
	case uint32(r)-punctBase < punctLen:
		return int(m.punctFce[r-punctBase])
	}
	_, i := m.lookup(r)
	return int(i)
}

// Missing returns the distinct runes of s that no face draws, in order of
// first appearance, or nil. Control characters (line breaks, tabs) are not
// glyphs and are never reported.
func (m *Measurer) Missing(s string) []rune {
	var out []rune
	for _, r := range s {
		if isControl(r) || m.FaceFor(r) >= 0 || slices.Contains(out, r) {
			continue
		}
		out = append(out, r)
	}
	return out
}

func isLetterOrDigit(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
