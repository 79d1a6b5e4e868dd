package kartograf

import (
	"fmt"
	"sync"

	"github.com/kartograf-ru/kartograf/fonts"
	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/templates"
)

// Validation needs to know which characters a template version's fonts
// can draw; that is a property of the fonts, not of any one renderer, so
// the engine reads it from the faces itself.

// coverTable spans the runes documents are made of (Latin, Cyrillic,
// punctuation, symbols); they are answered from a table built once per
// version, the rest by asking the faces.
const coverTable = 0x2200

// coverage is what one template version's fonts can draw.
type coverage struct {
	styles [templates.NumStyles][]*fonts.Face
	table  []bool
}

// Covers reports whether every style can draw r with its fallbacks, so
// that no character depends on the style it happens to be set in.
func (c *coverage) Covers(r rune) bool {
	if r >= 0 && r < coverTable {
		return c.table[r]
	}
	return c.slow(r)
}

func (c *coverage) slow(r rune) bool {
	for _, faces := range c.styles {
		ok := false
		for _, f := range faces {
			if f.Has(r) {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

// rulesCache holds each template version's validation rules.
type rulesCache struct {
	lib *fonts.Library
	mu  sync.Mutex
	m   map[string]*coverage // by template version hash
}

func (rc *rulesCache) coverage(v *templates.Version) (*coverage, error) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if c, ok := rc.m[v.Hash]; ok {
		return c, nil
	}
	c := &coverage{}
	for i, set := range v.Manifest.Fonts.StyleSets() {
		for st, name := range set {
			f, err := v.LoadFace(rc.lib, name)
			if err != nil {
				return nil, fmt.Errorf("шаблон %s, шрифт %d «%s»: %w", v.Ref(), i, name, err)
			}
			c.styles[st] = append(c.styles[st], f)
		}
	}
	c.table = make([]bool, coverTable)
	for r := range c.table {
		c.table[r] = c.slow(rune(r))
	}
	if rc.m == nil {
		rc.m = map[string]*coverage{}
	}
	rc.m[v.Hash] = c
	return c, nil
}

// rules are the validation rules of a template version: its default plan
// columns and the characters its fonts can draw.
func (rc *rulesCache) rules(v *templates.Version) (document.Rules, error) {
	c, err := rc.coverage(v)
	if err != nil {
		return document.Rules{}, err
	}
	return document.Rules{Columns: v.Manifest.Plan.Columns, Covers: c.Covers, FontName: v.Manifest.Fonts.DisplayName()}, nil
}
