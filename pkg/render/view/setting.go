package view

import (
	"fmt"
	"strings"
	"sync"

	"github.com/kartograf-ru/kartograf/pkg/typo"
	"github.com/kartograf-ru/kartograf/templates"
)

// Setting is how the template version sets text into lines (templates:
// Manifest.Breaking). Every renderer that breaks lines itself reads it —
// the PDF for what it prints, the XLSX for its row heights — so that both
// break the same text the same way. It is immutable and safe for
// concurrent use.
type Setting struct {
	optimal bool
	hyph    func(dst []int, word string) []int
}

// greedySetting is the released versions' setting.
var greedySetting = &Setting{}

// newSetting is the setting of a version's manifest.
func newSetting(m *templates.Manifest) (*Setting, error) {
	if !m.Optimal() {
		return greedySetting, nil
	}
	h := typo.RussianHyphenator()
	if len(m.Typesetting.Exceptions) > 0 {
		var err error
		if h, err = exceptionHyphenator(m.Typesetting.Exceptions); err != nil {
			return nil, fmt.Errorf("шаблон %s: typesetting.hyphenation_exceptions: %w", m.Ref(), err)
		}
	}
	return &Setting{optimal: true, hyph: h.AppendPoints}, nil
}

// hyphenators keeps the hyphenators of the exception lists seen, so that a
// version's renders share one (and its cache of hyphenated words) instead
// of building it for every document. Bounded: past maxHyphenators lists,
// a list not seen is built for its render alone.
var hyphenators = struct {
	sync.Mutex
	m map[string]*typo.Hyphenator
}{m: map[string]*typo.Hyphenator{}}

const maxHyphenators = 64

func exceptionHyphenator(exceptions []string) (*typo.Hyphenator, error) {
	key := strings.Join(exceptions, "\x00")
	hyphenators.Lock()
	defer hyphenators.Unlock()
	if h, ok := hyphenators.m[key]; ok {
		return h, nil
	}
	h, err := typo.NewHyphenator(exceptions)
	if err != nil {
		return nil, err
	}
	if len(hyphenators.m) < maxHyphenators {
		hyphenators.m[key] = h
	}
	return h, nil
}

// Optimal reports whether lines are broken by total fit with hyphenation
// of any word, and narrative is paginated without widows and orphans.
func (s *Setting) Optimal() bool { return s != nil && s.optimal }

// Paragraph sets narrative text width points wide, its first line
// indent points narrower, justified or not, and appends the lines to dst.
// A first line is set apart from the rest only by its width: the lines
// carry no indent.
func (s *Setting) Paragraph(dst []typo.Line, m *typo.Measurer, text string, width, indent float64, justify bool) []typo.Line {
	if s.Optimal() {
		return typo.AppendBreak(dst, m, text, typo.BreakOptions{Width: width, FirstIndent: indent, Justify: justify, Hyphenate: s.hyph})
	}
	if indent <= 0 {
		return typo.AppendWrap(dst, m, text, width)
	}
	// Greedy: the first line at the narrower width, the rest of the text
	// at the full width, as the released versions always set it.
	n := len(dst)
	dst = typo.AppendWrap(dst, m, text, width-indent)
	if len(dst) == n {
		return dst
	}
	first := dst[n]
	rest := restAfter(text, first.Text, first.Hyphen)
	dst = dst[:n+1]
	if rest != "" {
		dst = typo.AppendWrap(dst, m, rest, width)
	}
	return dst
}

// Cell sets text in a cell (or another ragged frame) width points wide
// and appends the lines to dst.
func (s *Setting) Cell(dst []typo.Line, m *typo.Measurer, text string, width float64) []typo.Line {
	if s.Optimal() {
		return typo.AppendBreak(dst, m, text, typo.BreakOptions{Width: width, Hyphenate: s.hyph})
	}
	return typo.AppendWrap(dst, m, text, width)
}

// restAfter returns what follows the first wrapped line in the text.
func restAfter(full, first string, hyphen bool) string {
	if hyphen {
		first = strings.TrimSuffix(first, "-")
	}
	if !strings.HasPrefix(full, first) {
		return "" // cannot happen: wrapping only drops spaces at breaks
	}
	return strings.TrimLeft(full[len(first):], " ")
}
