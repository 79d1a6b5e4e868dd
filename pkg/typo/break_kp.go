package typo

import (
	"math"
	"unicode/utf8"
)

// Knuth–Plass parameters. The names and most values are TeX's (plain TeX
// sets linepenalty 10, hyphenpenalty 50, doublehyphendemerits 10000,
// finalhyphendemerits 5000, adjdemerits 10000); the tolerances are ratios
// of stretch rather than badness: r ≤ 1 is TeX's pretolerance 100, r ≤ 2 a
// tolerance of 800, the largest gap the typesetting issue allows (2× the
// normal space with a stretch of half a space).
const (
	tolPretolerance        = 1.0
	tolTolerance           = 2.0
	linePenalty            = 10
	hyphenPenaltyJustified = 50
	// Ragged lines need no hyphen to be filled: hyphenate only when it
	// saves a very uneven line.
	hyphenPenaltyRagged = 200
	// Breaking after an explicit hyphen or "/" costs next to nothing.
	explicitPenalty = 30
	// A hard break inside an unhyphenatable unit is a last resort.
	hardPenalty = 1000
	// tieDemerits: a tie broken in the last pass, where a pair is wider
	// than a line; far above any line, so only the ties that must break do.
	tieDemerits          = 1e18 // above a hundred lines of infinite badness (1e14 each)
	doubleHyphenDemerits = 10000
	finalHyphenDemerits  = 5000
	adjDemerits          = 10000
	// lonelyDemerits: a short word alone on the last line of a ragged
	// paragraph (a table cell) costs as much as a line with its end 2.2 ×
	// 3 em empty, so a word moves down when the line above stays within
	// the pass's tolerance.
	lonelyDemerits = 1e6
	lonelyFraction = 1.0 / 3
	// infBad is the badness of a line that cannot be filled (no space to
	// stretch) or is one rune wider than the measure.
	infBad = 1e7
	// maxActive bounds the candidate line starts kept at once, which keeps
	// breaking linear in the paragraph's length.
	maxActive = 40
)

// Fitness classes, as in TeX: adjacent lines more than one class apart
// cost adjDemerits.
const (
	fitVeryLoose uint8 = iota
	fitLoose
	fitDecent
	fitTight
)

func fitness(r float64) uint8 {
	switch {
	case r < -0.5:
		return fitTight
	case r <= 0.5:
		return fitDecent
	case r <= 1:
		return fitLoose
	}
	return fitVeryLoose
}

// Rules run may enforce; without them their cases cost demerits only.
const (
	ruleRun         uint8 = 1 << iota // at most maxRun hyphenated lines in a row
	rulePenultimate                   // the penultimate line is not hyphenated
	ruleTie                           // no break at a tie (a number and its unit, "1 024")
	rulesAll        = ruleRun | rulePenultimate | ruleTie
)

// pass is the state of one run over a paragraph's breakpoints.
type pass struct {
	tol               float64
	rules             uint8
	hyphenate         bool
	justify           bool
	shrinkK, stretchK float64
	runs              int
	ord               int32 // breakpoints reached so far
	anchor            int32 // ord of the latest non-hyphen breakpoint with nodes, 0 before one
}

// run sets b.p from b.bps, accepting lines with an adjustment ratio up to
// tol and enforcing rules; with hyphenate, words may also break at their
// hyphenation points. It appends the lines and reports true, or reports
// false when no set of feasible lines exists.
//
// Without rules and with an infinite tol, run always succeeds: at every
// breakpoint j that is not a hyphenation point, the node at the previous
// such breakpoint stays active (it is never pruned) and the line between
// them, one unit or one rune, is feasible.
func (b *breaker) run(tol float64, rules uint8, hyphenate bool) bool {
	b.nodes = append(b.nodes[:0], node{prev: -1, bp: -1, fit: fitDecent, kind: bkGlue, sW: b.wStart, start: b.start})
	for i := range b.cands {
		b.cands[i].gen = 0 // stamps of an earlier run
	}
	b.active = append(b.active[:0], 0)
	space := float64(b.space)
	b.pass = pass{tol: tol, rules: rules, hyphenate: hyphenate, justify: b.o.Justify,
		shrinkK: space / 3, stretchK: space / 2, runs: b.maxRun + 1}
	for j := range b.bps {
		bj := &b.bps[j]
		if bj.unit != 0 && hyphenate && !b.tooLoose(bj) {
			u := &b.units[bj.unit-1]
			if u.h0 < 0 {
				b.points(u, bj)
			}
			for h := u.h0; h < u.h1; h++ {
				if !b.step(&b.hbps[h], -2-h) {
					return false
				}
			}
		}
		if !b.step(bj, int32(j)) {
			return b.done
		}
	}
	return false
}

