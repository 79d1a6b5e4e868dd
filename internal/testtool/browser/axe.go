package browser

import (
	"context"
	"strings"
	"time"

	"github.com/chromedp/chromedp"
)

// Violation is one axe-core rule a page breaks.
type Violation struct {
	ID      string   `json:"id"`
	Impact  string   `json:"impact"` // minor, moderate, serious or critical
	Help    string   `json:"help"`
	HelpURL string   `json:"helpUrl"`
	Nodes   []string `json:"nodes"` // CSS selectors of the offending elements
}

func (v Violation) String() string {
	return v.Impact + " " + v.ID + ": " + v.Help + " — " + strings.Join(v.Nodes, ", ")
}

// axeRun runs every rule axe-core has for WCAG 2.1 A and AA and its best
// practices on the whole document and answers the violations with the
// selectors of their elements.
const axeRun = `axe.run(document, {resultTypes: ['violations']}).then(r => ({
	passes: r.passes.length,
	violations: r.violations.map(v => ({
		id: v.id, impact: v.impact || '', help: v.help, helpUrl: v.helpUrl,
		nodes: v.nodes.map(n => n.target.join(' '))
	}))
}))`

type axeResult struct {
	Passes     int         `json:"passes"`
	Violations []Violation `json:"violations"`
}

// Axe runs axe-core in the page and returns its violations. The script is
// evaluated through the DevTools protocol, which the page's
// Content-Security-Policy does not govern, so a strict policy need not
// allow it. Without axe-core (see the package comment) it returns nil.
func (p *Page) Axe() []Violation {
	p.t.Helper()
	if p.b.axe == "" {
		return nil
	}
	ctx, cancel := context.WithTimeout(p.ctx, 30*time.Second)
	defer cancel()
	loaded, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`typeof axe === 'object'`))
	if err == nil && !loaded {
		_, err = chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](p.b.axe))
	}
	if err != nil {
		p.t.Fatalf("loading axe-core into %s: %v", p.location(), err)
	}
	r, err := chromedp.Run(ctx, chromedp.Evaluate[axeResult](axeRun, chromedp.EvalAwaitPromise))
	if err != nil {
		p.t.Fatalf("axe-core in %s: %v", p.location(), err)
	}
	if r.Passes == 0 {
		// Every page passes some rule (it has a <title>, a lang): none
		// passed means axe did not look at the page.
		p.t.Fatalf("axe-core in %s checked nothing", p.location())
	}
	p.t.Logf("axe-core, %s: %d rules pass, %d broken", p.location(), r.Passes, len(r.Violations))
	return r.Violations
}

// CheckAxe runs axe-core and fails the test for every serious or critical
// violation; it logs the minor and moderate ones.
func (p *Page) CheckAxe() {
	p.t.Helper()
	if p.b.axe == "" {
		return
	}
	where := p.location()
	for _, v := range p.Axe() {
		switch v.Impact {
		case "serious", "critical":
			p.t.Errorf("axe-core, %s: %s", where, v)
		default:
			p.t.Logf("axe-core, %s: %s", where, v)
		}
	}
}
