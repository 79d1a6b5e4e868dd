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
// The check has two parts with their own cost: the fonts (the rules and
// the PDF faces), which every use of a version needs, and the DOCX dry run
// (compile the template, fill it with sample data, parse every part), which
// only a DOCX render needs and which is most of the cost of a check.
type versionChecks struct {
	mu sync.Mutex
	m  map[string]*versionCheck
}

type versionCheck struct {
	fonts, docx       sync.Once
	fontsErr, docxErr error
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

// checkFonts runs the font part of v's check once and returns its error.
func (e *Engine) checkFonts(v *templates.Version) error {
	c := e.checks.of(v)
	c.fonts.Do(func() {
		if _, err := e.rules.rules(v); err != nil {
			c.fontsErr = err
			return
		}
		c.fontsErr = e.pdf.Check(v)
	})
	return c.fontsErr
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
// renders nothing, such as validation): the fonts always, the DOCX dry
// run before a DOCX. With an eager engine New has run both already, so
// this only reads the recorded outcome.
func (e *Engine) use(v *templates.Version, f Format) error {
	if err := e.checkFonts(v); err != nil {
		return err
	}
	if f == DOCX {
		return e.checkDocx(v)
	}
	return nil
}
