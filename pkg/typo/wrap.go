package typo

import (
	"strings"
	"unicode/utf8"
)

// Line is one output line of Wrap.
type Line struct {
	// Text is the line's text. When Hyphen is set, it ends with the "-"
	// added by hyphenation.
	Text string
	// Width is the advance width of Text in points, exactly as
	// Measurer.Width(Text) reports it.
	Width float64
	// Hyphen reports that the line ends in a word broken by hyphenation and
	// that Text includes the added trailing "-".
	Hyphen bool
}

// Wrap breaks text into lines no wider than width points; see AppendWrap.
func Wrap(m *Measurer, text string, width float64) []Line {
	// Guess the number of lines to allocate once in the common case: a
	// line holds about width/(size/2) characters of 1 to 2 bytes.
	est := 1
	if width > 0 && m.size > 0 {
		est += int(min(float64(len(text))*m.size/(3*width), 1<<12))
	}
	return AppendWrap(make([]Line, 0, est), m, text, width)
}

// AppendWrap breaks text into lines no wider than width points, appends
// them to dst and returns the extended slice. Lines share memory with text
// (only hyphenated lines allocate), so a caller reusing dst wraps without
// allocating.
//
// Breaking rules, applied greedily line by line:
//   - '\n' (or "\r\n") ends a line; empty lines are kept, and an empty text
//     gives one empty line.
//   - Lines break at runs of ordinary spaces U+0020; the run is dropped at a
//     break (and at the end of a paragraph), other text is kept as given,
//     including leading spaces of a paragraph when the first word fits with
//     them. No-break spaces U+00A0 and U+202F never break.
//   - A line may also end after a hyphen or dash inside a word (-, U+2010,
//     U+2012–U+2014) or after "/", without adding anything: "ИКТ-" /
//     "поддержке". U+2011 NON-BREAKING HYPHEN does not break.
//   - A unit (the text between two break opportunities) wider than width is
//     hyphenated with Hyphenate, filling the current line first; the
//     added "-" is counted. Without a fitting hyphenation point the unit is
//     broken after the longest prefix that fits, at least one rune per line;
//     the rest of a hard-broken unit is not hyphenated.
//
// No line is wider than width unless it holds a single rune wider than
// width. The work is linear in len(text): widths are accumulated as the
// text is scanned, never re-measured from a line start.
func AppendWrap(dst []Line, m *Measurer, text string, width float64) []Line {
	w := wrapper{
		m:      m,
		limit:  limitFx(width),
		space:  m.fx(' '),
		hyphen: m.fx('-'),
		dst:    dst,
	}
	for {
		i := strings.IndexByte(text, '\n')
		if i < 0 {
			w.paragraph(text)
			return w.dst
		}
		w.paragraph(strings.TrimSuffix(text[:i], "\r"))
		text = text[i+1:]
	}
}

// wrapper holds the state of one AppendWrap call.
type wrapper struct {
	m             *Measurer
	limit         int64
	space, hyphen int64
	dst           []Line

	// The current line is p[start:end] with width lw; start < 0 when empty.
	p          string
	start, end int
	lw         int64
}

func (w *wrapper) emit(text string, fx int64, hyphen bool) {
	w.dst = append(w.dst, Line{Text: text, Width: fromFx(fx), Hyphen: hyphen})
}

// flush emits the current line and empties it.
func (w *wrapper) flush() {
	w.emit(w.p[w.start:w.end], w.lw, false)
	w.start = -1
}

// isBreakAfter reports characters after which a line may end inside a word.
func isBreakAfter(r rune) bool {
	switch r {
	case '-', '/', '\u2010', '\u2012', '\u2013', '\u2014':
		return true
	}
	return false
}

