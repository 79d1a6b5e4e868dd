package templates

import (
	"fmt"

	"github.com/kartograf-ru/kartograf/fonts"
	"github.com/kartograf-ru/kartograf/pkg/document"
)

// coverTable spans the runes documents are made of (Latin, Cyrillic,
// punctuation, symbols); Coverage answers them from a table built once.
const coverTable = 0x2200

// Coverage is what a template version's fonts can draw. Validation needs it
// before any renderer runs, so it is a property of the version's fonts, not
// of a format.
type Coverage struct {
	styles [NumStyles][]*fonts.Face
	table  []bool
}

// Coverage loads the version's faces through lib and tabulates what they
// draw. It reads every face: callers cache the result per version (the
// engine does).
func (v *Version) Coverage(lib *fonts.Library) (*Coverage, error) {
	c := &Coverage{}
	for i, set := range v.Manifest.Fonts.StyleSets() {
		for st, name := range set {
			f, err := v.LoadFace(lib, name)
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
	return c, nil
}

// Covers reports whether every style can draw r with its fallbacks, so
// that no character depends on the style it happens to be set in.
func (c *Coverage) Covers(r rune) bool {
	if r >= 0 && r < coverTable {
		return c.table[r]
	}
	return c.slow(r)
}

func (c *Coverage) slow(r rune) bool {
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

// Rules are the validation rules of the version: its default plan columns
// and the characters its fonts (c, from v.Coverage) can draw.
func (v *Version) Rules(c *Coverage) document.Rules {
	return document.Rules{Columns: v.Manifest.Plan.Columns, Covers: c.Covers, FontName: v.Manifest.Fonts.DisplayName()}
}
