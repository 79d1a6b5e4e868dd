package docx

import (
	"errors"
	"strconv"
	"strings"

	"github.com/kartograf-ru/kartograf/internal/lazyre"
)

// Fused rows. After the cells (fuse.go), what text/template still paid
// for per row was the row ranges themselves: a passport's {{tr range
// .Passport.Rows}} (five reflective calls a row: kxkeep, kxrow, two kxp,
// kxkeep), a plan's {{tr range .Plan.Sections}} with its section row and
// the {{tr range .Items}} inside it, a table's {{tr range .Table.Rows}}.
// Once a part is generated, a range whose body is made only of text, kxp
// of a field of the row, a kxrow condition, fused cells, a nested range of
// such rows, the span of a fixed row's last cell and a passport's kxkeep
// becomes one call, kxrows, that writes every row in Go: the same
// functions called in the same order on the same values, so the same
// bytes. The range stays as the else branch: kxrows reports false,
// having written nothing, for a list or a field it does not know, and the
// template runs as it always did.

// fusedRows is one fused row range.
type fusedRows struct {
	ops  []rowOp
	grid bool // the call passes the table's grid columns (kxspan, kxspanw)
}

type rowOpKind int

const (
	rowText      rowOpKind = iota // text: written as it is
	rowPara                       // kxp $.S ctx . (.field)
	rowIf                         // if kxrow (.f1) (.f2)…: kids
	rowCellsOp                    // if kxcells $.S f .field: the fused cells
	rowRange                      // range .field: kids per element
	rowSpan                       // kxspan $grid others
	rowSpanW                      // kxspanw $grid others
	rowKeep                       // kxkeep $.S $i $n of the passport's range
	rowKeepReset                  // kxkeep $.S 0 0
)

type rowOp struct {
	kind   rowOpKind
	text   string
	ctx    int
	field  string
	fields []string
	n      int // the fused cells' index, or the others of a span
	kids   []rowOp
}

// tmplNode is a node of a generated part's template source: text, an action,
// or a block (range, if, with) with its body and else branch.
type tmplNode struct {
	start, end int // the node's span in the source
	action     string
	block      bool
	body, alt  []tmplNode
	hasElse    bool
	chained    bool // an {{else if}} or {{else with}}: not fused
}

var errTemplateShape = errors.New("template shape not understood")

// parseTmpl splits template source into nodes; ok is false for source it
// does not follow (trim markers, definitions, unbalanced blocks), which is
// then left as it is.
func parseTmpl(src string) ([]tmplNode, bool) {
	p := &tparser{src: src}
	nodes, term, err := p.seq()
	if err != nil || term != "" {
		return nil, false
	}
	return nodes, true
}

type tparser struct {
	src string
	pos int
}

// seq reads nodes up to an else or end at this level (term, with the
// position after it) or the end of the source (term "").
func (p *tparser) seq() ([]tmplNode, string, error) {
	var out []tmplNode
	for p.pos < len(p.src) {
		i := strings.Index(p.src[p.pos:], lDelim)
		if i < 0 {
			out = append(out, tmplNode{start: p.pos, end: len(p.src)})
			p.pos = len(p.src)
			break
		}
		if i > 0 {
			out = append(out, tmplNode{start: p.pos, end: p.pos + i})
		}
		start := p.pos + i
		j := strings.Index(p.src[start:], rDelim)
		if j < 0 {
			return nil, "", errTemplateShape
		}
		act := p.src[start+len(lDelim) : start+j]
		p.pos = start + j + len(rDelim)
		if strings.HasPrefix(act, "-") || strings.HasSuffix(act, "-") || strings.HasPrefix(act, "/*") {
			return nil, "", errTemplateShape
		}
		verb, _, _ := strings.Cut(act, " ")
		switch verb {
		case "define", "block":
			return nil, "", errTemplateShape
		case "end":
			return out, "end", nil
		case "else":
			return out, act, nil
		case "range", "if", "with":
			n := tmplNode{start: start, action: act, block: true}
			body, term, err := p.seq()
			if err != nil {
				return nil, "", err
			}
			n.body = body
			for term != "end" {
				if term == "" {
					return nil, "", errTemplateShape
				}
				if n.hasElse || term != "else" {
					n.chained = true
				}
				n.hasElse = true
				alt, t, err := p.seq()
				if err != nil {
					return nil, "", err
				}
				n.alt = append(n.alt, alt...)
				term = t
			}
			n.end = p.pos
			out = append(out, n)
		default:
			out = append(out, tmplNode{start: start, end: p.pos, action: act})
		}
	}
	return out, "", nil
}

var (
	rowsRange   = lazyre.New(`^range ((?:\$[A-Za-z0-9_]*)?(?:\.[A-Za-z_][A-Za-z0-9_]*)+)$`)
	rowsKept    = lazyre.New(`^range (\$kxi(\d+)), \$kxe\d+ := ((?:\.[A-Za-z_][A-Za-z0-9_]*)+)$`)
	rowsIf      = lazyre.New(`^if kxrow((?: \(\s*\.[A-Za-z_][A-Za-z0-9_]*\s*\))+)$`)
	rowsIfField = lazyre.New(`\.([A-Za-z_][A-Za-z0-9_]*)`)
	rowsCells   = lazyre.New(`^if kxcells \$\.S (\d+) \.([A-Za-z_][A-Za-z0-9_]*)$`)
	rowsInner   = lazyre.New(`^range \.([A-Za-z_][A-Za-z0-9_]*)$`)
	rowsPara    = lazyre.New(`^kxp \$\.S (\d+) \. \(\s*\.([A-Za-z_][A-Za-z0-9_]*)\s*\)$`)
	rowsSpan    = lazyre.New(`^(kxspanw?) (\$kxg\d+) (\d+)$`)
	rowsKeep    = lazyre.New(`^kxkeep \$\.S (\$kxi\d+) (\$kxn\d+)$`)
)

