package docx

import (
	"context"
	"io"
	"strconv"

	"github.com/kartograf-ru/kartograf/pkg/render/view"
)

// Contents is the table of contents («Содержание»). A template prints it as
// Word's TOC field whose result is pre-filled with Entries, so that the
// contents shows before anyone updates fields, and Word rebuilds it from the
// heading styles (Heading 1…3 with their outline levels) when asked.
type Contents struct {
	Title    string // the contents' own heading as written, "" for none
	MaxLevel int    // deepest heading level listed, 1…3: the field's \o "1-N"
	Entries  []ContentsEntry
}

// ContentsEntry is one line of the contents.
type ContentsEntry struct {
	Text  string // the heading as printed: its number, a space, its text
	Level int    // 1…3
	// Page is the heading's page as the PDF pagination found it, "" when
	// the render was given no pages: Word fills it in on updating fields.
	Page string
	// MaxLevel repeats the contents' MaxLevel, for the field instruction
	// the first entry writes.
	MaxLevel int
	// First and Last mark the entries that open and close the TOC field.
	First, Last bool
}

// PageBreak starts a new page, unless the page is still empty — right
// after the cover page or another page break — as the PDF does: a break
// there would leave a blank page.
func (b *rootBuilder) PageBreak(*view.PageBreak) error {
	if n := len(b.body); n == 0 && b.cover || n > 0 && b.body[n-1].PageBreak {
		return nil
	}
	b.body = append(b.body, Block{PageBreak: true})
	return nil
}

// Contents lists the view's entries; their pages come from the pages the
// render was given (RenderViewPages), keyed by the heading's body index.
func (b *rootBuilder) Contents(c *view.Contents) error {
	out := &Contents{Title: c.Title, MaxLevel: c.MaxLevel, Entries: make([]ContentsEntry, len(c.Entries))}
	for i, e := range c.Entries {
		ce := ContentsEntry{Text: e.Line(), Level: e.Level, MaxLevel: c.MaxLevel, First: i == 0, Last: i == len(c.Entries)-1}
		if p, ok := b.pages[e.HeadingIndex]; ok && p > 0 {
			ce.Page = strconv.Itoa(p)
		}
		out.Entries[i] = ce
	}
	b.body = append(b.body, Block{Contents: out})
	return nil
}

// structureRoot copies what the letterhead prints beyond the original
// contract: the appendix grif, the place line, the cover page. The view
// leaves them empty for a version without the feature.
func structureRoot(r *Root, lh *view.Letterhead) {
	r.Appendix = lh.Appendix
	r.Place = lh.Place
	r.Cover = lh.Cover
}

// RenderViewPages is RenderView for a document with contents whose page
// numbers are known: pages maps a heading's body index (view.Block.Index)
// to its 1-based page, as the PDF pagination found it. A heading without
// a page gets an entry without a number.
func (r *Renderer) RenderViewPages(ctx context.Context, w io.Writer, v *view.View, pages map[int]int) error {
	if v == nil || v.Version == nil || v.Doc == nil {
		return view.ErrNoDocument
	}
	c, err := r.Compile(v.Version)
	if err != nil {
		return err
	}
	root, err := buildRootPages(ctx, v, pages)
	if err != nil {
		return err
	}
	return r.render(ctx, w, c, root)
}
