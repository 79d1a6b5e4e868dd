package docx

import (
	"encoding/xml"
	"math"
	"strconv"
	"strings"

	"github.com/kartograf-ru/kartograf/internal/lazyre"
)

// A paragraph-level value's paragraph already has an alignment and a
// first-line indent: its own w:pPr's, else its style's (following
// w:basedOn), else the document defaults'. The engine works them out once
// per template paragraph at compile time, and a heading or narrative text
// writes its own w:jc or w:ind only where the view asks for something
// else, so that a template whose styles already say what the view says is
// filled exactly as before.

// xmlPPr is the part of a w:pPr that decides alignment and indent.
type xmlPPr struct {
	Style *xmlVal `xml:"pStyle"`
	Jc    *xmlVal `xml:"jc"`
	Ind   *xmlInd `xml:"ind"`
}

type xmlVal struct {
	Val string `xml:"val,attr"`
}

type xmlInd struct {
	FirstLine *string `xml:"firstLine,attr"`
	Hanging   *string `xml:"hanging,attr"`
}

type xmlStyles struct {
	Defaults *xmlPPr `xml:"docDefaults>pPrDefault>pPr"`
	Styles   []struct {
		Type    string  `xml:"type,attr"`
		ID      string  `xml:"styleId,attr"`
		Default string  `xml:"default,attr"`
		BasedOn *xmlVal `xml:"basedOn"`
		PPr     *xmlPPr `xml:"pPr"`
	} `xml:"style"`
}

// styleSheet is word/styles.xml as far as paragraph layout goes.
type styleSheet struct {
	byID     map[string]*xmlPPr
	basedOn  map[string]string
	dflt     string // the default paragraph style's id
	defaults *xmlPPr
}

// parseStyles reads styles.xml; a template without one, or with one that
// says nothing, lays out paragraphs left-aligned without indent.
func parseStyles(data []byte) *styleSheet {
	s := &styleSheet{byID: map[string]*xmlPPr{}, basedOn: map[string]string{}}
	if len(data) == 0 {
		return s
	}
	var x xmlStyles
	if xml.Unmarshal(data, &x) != nil {
		return s
	}
	s.defaults = x.Defaults
	for _, st := range x.Styles {
		if st.Type != "paragraph" {
			continue
		}
		s.byID[st.ID] = st.PPr
		if st.BasedOn != nil {
			s.basedOn[st.ID] = st.BasedOn.Val
		}
		if s.dflt == "" && (st.Default == "1" || st.Default == "true" || st.Default == "on") {
			s.dflt = st.ID
		}
	}
	return s
}

// layout is the alignment (left, center, right, justify) and first-line
// indent (twips, negative for a hanging indent) that a paragraph with
// properties pPr gets from them and its style.
func (s *styleSheet) layout(pPr string) (jc string, firstLine int) {
	var own xmlPPr
	if pPr != "" {
		_ = xml.Unmarshal([]byte(pPr), &own)
	}
	chain := []*xmlPPr{&own}
	id := s.dflt
	if own.Style != nil {
		id = own.Style.Val
	}
	// A style cycle is a broken template; eight levels are more than any
	// real one uses.
	for n := 0; id != "" && n < 8; n++ {
		if p := s.byID[id]; p != nil {
			chain = append(chain, p)
		}
		id = s.basedOn[id]
	}
	if s.defaults != nil {
		chain = append(chain, s.defaults)
	}
	jc, ind := "left", false
	jcSet := false
	for _, p := range chain {
		if !jcSet && p.Jc != nil {
			jc, jcSet = normJc(p.Jc.Val), true
		}
		if !ind && p.Ind != nil {
			switch {
			case p.Ind.FirstLine != nil:
				firstLine, ind = twipsAttr(*p.Ind.FirstLine), true
			case p.Ind.Hanging != nil:
				firstLine, ind = -twipsAttr(*p.Ind.Hanging), true
			}
		}
	}
	return jc, firstLine
}

// normJc maps a w:jc value to the view's alignment names.
func normJc(v string) string {
	switch v {
	case "center":
		return "center"
	case "right", "end":
		return "right"
	case "both", "distribute", "lowKashida", "mediumKashida", "highKashida", "thaiDistribute":
		return "justify"
	}
	return "left"
}

