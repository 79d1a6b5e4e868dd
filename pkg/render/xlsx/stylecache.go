package xlsx

import (
	"bytes"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/xuri/excelize/v2"
)

// excelize keeps styles per file: every workbook asked NewStyle for each
// style it used (a linear search over the styles made so far, then a
// struct built and compared) and marshalled the style sheet again when
// written, a tenth of a workbook's cost. The ids NewStyle gives and the
// styles.xml written depend only on the order in which styles are first
// asked for, and workbooks of a template version ask in the same order.
// styleTrie remembers, per sequence of first asks, the id of the last one
// and, when a workbook ends there, the styles.xml written: a workbook
// walks the trie and asks excelize nothing; a sequence not seen yet is
// replayed once on a blank workbook. The bytes are the same as without it
// (TestPartCacheBytes renders every test document both ways).
type styleTrie struct {
	root  *styleNode
	nodes atomic.Int64 // bound: a pathological input cannot grow the trie without end
}

// maxStyleNodes bounds the trie: a template version uses a few dozen
// styles; past the bound a workbook makes its styles itself, as before.
const maxStyleNodes = 4096

type styleNode struct {
	path []styleKey // the first asks that lead here
	id   int        // NewStyle's id for the last of path

	mu   sync.Mutex
	next map[styleKey]*styleNode

	xml func() ([]byte, error) // styles.xml of a workbook that ends here
}

func newStyleTrie() *styleTrie {
	t := &styleTrie{root: &styleNode{}}
	t.root.xml = t.root.stylesXML()
	return t
}

// step is the node after n when k is asked next, or nil past the bound or
// when the style cannot be made (the caller then makes its styles itself
// and meets the error there).
func (t *styleTrie) step(n *styleNode, k styleKey) *styleNode {
	n.mu.Lock()
	defer n.mu.Unlock()
	if c, ok := n.next[k]; ok {
		return c
	}
	if t.nodes.Load() >= maxStyleNodes {
		return nil
	}
	path := append(n.path[:len(n.path):len(n.path)], k)
	f, id, err := replayStyles(path)
	if err != nil {
		return nil
	}
	_ = f.Close()
	c := &styleNode{path: path, id: id}
	c.xml = c.stylesXML()
	if n.next == nil {
		n.next = map[styleKey]*styleNode{}
	}
	n.next[k] = c
	t.nodes.Add(1)
	return c
}

// replayStyles makes a blank workbook's styles as a render does (the
// default font, then NewStyle in order) and returns the last id.
func replayStyles(path []styleKey) (*excelize.File, int, error) {
	f := excelize.NewFile()
	if err := f.SetDefaultFont(fontName); err != nil {
		_ = f.Close()
		return nil, 0, err
	}
	id := 0
	for _, k := range path {
		var err error
		if id, err = f.NewStyle(excelizeStyle(k)); err != nil {
			_ = f.Close()
			return nil, 0, err
		}
	}
	return f, id, nil
}

// stylesXML is the styles.xml excelize writes for the node's path, made
// once when first asked for.
func (n *styleNode) stylesXML() func() ([]byte, error) {
	return sync.OnceValues(func() ([]byte, error) {
		f, _, err := replayStyles(n.path)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		return writtenPart(f, stylesPart)
	})
}

const stylesPart = "xl/styles.xml"

// cachedStyle is style's id through the trie; ok is false when the book
// must make its styles itself from now on: past the trie's bound it makes
// them on a blank workbook of its own (styleFile), which first makes the
// ones asked for so far, in the same order, so ids stay the same.
func (b *book) cachedStyle(k styleKey) (int, bool) {
	if b.styleAt != nil {
		if c := b.w.styleTrie.step(b.styleAt, k); c != nil {
			b.styleAt = c
			return c.id, true
		}
		f, _, err := replayStyles(b.styleAt.path)
		if err != nil && b.err == nil {
			b.err = err
		}
		b.styleFile = f
		b.styleAt = nil
	}
	return 0, false
}

// stylesXML is the book's styles.xml with the Normal style's font size
// (normalSize) that excelize cannot set.
func (b *book) stylesXML() ([]byte, error) {
	var data []byte
	var err error
	switch {
	case b.styleAt != nil:
		data, err = b.styleAt.xml()
	case b.styleFile != nil:
		data, err = writtenPart(b.styleFile, stylesPart)
	default:
		err = errBlank
	}
	if err != nil {
		return nil, err
	}
	// The first font is the Normal style's: see normalSize.
	return bytes.Replace(data, []byte(`<sz val="11"></sz>`), []byte(`<sz val="`+strconv.FormatFloat(normalSize, 'f', -1, 64)+`"></sz>`), 1), nil
}
