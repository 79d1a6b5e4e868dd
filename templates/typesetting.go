package templates

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Line breaking a version's renderers use for narrative text and cells.
const (
	// BreakGreedy fills each line in turn and hyphenates only a word wider
	// than its column: what the released versions print, byte for byte.
	BreakGreedy = "greedy"
	// BreakOptimal breaks whole paragraphs at once (total fit) with
	// Russian hyphenation of any word, widow and orphan control, and asks
	// Word and LibreOffice to hyphenate DOCX the same way.
	BreakOptimal = "optimal"
)

// Bounds on a manifest's hyphenation exceptions: they are read at every
// start and go into every document's hyphenator.
const (
	maxHyphenExceptions  = 2000
	maxHyphenExceptionLn = 64 // runes
)

// TypesetStyle is the manifest's "typesetting" object.
type TypesetStyle struct {
	// Breaking is BreakGreedy or BreakOptimal; empty is the version's
	// default (Manifest.Breaking).
	Breaking string `json:"breaking,omitempty"`
	// Exceptions are words written with a hyphen at each point where they
	// may be broken («ме-ро-при-я-тие»; «ШНОР» — never). They replace the
	// patterns for that word in any case; the rules that no line starts
	// with ь, ъ, й and that two letters stay on each side still hold.
	Exceptions []string `json:"hyphenation_exceptions,omitempty"`
}

// Breaking is the line breaking the version prints with: its manifest's
// typesetting.breaking, else BreakGreedy for a legacy version and
// BreakOptimal for any other.
func (m *Manifest) Breaking() string {
	switch {
	case m.Typesetting.Breaking != "":
		return m.Typesetting.Breaking
	case m.Legacy():
		return BreakGreedy
	}
	return BreakOptimal
}

// Optimal reports whether the version breaks lines optimally with
// hyphenation (Breaking is BreakOptimal).
func (m *Manifest) Optimal() bool { return m.Breaking() == BreakOptimal }

func (m *Manifest) checkTypesetting(bad func(field, msg string)) {
	t := &m.Typesetting
	switch t.Breaking {
	case "", BreakGreedy, BreakOptimal:
	default:
		bad("typesetting.breaking", fmt.Sprintf("неизвестный способ «%s»: допустимо %s или %s", t.Breaking, BreakOptimal, BreakGreedy))
	}
	if len(t.Exceptions) > maxHyphenExceptions {
		bad("typesetting.hyphenation_exceptions", fmt.Sprintf("не больше %d слов", maxHyphenExceptions))
		return
	}
	seen := make(map[string]int, len(t.Exceptions))
	for i, w := range t.Exceptions {
		field := fmt.Sprintf("typesetting.hyphenation_exceptions[%d]", i)
		if msg := exceptionProblem(w); msg != "" {
			bad(field, msg)
			continue
		}
		key := strings.ToLower(strings.ReplaceAll(w, "-", ""))
		if j, ok := seen[key]; ok {
			bad(field, fmt.Sprintf("слово «%s» уже задано в элементе %d", w, j))
			continue
		}
		seen[key] = i
	}
}

// exceptionProblem says what is wrong with one exception word, or "".
func exceptionProblem(w string) string {
	switch {
	case w == "":
		return "пустое слово"
	case utf8.RuneCountInString(w) > maxHyphenExceptionLn:
		return fmt.Sprintf("слово длиннее %d знаков", maxHyphenExceptionLn)
	case strings.HasPrefix(w, "-") || strings.HasSuffix(w, "-") || strings.Contains(w, "--"):
		return fmt.Sprintf("«%s»: дефис ставится только между слогами", w)
	}
	for _, r := range w {
		if r != '-' && !unicode.IsLetter(r) {
			return fmt.Sprintf("«%s»: допустимы только буквы и дефисы между слогами", w)
		}
	}
	return ""
}
