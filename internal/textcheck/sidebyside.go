package textcheck

import "github.com/kartograf-ru/kartograf/pkg/document"

// SideBySideUnits is Units(DocumentText(d, defaultColumns)) for a printout
// read line by line across the page (pdftotext -layout of a printed
// workbook), where the stamps stand side by side: the left group's units
// and the right group's (document.Approval.Placement) alternate, as their
// lines do on the page. Each stamp's own units are DocumentText's, found
// as what the stamp adds to the text of d without stamps.
func SideBySideUnits(d *document.Document, defaultColumns []document.Column) []string {
	full := Units(DocumentText(d, defaultColumns))
	if len(d.Approvals) == 0 {
		return full
	}
	start, left, right := stampSides(d, defaultColumns)
	out := append([]string(nil), full[:start]...)
	for i := range max(len(left), len(right)) {
		if i < len(left) {
			out = append(out, left[i])
		}
		if i < len(right) {
			out = append(out, right[i])
		}
	}
	return append(out, full[start+len(left)+len(right):]...)
}

// stampSides are the units of the left and the right stamps of d, and the
// index in Units(DocumentText(d, defaultColumns)) where they begin.
func stampSides(d *document.Document, defaultColumns []document.Column) (start int, left, right []string) {
	full := Units(DocumentText(d, defaultColumns))
	only := func(as []document.Approval) []string {
		c := *d
		c.Approvals = as
		return Units(DocumentText(&c, defaultColumns))
	}
	bare := only(nil)
	// The stamps' block starts where full and bare first differ.
	for start < len(bare) && full[start] == bare[start] {
		start++
	}
	for _, a := range d.Approvals {
		one := only([]document.Approval{a})
		units := one[start : start+len(one)-len(bare)]
		if a.Placement() == "left" {
			left = append(left, units...)
		} else {
			right = append(right, units...)
		}
	}
	return start, left, right
}
