package docx

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
)

// Fused cells. A plan's or table's body row repeats one cell per column
// ({{tc range .Cells}}), and text/template pays for every cell a range
// step, a reflective call of kxw for the width and one of kxp for the
// paragraph with its arguments looked up by reflection: for seed 001 that
// was most of the template's execution. When the generator sees the usual
// shape of such a cell — its width, then one paragraph holding only
// {{.Value}} — it emits a single call, kxcells, that writes every cell of
// the row in Go, the same bytes the range would. The range stays in the
// template as the else branch: kxcells reports false for a list that is
// not []Cell (a user's template may range over anything), and the template
// then runs as it always did.

// fusedCells is one fused {{tc range X}} cell: the text around its width
// and around its paragraph, and the paragraph's context.
type fusedCells struct {
	head, mid, tail string
	ctx             int
}

// fusedPara is the only action a fusable cell's paragraph may hold.
var fusedPara = regexp.MustCompile(`^kxp \$\.S (\d+) \. \(\s*\.Value\s*\)$`)

// fusedList is a range expression kxcells may evaluate twice (once in the
// call, once more in the fallback): a chain of fields, which has no side
// effects.
var fusedList = regexp.MustCompile(`^(\.[A-Za-z_][A-Za-z0-9_]*)+$`)

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
// range body is body: fused when it has the usual shape, else the range.
func (c *compiler) repeatedCell(ci cellInfo, body string) string {
	loop := lDelim + "range " + ci.repeat + rDelim + body + lDelim + "end" + rDelim
	if c.fused == nil || ci.merge || !fusedList.MatchString(ci.repeat) {
		return loop
	}
	// body is text, kxw ., text, kxp of .Value, text — nothing else.
	var texts, acts []string
	rest := body
	for {
		i := strings.Index(rest, lDelim)
		if i < 0 {
			texts = append(texts, rest)
			break
		}
		j := strings.Index(rest[i:], rDelim)
		if j < 0 {
			return loop
		}
		texts = append(texts, rest[:i])
		acts = append(acts, rest[i+len(lDelim):i+j])
		rest = rest[i+j+len(rDelim):]
	}
	if len(acts) != 2 || acts[0] != "kxw ." {
		return loop
	}
	m := fusedPara.FindStringSubmatch(acts[1])
	if m == nil {
		return loop
	}
	idx, err := strconv.Atoi(m[1])
	if err != nil {
		return loop
	}
	*c.fused = append(*c.fused, fusedCells{head: texts[0], mid: texts[1], tail: texts[2], ctx: idx})
	f := strconv.Itoa(len(*c.fused) - 1)
	return lDelim + "if kxcells $.S " + f + " " + ci.repeat + rDelim + lDelim + "else" + rDelim + loop + lDelim + "end" + rDelim
}

// kxcells writes the cells of fused cell f for every Cell of list straight
// to the part being executed and reports true; it writes nothing and
// reports false for a list of anything else, which the template's own
// range then prints.
func (c *compiled) kxcells(s *state, f int, list any) (bool, error) {
	cells, ok := list.([]Cell)
	if !ok || s == nil || s.out == nil || f < 0 || f >= len(c.fused) {
		return false, nil
	}
	fc := &c.fused[f]
	var b strings.Builder
	b.Grow(len(cells) * (len(fc.head) + len(fc.mid) + len(fc.tail) + 256))
	for _, cell := range cells {
		b.WriteString(fc.head)
		b.WriteString(strconv.Itoa(max(cell.twips(), 1))) // kxw
		b.WriteString(fc.mid)
		if err := c.para(s, &b, fc.ctx, cell, cell.Value); err != nil {
			return false, err
		}
		b.WriteString(fc.tail)
	}
	s.out.WriteString(b.String())
	return true, nil
}

// partOut is the buffer a part's template execution writes to, which
// kxcells writes to as well.
type partOut = bytes.Buffer