// paragraph wraps one paragraph (text without '\n').
func (w *wrapper) paragraph(p string) {
	w.p, w.start, w.end, w.lw = p, -1, 0, 0
	before := len(w.dst)
	i := 0
	for i < len(p) {
		// The gap: a run of ordinary spaces before the unit.
		gs := i
		for i < len(p) && p[i] == ' ' {
			i++
		}
		if i == len(p) {
			break // trailing spaces are dropped
		}
		gap := int64(i-gs) * w.space
		// The unit: up to the next space or break-after character.
		us, ufx := i, int64(0)
		for i < len(p) && p[i] != ' ' {
			// decode, inlined by hand: this is the hot loop.
			c, r, size := p[i], rune(p[i]), 1
			switch {
			case c < utf8.RuneSelf:
			case c >= 0xC2 && c < 0xE0 && i+1 < len(p) && p[i+1]&0xC0 == 0x80:
				r, size = rune(c&0x1F)<<6|rune(p[i+1]&0x3F), 2
			default:
				r, size = utf8.DecodeRuneInString(p[i:])
			}
			ufx += w.m.fx(r)
			i += size
			if isBreakAfter(r) && i-size > us && i < len(p) && p[i] != ' ' {
				if next, _ := utf8.DecodeRuneInString(p[i:]); !isBreakAfter(next) {
					break
				}
			}
		}
		w.place(gs, us, i, gap, ufx)
	}
	switch {
	case w.start >= 0:
		w.flush()
	case len(w.dst) == before:
		w.emit("", 0, false) // an empty paragraph is an empty line
	}
}

// place adds the unit p[us:ue] of width ufx, preceded by the gap p[gs:us]
// of width gap, to the current line.
func (w *wrapper) place(gs, us, ue int, gap, ufx int64) {
	if w.start < 0 {
		switch {
		case gs == 0 && gs < us && gap+ufx <= w.limit:
			// Leading spaces of the paragraph are kept when they fit.
			w.start, w.end, w.lw = gs, ue, gap+ufx
		case ufx <= w.limit:
			w.start, w.end, w.lw = us, ue, ufx
		default:
			w.breakUnit(us, ue, 0)
		}
		return
	}
	if w.lw+gap+ufx <= w.limit {
		w.end, w.lw = ue, w.lw+gap+ufx
		return
	}
	if ufx <= w.limit {
		w.flush()
		w.start, w.end, w.lw = us, ue, ufx
		return
	}
	w.breakUnit(us, ue, gap)
}

// breakUnit places the unit p[us:ue], which is wider than the limit, by
// hyphenation or, failing that, by a hard break. gap is the width of the
// spaces before the unit when the current line is not empty.
func (w *wrapper) breakUnit(us, ue int, gap int64) {
	p := w.p
	// Hyphenation points as byte offsets into p.
	var ptsBuf [32]int
	pts := appendHyphenPoints(ptsBuf[:0], p[us:ue])
	for k, ri, bi := 0, 0, us; k < len(pts); {
		if ri == pts[k] {
			pts[k] = bi
			k++
			continue
		}
		_, size := utf8.DecodeRuneInString(p[bi:])
		bi += size
		ri++
	}
	kStart := 0 // first point in pts that may follow pos
	pos := us
	for pos < ue {
		k := kStart
		avail := w.limit
		if w.start >= 0 {
			avail -= w.lw + gap
		}
		// Scan forward from pos, remembering the last hyphenation point
		// and the last rune boundary that fit.
		var acc, bestW, hardW int64
		best, hard, kBest := -1, -1, 0
		j, runes := pos, 0
		fitsAll := false
		for j < ue {
			r, size := decode(p, j)
			acc += w.m.fx(r)
			j += size
			runes++
			if acc > avail {
				break
			}
			hard, hardW = j, acc
			if j == ue {
				fitsAll = true
				break
			}
			for k < len(pts) && pts[k] < j {
				k++
			}
			// At least two runes before the hyphen, even when pos is in
			// the middle of a word after a hard break.
			if k < len(pts) && pts[k] == j && runes >= 2 && acc+w.hyphen <= avail {
				best, bestW, kBest = j, acc, k
			}
		}
		switch {
		case fitsAll:
			if w.start < 0 {
				w.start, w.end, w.lw = pos, ue, acc
			} else {
				w.end, w.lw = ue, w.lw+gap+acc
			}
			return
		case best >= 0:
			if w.start < 0 {
				w.emit(p[pos:best]+"-", bestW+w.hyphen, true)
			} else {
				w.emit(p[w.start:best]+"-", w.lw+gap+bestW+w.hyphen, true)
				w.start = -1
			}
			pos, kStart = best, kBest+1
		case w.start >= 0:
			// Nothing fits after the current line's text: start afresh.
			w.flush()
		default:
			if hard < 0 { // not even one rune fits: take one anyway
				r, size := utf8.DecodeRuneInString(p[pos:])
				hard, hardW = pos+size, w.m.fx(r)
			}
			w.emit(p[pos:hard], hardW, false)
			pos = hard
			// The rest of a hard-broken word is not hyphenated: its
			// pieces would not be syllables.
			pts = pts[:0]
		}
		gap = 0
	}
}
