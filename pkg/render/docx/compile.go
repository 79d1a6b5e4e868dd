package docx

import (
	"fmt"
	"html"
	"strconv"
	"strings"

	"github.com/kartograf-ru/kartograf/internal/lazyre"
)

// The compiled template uses delimiters that cannot occur in XML 1.0, so
// literal XML never needs escaping and data can never open an action.
const (
	lDelim = "\x02"
	rDelim = "\x03"
)

// pctx is what a paragraph-level value needs to write whole paragraphs: the
// paragraph's and the run's properties.
type pctx struct {
	pPr, rPr string
	// jc and firstLine are the alignment and first-line indent (twips) the
	// paragraph gets from its properties and style (styleSheet.layout).
	jc        string
	firstLine int
	byAlign   [3]string // pPr for cells aligned as cellAligns
}

// tagKind classifies the action inside a tag.
type tagKind int

const (
	tagValue tagKind = iota
	tagControl
	tagComment
	tagStructural
)

type tagInfo struct {
	kind   tagKind
	level  string // p, tr, tc for structural tags
	action string // the Go template action (structural prefix removed)
	verb   string // range, if, with, else, end for structural and control tags
}

var controlVerbs = map[string]bool{"if": true, "else": true, "end": true, "range": true, "with": true, "break": true, "continue": true, "define": true, "template": true, "block": true}

func classify(src string) tagInfo {
	if strings.HasPrefix(src, "/*") {
		return tagInfo{kind: tagComment}
	}
	f := strings.Fields(src)
	if len(f) == 0 {
		return tagInfo{kind: tagValue, action: src}
	}
	if (f[0] == "p" || f[0] == "tr" || f[0] == "tc") && len(f) > 1 && (f[1] == "range" || f[1] == "if" || f[1] == "with" || f[1] == "else" || f[1] == "end") {
		return tagInfo{kind: tagStructural, level: f[0], action: strings.TrimSpace(src[len(f[0]):]), verb: f[1]}
	}
	if controlVerbs[f[0]] {
		return tagInfo{kind: tagControl, action: src, verb: f[0]}
	}
	if strings.HasPrefix(f[0], "$") && len(f) > 1 && (f[1] == ":=" || f[1] == "=") {
		return tagInfo{kind: tagControl, action: src}
	}
	return tagInfo{kind: tagValue, action: src}
}

// opened is an open structural block, for balance checks.
type opened struct {
	tag string
	at  string // line:column
}

type compiler struct {
	part string
	src  string
	out  strings.Builder
	ctxs *[]pctx
	grid int // counter of dynamic tables
	// fused collects the repeated cells written by one Go call (fuse.go);
	// nil: none are.
	fused *[]fusedCells
}

func (c *compiler) errAt(i int, format string, args ...any) error {
	return fmt.Errorf("%s:%s: %s", c.part, position(c.src, i), fmt.Sprintf(format, args...))
}

// compileWordPart turns a WordprocessingML part into template source.
func compileWordPart(part, src string, ctxs *[]pctx, fused *[]fusedCells) (string, error) {
	if strings.ContainsAny(src, lDelim+rDelim) {
		return "", fmt.Errorf("%s: недопустимые управляющие символы в XML", part)
	}
	roots, err := scanElems(part, src)
	if err != nil {
		return "", err
	}
	c := &compiler{part: part, src: src, ctxs: ctxs, fused: fused}
	if err := c.sequence(roots, 0, len(src), nil); err != nil {
		return "", err
	}
	return c.out.String(), nil
}

// sequence emits src[from:to] with its elements processed. Paragraph-level
// structural tags must balance within one container (the body, a cell).
func (c *compiler) sequence(elems []*elem, from, to int, cell *cellMods) error {
	var stack []opened
	pos := from
	for i, e := range elems {
		c.out.WriteString(c.src[pos:e.start])
		switch e.kind {
		case kPara:
			var strip bool
			if cell != nil && i == cell.firstPara {
				strip = cell.repeated
			}
			if err := c.paragraph(e, &stack, strip); err != nil {
				return err
			}
		case kTable:
			if err := c.table(e); err != nil {
				return err
			}
		default:
			return c.errAt(e.start, "<%s> вне таблицы", elemNames[e.kind])
		}
		pos = e.end
	}
	c.out.WriteString(c.src[pos:to])
	if len(stack) > 0 {
		o := stack[len(stack)-1]
		return fmt.Errorf("%s:%s: у тега {{%s}} нет парного {{p end}}", c.part, o.at, o.tag)
	}
	return nil
}

