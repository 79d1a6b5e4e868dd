package pdf

import "math"

// pieStep is the largest angle a polygon side of a pie's arc spans: at
// 2° the side strays from the true arc by a thousandth of the radius, too
// little to see at any zoom.
const pieStep = 2 * math.Pi / 180

// drawPie draws a pie in area: slices clockwise from twelve o'clock in the
// categories' colours, each value printed in white inside its slice when
// it fits there, else outside next to it when that is clear.
func (l *layout) drawPie(p *chartPlan, area box) {
	c := p.c
	s := c.Series[0]
	total := 0.0
	for _, v := range s.Values {
		if v > 0 {
			total += v
		}
	}
	if total <= 0 {
		return
	}
	cx, cy := (area.x0+area.x1)/2, (area.y0+area.y1)/2
	r := (area.y1-area.y0)/2 - p.lh - chartGap
	if r <= 0 {
		return
	}
	m := l.faces.measurer(regular, p.small)
	lb := &labels{l: l, area: area, size: p.small}
	a := -math.Pi / 2
	type slice struct{ from, to float64 }
	slices := make([]slice, len(s.Values))
	for i, v := range s.Values {
		if v <= 0 {
			continue
		}
		span := v / total * 2 * math.Pi
		slices[i] = slice{a, a + span}
		n := max(1, int(math.Ceil(span/pieStep)))
		pts := make([]float64, 0, 2*n+4)
		if span < 2*math.Pi-1e-9 {
			pts = append(pts, cx, cy)
		}
		for k := 0; k <= n; k++ {
			t := a + span*float64(k)/float64(n)
			pts = append(pts, cx+r*math.Cos(t), cy+r*math.Sin(t))
		}
		l.cur.ops = append(l.cur.ops, op{kind: opPath, pts: &path{pts}, paint: hexRGB(c.Colors[i%len(c.Colors)])})
		a += span
	}
	// White borders between the slices, so that neighbours of close
	// colours stay apart.
	many := 0
	for _, v := range s.Values {
		if v > 0 {
			many++
		}
	}
	if many > 1 {
		for _, sl := range slices {
			if sl.to > sl.from {
				l.stroke(cx, cy, cx+r*math.Cos(sl.from), cy+r*math.Sin(sl.from), 0.75, white, 0)
			}
		}
	}
	for i, sl := range slices {
		if sl.to <= sl.from || i >= len(s.Labels) {
			continue
		}
		label := s.Labels[i]
		w, h := m.Width(label), p.lh
		mid := (sl.from + sl.to) / 2
		// Inside: the label's box, centred at 0.62 r, within the slice's
		// chord there and the circle.
		rho := 0.62 * r
		chord := 2 * rho * math.Sin(min(sl.to-sl.from, math.Pi)/2)
		diag := math.Hypot(w, h)
		if diag*1.1 < chord && rho+diag/2 < r {
			x, y := cx+rho*math.Cos(mid), cy+rho*math.Sin(mid)
			if lb.place(box{x - w/2, y - h/2, x + w/2, y + h/2}, label, white) {
				continue
			}
		}
		// Outside: from a point just off the arc, away from the centre.
		x, y := cx+(r+chartGap)*math.Cos(mid), cy+(r+chartGap)*math.Sin(mid)
		if math.Cos(mid) < 0 {
			x -= w
		}
		y += (math.Sin(mid) - 1) * h / 2
		lb.place(box{x, y, x + w, y + h}, label, rgb{})
	}
}
