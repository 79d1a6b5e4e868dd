package batch

import (
	"encoding/json"
	"fmt"

	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/registry"
)

// clone deep-copies a document through its JSON form, which is the
// document's definition of equality anyway.
func clone(d *document.Document) (*document.Document, error) {
	data, err := json.Marshal(d)
	if err != nil {
		return nil, fmt.Errorf("копия документа: %w", err)
	}
	return document.DecodeBytes(data)
}

// Personalize returns base made into the document of school s: the
// organisation, and the approval stamps' names and requisites, come from
// the registry. When the base is shared by every school (a typical plan),
// requisites the registry does not give are cleared, since the base's
// belong to someone else; a school's own last-year document keeps them.
// base is not modified.
func Personalize(base *document.Document, s registry.School, shared bool) (*document.Document, error) {
	d, err := clone(base)
	if err != nil {
		return nil, err
	}
	personalize(d, s, shared)
	return d, nil
}

// personalize does Personalize's work on d itself.
func personalize(d *document.Document, s registry.School, shared bool) {
	d.Organization.FullName = s.FullName
	d.Organization.ShortName = s.ShortName
	if s.District != "" {
		d.Organization.District = s.District
	}
	position := s.DirectorPosition
	if position == "" {
		position = "Директор " + s.ShortName
	}
	approved := false
	for i := range d.Approvals {
		a := &d.Approvals[i]
		if shared {
			a.Number, a.Date, a.Basis = "", "", ""
		}
		switch a.Kind {
		case document.ApprovalApprove, document.ApprovalByOrder:
			approved = true
			a.Name, a.Position = s.Director, position
			setRequisites(a, s.ApprovalOrderNumber, s.ApprovalOrderDate)
		case document.ApprovalAgree:
			setRequisites(a, s.CouncilProtocolNumber, s.CouncilProtocolDate)
		}
	}
	if !approved {
		a := document.Approval{Kind: document.ApprovalApprove, Position: position, Name: s.Director}
		setRequisites(&a, s.ApprovalOrderNumber, s.ApprovalOrderDate)
		d.Approvals = append(d.Approvals, a)
	}
}

// setRequisites puts the registry's number and date on a stamp. The base's
// Basis line («приказ № 55 от 31.08.2023г.») belongs to another school or
// year, so it gives way whenever the registry has requisites.
func setRequisites(a *document.Approval, number, date string) {
	if number == "" && date == "" {
		return
	}
	a.Number, a.Date, a.Basis = number, date, ""
}
