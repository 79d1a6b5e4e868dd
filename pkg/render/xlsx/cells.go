package xlsx

import (
	"strings"

	"github.com/kartograf-ru/kartograf/pkg/document"
)

// CellText is rich content as one cell's text: paragraphs on their own
// lines, list items as "marker text" lines, nested items indented by two
// spaces per level. xlsximport.ParseCellText reads it back.
func CellText(c document.Content) string {
	if len(c) == 1 && c[0].List == nil {
		return c[0].Text // most cells: no copy
	}
	var b strings.Builder
	for i, p := range c {
		if i > 0 {
			b.WriteByte('\n')
		}
		if p.List != nil {
			writeList(&b, p.List, 0)
		} else {
			b.WriteString(p.Text)
		}
	}
	return b.String()
}

func writeList(b *strings.Builder, l *document.List, level int) {
	for i, it := range l.Items {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(strings.Repeat("  ", level))
		b.WriteString(l.ItemMarker(i))
		b.WriteByte(' ')
		b.WriteString(it.Text)
		if it.List != nil {
			b.WriteByte('\n')
			writeList(b, it.List, level+1)
		}
	}
}
