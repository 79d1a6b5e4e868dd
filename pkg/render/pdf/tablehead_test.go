package pdf

import (
	"strings"
	"testing"

	"github.com/kartograf-ru/kartograf/fonts"
	"github.com/kartograf-ru/kartograf/internal/testtool/testtpl"
	"github.com/kartograf-ru/kartograf/pkg/document"
)

// A table without a header continues on the next page with its rows only;
// one with group titles repeats its whole two-band header on every page.
func TestTableHeaderAcrossPages(t *testing.T) {
	long := strings.Repeat("Проведение методического семинара для учителей начальных классов. ", 4)
	rows := func() [][]document.Content {
		var out [][]document.Content
		for range 60 {
			out = append(out, []document.Content{document.Text(long), document.Text("1 000,5")})
		}
		return out
	}
	off := false
	cols := []document.TableColumn{{Title: "Мероприятие", Width: 3}, {Title: "2021", Type: "money"}}
	for _, c := range []struct {
		name   string
		table  *document.Table
		header int // header rows (bands count as one row) at the top of every page
	}{
		{"no header", &document.Table{Header: &off, Columns: cols, Rows: rows()}, 0},
		{"groups", &document.Table{Columns: cols, Groups: []document.TableGroup{{Title: "Объём, тыс. руб.", From: 2, Span: 1}}, Rows: rows()}, 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := &document.Document{Kind: document.KindAnalysis, Organization: document.Organization{FullName: "Школа"}, Title: "Т",
				Body: []document.Block{{Table: c.table}}}
			if err := document.Validate(d); err != nil {
				t.Fatal(err)
			}
			l := layoutView(t, NewRenderer(new(fonts.Library)), d, testtpl.Edited(t, "analysis@1.1.0", "", nil), nil)
			pages, headers := map[int]bool{}, 0
			for i, r := range l.trace {
				if r.kind == rowHeader {
					headers++
				}
				if !pages[r.page] {
					pages[r.page] = true
					if opens := r.kind == rowHeader; opens != (c.header > 0) {
						t.Errorf("page %d opens with row %d of kind %d", r.page+1, i, r.kind)
					}
				}
				if r.headed != (c.header > 0) {
					t.Errorf("row %d: headed %v", i, r.headed)
				}
			}
			if len(pages) < 2 {
				t.Fatalf("the table fits on %d page", len(pages))
			}
			if headers != c.header*len(pages) {
				t.Errorf("%d header rows on %d pages", headers, len(pages))
			}
		})
	}
}
