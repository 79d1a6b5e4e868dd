package pdf

import (
	"errors"
	"math"
	"strings"

	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/render/view"
	"github.com/kartograf-ru/kartograf/pkg/typo"
)

// A chart is drawn with the page's own ops — filled rects and polygons,
// lines, text runs measured like every other — so it is vector, its words
// are text a reader can select and search, and the SVG preview draws it
// too. The whole block (value axis, plot, category labels, legend,
// caption) is measured first and placed on one page: moved to the next
// page whole when it does not fit the space left, never split.

// errChartTooTall: even a fresh page cannot hold the chart with its plot
// shrunk to its smallest.
var errChartTooTall = errors.New("диаграмма не помещается на странице: сократите подписи категорий, легенду или подпись")

const (
	chartGap      = 3.0 // between a label and what it labels, points
	chartMinPlot  = 0.4 // the plot may shrink to this share of its height to fit a page
	chartMarker   = 4.0 // side of a line chart's point marker
	chartLineW    = 1.5 // a line chart's series
	chartTargetW  = 1.0 // the dashed target line
	chartCatLines = 3   // horizontal category labels wrap into at most this many lines
)

var (
	gridColour = rgb{0xBF, 0xBF, 0xBF}
	targetInk  = rgb{0xC0, 0x00, 0x00}
)

// opSpan is the ops from..to of one page.
type opSpan struct{ page, from, to int }

// box is a rectangle in top-down page coordinates.
type box struct{ x0, y0, x1, y1 float64 }

func (a box) overlaps(b box) bool { return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1 }

func (a box) inside(b box) bool {
	return a.x0 >= b.x0-chartEps && a.x1 <= b.x1+chartEps && a.y0 >= b.y0-chartEps && a.y1 <= b.y1+chartEps
}

// chartEps absorbs rounding in placement checks.
const chartEps = 0.01

// chartPlan is a chart measured before it is placed.
type chartPlan struct {
	c           *view.Chart
	size, small float64 // the caption's size and the labels'
	lh          float64 // line height at small
	unit        []typo.Line
	head        float64 // room above the plot for the labels of the highest values
	plotH       float64
	gutter      float64 // the value axis labels' width and gap
	cats        [][]typo.Line
	catTurned   bool
	catH        float64
	legend      []legendRow
	legendH     float64
	caption     []typo.Line
	captionH    float64
}

type legendEntry struct {
	colour rgb
	lines  []typo.Line
	w      float64 // swatch, gap and the widest line
}

type legendRow struct {
	entries []legendEntry
	w, h    float64
}

func (p *chartPlan) height() float64 {
	h := float64(len(p.unit))*p.lh + p.head + p.plotH + p.catH + p.legendH + p.captionH
	return h
}

func (p *chartPlan) pie() bool { return p.c.Type == document.ChartPie }

// swatch is the side of a legend's colour square, or the length of a line
// chart's legend line.
func (p *chartPlan) swatch() float64 {
	if p.c.Type == document.ChartLine {
		return 3 * chartMarker
	}
	return p.small * 0.8
}

// Chart lays out a chart block.
func (l *layout) Chart(c *view.Chart) error {
	if c == nil || len(c.Categories) == 0 || len(c.Series) == 0 {
		return nil
	}
	p := l.planChart(c)
	gap := l.lineHeight(p.size) / 2
	fresh := l.fresh()
	if !fresh {
		l.y += gap
	}
	if over := p.height() - (l.bottom - l.top); over > 0 {
		full := c.Aspect * l.width()
		if p.plotH-over < full*chartMinPlot {
			return errChartTooTall
		}
		p.plotH -= over
	}
	if !fresh && l.y+p.height() > l.bottom+chartEps {
		l.newPage()
	}
	from := len(l.cur.ops)
	l.drawChart(p, l.y)
	l.charts = append(l.charts, opSpan{page: len(l.pages) - 1, from: from, to: len(l.cur.ops)})
	l.y += p.height() + gap
	return nil
}

