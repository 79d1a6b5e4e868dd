package view

import (
	"strings"

	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/typo"
	"github.com/kartograf-ru/kartograf/templates"
)

// Letterhead is the first-page header in reading order: the appendix grif
// (top right), the organisation (when the template prints it), the stamps,
// the title, the subtitle and the place line.
type Letterhead struct {
	// Appendix is the appendix grif line by line, typographed: the
	// template's label with the number («Приложение № 2»), then the
	// document's lines as written (document.Appendix.Lines). Printed
	// right-aligned above everything else on page 1; nil for none.
	Appendix []string
	// Organization is false when the template prints no organisation
	// (manifest header.organization) or the document says letterhead
	// false; Parent and FullName are then empty.
	Organization bool
	Parent       string // founder or higher authority, above the name; may be empty
	FullName     string
	Title        string // in capitals when the template asks (header.title_upper)
	Subtitle     string
	// Stamps in document order; each knows its side.
	Stamps []Stamp
	// Place is the place-and-year line as written («с. Урожайное, 2023
	// г.»), typographed, "" for none: under the subtitle, or at the foot
	// of the cover page when Cover.
	Place string
	// Cover is true when the letterhead fills page 1 alone (the cover
	// page) and the body starts on page 2.
	Cover bool
}

// Side of a stamp on the page.
const (
	Left  = "left"
	Right = "right"
)

// Stamp is one approval stamp as printed.
type Stamp struct {
	Kind document.ApprovalKind
	Side string // Left or Right
	// Lines in print order (templates.Labels.StampLines), typographed.
	Lines []string
	// Signs is true for the stamps whose signature the electronic
	// signature mark replaces (УТВЕРЖДАЮ, УТВЕРЖДЕНА приказом).
	Signs bool
}

// Side returns the stamps placed on side, in document order.
func (l *Letterhead) Side(side string) []Stamp {
	var out []Stamp
	for _, s := range l.Stamps {
		if s.Side == side {
			out = append(out, s)
		}
	}
	return out
}

func letterhead(d *document.Document, m *templates.Manifest) Letterhead {
	l := Letterhead{Organization: m.Header.Organization && d.LetterheadShown(), Subtitle: typo.Typograph(d.Subtitle)}
	structureLetterhead(&l, d, m)
	if l.Organization {
		l.Parent = typo.Typograph(d.Organization.Parent)
		l.FullName = typo.Typograph(d.Organization.FullName)
	}
	title := d.Title
	if m.Header.TitleUpper {
		// Capitals first: the typography rules look at the letters as
		// they are printed.
		title = strings.ToUpper(title)
	}
	l.Title = typo.Typograph(title)
	for _, a := range d.Approvals {
		lines := m.Labels.StampLines(a)
		for i, s := range lines {
			lines[i] = typo.Typograph(s)
		}
		l.Stamps = append(l.Stamps, Stamp{
			Kind: a.Kind, Side: a.Placement(), Lines: lines,
			Signs: a.Kind == document.ApprovalApprove || a.Kind == document.ApprovalByOrder,
		})
	}
	return l
}
