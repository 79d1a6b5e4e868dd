package xlsximport

// Cell text back into rich content: the inverse of xlsx.CellText.

import (
	"strconv"
	"strings"

	"github.com/kartograf-ru/kartograf/internal/lazyre"

	"github.com/kartograf-ru/kartograf/pkg/document"
)

// itemRE is a line xlsx.CellText writes for a list item (and the markers
// people type).
var itemRE = lazyre.New(`^((?:  )*)(•|–|—|-|\*|\d+[.)])\s+(.*)$`)

// ParseCellText reads a cell's text (xlsx.CellText) as rich content: lines
// that look like list items ("• text", "– text", "1. text", indented by two
// spaces per level) become lists, other lines paragraphs. It is used for cells a
// person edited; unchanged cells keep their stored structure.
func ParseCellText(s string) document.Content {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	if strings.TrimSpace(s) == "" {
		return nil
	}
	var out document.Content
	lines := strings.Split(s, "\n")
	for i := 0; i < len(lines); {
		if itemRE.MatchString(lines[i]) {
			l, n := parseList(lines[i:], 0)
			out = append(out, document.Part{List: l})
			i += n
			continue
		}
		out = append(out, document.Part{Text: lines[i]})
		i++
	}
	return out
}

// parseList reads consecutive item lines at level (and their nested
// items) and returns the list and how many lines it used.
func parseList(lines []string, level int) (*document.List, int) {
	l := &document.List{}
	n := 0
	for n < len(lines) {
		m := itemRE.FindStringSubmatch(lines[n])
		if m == nil {
			break
		}
		lv := len(m[1]) / 2
		if lv < level {
			break
		}
		if lv > level {
			if len(l.Items) == 0 {
				break
			}
			sub, k := parseList(lines[n:], lv)
			l.Items[len(l.Items)-1].List = sub
			n += k
			continue
		}
		marker := m[2]
		ordered := marker[0] >= '0' && marker[0] <= '9'
		if len(l.Items) == 0 {
			l.Ordered = ordered
			if ordered {
				start, _ := strconv.Atoi(strings.TrimRight(marker, ".)"))
				if start != 1 {
					l.Start = start
				}
			} else if marker != document.DefaultMarker {
				l.Marker = marker
			}
		} else if ordered != l.Ordered {
			break
		}
		l.Items = append(l.Items, document.ListItem{Text: m[3]})
		n++
	}
	return l, n
}
