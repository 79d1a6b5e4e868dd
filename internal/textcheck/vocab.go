package textcheck

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Vocabulary is the set of words a rendered text may consist of: the words
// of the document's own strings and of the template's fixed texts. Unlike
// InOrder it compares words with their case, so that a renderer which
// capitalises or upper-cases a text it was not asked to is caught; the
// forms a template is allowed to produce (an upper-cased title) are added
// explicitly.
type Vocabulary struct {
	words  map[string]bool
	labels map[string]bool // numbering labels, see Numbering
	sorted []string        // the words in byte order, for the prefix search
}

// NewVocabulary is a vocabulary of the words of texts (see Add).
func NewVocabulary(texts ...string) *Vocabulary {
	v := &Vocabulary{words: map[string]bool{}, labels: map[string]bool{}}
	v.Add(texts...)
	return v
}

// Add adds the words of each text, as the package defines words, but with
// their case kept, and the numbering labels that stand in it as words of
// their own («1.» in «1. Цель», a section number «2.1» written alone).
func (v *Vocabulary) Add(texts ...string) {
	for _, s := range texts {
		for _, f := range strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == '\u00A0' || r == '\u202F' }) {
			if wholeLabelRE.MatchString(f) {
				v.labels[f] = true
			}
			// A range «15.09.2023-30.09.2023» may wrap after its hyphen,
			// and its second half then starts a line as it was written.
			for _, piece := range strings.FieldsFunc(f, func(r rune) bool { return r == '-' || r == '–' || r == '—' }) {
				if piece != f && wholeLabelRE.MatchString(piece) {
					v.labels[piece] = true
				}
			}
		}
		for _, t := range Tokens(s) {
			w := caseWord(s, t)
			if !v.words[w] {
				v.words[w] = true
				v.sorted = nil
			}
		}
	}
}

// AddUpper adds the upper-case form of the words of each text.
func (v *Vocabulary) AddUpper(texts ...string) {
	for _, s := range texts {
		v.Add(strings.ToUpper(s))
	}
}

// Has reports whether w (one word, case as printed) is in v.
func (v *Vocabulary) Has(w string) bool { return v.words[w] }

// completions returns the words of v that start with head and are longer.
func (v *Vocabulary) completions(head string) []string {
	if v.sorted == nil {
		v.sorted = make([]string, 0, len(v.words))
		for w := range v.words {
			v.sorted = append(v.sorted, w)
		}
		sort.Strings(v.sorted)
	}
	var out []string
	for i := sort.SearchStrings(v.sorted, head); i < len(v.sorted) && strings.HasPrefix(v.sorted[i], head); i++ {
		if len(v.sorted[i]) > len(head) {
			out = append(out, v.sorted[i])
		}
	}
	return out
}

// Stranger is a word of a rendered text that is not in the vocabulary.
type Stranger struct {
	Word    string // as printed, case kept
	Count   int    // how many times it is printed
	Context string // the text around its first occurrence, the word in ⟦ ⟧
}

func (s Stranger) String() string {
	return fmt.Sprintf("«%s» (%d×) in %s", s.Word, s.Count, s.Context)
}

// splitWindow bounds how far (in tokens) the rest of a word broken inside
// a table cell is looked for: the other cells of its line (a spreadsheet
// printed with pdftotext -layout interleaves them) and, when a page break
// split the row, the repeated header on the next page.
const splitWindow = 400

// Strangers returns the words of gotText that are not in v, each once, in
// the order of their first occurrence. A word the renderer broke across
// lines is accepted when its parts join into a word of v: consecutive
// parts at line ends (hyphenated or hard-wrapped, see Break), or a head
// whose tail follows within splitWindow words after other cells' text.
func (v *Vocabulary) Strangers(gotText string) []Stranger {
	toks := Tokens(gotText)
	words := make([]string, len(toks))
	for i, t := range toks {
		words[i] = caseWord(gotText, t)
	}
	used := make([]bool, len(toks))
	var out []Stranger
	at := map[string]int{}
	for j := range toks {
		if used[j] {
			continue
		}
		if v.words[words[j]] {
			// A hyphenated head that is a word of its own («на-» of
			// «на-ставнических», «по-» of «по-пытки») joins the next line
			// when together they spell a word of v.
			if toks[j].Break == HyphenBreak {
				if end, _, whole := v.chain(toks, words, j); whole {
					for i := j; i <= end; i++ {
						used[i] = true
					}
				}
			}
			continue
		}
		end, head, whole := v.chain(toks, words, j)
		if whole {
			for i := j; i <= end; i++ {
				used[i] = true
			}
			continue
		}
		if ms := v.tail(words, used, end, head); ms != nil {
			for i := j; i <= end; i++ {
				used[i] = true
			}
			for _, m := range ms {
				used[m] = true
			}
			continue
		}
		if v.headBefore(toks, words, j) {
			continue
		}
		if i, ok := at[words[j]]; ok {
			out[i].Count++
			continue
		}
		at[words[j]] = len(out)
		out = append(out, Stranger{Word: words[j], Count: 1, Context: quote(gotText, toks[j].Start, toks[j].End)})
	}
	return out
}

