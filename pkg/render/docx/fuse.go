package docx

import (
	"strconv"
	"strings"

	"github.com/kartograf-ru/kartograf/internal/lazyre"
)

// Fused cells. A plan's or table's row repeats one cell per column
// ({{tc range .Cells}}), and text/template pays for every cell a range
// step and a reflective call of each kx function in it (its width, the
// header's merge and alignment, the paragraph) with their arguments looked
// up by reflection: for seed 001 that was most of the template's
// execution. When the generator sees a cell made of nothing but those
// calls and text, it emits a single call, kxcells, that writes every cell
// of the row in Go: the same functions called in the same order on the
// same values, so the same bytes. The range stays in the template as the
// else branch: kxcells reports false for a list it does not know (a
// user's template may range over anything), and the template then runs as
// it always did.

// fusedCells is one fused range: its body as text and calls.
type fusedCells struct {
	ops []cellOp
}

type opKind int

const (
	opText   opKind = iota // text: written as it is
	opWidth                // kxw .
	opMerge                // kxmerge .
	opVAlign               // kxvalign . "text"
	opPara                 // kxp $.S ctx . (.field)
)

type cellOp struct {
	kind  opKind
	text  string
	ctx   int
	field string
}

var (
	fusedPara   = lazyre.New(`^kxp \$\.S (\d+) \. \(\s*\.(Value|Title|N)\s*\)$`)
	fusedVAlign = lazyre.New(`^kxvalign \. "(\w+)"$`)
	// fusedList is a range expression kxcells may evaluate twice (once in
	// the call, once more in the fallback): a variable or a chain of
	// fields, which has no side effects.
	fusedList = lazyre.New(`^(\$[A-Za-z0-9_]*)?(\.[A-Za-z_][A-Za-z0-9_]*)*$`)
)

// capture returns what emit writes to the compiler's output, instead of
// writing it there.
func (c *compiler) capture(emit func() error) (string, error) {
	saved := c.out
	c.out = strings.Builder{}
	err := emit()
	body := c.out.String()
	c.out = saved
	return body, err
}

// repeatedCell is the template source of a {{tc range X}} cell whose
// range body is body.
func (c *compiler) repeatedCell(ci cellInfo, body string) string {
	return c.fuseRange(ci.repeat, body)
}

// fuseRange is the template source of {{range list}}body{{end}}: fused
// when body is text and the calls kxcells knows, else the range alone.
func (c *compiler) fuseRange(list, body string) string {
	loop := lDelim + "range " + list + rDelim + body + lDelim + "end" + rDelim
	if c.fused == nil || list == "" || !fusedList.MatchString(list) {
		return loop
	}
	var ops []cellOp
	for rest := body; rest != ""; {
		i := strings.Index(rest, lDelim)
		if i < 0 {
			ops = append(ops, cellOp{kind: opText, text: rest})
			break
		}
		if i > 0 {
			ops = append(ops, cellOp{kind: opText, text: rest[:i]})
		}
		j := strings.Index(rest[i:], rDelim)
		if j < 0 {
			return loop
		}
		act := rest[i+len(lDelim) : i+j]
		rest = rest[i+j+len(rDelim):]
		switch {
		case act == "kxw .":
			ops = append(ops, cellOp{kind: opWidth})
		case act == "kxmerge .":
			ops = append(ops, cellOp{kind: opMerge})
		default:
			if m := fusedVAlign.FindStringSubmatch(act); m != nil {
				ops = append(ops, cellOp{kind: opVAlign, text: m[1]})
				continue
			}
			m := fusedPara.FindStringSubmatch(act)
			if m == nil {
				return loop
			}
			idx, err := strconv.Atoi(m[1])
			if err != nil {
				return loop
			}
			ops = append(ops, cellOp{kind: opPara, ctx: idx, field: m[2]})
		}
	}
	*c.fused = append(*c.fused, fusedCells{ops: ops})
	f := strconv.Itoa(len(*c.fused) - 1)
	return lDelim + "if kxcells $.S " + f + " " + list + rDelim + lDelim + "else" + rDelim + loop + lDelim + "end" + rDelim
}

// fusedField is the field of a cell or column a fused paragraph prints,
// as the template would pass it to kxp.
func fusedField(dot any, name string) (any, bool) {
	switch x := dot.(type) {
	case Cell:
		if name == "Value" {
			return x.Value, true
		}
	case Column:
		switch name {
		case "Title":
			return x.Title, true
		case "N":
			return x.N, true
		}
	}
	return nil, false
}

// kxcells writes the body of fused range f for every element of list
// straight to the part being executed and reports true; for a list of
// anything but cells or columns, or of elements without the fields the
// body prints, it writes nothing and reports false, and the template's
// own range prints it.
func (c *compiled) kxcells(s *state, f int, list any) (bool, error) {
	if s == nil || s.out == nil || f < 0 || f >= len(c.fused) {
		return false, nil
	}
	var n int
	var zero any
	switch l := list.(type) {
	case []Cell:
		n, zero = len(l), Cell{}
	case []Column:
		n, zero = len(l), Column{}
	default:
		return false, nil
	}
	ops := c.fused[f].ops
	for _, op := range ops {
		if op.kind == opPara {
			if _, ok := fusedField(zero, op.field); !ok {
				return false, nil
			}
		}
	}
	// Written where the template writes, as it would: nothing else is
	// written to the part between the call and its return.
	b := s.out
	if l, ok := list.([]Cell); ok {
		return true, c.cells(s, b, ops, l)
	}
	for i := range n {
		var dot any
		var tw int
		switch l := list.(type) {
		case []Cell:
			dot, tw = l[i], l[i].Twips
		case []Column:
			dot, tw = l[i], l[i].Twips
		}
		for _, op := range ops {
			switch op.kind {
			case opText:
				b.WriteString(op.text)
			case opWidth:
				writeInt(b, max(tw, 1)) // kxw
			case opMerge:
				b.WriteString(kxmerge(dot))
			case opVAlign:
				b.WriteString(kxvalign(dot, op.text))
			case opPara:
				v, _ := fusedField(dot, op.field)
				if err := c.para(s, b, op.ctx, dot, v); err != nil {
					return false, err
				}
			}
		}
	}
	return true, nil
}

// cells is kxcells over cells, each walked in place: the paragraph takes
// the cell and its value as they are, not boxed for para (two allocations
// a cell).
func (c *compiled) cells(s *state, b *partOut, ops []cellOp, l []Cell) error {
	for i := range l {
		cell := &l[i]
		for _, op := range ops {
			switch op.kind {
			case opText:
				b.WriteString(op.text)
			case opWidth:
				writeInt(b, max(cell.Twips, 1)) // kxw
			case opMerge:
				b.WriteString(kxmerge(*cell))
			case opVAlign:
				b.WriteString(kxvalign(*cell, op.text))
			case opPara:
				// kxcells checked the field: a cell's is its Value.
				if err := c.cellPara(s, b, op.ctx, cell); err != nil {
					return err
				}
			}
		}
	}
	return nil
}