// tooLoose reports whether every line from an active node to a
// hyphenation point of the unit ending at bj is too loose for the pass:
// such a line is no wider than the one to bj with a hyphen added, and the
// first active node's line is the widest, with the most spaces.
func (b *breaker) tooLoose(bj *breakpoint) bool {
	ps := &b.pass
	if len(b.active) == 0 || math.IsInf(ps.tol, 1) {
		return false
	}
	a := &b.nodes[b.active[0]]
	lim := b.limit
	if a.bp == -1 {
		lim = b.firstLimit
	}
	slack := float64(lim - (bj.wEnd + b.hyphen - a.sW))
	if slack <= 0 {
		return false
	}
	if ps.justify {
		st := float64(bj.spEnd-a.sSp) * ps.stretchK
		return st <= 0 || slack > ps.tol*st
	}
	return b.raggedStretch <= 0 || slack > ps.tol*b.raggedStretch
}

// step takes the pass to breakpoint bj (ref is its node.bp): it drops the
// active nodes whose lines no longer fit and adds the nodes of the best
// lines ending at bj. It reports whether the pass goes on; when it stops,
// b.done says whether it set the paragraph.
func (b *breaker) step(bj *breakpoint, ref int32) bool {
	ps := &b.pass
	ps.ord++
	gen := ps.ord // a cand stamped otherwise is empty
	minTotal := math.Inf(1)
	kept := 0
	// The active nodes are in the order of their breakpoints, so lines
	// from them only get shorter, with fewer spaces: once one is too
	// loose for the pass, so are all that follow (kept as they are).
	loose := len(b.active)
nodes:
	for k, ai := range b.active {
		a := &b.nodes[ai]
		sStart, sW, sSp, prevHy, prevKind := a.start, a.sW, a.sSp, a.hy, a.kind
		lim := b.limit
		if a.bp == -1 {
			lim = b.firstLimit
		}
		natural := bj.wEnd - sW
		spaces := float64(bj.spEnd - sSp)
		shrink := 0.0
		if ps.justify && bj.kind != bkFinal {
			shrink = spaces * ps.shrinkK
		}
		oneRune := false
		if float64(natural)-shrink > float64(lim) {
			// Lines from a only get wider: a is done, unless the line
			// is a single rune, which is set overfull.
			if !singleRune(b.p[sStart:bj.end]) {
				continue
			}
			if bj.kind == bkHyphen {
				// The rune may still end a line at the hard break
				// that follows at the same place.
				b.active[kept] = ai
				kept++
				continue
			}
			oneRune = true
		} else {
			b.active[kept] = ai
			kept++
		}
		if bj.tie && ps.rules&ruleTie != 0 {
			continue
		}
		w := natural
		if bj.kind == bkHyphen {
			w += b.hyphen
		}
		slack := float64(lim - w)
		var r float64
		switch {
		case oneRune:
			r = math.Inf(1)
		case slack < 0:
			if shrink == 0 {
				continue // the added hyphen does not fit
			}
			if r = slack / shrink; r < -1 {
				continue
			}
		case bj.kind == bkFinal:
			r = 0 // \parfillskip: the last line may end anywhere
		case ps.justify:
			if st := spaces * ps.stretchK; st > 0 {
				if slack > ps.tol*st {
					loose = k + 1
					break nodes // too loose: no need to divide
				}
				r = slack / st
			} else if slack > 0 {
				r = math.Inf(1)
			}
		case b.raggedStretch > 0:
			if slack > ps.tol*b.raggedStretch {
				loose = k + 1
				break nodes
			}
			r = slack / b.raggedStretch
		case slack > 0:
			r = math.Inf(1)
		}
		if r > ps.tol {
			continue
		}
		bad := float64(infBad)
		if !math.IsInf(r, 1) {
			bad = min(100*math.Abs(r*r*r), infBad)
		}
		// Ragged lines stretch no spaces: a loose line next to a
		// tight one is not seen, so one fitness class does (and keeps a
		// quarter of the nodes).
		fit := fitDecent
		if ps.justify {
			fit = fitness(r)
		}
		d := (linePenalty + bad) * (linePenalty + bad)
		if bj.tie {
			d += tieDemerits
		}
		switch bj.kind {
		case bkExplicit:
			d += explicitPenalty * explicitPenalty
		case bkHyphen:
			d += b.hyphenPenalty * b.hyphenPenalty
		case bkHard:
			d += hardPenalty * hardPenalty
		}
		// The run counts hyphenation, the hyphens the breaker adds, as
		// Word's and LibreOffice's limit on consecutive hyphenated lines
		// does; a compound's own hyphen at a line end neither counts nor
		// ends a run, and next to another hyphen costs like one.
		run := 0
		if bj.hyphenLike && prevHy {
			d += doubleHyphenDemerits
		}
		switch bj.kind {
		case bkHyphen:
			run = int(a.run) + 1
			if run > b.maxRun {
				if ps.rules&ruleRun != 0 {
					continue
				}
				run = b.maxRun
			}
		case bkExplicit:
			run = int(a.run)
		}
		if bj.kind == bkFinal && prevHy {
			if ps.rules&rulePenultimate != 0 && prevKind == bkHyphen {
				continue
			}
			d += finalHyphenDemerits
		}
		if fit > a.fit+1 || a.fit > fit+1 {
			d += adjDemerits
		}
		if !ps.justify && bj.kind == bkFinal && a.bp != -1 && spaces == 0 && float64(w) < float64(lim)*lonelyFraction {
			d += lonelyDemerits
		}
		total := a.total + d
		if c := &b.cands[int(fit)*ps.runs+run]; c.gen != gen || total < c.total {
			c.total, c.prev, c.gen = total, ai, gen
		}
		minTotal = min(minTotal, total)
	}
	if kept < loose {
		kept += copy(b.active[kept:], b.active[loose:])
	} else {
		kept = len(b.active)
	}
	b.active = b.active[:kept]
	if !math.IsInf(minTotal, 1) {
		best := int32(-1)
		for i, c := range b.cands {
			// TeX's rule: a class whose best is much worse than the
			// overall best can never win later.
			if c.gen != gen || c.total > minTotal+adjDemerits {
				continue
			}
			ni := int32(len(b.nodes))
			b.nodes = append(b.nodes, node{total: c.total, prev: c.prev, bp: ref,
				fit: uint8(i / ps.runs), run: uint8(i % ps.runs), ord: gen,
				hy: bj.hyphenLike, kind: bj.kind, sSp: bj.spStart, sW: bj.wStart, start: bj.start})
			b.active = append(b.active, ni)
			if c.total == minTotal && best < 0 {
				best = ni
			}
		}
		if bj.kind == bkFinal {
			b.emit(best)
			b.done = true
			return false
		}
		if bj.kind != bkHyphen {
			ps.anchor = gen
		}
	}
	if len(b.active) == 0 || bj.kind == bkFinal {
		b.done = false
		return false
	}
	if len(b.active) > maxActive {
		b.prune(ps.anchor)
	}
	return true
}

