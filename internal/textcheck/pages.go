package textcheck

import (
	"fmt"
	"strings"

	"github.com/kartograf-ru/kartograf/pkg/document"
)

// PlanHeaderOnEveryPage checks printed text (pages separated by form
// feeds) for a plan's table: it finds the pages the plan spans — from the
// page with its first section title to the page with its last measure's
// title — and requires the header row (each column title a unit, as titles
// of two lines interleave with their neighbours) on every one of them. It
// returns the 1-based first and last page, and an error naming each page
// without the header or a plan that does not span two pages.
func PlanHeaderOnEveryPage(plan *document.Plan, columns []document.Column, text string) (first, last int, err error) {
	var titles []string
	for _, c := range columns {
		titles = append(titles, c.Title)
	}
	pages := strings.Split(text, "\f")
	first, last = -1, -1
	lastSec := plan.Sections[len(plan.Sections)-1]
	lastItem := Words(lastSec.Items[len(lastSec.Items)-1].Cells["title"].Plain())
	for i, pg := range pages {
		if first < 0 && InOrder(Words(plan.Sections[0].Title), pg) == nil {
			first = i
		}
		if InOrder(lastItem, pg) == nil {
			last = i
		}
	}
	if first < 0 || last <= first {
		return first + 1, last + 1, fmt.Errorf("textcheck: the plan spans pages %d..%d; it must span several", first+1, last+1)
	}
	var missing []string
	for i := first; i <= last; i++ {
		if err := InOrderUnits(titles, pages[i]); err != nil {
			missing = append(missing, fmt.Sprintf("page %d: %v", i+1, err))
		}
	}
	if len(missing) > 0 {
		return first + 1, last + 1, fmt.Errorf("textcheck: no header row on %d of the plan's pages:\n%s", len(missing), strings.Join(missing, "\n"))
	}
	return first + 1, last + 1, nil
}
