package pdf

import (
	"math"
	"unicode/utf8"
)

// Tracking: the last resort of a justified line. Optimal breaking keeps
// the spaces of a justified line within twice their width wherever the
// paragraph allows (typo.AppendBreak); where it does not — a narrow list
// item, a paragraph whose only better breaks would stack a third hyphen —
// a versions that breaks optimally spreads what the spaces would take
// beyond twice their width over the gaps between letters, by no more than
// maxTracking of an em, as pdfTeX's font expansion and InDesign's letter
// spacing do. Released versions never track: their bytes stay.
const (
	// maxGapSpaces: a stretched space at most this many normal ones. The
	// issue's bound is 2; a reader advances glyphs by the font's widths
	// rounded to thousandths of an em (the PDF's /W), which over a word
	// widens a gap by up to 0.05 of a space, so lines aim a little below.
	maxGapSpaces = 1.95
	maxTracking  = 0.03 // em between two letters at most
)

// tracking returns the character spacing and the gap between words for a
// justified line of n words of total width sum, set width wide, whose
// spaces would otherwise be gap wide; space is the normal space.
func tracking(words []string, n int, sum, width, gap, space, size float64) (tc, newGap float64) {
	if gap <= maxGapSpaces*space {
		return 0, gap
	}
	// Letter gaps: inside words only, the last glyph's spacing is not seen.
	letters := 0
	for _, w := range words {
		if w != "" {
			letters += utf8.RuneCountInString(w) - 1
		}
	}
	if letters <= 0 {
		return 0, gap
	}
	excess := (gap - maxGapSpaces*space) * float64(n-1)
	// The content stream writes hundredths of a point: round up to them
	// (the gaps end a little narrower), so that the line drawn is the
	// line laid out.
	tc = min(math.Ceil(excess/float64(letters)*100)/100, math.Floor(maxTracking*size*100)/100)
	if tc <= 0 {
		return 0, gap
	}
	return tc, (width - sum - tc*float64(letters)) / float64(n-1)
}

// textTracked is text with character spacing tc: each glyph is followed by
// tc more. It returns the width of s as seen, from its first glyph to the
// end of its last (the spacing after the last glyph is not counted, so the
// line ends flush).
func (l *layout) textTracked(x, y float64, style int, size float64, s string, minX, maxX, tc float64) float64 {
	m := l.measurer(style, size)
	start := x
	for s != "" {
		f, n, w := m.Run(s)
		w += tc * float64(utf8.RuneCountInString(s[:n]))
		l.cur.ops = append(l.cur.ops, op{kind: opText, face: faceRef{uint8(style), uint8(f)}, x: x, y: y, x2: tc, w: w, size: size, text: s[:n], minX: minX, maxX: maxX})
		x += w
		s = s[n:]
	}
	last := &l.cur.ops[len(l.cur.ops)-1]
	last.w -= tc
	return x - tc - start
}
