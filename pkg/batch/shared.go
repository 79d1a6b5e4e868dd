package batch

import (
	"slices"
	"sync"

	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/rollover"
)

// One plan shared by every school (Job.Base) rolls over to the same
// document for each of them: the run rolls it once, and each school's
// document is a copy of the result that owns only what personalize
// writes (the organisation, a value, and the approval stamps). The rest
// — the body, the period — is shared read-only by the workers: nothing
// after personalisation writes to a document (the race detector runs
// the batch tests with two workers). Before, each school rolled the base
// again, or, without a new year, copied it through JSON (marshal and
// decode).
type sharedBase struct {
	once sync.Once
	doc  *document.Document
	rep  *rollover.Report
	err  error
}

// sharedRoll is the shared base rolled over to job.To, made once.
func (job *Job) sharedRoll() (*document.Document, *rollover.Report, error) {
	sb := job.shared
	sb.once.Do(func() { sb.doc, sb.rep, sb.err = rollover.Roll(job.Base, job.To) })
	return sb.doc, sb.rep, sb.err
}

// ownCopy is d with the parts personalize writes made d's own; d itself
// is not modified by personalising the copy.
func ownCopy(d *document.Document) *document.Document {
	c := *d
	c.Approvals = slices.Clone(d.Approvals)
	return &c
}
