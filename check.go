package kartograf

import (
	"sync"

	"github.com/kartograf-ru/kartograf/templates"
)

// versionChecks remember, per template version (by content hash), the
// outcome of its check, so that an engine made with Options.Lazy checks
// a version once, at its first use, and every later use (also from other
// goroutines) gets the same answer without running it again.
//
// The check has three parts, each run when a use first needs it, in the
// order the eager check runs them: the fonts' coverage (the validation
// rules), which every use needs; the PDF faces (the main fonts compacted,
// every face loaded for the layout), which a PDF needs and a DOCX with a
// table of contents (its page numbers come from the PDF layout) — the PDF
// writer parses a face when a document first uses it, and CheckTemplate
// has it parse all (checkPDFWriter); and the DOCX dry
// run (compile the template, fill it with sample data, parse every part),
// which only a DOCX needs and which is most of the cost of a check.
type versionChecks struct {
	mu sync.Mutex
	m  map[string]*versionCheck
}

type versionCheck struct {
	rules, pdf, pdfWriter, docx             sync.Once
	rulesErr, pdfErr, pdfWriterErr, docxErr error
}

// of is the record of v, made on first call.
func (vc *versionChecks) of(v *templates.Version) *versionCheck {
	vc.mu.Lock()
	defer vc.mu.Unlock()
	c, ok := vc.m[v.Hash]
	if !ok {
		if vc.m == nil {
			vc.m = map[string]*versionCheck{}
		}
		c = new(versionCheck)
		vc.m[v.Hash] = c
	}
	return c
}

// checkRules builds v's validation rules (loading its fonts) once and
// returns the error.
func (e *Engine) checkRules(v *templates.Version) error {
	c := e.checks.of(v)
	c.rules.Do(func() { _, c.rulesErr = e.rules.rules(v) })
	return c.rulesErr
}

// checkPDF loads v's fonts for the PDF layout once and returns the error.
// The PDF writer parses each face at a document's first use of it: a use
// needs no more (see checkPDFWriter).
func (e *Engine) checkPDF(v *templates.Version) error {
	c := e.checks.of(v)
	c.pdf.Do(func() { c.pdfErr = e.pdf.LoadFaces(v) })
	return c.pdfErr
}

// checkPDFWriter has the PDF writer parse every face of v once, fallbacks
// included, and returns the error: part of CheckTemplate, so that an eager
// engine and `templates check` refuse a face no document has used yet.
func (e *Engine) checkPDFWriter(v *templates.Version) error {
	if err := e.checkPDF(v); err != nil {
		return err
	}
	c := e.checks.of(v)
	c.pdfWriter.Do(func() { c.pdfWriterErr = e.pdf.Check(v) })
	return c.pdfWriterErr
}

// checkDocx runs the DOCX part of v's check once (nothing for a version
// without a DOCX template) and returns its error.
func (e *Engine) checkDocx(v *templates.Version) error {
	if v.Manifest.Docx == nil {
		return nil
	}
	c := e.checks.of(v)
	c.docx.Do(func() { c.docxErr = e.docx.Check(v) })
	return c.docxErr
}

// use is the check of v before a use in format f ("" for a use that
// renders nothing, such as validation). With an eager engine New has run
// every part already, so this only reads the recorded outcomes.
func (e *Engine) use(v *templates.Version, f Format) error {
	if err := e.checkRules(v); err != nil {
		return err
	}
	if f == PDF || f == DOCX {
		if err := e.checkPDF(v); err != nil {
			return err
		}
	}
	if f == DOCX {
		return e.checkDocx(v)
	}
	return nil
}
