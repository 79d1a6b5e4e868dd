package typo

import (
	_ "embed" // the Russian patterns
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// hyphRuTeX is hyph-ru.tex of the hyph-utf8 package, byte for byte (see
// hyphdata/README.md: the LPPL lets us ship it only unmodified, so it is
// parsed here rather than converted at build time).
//
//go:embed hyphdata/hyph-ru.tex
var hyphRuTeX string

const (
	// maxPatRun is the longest run the patterns hyphenate; runs are copied
	// into stack buffers of this size so a lookup does not allocate.
	maxPatRun = 64
	// minHyphenMin: never fewer letters than this on either side of a
	// break, whatever the pattern file says.
	minHyphenMin = 2
)

// Trie codes: 0 is "no letter", '.' marks a word edge, then а…я and ё.
const (
	patDot   = 1
	patAlpha = 35
)

func patCode(r rune) byte {
	switch {
	case r >= 'а' && r <= 'я':
		return byte(r-'а') + 2
	case r == 'ё':
		return 34
	case r == '.':
		return patDot
	}
	return 0
}

// patTrie holds Liang patterns: a path of letter codes from the root spells
// a pattern's letters, its node holds the pattern's digits. Children are
// kept as sorted edge ranges (few per node) except the root's, which are a
// table, so a lookup costs one table read plus short scans.
type patTrie struct {
	root  [patAlpha]int32
	nodes []patNode // nodes[0] is the root; 0 as a child means none
	edges []patEdge
	dense [][patAlpha]int32
	vals  []uint8 // digit vectors, one slot before each letter and one after

	left, right int               // hyphen mins of the file, at least 2
	exc         map[string][]int8 // the file's \hyphenation list

	patterns, ignored int // counts, for tests and documentation
}

type patNode struct {
	edge0 int32
	nedge uint8
	vlen  uint8
	val   int32
	dense int32 // 1 + row of dense for a node with many children, else 0
}

// denseFrom: nodes with more children than this get a table row instead of
// an edge scan (the first letters of patterns branch widely).
const denseFrom = 6

type patEdge struct {
	code byte
	node int32
}

// ruPatterns parses the embedded patterns once.
var ruPatterns = sync.OnceValues(func() (*patTrie, error) {
	t, err := parsePatterns(hyphRuTeX, ownPatterns)
	if err != nil {
		return nil, fmt.Errorf("русские шаблоны переноса hyph-ru.tex: %w", err)
	}
	return t, nil
})

// ownPatterns are Kartograf's additions to the file's patterns, for seams
// the file breaks wrongly (found by testdata/hyphen-ru.txt); kept here, not
// in hyph-ru.tex, which the licence lets us ship only unmodified. Each line
// says which break it fixes.
const ownPatterns = `\patterns{
% здоровье-сберегающий, not здоровьес-берегающий
ье1с4б
}`

// match sets val[s] to the greatest digit any pattern puts in slot s of
// word (slot s is before word[s]); word includes the edge dots.
func (t *patTrie) match(word []byte, val []uint8) {
	for s := range word {
		node := t.root[word[s]]
		for j := s; node != 0; {
			nd := &t.nodes[node]
			if nd.vlen > 0 {
				for k, d := range t.vals[nd.val : nd.val+int32(nd.vlen)] {
					val[s+k] = max(val[s+k], d)
				}
			}
			j++
			if j == len(word) {
				break
			}
			node = t.child(nd, word[j])
		}
	}
}

func (t *patTrie) child(nd *patNode, c byte) int32 {
	if nd.dense != 0 {
		return t.dense[nd.dense-1][c]
	}
	for _, e := range t.edges[nd.edge0 : nd.edge0+int32(nd.nedge)] {
		if e.code >= c {
			if e.code == c {
				return e.node
			}
			break
		}
	}
	return 0
}

// bytes is the trie's memory, for the documentation's figures.
func (t *patTrie) bytes() int {
	return len(t.root)*4 + len(t.nodes)*16 + len(t.edges)*8 + len(t.dense)*patAlpha*4 + len(t.vals)
}

// parsePatterns reads a TeX pattern file: "%" comments (the header's
// hyphenmins/typesetting left and right are honoured, never below 2), a
// \patterns{…} group and a \hyphenation{…} group of exception words.
// Patterns with characters other than Russian letters and "." (the file's
// hyphen/dash patterns, "8-7", ".а-8" …) never match a run of letters, as
// runs are hyphenated one by one here, and are skipped.
// Further sources (extra) add patterns and exceptions; only the first
// source's header counts.
func parsePatterns(src string, extra ...string) (*patTrie, error) {
	type bnode struct {
		kids [patAlpha]int32
		val  []uint8
	}
	b := []bnode{{}}
	t := &patTrie{left: minHyphenMin, right: minHyphenMin, exc: map[string][]int8{}}
	var path [8]string // header keys by indentation level
	group := ""        // "", "patterns", "hyphenation"
	for si, src := range append([]string{src}, extra...) {
		for ln, line := range strings.Split(src, "\n") {
			if i := strings.IndexByte(line, '%'); i >= 0 {
				if group == "" && si == 0 {
					if err := t.headerLine(line[i+1:], &path); err != nil {
						return nil, fmt.Errorf("строка %d: %w", ln+1, err)
					}
				}
				line = line[:i]
			}
			for _, tok := range strings.Fields(line) {
				switch {
				case tok == `\patterns{`:
					group = "patterns"
				case tok == `\hyphenation{`:
					group = "hyphenation"
				case tok == "}":
					group = ""
				case group == "patterns":
					letters, digits, ok := splitPattern(tok)
					if !ok {
						t.ignored++
						continue
					}
					n := int32(0)
					for _, c := range letters {
						if b[n].kids[c] == 0 {
							b[n].kids[c] = int32(len(b))
							b = append(b, bnode{})
						}
						n = b[n].kids[c]
					}
					if b[n].val == nil {
						b[n].val = digits
					} else { // a repeated pattern: TeX would refuse; keep the stronger digits
						for k := range digits {
							b[n].val[k] = max(b[n].val[k], digits[k])
						}
					}
					t.patterns++
				case group == "hyphenation":
					key, pts, msg := parseException(tok)
					if msg != "" {
						return nil, fmt.Errorf("строка %d: исключение «%s»: %s", ln+1, tok, msg)
					}
					t.exc[key] = pts
				default:
					return nil, fmt.Errorf("строка %d: непонятная запись «%s»", ln+1, tok)
				}
			}
		}
	}
	if t.patterns == 0 {
		return nil, fmt.Errorf("нет ни одного шаблона")
	}
	// Flatten: sorted edge ranges per node, node numbers unchanged.
	t.nodes = make([]patNode, len(b))
	for i := range b {
		nd := &t.nodes[i]
		nd.edge0 = int32(len(t.edges))
		for c, kid := range b[i].kids {
			if kid == 0 {
				continue
			}
			if i == 0 {
				t.root[c] = kid
			}
			t.edges = append(t.edges, patEdge{code: byte(c), node: kid})
			nd.nedge++
		}
		if nd.nedge > denseFrom {
			t.dense = append(t.dense, b[i].kids)
			nd.dense = int32(len(t.dense))
		}
		if v := b[i].val; v != nil {
			v = slices.Clone(v)
			for len(v) > 0 && v[len(v)-1] == 0 {
				v = v[:len(v)-1] // trailing zeros change nothing
			}
			nd.val, nd.vlen = int32(len(t.vals)), uint8(len(v))
			t.vals = append(t.vals, v...)
		}
	}
	t.edges = slices.Clip(t.edges)
	return t, nil
}

// splitPattern turns "а2б1р" into letter codes and the digit before each
// letter plus one after the last; ok is false for a pattern with a
// character that no run of Russian letters has.
func splitPattern(tok string) (letters []byte, digits []uint8, ok bool) {
	digits = []uint8{0}
	for _, r := range tok {
		if r >= '0' && r <= '9' {
			digits[len(digits)-1] = uint8(r - '0')
			continue
		}
		c := patCode(r)
		if c == 0 {
			return nil, nil, false
		}
		letters = append(letters, c)
		digits = append(digits, 0)
	}
	if len(letters) == 0 || len(letters) > 255 {
		return nil, nil, false
	}
	return letters, digits, true
}

// headerLine follows the YAML-like header comments of hyph-utf8 files and
// takes hyphenmins → typesetting → left/right from them.
func (t *patTrie) headerLine(s string, path *[8]string) error {
	body := strings.TrimLeft(s, " ")
	key, value, found := strings.Cut(body, ":")
	if !found || body == "" || strings.HasPrefix(body, "-") || strings.ContainsAny(key, " \t") {
		return nil
	}
	// hyph-utf8 indents the header by 4 spaces a level after "% ".
	level := (len(s) - len(body) - 1) / 4
	if level < 0 || level >= len(path) {
		return nil
	}
	path[level] = key
	for i := level + 1; i < len(path); i++ {
		path[i] = ""
	}
	if level != 2 || path[0] != "hyphenmins" || path[1] != "typesetting" {
		return nil
	}
	v, err := strconv.Atoi(strings.TrimSpace(value))
	if err != nil || v < 0 || v > maxPatRun {
		return fmt.Errorf("hyphenmins %s: «%s» не число от 0 до %d", key, strings.TrimSpace(value), maxPatRun)
	}
	switch key {
	case "left":
		t.left = max(minHyphenMin, v)
	case "right":
		t.right = max(minHyphenMin, v)
	}
	return nil
}