// twipsAttr reads a measure in twips; an unparsable one counts as 0.
func twipsAttr(v string) int {
	if n, err := strconv.Atoi(v); err == nil {
		return n
	}
	if f, err := strconv.ParseFloat(v, 64); err == nil && !math.IsNaN(f) && !math.IsInf(f, 0) {
		return int(math.Round(f))
	}
	return 0
}

// resolve works out every paragraph context's layout and, for table cells,
// its properties under each column alignment: the paragraph's own where it
// is aligned so already (a left column in a left-aligned cell style).
func (s *styleSheet) resolve(ctxs []pctx) {
	for i := range ctxs {
		p := &ctxs[i]
		p.jc, p.firstLine = s.layout(p.pPr)
		for k, a := range cellAligns {
			p.byAlign[k] = p.pPr
			if a != p.jc {
				p.byAlign[k] = withJc(p.pPr, a)
			}
		}
	}
}

// cellAligns are the column alignments whose cell properties are made once
// at compile time rather than for every cell.
var cellAligns = [3]string{"left", "center", "right"}

// aligned is the paragraph's properties for a cell of a column aligned a.
func (p *pctx) aligned(a string) string {
	switch a {
	case "", "justify":
		return p.pPr
	case "left":
		return p.byAlign[0]
	case "center":
		return p.byAlign[1]
	case "right":
		return p.byAlign[2]
	}
	if a == p.jc {
		return p.pPr
	}
	return withJc(p.pPr, a)
}

// laidOut is the paragraph's properties for a heading or narrative text:
// its w:ind and w:jc are written only where the text asks for other than
// what the paragraph already gets.
func (p *pctx) laidOut(t Text) string {
	pPr := p.pPr
	if t.indented && t.indent != p.firstLine {
		pPr = withFirstLine(pPr, t.indent)
	}
	if t.align != "" && t.align != p.jc {
		pPr = withJc(pPr, t.align)
	}
	return pPr
}

// afterInd are the w:pPr children that follow w:ind (CT_PPr sequence).
var afterInd = []string{"<w:contextualSpacing", "<w:mirrorIndents", "<w:suppressOverlap", "<w:jc",
	"<w:textDirection", "<w:textAlignment", "<w:textboxTightWrap", "<w:outlineLvl", "<w:divId",
	"<w:cnfStyle", "<w:rPr", "<w:sectPr", "<w:pPrChange"}

// afterJc are the w:pPr children that follow w:jc.
var afterJc = afterInd[4:]

var indFirstRE = lazyre.New(`\s+w:(?:firstLine|hanging|firstLineChars|hangingChars)="[^"]*"`)

// withFirstLine sets the paragraph's first-line indent to tw twips,
// keeping its left and right indents.
func withFirstLine(pPr string, tw int) string {
	attr := ` w:firstLine="` + strconv.Itoa(tw) + `"`
	if !strings.Contains(pPr, "</w:pPr>") {
		return "<w:pPr><w:ind" + attr + "/></w:pPr>"
	}
	if k := findElem(pPr[:firstOf(pPr, afterJc)], "w:ind"); k >= 0 {
		gt := k + strings.IndexByte(pPr[k:], '>')
		attrs, end := pPr[k+len("<w:ind"):gt], ">"
		if strings.HasSuffix(attrs, "/") {
			attrs, end = attrs[:len(attrs)-1], "/>"
		}
		attrs = strings.TrimRight(indFirstRE.ReplaceAllString(attrs, ""), " ")
		return pPr[:k] + "<w:ind" + attrs + attr + end + pPr[gt+1:]
	}
	i := firstOf(pPr, afterInd)
	return pPr[:i] + "<w:ind" + attr + "/>" + pPr[i:]
}

// firstOf is where the first of the elements names starts in a w:pPr, else
// where it closes.
func firstOf(pPr string, names []string) int {
	at := strings.LastIndex(pPr, "</w:pPr>")
	for _, n := range names {
		if k := findElem(pPr, n[1:]); k >= 0 && k < at {
			at = k
		}
	}
	return at
}

// findElem is where the first element <name …> starts in x, or -1.
func findElem(x, name string) int {
	open := "<" + name
	for i := 0; ; {
		k := strings.Index(x[i:], open)
		if k < 0 {
			return -1
		}
		k += i
		j := k + len(open)
		if j < len(x) && (x[j] == ' ' || x[j] == '>' || x[j] == '/') {
			return k
		}
		i = j
	}
}