// fuseRows rewrites the row ranges of a generated part that kxrows can
// write, recording them in c.rows; source it does not follow comes back
// unchanged.
func (c *compiled) fuseRows(src string) string {
	nodes, ok := parseTmpl(src)
	if !ok {
		return src
	}
	var b strings.Builder
	pos := 0
	var walk func(ns []tmplNode)
	walk = func(ns []tmplNode) {
		for _, n := range ns {
			if !n.block {
				continue
			}
			if call, ok := c.fuseRowRange(src, n); ok {
				b.WriteString(src[pos:n.start])
				b.WriteString(call)
				pos = n.end
				continue
			}
			walk(n.body)
			walk(n.alt)
		}
	}
	walk(nodes)
	b.WriteString(src[pos:])
	return b.String()
}

// fuseRowRange is the source that replaces range node n, when its body is
// made of what kxrows writes.
func (c *compiled) fuseRowRange(src string, n tmplNode) (string, bool) {
	if n.hasElse {
		return "", false
	}
	f := rowFuser{}
	list := ""
	if m := rowsRange.FindStringSubmatch(n.action); m != nil {
		list = m[1]
	} else if m := rowsKept.FindStringSubmatch(n.action); m != nil {
		// A passport's rows: kxkeep is told the row's index and the
		// count the generator put in $kxnN just before the range.
		if !strings.HasSuffix(src[:n.start], lDelim+"$kxn"+m[2]+" := len ("+m[3]+")"+rDelim) {
			return "", false
		}
		list, f.keepI, f.keepN = m[3], m[1], "$kxn"+m[2]
	} else {
		return "", false
	}
	ops, ok := f.ops(src, n.body, true)
	if !ok {
		return "", false
	}
	c.rows = append(c.rows, fusedRows{ops: ops, grid: f.grid != ""})
	call := lDelim + "if kxrows $.S " + strconv.Itoa(len(c.rows)-1) + " " + list
	if f.grid != "" {
		call += " " + f.grid
	}
	return call + rDelim + lDelim + "else" + rDelim + src[n.start:n.end] + lDelim + "end" + rDelim, true
}

// rowFuser turns a range body into row ops.
type rowFuser struct {
	grid         string // the grid variable the spans use
	keepI, keepN string // a passport range's index and count variables
}

// ops converts nodes; top is false inside a nested range, where the
// passport's variables are not the row's.
func (f *rowFuser) ops(src string, ns []tmplNode, top bool) ([]rowOp, bool) {
	var out []rowOp
	for _, n := range ns {
		switch {
		case !n.block && n.action == "":
			out = append(out, rowOp{kind: rowText, text: src[n.start:n.end]})
		case !n.block:
			op, ok := f.action(n.action, top)
			if !ok {
				return nil, false
			}
			out = append(out, op)
		case n.chained:
			return nil, false
		default:
			if m := rowsCells.FindStringSubmatch(n.action); m != nil && n.hasElse {
				// The else branch is the cells' own range, which kxcells
				// replaces whenever kxrows runs (checked before it writes).
				idx, err := strconv.Atoi(m[1])
				if err != nil {
					return nil, false
				}
				out = append(out, rowOp{kind: rowCellsOp, n: idx, field: m[2]})
				continue
			}
			if n.hasElse {
				return nil, false
			}
			if m := rowsIf.FindStringSubmatch(n.action); m != nil {
				kids, ok := f.ops(src, n.body, top)
				if !ok {
					return nil, false
				}
				var fields []string
				for _, fm := range rowsIfField.FindAllStringSubmatch(m[1], -1) {
					fields = append(fields, fm[1])
				}
				out = append(out, rowOp{kind: rowIf, fields: fields, kids: kids})
				continue
			}
			if m := rowsInner.FindStringSubmatch(n.action); m != nil {
				kids, ok := f.ops(src, n.body, false)
				if !ok {
					return nil, false
				}
				out = append(out, rowOp{kind: rowRange, field: m[1], kids: kids})
				continue
			}
			return nil, false
		}
	}
	return out, true
}

func (f *rowFuser) action(act string, top bool) (rowOp, bool) {
	if m := rowsPara.FindStringSubmatch(act); m != nil {
		idx, err := strconv.Atoi(m[1])
		return rowOp{kind: rowPara, ctx: idx, field: m[2]}, err == nil
	}
	if m := rowsSpan.FindStringSubmatch(act); m != nil {
		if f.grid != "" && f.grid != m[2] {
			return rowOp{}, false
		}
		f.grid = m[2]
		others, err := strconv.Atoi(m[3])
		kind := rowSpan
		if m[1] == "kxspanw" {
			kind = rowSpanW
		}
		return rowOp{kind: kind, n: others}, err == nil
	}
	if act == "kxkeep $.S 0 0" && top && f.keepI != "" {
		return rowOp{kind: rowKeepReset}, true
	}
	if m := rowsKeep.FindStringSubmatch(act); m != nil && top && f.keepI != "" && m[1] == f.keepI && m[2] == f.keepN {
		return rowOp{kind: rowKeep}, true
	}
	return rowOp{}, false
}