// planChart measures every part of the chart but the plot, whose height
// is the view's proportion of the text width.
func (l *layout) planChart(c *view.Chart) *chartPlan {
	size := l.m.Sizes.Table
	if size <= 0 {
		size = l.m.Sizes.Body
	}
	// Labels are set a fifth smaller than the tables, in half points: a
	// chart's words are read at a glance, and its caption reads like one
	// line of a table.
	small := max(6, math.Floor(size*0.8*2)/2)
	p := &chartPlan{c: c, size: size, small: small, lh: l.lineHeight(small)}
	p.plotH = c.Aspect * l.width()
	if c.Unit != "" {
		p.unit = copyLines(l.wrap(regular, small, c.Unit, l.width()))
	}
	if !p.pie() {
		p.head = p.lh
		m := l.faces.measurer(regular, small)
		for _, s := range c.Axis.Labels {
			p.gutter = max(p.gutter, m.Width(s))
		}
		p.gutter += chartGap
		l.planCategories(p)
	}
	if c.Legend {
		l.planLegend(p)
	}
	p.caption = copyLines(l.wrap(regular, size, c.Title, l.width()))
	p.captionH = chartGap + float64(len(p.caption))*l.lineHeight(size)
	return p
}

func copyLines(ls []typo.Line) []typo.Line { return append([]typo.Line(nil), ls...) }

// planCategories sets the category labels under the plot horizontally,
// each in its slot in up to three lines with no word broken, or, when one
// does not fit so, turned to read upwards.
func (l *layout) planCategories(p *chartPlan) {
	c := p.c
	slot := (l.width() - p.gutter) / float64(len(c.Categories))
	m := l.faces.measurer(regular, p.small)
	p.cats = make([][]typo.Line, len(c.Categories))
	fits, most := true, 0
	for i, cat := range c.Categories {
		for _, w := range strings.Fields(cat) {
			if m.Width(w) > slot-2 {
				fits = false
			}
		}
		p.cats[i] = copyLines(l.wrap(regular, p.small, cat, slot-2))
		if len(p.cats[i]) > chartCatLines {
			fits = false
		}
		most = max(most, len(p.cats[i]))
	}
	if fits {
		p.catH = chartGap + float64(most)*p.lh
		return
	}
	// Turned: as many lines as the slot is wide, as long as they need.
	p.catTurned = true
	maxLines := max(1, int((slot-1)/p.lh))
	width := p.plotH * 0.5
	limit := (l.bottom - l.top) / 3
	for {
		ok := true
		for i, cat := range c.Categories {
			p.cats[i] = copyLines(l.wrap(regular, p.small, cat, width))
			if len(p.cats[i]) > maxLines {
				ok = false
			}
		}
		if ok || width >= limit {
			break
		}
		width = min(limit, width*1.25)
	}
	long := 0.0
	for _, ls := range p.cats {
		for _, ln := range ls {
			long = max(long, ln.Width)
		}
	}
	p.catH = chartGap + long
}

// planLegend packs the legend's entries into centred rows.
func (l *layout) planLegend(p *chartPlan) {
	c := p.c
	names := make([]string, 0, len(c.Series))
	if p.pie() {
		names = append(names, c.Categories...)
	} else {
		for _, s := range c.Series {
			names = append(names, s.Name)
		}
	}
	sw := p.swatch() + chartGap
	const between = 12.0
	var row legendRow
	for i, n := range names {
		e := legendEntry{colour: hexRGB(c.Colors[i%len(c.Colors)])}
		e.lines = copyLines(l.wrap(regular, p.small, n, l.width()-sw))
		for _, ln := range e.lines {
			e.w = max(e.w, sw+ln.Width)
		}
		if len(row.entries) > 0 && row.w+between+e.w > l.width() {
			p.legend = append(p.legend, row)
			row = legendRow{}
		}
		if len(row.entries) > 0 {
			row.w += between
		}
		row.w += e.w
		row.h = max(row.h, float64(len(e.lines))*p.lh)
		row.entries = append(row.entries, e)
	}
	if len(row.entries) > 0 {
		p.legend = append(p.legend, row)
	}
	p.legendH = chartGap
	for _, r := range p.legend {
		p.legendH += r.h
	}
}

