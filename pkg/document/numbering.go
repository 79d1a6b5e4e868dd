package document

import (
	"strconv"
	"strings"
)

// AsWritten reports whether the plan prints only the numbers it gives
// (numbering "as_written") instead of generating the missing ones.
func (p *Plan) AsWritten() bool { return p.Numbering == NumberingAsWritten }

// Groups are the plan's measures by section: its sections, or, for a plan
// of measures without sections (Items), one section without number and
// title — which prints no row — holding them. Callers index Groups with
// the same si as SectionNumber, ItemNumber and SectionRow.
func (p *Plan) Groups() []Section {
	if len(p.Sections) == 0 && len(p.Items) > 0 {
		return []Section{{Items: p.Items}}
	}
	return p.Sections
}

// groupItems are the measures of group si (see Groups), without the
// allocation of Groups: ItemNumber runs once per measure.
func (p *Plan) groupItems(si int) []Measure {
	if len(p.Sections) == 0 {
		return p.Items
	}
	return p.Sections[si].Items
}

// SectionRow reports whether group si prints a section row: a section with
// a title or a number of its own does; one with neither, and the measures
// of a plan without sections, do not — no empty row, no invented «1.».
func (p *Plan) SectionRow(si int) bool {
	if len(p.Sections) == 0 {
		return false
	}
	s := &p.Sections[si]
	return strings.TrimSpace(s.Title) != "" || strings.TrimSpace(s.Number) != ""
}

// SectionNumber is the number section si's row prints: as written, else
// «N.» by position when numbering is auto; "" when the section prints no
// row or, numbered as written, has no number.
func (p *Plan) SectionNumber(si int) string {
	if !p.SectionRow(si) {
		return ""
	}
	if n := p.Sections[si].Number; n != "" {
		return n
	}
	if p.AsWritten() {
		return ""
	}
	return strconv.Itoa(si+1) + "."
}

// ItemNumber is the number of measure ii in group si: as written, else,
// when numbering is auto, generated — «<section>.<n>» (1.1, 1.2 …) in a
// plan of sections, «<n>.» in a plan of measures without sections; ""
// numbered as written without a number.
func (p *Plan) ItemNumber(si, ii int) string {
	if n := p.groupItems(si)[ii].Number; n != "" {
		return n
	}
	if p.AsWritten() {
		return ""
	}
	if len(p.Sections) == 0 {
		return strconv.Itoa(ii+1) + "."
	}
	base := strings.TrimRight(strings.TrimSpace(p.Sections[si].Number), ".")
	if base == "" {
		base = strconv.Itoa(si + 1)
	}
	return base + "." + strconv.Itoa(ii+1)
}

// Measures counts the plan's measures.
func (p *Plan) Measures() int {
	n := len(p.Items)
	for _, s := range p.Sections {
		n += len(s.Items)
	}
	return n
}
