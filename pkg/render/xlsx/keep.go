package xlsx

// Following the printed page down a sheet, so that a block that must not
// be cut across pages (a chart with its data and caption) starts a new
// page when it does not fit in the rest of the current one.

// defaultRowPt is the height viewers give a row written without one.
const defaultRowPt = 15.0

// advance follows a row height pt tall down the printed page: a row that
// does not fit in the rest of the page starts the next one.
func (s *sheet) advance(height float64) {
	if s.pageHt <= 0 {
		return
	}
	if height <= 0 {
		height = defaultRowPt
	}
	height = min(height, maxRowHt)
	if s.pos > 0 && s.pos+height > s.pageHt {
		s.pos = 0
	}
	s.pos += height
}

// keep puts a page break before the next row when rows height pt tall
// in all do not fit in the rest of the page (with pageSlack to spare);
// on a fresh page, or when they are taller than a page, it adds none.
func (s *sheet) keep(height float64) {
	if s.pageHt > 0 && s.pos > 0 && s.pos+height > s.pageHt*pageSlack {
		s.breakAfter()
	}
}

// pageHeightPt is the height the rows of a sheet printed at scale per
// cent on an A4 page of the given orientation have, in the sheet's
// points: the page less its top and bottom margins (the header and the
// footer stand within them).
func (b *book) pageHeightPt(landscape bool, scale int) float64 {
	h := 297.0
	if landscape {
		h = 210
	}
	mg := b.m.Page.Margins
	pt := max(h-mg.Top-mg.Bottom, 50) / 25.4 * 72
	if scale > 0 {
		pt = pt * 100 / float64(scale)
	}
	return pt
}
