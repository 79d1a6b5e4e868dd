package pdf

// Widows and orphans. Versions that break lines optimally (templates:
// Manifest.Optimal) also paginate narrative text as a typesetter would: no
// line of a paragraph or a list item stands alone at the foot of a page
// (an orphan) or at the head of the next (a widow), a paragraph of two or
// three lines moves whole, and a page does not end on a hyphenated line
// when the paragraph can be split elsewhere. Released versions keep their
// old rule (only the orphan of a first line) and their bytes.

// minKept is the fewest lines of one paragraph a page may hold, at its
// foot or at its head.
const minKept = 2

// paraTrace records where the lines of one paragraph or list item went,
// for the layout tests: lines[k] is the page of line k.
type paraTrace struct {
	item    bool // a list item (its first two lines must stay together)
	heading bool // a heading (kept with what follows it)
	block   int  // the body block it belongs to (layout.block)
	pages   []int
}

// keepSplit is how many of n lines of height lh, the first at the current
// y, go on this page. hyphen(i) reports that line i ends in a hyphen.
// 0 means: start a new page first.
func (l *layout) keepSplit(n int, lh float64, hyphen func(i int) bool) int {
	k, y := 0, l.y
	for k < n && y+lh <= l.bottom {
		y += lh
		k++
	}
	if k >= n {
		return n
	}
	s := min(k, n-minKept)
	// Rather one line less than a hyphen across the page.
	if s > minKept && hyphen(s-1) {
		s--
	}
	if s >= minKept {
		return s
	}
	if l.fresh() {
		// A page that cannot hold what the rules ask: fill it.
		return max(k, 1)
	}
	return 0
}

// flowKept draws a paragraph's lines with widow and orphan control.
func (l *layout) flowKept(lines []lineOut, size float64, style int, x, width float64, align string) {
	lh := l.lineHeight(size)
	tr := l.traceStart(false, len(lines))
	for i := 0; i < len(lines); {
		s := l.keepSplit(len(lines)-i, lh, func(k int) bool { return lines[i+k].hyphen })
		if s == 0 {
			l.newPage()
			continue
		}
		for range s {
			l.traceLine(tr)
			l.flowLine(lines, i, size, style, x, width, align)
			i++
		}
		if i < len(lines) {
			l.newPage()
		}
	}
}

// traceStart begins the trace of a paragraph when the layout keeps one
// (the layout tests ask for it); it returns the trace's index or -1.
func (l *layout) traceStart(item bool, n int) int {
	if !l.traceParas {
		return -1
	}
	l.paras = append(l.paras, paraTrace{item: item, block: l.block, pages: make([]int, 0, n)})
	return len(l.paras) - 1
}

// traceLine records that the next line of trace tr goes on the current page.
func (l *layout) traceLine(tr int) {
	if tr >= 0 {
		l.paras[tr].pages = append(l.paras[tr].pages, len(l.pages)-1)
	}
}