// balance updates a stack of open structural blocks for one tag.
func balance(stack *[]opened, t tagInfo, tag, at string, part string) error {
	switch t.verb {
	case "range", "if", "with":
		*stack = append(*stack, opened{tag, at})
	case "else":
		if len(*stack) == 0 {
			return fmt.Errorf("%s:%s: {{%s}} без открывающего тега", part, at, tag)
		}
	case "end":
		if len(*stack) == 0 {
			return fmt.Errorf("%s:%s: {{%s}} без открывающего тега", part, at, tag)
		}
		*stack = (*stack)[:len(*stack)-1]
	}
	return nil
}

// paragraph emits one paragraph: a structural tag replaces it; a value that
// is its only text becomes whole paragraphs; other tags are inline.
func (c *compiler) paragraph(e *elem, stack *[]opened, stripTC bool) error {
	p, err := parsePara(c.part, c.src, e.start, c.src[e.start:e.end])
	if err != nil {
		return err
	}
	if stripTC {
		if len(p.tags) == 0 {
			return c.errAt(e.start, "внутренняя ошибка: нет тега {{tc …}}")
		}
		t := p.tags[0]
		n := p.nodes[t.node]
		newText := n.text[:t.from] + n.text[t.to:]
		p.xml = p.xml[:n.cs] + escapeXML(newText) + p.xml[n.ce:]
		if p, err = parsePara(c.part, c.src, e.start, p.xml); err != nil {
			return err
		}
	}
	if len(p.tags) == 0 {
		c.out.WriteString(p.xml)
		return nil
	}
	at := position(c.src, e.start)
	text := strings.TrimSpace(p.text())
	for _, t := range p.tags {
		info := classify(t.src)
		if info.kind != tagStructural {
			continue
		}
		raw := p.nodes[t.node].text[t.from:t.to]
		if len(p.tags) != 1 || text != strings.TrimSpace(raw) {
			return fmt.Errorf("%s:%s: структурный тег {{%s}} должен быть единственным текстом абзаца", c.part, at, t.src)
		}
		switch info.level {
		case "tr":
			return fmt.Errorf("%s:%s: тег {{%s}} должен стоять в строке таблицы", c.part, at, t.src)
		case "tc":
			return fmt.Errorf("%s:%s: тег {{%s}} должен начинать текст ячейки таблицы", c.part, at, t.src)
		}
		if err := balance(stack, info, t.src, at, c.part); err != nil {
			return err
		}
		c.out.WriteString(lDelim + info.action + rDelim)
		return nil
	}
	if len(p.tags) == 1 {
		t := p.tags[0]
		info := classify(t.src)
		raw := p.nodes[t.node].text[t.from:t.to]
		if info.kind == tagValue && text == strings.TrimSpace(raw) {
			*c.ctxs = append(*c.ctxs, pctx{pPr: p.pPr(), rPr: p.rPrAt(t.node)})
			// The dot goes along: inside {{tc range .Cells}} it is the
			// Cell whose column's alignment the value is printed with.
			fmt.Fprintf(&c.out, "%skxp $.S %d . (%s)%s", lDelim, len(*c.ctxs)-1, info.action, rDelim)
			return nil
		}
	}
	// Inline tags: substitute them inside their text nodes.
	prev := 0
	ti := 0
	for ni, n := range p.nodes {
		var tags []ptag
		for ti < len(p.tags) && p.tags[ti].node == ni {
			tags = append(tags, p.tags[ti])
			ti++
		}
		if len(tags) == 0 {
			continue
		}
		c.out.WriteString(p.xml[prev:n.openStart])
		c.out.WriteString(`<w:t xml:space="preserve">`)
		last := 0
		for _, t := range tags {
			c.out.WriteString(escapeXML(n.text[last:t.from]))
			info := classify(t.src)
			switch info.kind {
			case tagValue:
				c.out.WriteString(lDelim + "kx $.S (" + info.action + ")" + rDelim)
			case tagControl:
				c.out.WriteString(lDelim + info.action + rDelim)
			}
			last = t.to
		}
		c.out.WriteString(escapeXML(n.text[last:]))
		c.out.WriteString("</w:t>")
		if n.selfClosing {
			prev = n.openEnd
		} else {
			prev = n.ce + len("</w:t>")
		}
	}
	c.out.WriteString(p.xml[prev:])
	return nil
}