// chartText places one line of a chart's text in colour k, turned to read
// upwards from (x, y) when up is set.
func (l *layout) chartText(x, y, size float64, s string, k rgb, up bool) {
	n := len(l.cur.ops)
	l.text(x, y, regular, size, s, l.left, l.right)
	for i := n; i < len(l.cur.ops); i++ {
		o := &l.cur.ops[i]
		o.paint = k
		if up {
			// l.text advances runs along x; a turned line advances up.
			o.flags |= turned
			o.x, o.y = x, y-(o.x-x)
		}
	}
}

func (l *layout) rect(b box, k rgb) {
	l.cur.ops = append(l.cur.ops, op{kind: opRect, x: b.x0, y: b.y0, x2: b.x1, y2: b.y1, paint: k})
}

func (l *layout) stroke(x1, y1, x2, y2, w float64, k rgb, f opFlags) {
	l.cur.ops = append(l.cur.ops, op{kind: opLine, x: x1, y: y1, x2: x2, y2: y2, w: w, paint: k, flags: f})
}

// labels places value labels where they fit: inside the chart's area and
// clear of every bar, marker and label already there.
type labels struct {
	l     *layout
	area  box
	taken []box
	size  float64
}

// textBox is the box of a line of text of width w whose box top is y.
func (lb *labels) textBox(x, y, w float64) box {
	return box{x, y, x + w, y + lb.l.lineHeight(lb.size)}
}

// hits reports whether b overlaps what is already there.
func (lb *labels) hits(b box) bool {
	for _, t := range lb.taken {
		if b.overlaps(t) {
			return true
		}
	}
	return false
}

// place prints s with its box b when b fits, and reports whether it did.
func (lb *labels) place(b box, s string, k rgb) bool {
	if !b.inside(lb.area) || lb.hits(b) {
		return false
	}
	lb.taken = append(lb.taken, b)
	lb.l.chartText(b.x0, b.y0+lb.l.ascent(lb.size), lb.size, s, k, false)
	return true
}

// drawChart draws the planned chart with its top at y.
func (l *layout) drawChart(p *chartPlan, y float64) {
	for _, ln := range p.unit {
		l.chartText(l.left, y+l.ascent(p.small), p.small, ln.Text, rgb{}, false)
		y += p.lh
	}
	plotTop := y + p.head
	plotBot := plotTop + p.plotH
	if p.pie() {
		l.drawPie(p, box{l.left, y, l.right, plotBot})
	} else {
		l.drawAxes(p, y, plotTop, plotBot)
	}
	y = plotBot
	if !p.pie() {
		l.drawCategories(p, plotBot)
		y += p.catH
	}
	if len(p.legend) > 0 {
		y += chartGap
		l.drawLegend(p, y)
		y += p.legendH - chartGap
	}
	y += chartGap
	lh := l.lineHeight(p.size)
	for _, ln := range p.caption {
		l.chartText(l.left+(l.width()-ln.Width)/2, y+l.ascent(p.size), p.size, ln.Text, rgb{}, false)
		y += lh
	}
}

