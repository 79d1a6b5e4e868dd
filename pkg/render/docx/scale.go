package docx

import (
	"math"
	"strconv"
	"strings"
)

// A wide table the template scales (tables.wide: scale) is set at the
// view's smaller size (view.Table.Size): its cells' runs carry that size,
// as PDF sets them. The column titles keep the template's header style.

// scaled is a table size in half points when it is not the template's,
// else 0.
func (b *rootBuilder) scaled(size float64) int {
	if size <= 0 || size == b.tableSize {
		return 0
	}
	return int(math.Round(size * 2))
}

// rPrAfterSz are the run properties that follow w:sz and w:szCs in
// CT_RPr's sequence: the size goes before the first of them.
var rPrAfterSz = []string{"<w:highlight", "<w:u ", "<w:u/", "<w:effect", "<w:bdr", "<w:shd", "<w:fitText",
	"<w:vertAlign", "<w:rtl", "<w:cs", "<w:em ", "<w:em/", "<w:lang", "<w:eastAsianLayout", "<w:specVanish", "<w:oMath", "</w:rPr>"}

// sized returns run properties rPr with font size hp half points (0: rPr
// itself), any size of its own replaced.
func sized(rPr string, hp int) string {
	if hp <= 0 {
		return rPr
	}
	sz := `<w:sz w:val="` + strconv.Itoa(hp) + `"/><w:szCs w:val="` + strconv.Itoa(hp) + `"/>`
	if rPr == "" {
		return "<w:rPr>" + sz + "</w:rPr>"
	}
	rPr = removeElem(removeElem(rPr, "w:szCs"), "w:sz")
	at := len(rPr)
	for _, e := range rPrAfterSz {
		if k := strings.Index(rPr, e); k >= 0 {
			at = min(at, k)
		}
	}
	return rPr[:at] + sz + rPr[at:]
}
