package typo

import (
	"math"
	"strings"
	"sync"
	"unicode/utf8"
)

// BreakOptions say how AppendBreak sets a paragraph.
type BreakOptions struct {
	Width       float64 // the measure, points
	FirstIndent float64 // the first line (of the whole text) is this much narrower: the paragraph indent
	Justify     bool    // lines but each paragraph's last are stretched to Width; else ragged right (cells)
	// Hyphenate appends the hyphenation points of a word (rune indices, ascending; contract of
	// appendHyphenPoints in hyphen.go). nil: words are hyphenated only when wider than the line, by the
	// existing rule-based appendHyphenPoints, exactly as AppendWrap does.
	Hyphenate func(dst []int, word string) []int
	// MaxHyphenRun is the most consecutive lines ending in a hyphen; 0 means 2.
	// Values above 8 are taken as 8: the breaker keeps a state per run length.
	MaxHyphenRun int
}

// maxHyphenRunCap bounds the per-run-length node states (see MaxHyphenRun).
const maxHyphenRunCap = 8

// AppendBreak breaks text into lines by total fit (Knuth–Plass) and appends them to dst (same Line type as
// AppendWrap: Text ends with the added "-" when Hyphen; Width is the natural width as Measurer.Width(Text)).
//
// The input conventions are AppendWrap's: '\n' (or "\r\n") separates
// paragraphs and an empty paragraph gives an empty line; runs of ordinary
// spaces are break points and are dropped at a break; U+00A0 and U+202F
// never break; a line may end after a hyphen, dash or "/" inside a word
// without adding anything; leading spaces of a paragraph are kept when the
// first unit fits with them. A unit wider than the line is hyphenated and,
// where that is not enough, broken between runes, so no line is wider than
// its measure unless it holds a single rune wider than it.
//
// Each paragraph is set as a whole: the breaks minimise the sum of the
// lines' demerits, TeX's measure of how far each line's spaces must stretch
// or shrink, with extra demerits for hyphens and for very loose lines next
// to tight ones. Justified text is set with hyphenation (Hyphenate) and
// spaces at most 2× their width, then without a limit (a pass without
// hyphenation first, as TeX's, rarely succeeds in Russian); ragged text
// first tries without hyphenation. No more than MaxHyphenRun
// lines in a row end in a hyphen and a paragraph's penultimate line is not
// hyphenated unless nothing else is possible. Ragged-right text measures
// the unfilled end of each line instead, so line ends are even, and avoids
// leaving a short word alone on a cell's last line.
//
// Justified lines may also shrink their spaces, to no less than 2/3 of
// their width (TeX's shrink of a third): such a line, not a paragraph's
// last, may be wider than Width by up to a third of its spaces' width, and
// its renderer must set it to Width. Other lines are never wider than
// their measure.
//
// The work is linear in len(text) in practice: widths are prefix sums of
// cached glyph widths and the set of candidate line starts is bounded.
// Lines share memory with text; only hyphenated lines allocate.
func AppendBreak(dst []Line, m *Measurer, text string, o BreakOptions) []Line {
	b := breakerPool.Get().(*breaker)
	b.init(m, o)
	b.dst = dst
	first := true
	for {
		i := strings.IndexByte(text, '\n')
		if i < 0 {
			b.paragraph(text, first)
			break
		}
		b.paragraph(strings.TrimSuffix(text[:i], "\r"), first)
		first = false
		text = text[i+1:]
	}
	dst = b.dst
	b.release()
	return dst
}

var breakerPool = sync.Pool{New: func() any { return new(breaker) }}

// Kinds of breakpoints.
const (
	bkGlue     uint8 = iota // at a run of spaces, dropped at the break
	bkExplicit              // after a hyphen, dash or "/" inside a word
	bkHyphen                // a hyphenation point: "-" is added
	bkHard                  // between runes of a unit too wide for a line
	bkFinal                 // the end of the paragraph
)

// breakpoint is a place where a line may end. Widths and space counts are
// prefix sums from the paragraph start, so a line's width is a difference.
type breakpoint struct {
	end, start     int   // the line before ends at p[:end], the next starts at p[start:]
	wEnd, wStart   int64 // fixed-point widths of p[:end] and p[:start]
	spEnd, spStart int32 // stretchable spaces in the same prefixes
	kind           uint8
	hyphenLike     bool  // the line ending here ends in a visible hyphen
	tie            bool  // a space that should not break (ruleTie): broken only when nothing else fits
	unit           int32 // 1 + the index in breaker.units of the unit ending here when it may be hyphenated
}

// unit is a word that may be hyphenated. Its hyphenation points are found
// only when a pass reaches its end with a line from an active node that
// could end inside it (see run): in most of a paragraph the line from the
// earliest active node is still too short there, and the word is never
// looked up.
type unit struct {
	us     int   // its first byte
	uw     int64 // the paragraph's width before it
	runes  int32
	h0, h1 int32 // its points in breaker.hbps; h0 < 0 until they are found
}

