package document

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"
)

// MaxInputSize bounds what Decode reads (64 MiB): a 10 000-row plan is ≈5 MiB.
const MaxInputSize = 64 << 20

// ReadInput reads a whole document from r, refusing more than MaxInputSize.
func ReadInput(r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxInputSize+1))
	if err != nil {
		return nil, fmt.Errorf("чтение документа: %w", err)
	}
	if len(data) > MaxInputSize {
		return nil, fmt.Errorf("документ больше %d МиБ", MaxInputSize>>20)
	}
	return data, nil
}

// Decode reads one JSON document from r: it must be valid UTF-8, well-formed
// JSON, and match the contract (no unknown fields, right types, required
// fields present, no duplicate keys, no bidi or zero-width characters in
// strings). Structural problems are returned together as a
// *ValidationError; malformed input as a *SyntaxError. Decode does not run
// the semantic checks of Validate; DecodeAll does.
func Decode(r io.Reader) (*Document, error) {
	data, err := ReadInput(r)
	if err != nil {
		return nil, err
	}
	return DecodeBytes(data)
}

// DecodeBytes is Decode for a byte slice. Its *ValidationError carries the
// partial document (ValidationError.Partial) when one could be read.
func DecodeBytes(data []byte) (*Document, error) {
	res, err := decode(data)
	if err != nil {
		return nil, err
	}
	if len(res.problems) == 0 {
		return res.doc, nil
	}
	return nil, res.failure(nil)
}

// DecodeAll decodes data and runs the semantic checks too, so that every
// problem of the document comes back in one *ValidationError, in document
// order: an unknown field or a value of the wrong type no longer hides the
// empty required cell or the impossible date elsewhere. rules, when not nil,
// gives the rules for the decoded (possibly partial) document, e.g. from its
// template; if it fails for a document that already has structural
// problems, the document alone is checked, otherwise its error is returned.
// Semantic findings that merely restate a structural one (a field of the
// wrong type is also «empty») are left out. Malformed JSON remains a single
// *SyntaxError.
func DecodeAll(data []byte, rules func(*Document) (Rules, error)) (*Document, error) {
	res, err := decode(data)
	if err != nil {
		return nil, err
	}
	if res.doc == nil {
		return nil, res.failure(nil)
	}
	var r Rules
	if rules != nil {
		rr, err := rules(res.doc)
		if err != nil && len(res.problems) == 0 {
			return nil, err
		}
		if err == nil {
			r = rr
		}
	}
	var semantic []Problem
	var ve *ValidationError
	if err := r.Validate(res.doc); errors.As(err, &ve) {
		semantic = ve.Problems
	}
	if len(res.problems) == 0 && len(semantic) == 0 {
		return res.doc, nil
	}
	return nil, res.failure(semantic)
}

// bom is the UTF-8 byte order mark. One before the JSON text is skipped
// (RFC 8259 allows a parser to ignore it; Windows editors write it); inside
// a string it is an invisible character like the others.
var bom = []byte{0xEF, 0xBB, 0xBF}

// decoded is what one decoding pass found.
type decoded struct {
	data  []byte
	start int // after a leading BOM
	// doc is the document when problems is empty, else the partial
	// document (nil when even that could not be read).
	doc      *Document
	problems []Problem
	offs     []int    // offs[i]: offset of problems[i] when the parser found it
	pruned   []string // paths whose value was replaced, removed or absent
}

func decode(data []byte) (*decoded, error) {
	start := 0
	if bytes.HasPrefix(data, bom) {
		start = len(bom)
	}
	p := &parser{data: data, src: string(data), i: start}
	tree := p.value(0)
	trailing := false
	if !p.failed {
		p.space()
		trailing = p.i < len(data)
	}
	// A text that parses to its end is valid UTF-8 when its strings are:
	// everything else in it is ASCII. Otherwise invalid UTF-8 anywhere
	// is reported first, as before the parser checked strings itself.
	if p.failed || trailing || p.badUTF8 {
		if off := invalidUTF8(data); off >= 0 {
			return nil, newSyntaxError(data, int64(off), "недопустимая последовательность байтов UTF-8")
		}
	}
	if trailing {
		return nil, newSyntaxError(data, int64(p.i), "лишние данные после документа")
	}
	if p.failed {
		return nil, p.syntaxError(start)
	}
	s, err := compiledSchema()
	if err != nil {
		return nil, err
	}
	c := &check{s: s}
	tree = c.validate(s.root, tree, "")
	res := &decoded{data: data, start: start, pruned: c.pruned, offs: p.offs}
	res.problems = append(p.problems, c.problems...)
	if len(res.problems) == 0 {
		// The model is filled from the tree the schema was checked on,
		// exactly as strictUnmarshal would fill it from the text (see
		// tree.go), instead of parsing the text a second time.
		doc, err := documentFromTree(tree)
		if err != nil {
			// The schema accepted the tree, so this is a contract drift
			// between schema.json and the Go types: report it rather than
			// hide it.
			return nil, fmt.Errorf("документ соответствует схеме, но не читается в модель: %w", err)
		}
		res.doc = doc
		return res, nil
	}
	if len(p.problems) > 0 {
		tree = stripInvisibleTree(tree)
	}
	// The repaired tree is read by the same code that reads a good one; it
	// gives what encoding/json gives for the tree re-encoded (tree_test.go).
	if doc, err := documentFromTree(tree); err == nil {
		res.doc = doc
	}
	return res, nil
}