// prune drops the worst active nodes until maxActive remain, never those
// reached at or after the breakpoint of ord anchor (see run).
func (b *breaker) prune(anchor int32) {
	for len(b.active) > maxActive {
		worst, wt := -1, math.Inf(-1)
		for i, ai := range b.active {
			if n := &b.nodes[ai]; n.ord < anchor && n.total >= wt {
				worst, wt = i, n.total
			}
		}
		if worst < 0 {
			return
		}
		b.active = append(b.active[:worst], b.active[worst+1:]...)
	}
}

// singleRune reports whether s is one rune.
func singleRune(s string) bool {
	if s == "" || len(s) > utf8.UTFMax {
		return false
	}
	_, size := utf8.DecodeRuneInString(s)
	return size == len(s)
}

// emit appends the lines of the breaks ending at node last.
func (b *breaker) emit(last int32) {
	b.path = b.path[:0]
	for ni := last; ni >= 0; ni = b.nodes[ni].prev {
		if bp := b.nodes[ni].bp; bp != -1 {
			b.path = append(b.path, bp)
		}
	}
	start, ws := b.start, b.wStart
	for k := len(b.path) - 1; k >= 0; k-- {
		bp := b.breakpoint(b.path[k])
		text, w := b.p[start:bp.end], bp.wEnd-ws
		hy := bp.kind == bkHyphen
		if hy {
			text += "-"
			w += b.hyphen
		}
		b.dst = append(b.dst, Line{Text: text, Width: fromFx(w), Hyphen: hy})
		start, ws = bp.start, bp.wStart
	}
}

// breakpoint returns the breakpoint of node.bp ref (not -1).
func (b *breaker) breakpoint(ref int32) *breakpoint {
	if ref >= 0 {
		return &b.bps[ref]
	}
	return &b.hbps[-2-ref]
}
