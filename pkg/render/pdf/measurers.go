package pdf

import "github.com/kartograf-ru/kartograf/pkg/typo"

// measurers is a layout's own few measurers: every line placed and every
// cell wrapped asks for one, and the face set's shared map behind its
// mutex was a fortieth of a small render. A document uses a handful of
// (style, size) pairs; more than fit here are asked of the face set again.
type measurers struct {
	keys [8]measureKey
	ms   [8]*typo.Measurer
	next int // the slot to fill next, round robin
}

// measurer is faceSet.measurer through the layout's measurers.
func (l *layout) measurer(style int, size float64) *typo.Measurer {
	c := &l.meas
	k := measureKey{style, size}
	for i, m := range c.ms {
		if m != nil && c.keys[i] == k {
			return m
		}
	}
	m := l.faces.measurer(style, size)
	c.keys[c.next], c.ms[c.next] = k, m
	c.next = (c.next + 1) % len(c.ms)
	return m
}