// syntaxError reports the parser's failure. For anything but nesting depth
// the message of encoding/json is used, as before this parser existed.
func (p *parser) syntaxError(start int) error {
	if p.errMsg != tooDeep {
		dec := json.NewDecoder(bytes.NewReader(p.data[start:]))
		var v any
		if err := dec.Decode(&v); err != nil {
			return syntaxError(p.data, start, err)
		}
	}
	return newSyntaxError(p.data, int64(p.errOff), p.errMsg)
}

// failure merges the structural problems with the semantic ones that say
// something new, drops repeats and sorts them in document order.
func (res *decoded) failure(semantic []Problem) *ValidationError {
	all := make([]Problem, 0, len(res.problems)+len(semantic))
	all = append(all, res.problems...)
	reported := make(map[string]bool, len(res.problems))
	for _, p := range res.problems {
		reported[p.Path] = true
	}
	for _, p := range semantic {
		if !reported[p.Path] && !res.underPruned(p.Path) {
			all = append(all, p)
		}
	}
	offs := res.offsets(all)
	seen := make(map[Problem]bool, len(all))
	out := make([]Problem, 0, len(all))
	outOffs := make([]int, 0, len(all))
	for i, p := range all {
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
			outOffs = append(outOffs, offs[i])
		}
	}
	sortByOffset(out, outOffs)
	return &ValidationError{Problems: out, Partial: res.doc}
}

func (res *decoded) underPruned(path string) bool {
	for _, q := range res.pruned {
		if isWithin(path, q) {
			return true
		}
	}
	return false
}

// isWithin reports whether path is base or lies below it.
func isWithin(path, base string) bool {
	if base == "" || path == base {
		return true
	}
	return strings.HasPrefix(path, base) && len(path) > len(base) && (path[len(base)] == '.' || path[len(base)] == '[')
}

// offsets gives where each problem is in the text: where the parser found
// it, else where the value at its path starts; a problem about an absent
// field is placed at its parent.
func (res *decoded) offsets(problems []Problem) []int {
	offs := make([]int, len(problems))
	if len(problems) < 2 {
		return offs
	}
	p := &parser{data: res.data, i: res.start, offsets: map[string]int{}}
	p.value(0)
	for i, pr := range problems {
		if i < len(res.offs) {
			offs[i] = res.offs[i]
			continue
		}
		path := pr.Path
		for {
			if off, ok := p.offsets[path]; ok {
				offs[i] = off
				break
			}
			if path == "" {
				break
			}
			path = parentPath(path)
		}
	}
	return offs
}

// sortByOffset orders problems by offset; equal places keep their order.
func sortByOffset(problems []Problem, offs []int) {
	type keyed struct {
		off int
		p   Problem
	}
	ks := make([]keyed, len(problems))
	for i, pr := range problems {
		ks[i] = keyed{offs[i], pr}
	}
	slices.SortStableFunc(ks, func(a, b keyed) int { return a.off - b.off })
	for i := range ks {
		problems[i] = ks[i].p
	}
}

func parentPath(path string) string {
	i := strings.LastIndexAny(path, ".[")
	if i < 0 {
		return ""
	}
	return path[:i]
}

func invalidUTF8(data []byte) int {
	if utf8.Valid(data) {
		return -1
	}
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return -1
}

// syntaxError maps an encoding/json error on data[start:] onto data.
func syntaxError(data []byte, start int, err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return newSyntaxError(data, int64(start)+se.Offset, se.Error())
	}
	if errors.Is(err, io.EOF) {
		return newSyntaxError(data, int64(len(data)), "пустой ввод")
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return newSyntaxError(data, int64(len(data)), "неожиданный конец ввода")
	}
	return newSyntaxError(data, int64(start), err.Error())
}