// rowInfo is what a table needs to know about a row before emitting it.
type rowInfo struct {
	e         *elem
	directive *tagInfo // a {{tr …}} row
	tag       string
	cells     []cellInfo
	// values are the actions of the row's value tags when it has no other
	// tags and its cells hold paragraphs only (see dropEmpty).
	values   []string
	onlyVals bool
}

type cellInfo struct {
	e        *elem
	repeat   string // the range expression of a {{tc range X}} cell
	span     int    // static w:gridSpan
	firstPar int    // index of the first paragraph among the cell's children
	merge    bool   // a header cell: its spans come from kxmerge (header.go)
}

type cellMods struct {
	repeated  bool
	firstPara int
}

var gridSpanRE = lazyre.New(`<w:gridSpan\s+w:val="(\d+)"\s*/>`)

func (c *compiler) inspectRow(r *elem) (rowInfo, error) {
	ri := rowInfo{e: r, onlyVals: true}
	var texts []string
	for _, ce := range r.children {
		if ce.kind != kCell {
			continue
		}
		for _, ch := range ce.children {
			if ch.kind != kPara {
				ri.onlyVals = false // a nested table: its tags are not looked at
			}
		}
		ci := cellInfo{e: ce, span: 1, firstPar: -1}
		if m := gridSpanRE.FindStringSubmatch(c.src[ce.start:ce.end]); m != nil {
			ci.span, _ = strconv.Atoi(m[1])
		}
		for k, pe := range ce.children {
			if pe.kind != kPara {
				continue
			}
			p, err := parsePara(c.part, c.src, pe.start, c.src[pe.start:pe.end])
			if err != nil {
				return ri, err
			}
			if t := strings.TrimSpace(p.text()); t != "" {
				texts = append(texts, t)
			}
			if ci.firstPar < 0 {
				ci.firstPar = k
				if len(p.tags) > 0 {
					info := classify(p.tags[0].src)
					lead := strings.TrimSpace(p.text())
					raw := p.nodes[p.tags[0].node].text[p.tags[0].from:p.tags[0].to]
					if info.kind == tagStructural && info.level == "tc" && strings.HasPrefix(lead, strings.TrimSpace(raw)) {
						if info.verb != "range" {
							return ri, c.errAt(pe.start, "поддерживается только {{tc range …}}, а не {{%s}}", p.tags[0].src)
						}
						ci.repeat = strings.TrimSpace(strings.TrimPrefix(info.action, "range"))
					}
				}
			}
			for _, t := range p.tags {
				info := classify(t.src)
				if info.kind == tagStructural && info.level == "tr" {
					ri.directive, ri.tag = &info, t.src
				}
				switch info.kind {
				case tagValue:
					ri.values = append(ri.values, info.action)
				case tagComment:
				default:
					ri.onlyVals = false
				}
			}
		}
		ri.cells = append(ri.cells, ci)
	}
	if ri.directive != nil && (len(texts) != 1 || normaliseTag(strings.TrimSuffix(strings.TrimPrefix(texts[0], "{{"), "}}")) != ri.tag) {
		return ri, c.errAt(r.start, "строка с тегом {{%s}} не должна содержать другого текста", ri.tag)
	}
	return ri, nil
}

var tcWRE = lazyre.New(`<w:tcW\s[^>]*/>`)

