package fonts

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"sort"
)

// Sentinel errors; the errors returned by this package wrap one of them, so
// callers can test with errors.Is.
var (
	// ErrInvalid reports truncated or malformed font data.
	ErrInvalid = errors.New("файл шрифта повреждён или не является шрифтом TrueType")
	// ErrUnsupported reports a well-formed font of a kind the renderers
	// cannot embed (CFF-based OpenType, TrueType collections).
	ErrUnsupported = errors.New("неподдерживаемый формат шрифта")
)

// maxRune is the largest valid Unicode code point.
const maxRune = 0x10FFFF

// Face is a parsed TrueType face. It is immutable after parsing and safe for
// concurrent use.
type Face struct {
	name      string
	data      []byte
	upem      int
	ascent    int
	descent   int
	numGlyphs int

	// bmp maps every BMP code point to its glyph index (0 = missing).
	bmp []uint16
	// supp holds the cmap groups above the BMP, sorted by start.
	supp []cmapGroup
	// adv is the advance width of every glyph, in font units.
	adv []uint16

	// sum is the SHA-256 of data when summed: a Library records the sum
	// it keys the face by, so that users of Sum do not hash the font again.
	sum    [sha256.Size]byte
	summed bool
}

// cmapGroup maps the runes start..end to consecutive glyphs from glyph.
type cmapGroup struct {
	start, end rune
	glyph      uint32
}

// Name returns the face's PostScript-like name (no spaces), for example
// "LiberationSerif-Bold".
func (f *Face) Name() string { return f.name }

// Data returns the raw TrueType bytes of the face, as needed to embed the
// font program in a PDF. The slice is shared and must not be modified.
func (f *Face) Data() []byte { return f.data }

// Sum returns the SHA-256 of Data(). Faces from a Library carry the sum
// the library keyed them by (for built-in fonts a table made at build time),
// so calling it costs nothing; it identifies the font program, e.g. for a
// PDF subset tag, without hashing hundreds of kilobytes per call.
func (f *Face) Sum() [sha256.Size]byte {
	if f.summed {
		return f.sum
	}
	return sha256.Sum256(f.data)
}

// UnitsPerEm returns the size of the em square in font units.
func (f *Face) UnitsPerEm() int { return f.upem }

// Ascent returns the typographic ascent (hhea ascender) in font units.
func (f *Face) Ascent() int { return f.ascent }

// Descent returns the typographic descent (hhea descender) in font units;
// as in the font, it is negative for descents below the baseline.
func (f *Face) Descent() int { return f.descent }

// NumGlyphs returns the number of glyphs in the face (maxp.numGlyphs).
func (f *Face) NumGlyphs() int { return f.numGlyphs }

// GlyphIndex returns the glyph that the cmap assigns to r, or 0 (.notdef)
// when the face does not draw r.
func (f *Face) GlyphIndex(r rune) uint16 {
	if r >= 0 && r < rune(len(f.bmp)) { // len 65536 once parsed
		return f.bmp[r]
	}
	if r > maxRune || len(f.supp) == 0 {
		return 0
	}
	i := sort.Search(len(f.supp), func(i int) bool { return f.supp[i].end >= r })
	if i == len(f.supp) || f.supp[i].start > r {
		return 0
	}
	g := f.supp[i].glyph + uint32(r-f.supp[i].start)
	if g >= uint32(f.numGlyphs) {
		return 0
	}
	return uint16(g)
}

// GlyphAdvance returns the advance width of glyph g in font units, or 0 for
// a glyph index outside the face.
func (f *Face) GlyphAdvance(g uint16) int {
	if int(g) >= len(f.adv) {
		return 0
	}
	return int(f.adv[g])
}

// Has reports whether the cmap maps r to a glyph other than .notdef.
func (f *Face) Has(r rune) bool { return f.GlyphIndex(r) != 0 }

// Advance returns the advance width of r in font units, or 0 when the face
// does not draw r.
func (f *Face) Advance(r rune) int {
	if g := f.GlyphIndex(r); g != 0 {
		return f.GlyphAdvance(g)
	}
	return 0
}

// NotdefAdvance returns the advance width of glyph 0 (.notdef), the box a
// viewer draws for a character the face lacks.
func (f *Face) NotdefAdvance() int { return f.GlyphAdvance(0) }

// String returns the face name, for diagnostics.
func (f *Face) String() string { return fmt.Sprintf("fonts.Face(%s)", f.name) }