// node is a feasible break: the best way found to set the paragraph up to
// bp with the last line in fitness class fit.
type node struct {
	total float64 // demerits up to here
	prev  int32   // index in breaker.nodes of the previous break, -1 at the start
	bp    int32   // index in breaker.bps, -1 for the paragraph start, -2-i for breaker.hbps[i]
	ord   int32   // the order in which the pass reached its breakpoint (0: the paragraph start)
	fit   uint8   // fitness class of the line ending here
	run   uint8   // lines in a row ending in a hyphen, this one included
	// Where the next line starts, copied from the breakpoint (or the
	// paragraph start) so that the search reads one node, not two arrays.
	hy    bool  // the line ending here ends in a visible hyphen
	kind  uint8 // the breakpoint's kind
	sSp   int32 // stretchable spaces before the next line
	sW    int64 // width before the next line
	start int   // byte where the next line starts
}

// breaker holds the state of one AppendBreak call; it is pooled so that its
// buffers are reused.
type breaker struct {
	m             *Measurer
	o             BreakOptions
	maxRun        int
	limit, limit0 int64 // line measures in fixed point
	space, hyphen int64
	raggedStretch float64
	hyphenPenalty float64
	dst           []Line
	bps           []breakpoint
	hbps          []breakpoint // hyphenation points of units, found as passes need them
	units         []unit
	nodes         []node
	active, path  []int32
	pts           []int
	cands         []cand
	p             string
	start         int   // byte where the paragraph's first line starts
	wStart        int64 // its prefix width
	firstLimit    int64 // measure of the paragraph's first line
	pass          pass
	done          bool // a pass that stopped set the paragraph
}

// cand is the best line found ending at the current breakpoint for one
// fitness class and hyphen run length.
type cand struct {
	total float64
	prev  int32
	gen   int32 // the breakpoint it was found at, plus one; others are stale
}

func (b *breaker) init(m *Measurer, o BreakOptions) {
	b.m, b.o = m, o
	b.maxRun = o.MaxHyphenRun
	if b.maxRun <= 0 {
		b.maxRun = 2
	}
	b.maxRun = min(b.maxRun, maxHyphenRunCap)
	b.limit = limitFx(o.Width)
	indent := o.FirstIndent
	if !(indent > 0) || math.IsInf(indent, 0) {
		indent = 0
	}
	b.limit0 = limitFx(o.Width - indent)
	b.space, b.hyphen = m.fx(' '), m.fx('-')
	// Ragged right: the end of each line may stay empty up to a few ems
	// at little cost (TeX's \raggedright uses 2 em; 3 em is kinder to the
	// long words of narrow cells).
	b.raggedStretch = 3 * m.size * fxOne
	b.hyphenPenalty = hyphenPenaltyJustified
	if !o.Justify {
		b.hyphenPenalty = hyphenPenaltyRagged
	}
	n := 4 * (b.maxRun + 1)
	if cap(b.cands) < n {
		b.cands = make([]cand, n)
	}
	b.cands = b.cands[:n]
}

// release drops references to caller memory and returns b to the pool;
// oversized buffers (a huge paragraph) are not kept.
func (b *breaker) release() {
	b.m, b.dst, b.p, b.o.Hyphenate = nil, nil, "", nil
	if cap(b.bps) > 1<<14 || cap(b.hbps) > 1<<14 || cap(b.nodes) > 1<<15 {
		return
	}
	breakerPool.Put(b)
}

// paragraph sets one paragraph (text without '\n').
func (b *breaker) paragraph(p string, first bool) {
	b.p = p
	b.firstLimit = b.limit
	if first {
		b.firstLimit = b.limit0
	}
	if strings.TrimLeft(p, " ") == "" {
		b.dst = append(b.dst, Line{})
		return
	}
	// A paragraph that fits its first line is that line: most cells. It
	// is measured before it is scanned, which costs several times more.
	if p[0] != ' ' {
		text := strings.TrimRight(p, " ")
		var w int64
		for i := 0; i < len(text) && w <= b.firstLimit; {
			r, size := decode(text, i)
			w += b.m.fx(r)
			i += size
		}
		if w <= b.firstLimit {
			b.dst = append(b.dst, Line{Text: text, Width: fromFx(w)})
			return
		}
	}
	b.scan()
	if n := len(b.bps); n > 0 {
		// The same, with leading spaces (kept when they fit).
		if f := &b.bps[n-1]; f.kind == bkFinal && f.wEnd-b.wStart <= b.firstLimit {
			b.dst = append(b.dst, Line{Text: b.p[b.start:f.end], Width: fromFx(f.wEnd - b.wStart)})
			return
		}
	}
	// Without hyphenation a justified Russian paragraph rarely sets within
	// the pretolerance (2 of seed 000's 12 do): that pass is tried for
	// ragged text only, where it mostly succeeds.
	if !b.o.Justify && b.run(tolPretolerance, rulesAll, false) {
		return
	}
	// The penultimate hyphen is given up before the gap limit; the limit
	// before the hyphen run. Without the rules a solution always exists
	// (see run).
	hy := b.o.Hyphenate != nil
	if b.run(tolTolerance, rulesAll, hy) || b.run(tolTolerance, ruleRun|ruleTie, hy) ||
		b.run(math.Inf(1), ruleRun|ruleTie, hy) || b.run(math.Inf(1), ruleTie, hy) {
		return
	}
	b.run(math.Inf(1), 0, hy)
}