// table emits a table; rows with {{tr …}} become actions, cells with
// {{tc range X}} repeat, and a table whose columns come from such a range
// gets its grid from it and widens the last cell of its other rows.
func (c *compiler) table(t *elem) error {
	var rows []rowInfo
	for _, r := range t.children {
		if r.kind != kRow {
			continue
		}
		ri, err := c.inspectRow(r)
		if err != nil {
			return err
		}
		rows = append(rows, ri)
	}
	// The grid comes from the first repeated cell of a row outside any
	// row loop: that expression has the table's own dot.
	gridExpr, depth := "", 0
	for _, ri := range rows {
		if ri.directive != nil {
			switch ri.directive.verb {
			case "range", "if", "with":
				depth++
			case "end":
				depth--
			}
			continue
		}
		if depth == 0 && gridExpr == "" {
			for _, ci := range ri.cells {
				if ci.repeat != "" {
					gridExpr = ci.repeat
					break
				}
			}
		}
	}
	gridVar := ""
	if gridExpr != "" {
		c.grid++
		gridVar = "$kxg" + strconv.Itoa(c.grid)
		c.out.WriteString(lDelim + gridVar + " := " + gridExpr + rDelim)
	}
	firstRow := t.end
	if len(t.children) > 0 {
		firstRow = t.children[0].start
	}
	head := c.src[t.start:firstRow]
	if gridVar != "" {
		gs := strings.Index(head, "<w:tblGrid")
		ge := strings.Index(head, "</w:tblGrid>")
		grid := "<w:tblGrid>" + c.fuseRange(gridVar, `<w:gridCol w:w="`+lDelim+"kxw ."+rDelim+`"/>`) + "</w:tblGrid>"
		if gs >= 0 && ge > gs {
			head = head[:gs] + grid + head[ge+len("</w:tblGrid>"):]
		} else if pe := strings.Index(head, "</w:tblPr>"); pe >= 0 {
			head = head[:pe+len("</w:tblPr>")] + grid + head[pe+len("</w:tblPr>"):]
		}
	}
	c.out.WriteString(head)
	headRow := headerRow(rows, gridExpr)
	var stack []opened
	var keep keepRows
	pos := firstRow
	ri := 0
	for _, r := range t.children {
		c.out.WriteString(c.src[pos:r.start])
		pos = r.end
		if r.kind != kRow {
			return c.errAt(r.start, "<%s> прямо в таблице", elemNames[r.kind])
		}
		info := rows[ri]
		ri++
		if info.directive != nil {
			at := position(c.src, r.start)
			if err := balance(&stack, *info.directive, info.tag, at, c.part); err != nil {
				return err
			}
			c.out.WriteString(c.directive(&keep, *info.directive))
			continue
		}
		if ri-1 == headRow {
			if err := c.headerRows(info, gridVar); err != nil {
				return err
			}
			continue
		}
		if err := c.row(info, gridVar, keep.n > 0); err != nil {
			return err
		}
	}
	c.out.WriteString(c.src[pos:t.end])
	if len(stack) > 0 {
		o := stack[len(stack)-1]
		return fmt.Errorf("%s:%s: у тега {{%s}} нет парного {{tr end}}", c.part, o.at, o.tag)
	}
	return nil
}