// drawAxes draws a bar or line chart's grid, value axis labels, data,
// value labels and target line.
func (l *layout) drawAxes(p *chartPlan, top, plotTop, plotBot float64) {
	c := p.c
	x0, x1 := l.left+p.gutter, l.right
	a := c.Axis
	span := a.Max - a.Min
	if span <= 0 {
		span = 1
	}
	yOf := func(v float64) float64 { return plotBot - (v-a.Min)/span*p.plotH }
	m := l.faces.measurer(regular, p.small)
	for i, t := range a.Ticks {
		ty := yOf(t)
		if t != 0 {
			l.stroke(x0, ty, x1, ty, 0.5, gridColour, 0)
		}
		if i < len(a.Labels) {
			w := m.Width(a.Labels[i])
			l.chartText(x0-chartGap-w, ty+p.small*0.35, p.small, a.Labels[i], rgb{}, false)
		}
	}
	lb := &labels{l: l, area: box{l.left, top, l.right, plotBot}, size: p.small}
	n := len(c.Categories)
	slot := (x1 - x0) / float64(n)
	// Data first, then the zero and target lines over it, then the value
	// labels, clear of the target's name, which takes the first corner
	// beside its line where no bar, point or value label would be.
	var labelsOf func()
	if c.Type == document.ChartLine {
		labelsOf = l.drawLines(p, lb, x0, slot, yOf)
	} else {
		labelsOf = l.drawBars(p, lb, x0, slot, yOf)
	}
	if a.Min <= 0 && a.Max >= 0 {
		l.stroke(x0, yOf(0), x1, yOf(0), 0.75, rgb{}, 0)
	}
	var name func()
	if t := c.Target; t != nil {
		ty := yOf(t.Value)
		s := t.Name + " " + t.Label
		w := m.Width(s)
		if w > x1-x0-2 {
			s, w = t.Label, m.Width(t.Label)
		}
		var at box
		for k, b := range []box{
			{x1 - w - 2, ty - p.lh - 1, x1, ty - 1}, {x0, ty - p.lh - 1, x0 + w + 2, ty - 1},
			{x1 - w - 2, ty + 1, x1, ty + 1 + p.lh}, {x0, ty + 1, x0 + w + 2, ty + 1 + p.lh},
		} {
			if k == 0 || (!at.inside(lb.area) || lb.hits(at)) && b.inside(lb.area) && !lb.hits(b) {
				at = b
			}
		}
		lb.taken = append(lb.taken, at)
		l.stroke(x0, ty, x1, ty, chartTargetW, targetInk, dashed)
		name = func() {
			l.rect(at, white)
			l.chartText(at.x0+1, at.y0+l.ascent(p.small), p.small, s, targetInk, false)
		}
	}
	labelsOf()
	if name != nil {
		name()
	}
}

// drawBars draws the bars and returns what prints their value labels.
func (l *layout) drawBars(p *chartPlan, lb *labels, x0, slot float64, yOf func(float64) float64) func() {
	c := p.c
	m := l.faces.measurer(regular, p.small)
	ns := len(c.Series)
	zero := yOf(0)
	if c.Stacked {
		bw := slot * 0.6
		type seg struct {
			b box
			s string
		}
		var segs []seg
		for i := range c.Categories {
			bx := x0 + float64(i)*slot + (slot-bw)/2
			sum := 0.0
			for j, s := range c.Series {
				if i >= len(s.Values) || s.Values[i] == 0 {
					continue
				}
				b := box{bx, yOf(sum + s.Values[i]), bx + bw, yOf(sum)}
				sum += s.Values[i]
				l.rect(b, hexRGB(c.Colors[j%len(c.Colors)]))
				segs = append(segs, seg{b, s.Labels[i]})
			}
		}
		return func() {
			// Inside its segment in white, when it fits there.
			for _, sg := range segs {
				b, w := sg.b, m.Width(sg.s)
				if w <= b.x1-b.x0-2 && p.lh <= b.y1-b.y0 {
					x, y := (b.x0+b.x1-w)/2, (b.y0+b.y1-p.lh)/2
					lb.place(box{x, y, x + w, y + p.lh}, sg.s, white)
				}
			}
		}
	}
	group := slot * 0.8
	if ns == 1 {
		group = slot * 0.6
	}
	bw := group / float64(ns)
	bars := make([]box, 0, ns*len(c.Categories))
	for i := range c.Categories {
		gx := x0 + float64(i)*slot + (slot-group)/2
		for j, s := range c.Series {
			if i >= len(s.Values) {
				continue
			}
			vy := yOf(s.Values[i])
			b := box{gx + float64(j)*bw, min(vy, zero), gx + float64(j+1)*bw, max(vy, zero)}
			l.rect(b, hexRGB(c.Colors[j%len(c.Colors)]))
			bars = append(bars, b)
		}
	}
	lb.taken = append(lb.taken, bars...)
	return func() { l.barLabels(p, lb, bars) }
}

// barLabels prints each value above its bar, or under it when negative.
func (l *layout) barLabels(p *chartPlan, lb *labels, bars []box) {
	c := p.c
	m := l.faces.measurer(regular, p.small)
	k := 0
	for i := range c.Categories {
		for _, s := range c.Series {
			if i >= len(s.Values) {
				continue
			}
			b := bars[k]
			k++
			w := m.Width(s.Labels[i])
			cx := (b.x0 + b.x1) / 2
			y := b.y0 - 1 - p.lh
			if s.Values[i] < 0 {
				y = b.y1 + 1
			}
			lb.place(lb.textBox(cx-w/2, y, w), s.Labels[i], rgb{})
		}
	}
}

