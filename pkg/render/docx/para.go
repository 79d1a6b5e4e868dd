package docx

import (
	"fmt"
	"html"
	"strings"
)

// tnode is one <w:t> text node of a paragraph.
type tnode struct {
	openStart, openEnd int // the start tag <w:t …>
	cs, ce             int // content bounds (ce == cs for <w:t/>)
	selfClosing        bool
	text               string // decoded
}

// ptag is one {{…}} tag, entirely inside one text node after merging.
type ptag struct {
	node     int
	from, to int    // byte range in the node's text, braces included
	src      string // the action inside the braces, normalised and trimmed
}

type para struct {
	xml   string
	nodes []tnode
	tags  []ptag
}

// text is the paragraph's visible text.
func (p *para) text() string {
	var b strings.Builder
	for _, n := range p.nodes {
		b.WriteString(n.text)
	}
	return b.String()
}

// findTextNodes lists the <w:t> nodes of a paragraph.
func findTextNodes(x string) []tnode {
	var nodes []tnode
	for i := 0; ; {
		k := strings.Index(x[i:], "<w:t")
		if k < 0 {
			return nodes
		}
		k += i
		j := k + len("<w:t")
		if j >= len(x) || !(x[j] == '>' || x[j] == ' ' || x[j] == '/') {
			i = j
			continue
		}
		gt := strings.IndexByte(x[k:], '>')
		if gt < 0 {
			return nodes
		}
		openEnd := k + gt + 1
		if x[openEnd-2] == '/' {
			nodes = append(nodes, tnode{openStart: k, openEnd: openEnd, cs: openEnd, ce: openEnd, selfClosing: true})
			i = openEnd
			continue
		}
		end := strings.Index(x[openEnd:], "</w:t>")
		if end < 0 {
			return nodes
		}
		ce := openEnd + end
		nodes = append(nodes, tnode{openStart: k, openEnd: openEnd, cs: openEnd, ce: ce, text: html.UnescapeString(x[openEnd:ce])})
		i = ce + len("</w:t>")
	}
}

// parsePara merges tags that Word split across runs into the run where the
// tag starts (spell-check marks, rsids and formatting changes split them),
// normalises what Word's autocorrect does inside tags, and lists the tags.
func parsePara(part, src string, at int, x string) (*para, error) {
	nodes := findTextNodes(x)
	if len(nodes) == 0 {
		return &para{xml: x}, nil
	}
	var full strings.Builder
	starts := make([]int, len(nodes))
	for i, n := range nodes {
		starts[i] = full.Len()
		full.WriteString(n.text)
	}
	text := full.String()
	if !strings.Contains(text, "{{") {
		if strings.Contains(text, "}}") {
			return nil, fmt.Errorf("%s:%s: «}}» без открывающей «{{»", part, position(src, at))
		}
		return &para{xml: x, nodes: nodes}, nil
	}
	nodeOf := func(off int) int {
		for i := range nodes {
			if off >= starts[i] && off < starts[i]+len(nodes[i].text) {
				return i
			}
		}
		return len(nodes) - 1
	}
	texts := make([]string, len(nodes))
	for i, n := range nodes {
		texts[i] = n.text
	}
	// Work from the last tag backwards so earlier offsets stay valid.
	type span struct{ a, b int }
	var spans []span
	for i := 0; ; {
		a := strings.Index(text[i:], "{{")
		if a < 0 {
			break
		}
		a += i
		b := strings.Index(text[a+2:], "}}")
		if b < 0 {
			return nil, fmt.Errorf("%s:%s: тег «%s» не закрыт «}}»", part, position(src, at), clip(text[a:]))
		}
		b += a + 4
		if nested := strings.Index(text[a+2:b-2], "{{"); nested >= 0 {
			return nil, fmt.Errorf("%s:%s: тег «%s» не закрыт «}}»", part, position(src, at), clip(text[a:a+2+nested]))
		}
		spans = append(spans, span{a, b})
		i = b
	}
	for k := len(spans) - 1; k >= 0; k-- {
		a, b := spans[k].a, spans[k].b
		first, last := nodeOf(a), nodeOf(b-1)
		if first == last {
			continue
		}
		// Move the whole tag into the first node; cut its pieces elsewhere.
		tag := text[a:b]
		fa := a - starts[first]
		lb := b - starts[last]
		texts[first] = texts[first][:fa] + tag
		for m := first + 1; m < last; m++ {
			texts[m] = ""
		}
		texts[last] = texts[last][lb:]
	}
	// Rebuild the XML with the changed nodes.
	var out strings.Builder
	prev := 0
	for i, n := range nodes {
		if texts[i] == n.text {
			continue
		}
		out.WriteString(x[prev:n.openStart])
		out.WriteString(`<w:t xml:space="preserve">`)
		out.WriteString(escapeXML(texts[i]))
		out.WriteString("</w:t>")
		if n.selfClosing {
			prev = n.openEnd
		} else {
			prev = n.ce + len("</w:t>")
		}
	}
	out.WriteString(x[prev:])
	p := &para{xml: out.String()}
	p.nodes = findTextNodes(p.xml)
	for i, n := range p.nodes {
		for j := 0; ; {
			a := strings.Index(n.text[j:], "{{")
			if a < 0 {
				break
			}
			a += j
			b := strings.Index(n.text[a:], "}}") + a + 2
			p.tags = append(p.tags, ptag{node: i, from: a, to: b, src: normaliseTag(n.text[a+2 : b-2])})
			j = b
		}
	}
	return p, nil
}