func (c *compiler) row(ri rowInfo, gridVar string, cantSplit bool) error {
	r := ri.e
	repeated := false
	for _, ci := range ri.cells {
		if ci.repeat != "" {
			repeated = true
		}
	}
	// dropEmpty: a fixed row whose tags are all values writes nothing when
	// every one of them is an empty RowText (kxrow) — a plan's section row
	// for measures without a section — so that no empty row is left.
	// Released templates' rows print as before: any other value keeps
	// the row, and {{if}} writes nothing itself.
	dropEmpty := !repeated && ri.onlyVals && len(ri.values) > 0
	if dropEmpty {
		c.out.WriteString(lDelim + "if kxrow")
		for _, v := range ri.values {
			c.out.WriteString(" (" + v + ")")
		}
		c.out.WriteString(rDelim)
	}
	// A fixed row of a table with a dynamic grid: its last cell spans the rest.
	fill := gridVar != "" && !repeated && len(ri.cells) > 0
	others := 0
	for _, ci := range ri.cells[:max(0, len(ri.cells)-1)] {
		others += ci.span
	}
	pos := r.start
	for k, ci := range ri.cells {
		ce := ci.e
		if k == 0 && cantSplit {
			c.out.WriteString(withCantSplit(c.src[pos:ce.start]))
		} else {
			c.out.WriteString(c.src[pos:ce.start])
		}
		pos = ce.end
		contentStart := ce.end
		if len(ce.children) > 0 {
			contentStart = ce.children[0].start
		}
		head := c.src[ce.start:contentStart]
		switch {
		case ci.repeat != "":
			merge := ""
			if ci.merge {
				merge = lDelim + "kxmerge ." + rDelim
				head = headerVAlign(head)
			}
			head = setTcPr(head, `<w:tcW w:w="`+lDelim+"kxw ."+rDelim+`" w:type="dxa"/>`, merge)
		case fill && k == len(ri.cells)-1:
			arg := gridVar + " " + strconv.Itoa(others)
			head = setTcPr(head, `<w:tcW w:w="`+lDelim+"kxspanw "+arg+rDelim+`" w:type="dxa"/>`,
				`<w:gridSpan w:val="`+lDelim+"kxspan "+arg+rDelim+`"/>`)
		}
		mods := &cellMods{repeated: ci.repeat != "", firstPara: ci.firstPar}
		if ci.repeat != "" {
			body, err := c.capture(func() error {
				c.out.WriteString(head)
				return c.sequence(ce.children, contentStart, ce.end, mods)
			})
			if err != nil {
				return err
			}
			c.out.WriteString(c.repeatedCell(ci, body))
			continue
		}
		c.out.WriteString(head)
		if err := c.sequence(ce.children, contentStart, ce.end, mods); err != nil {
			return err
		}
	}
	c.out.WriteString(c.src[pos:r.end])
	if dropEmpty {
		c.out.WriteString(lDelim + "end" + rDelim)
	}
	return nil
}

// setTcPr replaces the cell's width (and grid span, when given) in the
// cell's start (<w:tc …><w:tcPr>…</w:tcPr>), keeping the schema order
// tcW, gridSpan first.
func setTcPr(head, tcW, gridSpan string) string {
	head = tcWRE.ReplaceAllString(head, "")
	if gridSpan != "" {
		head = gridSpanRE.ReplaceAllString(head, "")
	}
	ins := tcW + gridSpan
	if i := strings.Index(head, "<w:tcPr>"); i >= 0 {
		i += len("<w:tcPr>")
		return head[:i] + ins + head[i:]
	}
	if i := strings.Index(head, "<w:tcPr/>"); i >= 0 {
		return head[:i] + "<w:tcPr>" + ins + "</w:tcPr>" + head[i+len("<w:tcPr/>"):]
	}
	gt := strings.IndexByte(head, '>')
	return head[:gt+1] + "<w:tcPr>" + ins + "</w:tcPr>" + head[gt+1:]
}

// compileTextPart handles XML parts that are not WordprocessingML (document
// properties): tags in element text are escaped values or actions.
func compileTextPart(part, src string) (string, error) {
	if strings.ContainsAny(src, lDelim+rDelim) {
		return "", fmt.Errorf("%s: недопустимые управляющие символы в XML", part)
	}
	var b strings.Builder
	for i := 0; ; {
		a := strings.Index(src[i:], "{{")
		if a < 0 {
			b.WriteString(src[i:])
			break
		}
		a += i
		e := strings.Index(src[a:], "}}")
		if e < 0 {
			return "", fmt.Errorf("%s:%s: тег не закрыт «}}»", part, position(src, a))
		}
		e += a + 2
		b.WriteString(src[i:a])
		info := classify(normaliseTag(html.UnescapeString(src[a+2 : e-2])))
		switch info.kind {
		case tagValue:
			b.WriteString(lDelim + "kxs (" + info.action + ")" + rDelim)
		case tagControl:
			b.WriteString(lDelim + info.action + rDelim)
		case tagStructural:
			return "", fmt.Errorf("%s:%s: структурные теги допустимы только в тексте документа", part, position(src, a))
		}
		i = e
	}
	return b.String(), nil
}