// drawLines draws the lines and their points and returns what prints
// their value labels.
func (l *layout) drawLines(p *chartPlan, lb *labels, x0, slot float64, yOf func(float64) float64) func() {
	c := p.c
	h := chartMarker / 2
	var marks []box
	for j, s := range c.Series {
		k := hexRGB(c.Colors[j%len(c.Colors)])
		pts := make([]float64, 0, 2*len(s.Values))
		for i, v := range s.Values {
			pts = append(pts, x0+(float64(i)+0.5)*slot, yOf(v))
		}
		if len(pts) >= 4 {
			l.cur.ops = append(l.cur.ops, op{kind: opPath, pts: &path{pts}, w: chartLineW, paint: k, flags: stroked})
		}
		for i := 0; i+1 < len(pts); i += 2 {
			b := box{pts[i] - h, pts[i+1] - h, pts[i] + h, pts[i+1] + h}
			l.rect(b, k)
			marks = append(marks, b)
		}
	}
	lb.taken = append(lb.taken, marks...)
	return func() { l.pointLabels(p, lb, x0, slot, yOf) }
}

// pointLabels prints each value above its point, else below, else not at
// all.
func (l *layout) pointLabels(p *chartPlan, lb *labels, x0, slot float64, yOf func(float64) float64) {
	c := p.c
	m := l.faces.measurer(regular, p.small)
	h := chartMarker / 2
	for _, s := range c.Series {
		for i, v := range s.Values {
			cx, cy := x0+(float64(i)+0.5)*slot, yOf(v)
			w := m.Width(s.Labels[i])
			x := min(max(cx-w/2, l.left), l.right-w)
			if !lb.place(lb.textBox(x, cy-h-1-p.lh, w), s.Labels[i], rgb{}) {
				lb.place(lb.textBox(x, cy+h+1, w), s.Labels[i], rgb{})
			}
		}
	}
}

// drawCategories prints the category labels under their slots.
func (l *layout) drawCategories(p *chartPlan, plotBot float64) {
	x0 := l.left + p.gutter
	slot := (l.right - x0) / float64(len(p.cats))
	top := plotBot + chartGap
	for i, lines := range p.cats {
		cx := x0 + (float64(i)+0.5)*slot
		if !p.catTurned {
			for k, ln := range lines {
				l.chartText(cx-ln.Width/2, top+float64(k)*p.lh+l.ascent(p.small), p.small, ln.Text, rgb{}, false)
			}
			continue
		}
		// Turned lines side by side, centred on the slot, each ending at
		// the axis; the first line is the leftmost.
		bw := float64(len(lines)) * p.lh
		bx := min(max(cx-bw/2, l.left), l.right-bw)
		for k, ln := range lines {
			x := bx + float64(k)*p.lh + l.ascent(p.small)
			l.chartText(x, top+ln.Width, p.small, ln.Text, rgb{}, true)
		}
	}
}

// drawLegend draws the legend rows from y.
func (l *layout) drawLegend(p *chartPlan, y float64) {
	sw := p.swatch()
	for _, r := range p.legend {
		x := l.left + (l.width()-r.w)/2
		for _, e := range r.entries {
			mid := y + p.lh/2
			if p.c.Type == document.ChartLine {
				l.stroke(x, mid, x+sw, mid, chartLineW, e.colour, 0)
				h := chartMarker / 2
				l.rect(box{x + sw/2 - h, mid - h, x + sw/2 + h, mid + h}, e.colour)
			} else {
				l.rect(box{x, mid - sw/2, x + sw, mid + sw/2}, e.colour)
			}
			for k, ln := range e.lines {
				l.chartText(x+sw+chartGap, y+float64(k)*p.lh+l.ascent(p.small), p.small, ln.Text, rgb{}, false)
			}
			x += e.w + 12
		}
		y += r.h
	}
}