// headBefore reports whether word j is the tail of a word broken at a
// line end whose head is itself a word («по-» + «вышения», «не-» +
// «обходимости»): the head was taken as a word of its own, so the tail is
// joined back to a line-end part before it — the previous token, or one
// up to splitWindow tokens back when a page break put a repeated table
// header in between.
func (v *Vocabulary) headBefore(toks []Token, words []string, j int) bool {
	for k := j - 1; k >= 0 && k >= j-splitWindow; k-- {
		if toks[k].Break != NoBreak && v.words[words[k]+words[j]] {
			return true
		}
	}
	return false
}

// chain follows the line-end parts from token j (see Break) while they
// spell the start of a word of v. It returns the last part of the longest
// run that spells a whole word (whole), or else the last part that still
// spells a start and the start it spells (head).
func (v *Vocabulary) chain(toks []Token, words []string, j int) (end int, head string, whole bool) {
	s, end, head := words[j], j, words[j]
	for k := j; toks[k].Break != NoBreak && k+1 < len(toks); {
		k++
		s += words[k]
		if v.words[s] {
			end, whole = k, true
		}
		if len(v.completions(s)) == 0 {
			break
		}
		if !whole {
			end, head = k, s
		}
	}
	return end, head, whole
}

// maxPieces bounds how many pieces the rest of a broken word may come in
// after its head: a 60-letter word in a narrow column is a dozen lines.
const maxPieces = 24

// tail returns the indexes of the words after index after that complete
// head into a word of v — one piece, or pieces of three or more letters
// with other words in between — or nil.
func (v *Vocabulary) tail(words []string, used []bool, after int, head string) []int {
	for _, w := range v.completions(head) {
		if ms := pieces(words, used, after+1, after+splitWindow, w[len(head):], maxPieces); ms != nil {
			return ms
		}
	}
	return nil
}

func pieces(words []string, used []bool, from, limit int, rest string, parts int) []int {
	for m := from; m < len(words) && m <= limit; m++ {
		if used[m] {
			continue
		}
		p := words[m]
		if p == rest {
			return []int{m}
		}
		if parts > 0 && utf8.RuneCountInString(p) >= 3 && len(p) < len(rest) && strings.HasPrefix(rest, p) {
			if ms := pieces(words, used, m+1, limit, rest[len(p):], parts-1); ms != nil {
				return append(ms, m)
			}
		}
	}
	return nil
}

// A numbering label is a number with a dot or a bracket — «1.», «1)»,
// «34)», «1.1», «1.2.» (not «2025», not «I.») — standing between spaces
// or line ends.
// Words do not tell a generated «1.» from the user's own «1» (a date, a
// count hold it too); the label at the start of a printed line does.
const (
	label = `(\d+(?:\.\d+)*[.)]|\d+(?:\.\d+)+)`
	space = `[\s\x{00A0}\x{202F}]`
)

var (
	wholeLabelRE = regexp.MustCompile(`^` + label + `$`)
	lineLabelRE  = regexp.MustCompile(`(?m)^` + space + `*` + label + `(?:` + space + `|$)`)
)

// Numbering returns the numbering labels that start a line of gotText
// but are not labels of v: a number the renderer put before a section or a
// measure that the document does not number, each once in order.
func (v *Vocabulary) Numbering(gotText string) []Stranger {
	var out []Stranger
	at := map[string]int{}
	for _, m := range lineLabelRE.FindAllStringSubmatchIndex(gotText, -1) {
		l := gotText[m[2]:m[3]]
		if v.labels[l] {
			continue
		}
		if i, ok := at[l]; ok {
			out[i].Count++
			continue
		}
		at[l] = len(out)
		out = append(out, Stranger{Word: l, Count: 1, Context: quote(gotText, m[2], m[3])})
	}
	return out
}

// caseWord is the word of token t as printed in text, its case kept:
// its letters or digits without the soft hyphens, invisible characters and
// line-end hyphen Tokens skips, combining marks folded as Tokens folds them.
func caseWord(text string, t Token) string {
	var word []rune
	for _, r := range text[t.Start:t.End] {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			word = append(word, r)
		case unicode.Is(unicode.Mn, r):
			word = compose(word, r)
		}
	}
	return string(word)
}

// With is a copy of v with the words of texts added.
func (v *Vocabulary) With(texts ...string) *Vocabulary {
	c := &Vocabulary{words: make(map[string]bool, len(v.words)), labels: make(map[string]bool, len(v.labels))}
	for w := range v.words {
		c.words[w] = true
	}
	for l := range v.labels {
		c.labels[l] = true
	}
	c.Add(texts...)
	return c
}
