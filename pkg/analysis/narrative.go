package analysis

import "github.com/kartograf-ru/kartograf/pkg/document"

// Narrative takes back the methodologist's own parts of an analysis made
// by Build and edited since: the blocks under «Выводы» and «Задачи и
// рекомендации» (up to the next heading of the template's or the
// signature) and the signature, so that an analysis made again from new
// monitoring keeps them.
func Narrative(prev *document.Document) (conclusions, tasks []document.Block, sig *document.Signature) {
	var into *[]document.Block
	for _, b := range prev.Body {
		switch {
		case b.Signature != nil:
			s := *b.Signature
			sig, into = &s, nil
		case b.Heading != nil && b.Heading.Text == HeadingConclusions:
			into = &conclusions
		case b.Heading != nil && b.Heading.Text == HeadingTasks:
			into = &tasks
		case b.Heading != nil && fixedHeading(b.Heading.Text):
			into = nil
		case into != nil:
			*into = append(*into, b)
		}
	}
	return conclusions, tasks, sig
}

func fixedHeading(s string) bool {
	switch s {
	case HeadingSummary, HeadingSections, HeadingOverdue, HeadingCancelled, HeadingAhead, HeadingUndated,
		HeadingDistrictSummary, HeadingBySchool, HeadingSchoolsOverdue, HeadingDistrictTotals, HeadingUnread:
		return true
	}
	return false
}
