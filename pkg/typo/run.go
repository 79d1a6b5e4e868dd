package typo

import "unicode/utf8"

// Run splits off the first run of s: the longest prefix whose runes are
// drawn by one face, counting a rune no face draws (and a control
// character) as the primary face's, which is how a renderer shows it. It
// returns that face's index in Font.Faces, the prefix's length in bytes and
// its width, exactly Width of the prefix (fixed-point sums are exact). A
// renderer placing text measured each run again after finding its face
// rune by rune; this is one pass. An empty s gives (0, 0, 0).
func (m *Measurer) Run(s string) (face, n int, width float64) {
	var sum int64
	face = -1
	for n < len(s) {
		// decode, inlined by hand as in Width.
		r, size := rune(s[n]), 1
		if r >= utf8.RuneSelf {
			if r >= 0xC2 && r < 0xE0 && n+1 < len(s) && s[n+1]&0xC0 == 0x80 {
				r, size = (r&0x1F)<<6|rune(s[n+1]&0x3F), 2
			} else {
				r, size = utf8.DecodeRuneInString(s[n:])
			}
		}
		var w int64
		var f int
		if uint32(r) < loLen {
			w, f = int64(m.lo[r]), int(m.loFace[r])
		} else {
			w, f = m.fxFace(r)
		}
		f = max(f, 0)
		if face < 0 {
			face = f
		} else if f != face {
			break
		}
		sum += w
		n += size
	}
	return max(face, 0), n, fromFx(sum)
}

// fxFace is fx and FaceFor of r in one look-up.
func (m *Measurer) fxFace(r rune) (int64, int) {
	if uint32(r) < loLen {
		return int64(m.lo[r]), int(m.loFace[r])
	}
	if u := uint32(r) - punctBase; u < punctLen {
		return int64(m.punct[u]), int(m.punctFce[u])
	}
	w, f := m.lookup(r)
	return int64(w), int(f)
}
