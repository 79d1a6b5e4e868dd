package view

import (
	"strings"

	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/typo"
	"github.com/kartograf-ru/kartograf/templates"
)

// Letterhead is the first-page header: the organisation (when the template
// prints it), the stamps, the title and the subtitle.
type Letterhead struct {
	// Organization is false when the template prints no organisation
	// (manifest header.organization); Parent and FullName are then empty.
	Organization bool
	Parent       string // founder or higher authority, above the name; may be empty
	FullName     string
	Title        string // in capitals when the template asks (header.title_upper)
	Subtitle     string
	// Stamps in document order; each knows its side.
	Stamps []Stamp
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
	l := Letterhead{Organization: m.Header.Organization, Subtitle: typo.Typograph(d.Subtitle)}
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
