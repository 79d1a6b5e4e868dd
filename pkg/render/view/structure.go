package view

import (
	"strings"

	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/templates"
)

// PageBreak starts a new page.
type PageBreak struct {
	Source *document.PageBreak
}

// Contents is the table of contents: one entry per body heading of level
// MaxLevel or above, in body order. Page numbers are not the view's: the
// PDF renderer finds them in its pagination, DOCX lets Word's TOC field
// compute them.
type Contents struct {
	Source   *document.Contents
	Title    string // typographed; "" prints no title
	MaxLevel int    // deepest heading level listed, 1…3
	Entries  []ContentsEntry
}

// ContentsEntry is one line of the contents.
type ContentsEntry struct {
	Level  int    // the heading's level, 1…3
	Number string // the heading's number («1.», «I.»), "" for none
	Text   string // the heading's text, typographed
	// HeadingIndex is the heading's position in the document's body
	// (its Block.Index): where renderers look up its page.
	HeadingIndex int
}

// Line is the entry as printed without its page: number and text.
func (e ContentsEntry) Line() string { return joinNumber(e.Number, e.Text) }

// Line is the heading as printed: its number, a space, its text.
func (h *Heading) Line() string { return joinNumber(h.Number, h.Text) }

func joinNumber(number, text string) string {
	if number == "" {
		return text
	}
	return number + " " + text
}

// headingNumbers are the body headings' numbers when the template numbers
// headings (feature heading_numbering), else none: a released template
// prints headings as it always did.
func headingNumbers(d *document.Document, m *templates.Manifest) []string {
	if !m.Has(document.FeatureHeadingNumbering) {
		return make([]string, len(d.Body))
	}
	return d.HeadingNumbers()
}

// fillContents lists every heading in each contents block.
func fillContents(blocks []Block) {
	for i := range blocks {
		c := blocks[i].Contents
		if blocks[i].Kind != KindContents {
			continue
		}
		c.Entries = c.Entries[:0]
		for _, b := range blocks {
			if b.Kind == KindHeading && b.Heading.Level <= c.MaxLevel {
				c.Entries = append(c.Entries, ContentsEntry{Level: b.Heading.Level, Number: b.Heading.Number, Text: b.Heading.Text, HeadingIndex: b.Index})
			}
		}
	}
}

// structureLetterhead adds what the template's features print: the
// appendix grif, the place line, the cover page. A version without the
// feature prints none of them (validation refuses such documents; the
// check here keeps released versions' output whatever the caller does).
func structureLetterhead(l *Letterhead, d *document.Document, m *templates.Manifest) {
	if a := d.Appendix; a != nil && m.Has(document.FeatureAppendix) {
		head := m.Labels.Appendix
		if n := strings.TrimSpace(a.Number); n != "" {
			head += " № " + n
		}
		l.Appendix = append(l.Appendix, typographOne(head))
		for _, s := range a.Lines() {
			l.Appendix = append(l.Appendix, typographOne(s))
		}
	}
	if m.Has(document.FeaturePlace) {
		l.Place = typographOne(strings.TrimSpace(d.Place))
	}
	l.Cover = d.Cover && m.Has(document.FeatureCover)
}
