package document

import (
	"strconv"
	"strings"
)

// SectionNumber is section si's number as written, or «N.» by position.
func (p *Plan) SectionNumber(si int) string {
	if n := p.Sections[si].Number; n != "" {
		return n
	}
	return strconv.Itoa(si+1) + "."
}

// ItemNumber is the number of measure ii in section si: as written, or
// generated as «<section>.<n>» (1.1, 1.2 …) when the input gives none.
func (p *Plan) ItemNumber(si, ii int) string {
	if n := p.Sections[si].Items[ii].Number; n != "" {
		return n
	}
	base := strings.TrimRight(strings.TrimSpace(p.Sections[si].Number), ".")
	if base == "" {
		base = strconv.Itoa(si + 1)
	}
	return base + "." + strconv.Itoa(ii+1)
}

// Measures counts the plan's measures.
func (p *Plan) Measures() int {
	n := 0
	for _, s := range p.Sections {
		n += len(s.Items)
	}
	return n
}