// normaliseTag undoes Word's autocorrect inside a tag: typographic quotes
// become ASCII quotes, non-breaking and thin spaces become spaces.
func normaliseTag(s string) string {
	return strings.TrimSpace(tagReplacer.Replace(s))
}

var tagReplacer = strings.NewReplacer(
	"«", `"`, "»", `"`, "“", `"`, "”", `"`, "„", `"`, "‟", `"`, "″", `"`,
	"‘", "'", "’", "'", "‚", "'", "‛", "'",
	"\u00a0", " ", "\u202f", " ", "\u2009", " ", "\u2007", " ",
)

func clip(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}

// escapeXML escapes text content.
func escapeXML(s string) string {
	if !strings.ContainsAny(s, "&<>") {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// pPr returns the paragraph's <w:pPr>…</w:pPr> (or "").
func (p *para) pPr() string {
	i := strings.Index(p.xml, "<w:pPr")
	if i < 0 {
		return ""
	}
	if j := strings.IndexByte(p.xml[i:], '>'); j >= 0 && p.xml[i+j-1] == '/' {
		return p.xml[i : i+j+1]
	}
	j := strings.Index(p.xml[i:], "</w:pPr>")
	if j < 0 {
		return ""
	}
	return p.xml[i : i+j+len("</w:pPr>")]
}

// rPrAt returns the <w:rPr> of the run holding text node n (or "").
func (p *para) rPrAt(n int) string {
	pos := p.nodes[n].openStart
	run := -1
	for i := 0; i < pos; {
		k := strings.Index(p.xml[i:pos], "<w:r")
		if k < 0 {
			break
		}
		k += i
		j := k + len("<w:r")
		if j < len(p.xml) && (p.xml[j] == '>' || p.xml[j] == ' ') {
			run = k
		}
		i = j
	}
	if run < 0 {
		return ""
	}
	seg := p.xml[run:pos]
	i := strings.Index(seg, "<w:rPr")
	if i < 0 {
		return ""
	}
	if j := strings.IndexByte(seg[i:], '>'); j >= 0 && seg[i+j-1] == '/' {
		return ""
	}
	j := strings.Index(seg[i:], "</w:rPr>")
	if j < 0 {
		return ""
	}
	return seg[i : i+j+len("</w:rPr>")]
}