// scan fills b.bps with the breakpoints of b.p and, when o.Hyphenate is
// set, b.units with the words that may break at the points it gives.
func (b *breaker) scan() {
	p, m := b.p, b.m
	hyphenate := b.o.Hyphenate != nil
	b.bps, b.hbps, b.units = b.bps[:0], b.hbps[:0], b.units[:0]
	i := 0
	for i < len(p) && p[i] == ' ' {
		i++
	}
	lead := i
	cum := int64(lead) * b.space
	var sp int32
	b.start, b.wStart = lead, cum
	firstUnit := true
	for i < len(p) {
		us, uw := i, cum
		runes := int32(0)
		for i < len(p) && p[i] != ' ' {
			r, size := decode(p, i)
			cum += m.fx(r)
			i += size
			runes++
			if isBreakAfter(r) && i-size > us && i < len(p) && p[i] != ' ' {
				if next, _ := utf8.DecodeRuneInString(p[i:]); !isBreakAfter(next) {
					break
				}
			}
		}
		ue, ufx := i, cum-uw
		lim := b.limit
		if firstUnit {
			lim = b.firstLimit
			// Leading spaces of the paragraph are kept when they fit.
			if lead > 0 && uw+ufx <= lim {
				b.start, b.wStart = 0, 0
			}
			firstUnit = false
		}
		var un int32
		switch {
		case ufx > lim:
			b.splitWide(us, ue, uw, lim)
		case hyphenate && runes >= 2*minHyphenMin:
			// Shorter units hold no run of letters long enough to
			// hyphenate («в», «для»).
			b.units = append(b.units, unit{us: us, uw: uw, runes: runes, h0: -1})
			un = int32(len(b.units))
		}
		gs := i
		for i < len(p) && p[i] == ' ' {
			i++
		}
		switch {
		case i == len(p):
			// trailing spaces are dropped
		case i > gs:
			n := int32(i - gs)
			w := int64(n) * b.space
			// "1 024", "12 %", "10 ч", "п. 3": a thousands separator, and
			// the space between a number and its unit or its reference
			// word, are ties — broken only when the pair is wider than a
			// line (the greedy breaker of the released versions breaks
			// them anywhere).
			tie := n == 1 && (digitGroup(p, ue, i) || numberUnit(p, us, ue, i))
			b.bps = append(b.bps, breakpoint{end: ue, start: i, wEnd: cum, wStart: cum + w,
				spEnd: sp, spStart: sp + n, kind: bkGlue, tie: tie, unit: un})
			un = 0
			cum += w
			sp += n
		default:
			last, _ := utf8.DecodeLastRuneInString(p[:ue])
			b.bps = append(b.bps, breakpoint{end: ue, start: ue, wEnd: cum, wStart: cum,
				spEnd: sp, spStart: sp, kind: bkExplicit, hyphenLike: last == '-' || last == '\u2010', unit: un})
			un = 0
		}
		if i == len(p) {
			b.bps = append(b.bps, breakpoint{end: ue, start: ue, wEnd: cum, wStart: cum,
				spEnd: sp, spStart: sp, kind: bkFinal, unit: un})
		}
	}
}

// hyphenPoints returns the hyphenation points of word: o.Hyphenate's, or
// the rule-based ones when it is nil (wide units only).
func (b *breaker) hyphenPoints(word string) []int {
	if b.o.Hyphenate != nil {
		b.pts = b.o.Hyphenate(b.pts[:0], word)
	} else {
		b.pts = appendHyphenPoints(b.pts[:0], word)
	}
	return b.pts
}

