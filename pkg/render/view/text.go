package view

import (
	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/typo"
)

// typographOne is typo.Typograph; named here so that every text of the view
// visibly goes through one place.
func typographOne(s string) string { return typo.Typograph(s) }

// TypographContent returns c with every paragraph and list item typographed. Content
// that needs no change is returned as it is (no copy): most cells of a
// large plan hold no quotes, initials or «№».
func TypographContent(c document.Content) document.Content {
	var out document.Content
	for i, p := range c {
		np := p
		if p.List != nil {
			np.List = TypographList(p.List)
		} else {
			np.Text = typo.Typograph(p.Text)
		}
		if out == nil && (np.Text != p.Text || np.List != p.List) {
			out = make(document.Content, len(c))
			copy(out, c[:i])
		}
		if out != nil {
			out[i] = np
		}
	}
	if out == nil {
		return c
	}
	return out
}

// TypographList returns l with every item typographed, itself when nothing changes.
// Markers and numbers stay as the list defines them (document.List.ItemMarker).
func TypographList(l *document.List) *document.List {
	if l == nil {
		return nil
	}
	var items []document.ListItem
	for i, it := range l.Items {
		n := it
		n.Text = typo.Typograph(it.Text)
		n.List = TypographList(it.List)
		if items == nil && (n.Text != it.Text || n.List != it.List) {
			items = make([]document.ListItem, len(l.Items))
			copy(items, l.Items[:i])
		}
		if items != nil {
			items[i] = n
		}
	}
	if items == nil {
		return l
	}
	c := *l
	c.Items = items
	return &c
}
