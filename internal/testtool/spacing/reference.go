package spacing

import (
	_ "embed"
	"encoding/json"
	"fmt"
)

// typstJSON holds Typst's figures for the judged documents, written by
// scripts/typeset (typeset.js --write), so that tests compare against
// Typst without Typst installed.
//
//go:embed testdata/typst.json
var typstJSON []byte

// Reference is another typesetter's figures for one document.
type Reference struct {
	FontSize      float64 `json:"font_size"`       // pt, the body size measured
	RightMarginMM float64 `json:"right_margin_mm"` // the frame's right margin
	Lines         int     `json:"lines"`
	Max           float64 `json:"max"`
	P95           float64 `json:"p95"`
	Hyphenated    int     `json:"hyphenated"`
	MaxHyphenRun  int     `json:"max_hyphen_run"`
}

type references struct {
	Renderer  string               `json:"renderer"`
	Documents map[string]Reference `json:"documents"`
}

// Typst returns Typst's figures for a document, named as its file is
// without ".json" ("000_f50bb33c8ce6181b", "analysis-long"), and the
// renderer that made them ("typst 0.14.2 (…)").
func Typst(doc string) (Reference, string, error) {
	var refs references
	if err := json.Unmarshal(typstJSON, &refs); err != nil {
		return Reference{}, "", fmt.Errorf("spacing: testdata/typst.json: %w", err)
	}
	r, ok := refs.Documents[doc]
	if !ok {
		return Reference{}, "", fmt.Errorf("spacing: no Typst figures for %q in testdata/typst.json (scripts/typeset writes them)", doc)
	}
	return r, refs.Renderer, nil
}

// Options are the measure's options for the document the figures were
// taken from: Liberation Serif's space, the right margin in pt.
func (r Reference) Options() Options {
	return Options{FontSize: r.FontSize, SpaceEm: 0.25, MinWords: 3, RightMargin: r.RightMarginMM * 72 / 25.4}
}