// points finds the hyphenation points of unit u, which ends at breakpoint
// end (whose stretchable spaces before it are the points' too), and
// appends them to b.hbps.
func (b *breaker) points(u *unit, end *breakpoint) {
	u.h0 = int32(len(b.hbps))
	pts := b.hyphenPoints(b.p[u.us:end.end])
	i, w, ri, last := u.us, u.uw, 0, 0
	for _, pt := range pts {
		// Hyphenate is caller code: points out of order or range are
		// skipped. A break before rune pt is after rune pt-1.
		if pt <= last || pt >= int(u.runes) || pt < 1 {
			continue
		}
		last = pt
		for ri < pt {
			r, size := decode(b.p, i)
			w += b.m.fx(r)
			i += size
			ri++
		}
		b.hbps = append(b.hbps, breakpoint{end: i, start: i, wEnd: w, wStart: w,
			spEnd: end.spEnd, spStart: end.spEnd, kind: bkHyphen, hyphenLike: true})
	}
	u.h1 = int32(len(b.hbps))
}

// spAt returns the stretchable spaces before the current scan position:
// inside a unit it is that of the last breakpoint.
func (b *breaker) spAt() int32 {
	if len(b.bps) == 0 {
		return 0
	}
	return b.bps[len(b.bps)-1].spStart
}

// splitWide makes the unit p[us:ue], wider than lim, breakable: at its
// hyphenation points and, inside a piece between them that does not fit a
// line with its hyphen, between any two runes; such a piece's hyphenation
// point may also be taken without a hyphen. So every piece from one
// breakpoint to the next fits a line, or is one rune, which run relies on.
func (b *breaker) splitWide(us, ue int, uw, lim int64) {
	p := b.p
	pts := b.hyphenPoints(p[us:ue])
	sp := b.spAt()
	add := func(pos int, w int64, kind uint8) {
		b.bps = append(b.bps, breakpoint{end: pos, start: pos, wEnd: w, wStart: w,
			spEnd: sp, spStart: sp, kind: kind, hyphenLike: kind == bkHyphen})
	}
	// Walk the pieces between hyphenation points (rune indices in pts).
	k, last := 0, 0
	ps, pw, ri := us, uw, 0 // piece start, its prefix width, rune index
	for ps < ue {
		for k < len(pts) && (pts[k] <= last || pts[k] <= ri) {
			k++
		}
		// Find the piece end and width.
		pe, w, rj := ps, pw, ri
		for pe < ue && (k >= len(pts) || rj < pts[k]) {
			r, size := decode(p, pe)
			w += b.m.fx(r)
			pe += size
			rj++
		}
		hyph := pe < ue
		need := w - pw
		if hyph {
			need += b.hyphen
		}
		wide := need > lim
		if wide {
			for q, qw := ps, pw; ; {
				r, size := decode(p, q)
				q += size
				qw += b.m.fx(r)
				if q >= pe {
					break
				}
				add(q, qw, bkHard)
			}
		}
		if hyph {
			last = rj
			add(pe, w, bkHyphen)
			if wide {
				add(pe, w, bkHard)
			}
		}
		ps, pw, ri = pe, w, rj
	}
}

// digitGroup reports whether the space p[ue:i] separates digit groups:
// a digit before it, exactly three digits after it.
func digitGroup(p string, ue, i int) bool {
	if ue == 0 || !isDigit(p[ue-1]) || i+3 > len(p) {
		return false
	}
	for k := i; k < i+3; k++ {
		if !isDigit(p[k]) {
			return false
		}
	}
	return i+3 == len(p) || !isDigit(p[i+3])
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// Units of measure a number is kept with, and the reference words kept
// with the number after them (a following "." is part of the word).
var (
	unitWords = map[string]bool{"%": true, "‰": true, "°": true, "°C": true, "ч": true, "час": true, "мин": true,
		"сек": true, "кг": true, "г": true, "т": true, "км": true, "м": true, "см": true, "мм": true, "л": true,
		"га": true, "руб": true, "коп": true, "тыс": true, "млн": true, "млрд": true, "чел": true, "шт": true,
		"ед": true, "балл": true, "баллов": true, "балла": true, "гг": true}
	numberWords = map[string]bool{"п": true, "пп": true, "ст": true, "стр": true, "гл": true, "рис": true,
		"табл": true, "прил": true, "разд": true, "ч": true, "с": true, "т": true, "№": true}
)

// numberUnit reports whether the space p[ue:i] after the unit p[us:ue]
// joins a number to its unit of measure («12 %», «10 ч», «15 чел.») or a
// reference word to its number («п. 3», «ст. 12»).
func numberUnit(p string, us, ue, i int) bool {
	switch {
	case ue > us && isDigit(p[ue-1]):
		next := i
		for next < len(p) && p[next] != ' ' {
			next++
		}
		return unitWords[strings.TrimRight(p[i:next], ".,;:)»")]
	case i < len(p) && isDigit(p[i]):
		prev := strings.TrimLeft(p[us:ue], "(«")
		return prev == "№" || strings.HasSuffix(prev, ".") && numberWords[prev[:len(prev)-1]]
	}
	return false
}
