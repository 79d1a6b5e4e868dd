package document_test

import (
	"encoding/json"
	"testing"

	"github.com/kartograf-ru/kartograf/pkg/document"
)

// A list in a cell is written as encoding/json writes the List (its items
// through ListItem's MarshalJSON), field for field, escapes included.
func TestContentListJSON(t *testing.T) {
	nested := &document.List{Ordered: true, Start: -3, Items: []document.ListItem{{Text: "вложенный"}, {Text: "ещё", List: &document.List{}}}}
	lists := []*document.List{
		{},
		{Items: []document.ListItem{}},
		{Ordered: true, Start: 7, Marker: "•", Items: []document.ListItem{{Text: "один"}, {Text: "два \"в кавычках\" \\ \t"}}},
		{Items: []document.ListItem{{Text: "пункт", List: nested}, {Text: "\xff неверный UTF-8"}}},
		{Marker: "<>", Items: []document.ListItem{{Text: "a & b"}}},
		{Items: []document.ListItem{{Text: "строка\u2028разрыв"}}},
	}
	for i, l := range lists {
		want, err := json.Marshal(l)
		if err != nil {
			t.Fatal(err)
		}
		got, err := document.Content{{List: l}}.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		if w := `[{"list":` + string(want) + `}]`; string(got) != w {
			t.Errorf("list %d:\n got %s\nwant %s", i, got, w)
		}
	}
}

// A cell holding a list of ten items is written without a Marshal per
// item (25 allocations before, 6 after: the growing buffer).
func TestContentListJSONAllocations(t *testing.T) {
	l := &document.List{Ordered: true}
	for range 10 {
		l.Items = append(l.Items, document.ListItem{Text: "Зам. директора по УВР"})
	}
	c := document.Content{{Text: "Ответственные:"}, {List: l}}
	allocs := testing.AllocsPerRun(50, func() {
		if _, err := c.MarshalJSON(); err != nil {
			t.Fatal(err)
		}
	})
	if allocs > 10 {
		t.Errorf("%.0f allocations, want ≤ 10", allocs)
	}
}
