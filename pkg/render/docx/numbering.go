package docx

import (
	"encoding/xml"
	"fmt"
	"html"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/kartograf-ru/kartograf/internal/lazyre"
)

// Lists are real Word lists: each list of a render gets a w:num of its own
// in numbering.xml, pointing at one of the template's abstract numberings
// (manifest docx.lists). A bullet the template maps to none of them is not
// replaced by the default one: the list's w:num overrides its level with
// the default bullet's level (its indents, alignment and font) under the
// list's own text, so that the marker PDF and XLSX print is the marker
// Word and LibreOffice show.

// numLevel is what a bullet of another text keeps from an abstract
// numbering's level: where its text stands and in what font.
type numLevel struct {
	bullet string // the level's text when it is a bullet, else "\x00"
	suff   string // <w:suff …/>
	lvlJc  string
	pPr    string
	rPr    string
}

// maxLevels is how many levels a Word list has.
const maxLevels = 9

var (
	abstractStartRE = lazyre.New(`<w:abstractNum\s[^>]*?w:abstractNumId="(\d+)"[^>]*>`)
	lvlStartRE      = lazyre.New(`<w:lvl\s[^>]*?w:ilvl="(\d+)"[^>]*>`)
	valRE           = lazyre.New(`w:val="([^"]*)"`)
)

// abstractLevels reads the levels of abstract numbering id from
// numbering.xml; a level the numbering does not define is left zero (no
// bullet, left-aligned, no indent of its own).
func abstractLevels(src string, id int) [maxLevels]numLevel {
	var out [maxLevels]numLevel
	for i := range out {
		out[i].bullet = "\x00"
	}
	var body string
	for _, m := range abstractStartRE.FindAllStringSubmatchIndex(src, -1) {
		if src[m[2]:m[3]] != strconv.Itoa(id) || src[m[1]-2] == '/' {
			continue
		}
		end := strings.Index(src[m[1]:], "</w:abstractNum>")
		if end < 0 {
			return out
		}
		body = src[m[1] : m[1]+end]
		break
	}
	for _, m := range lvlStartRE.FindAllStringSubmatchIndex(body, -1) {
		if body[m[1]-2] == '/' {
			continue
		}
		n, err := strconv.Atoi(body[m[2]:m[3]])
		if err != nil || n < 0 || n >= maxLevels {
			continue
		}
		end := strings.Index(body[m[1]:], "</w:lvl>")
		if end < 0 {
			continue
		}
		lvl := body[m[1] : m[1]+end]
		l := &out[n]
		if valOf(elemXML(lvl, "w:numFmt")) == "bullet" {
			l.bullet = html.UnescapeString(valOf(elemXML(lvl, "w:lvlText")))
		}
		l.suff, l.lvlJc, l.pPr = elemXML(lvl, "w:suff"), elemXML(lvl, "w:lvlJc"), elemXML(lvl, "w:pPr")
		l.rPr = elemXML(strings.Replace(lvl, l.pPr, "", 1), "w:rPr")
	}
	return out
}

// elemXML is the first element <name …/> or <name …>…</name> of x, "" when
// there is none.
func elemXML(x, name string) string {
	k := findElem(x, name)
	if k < 0 {
		return ""
	}
	gt := strings.IndexByte(x[k:], '>')
	if gt < 0 {
		return ""
	}
	if x[k+gt-1] == '/' {
		return x[k : k+gt+1]
	}
	end := strings.Index(x[k:], "</"+name+">")
	if end < 0 {
		return ""
	}
	return x[k : k+end+len("</"+name+">")]
}

// valOf is the w:val of an element, "" when it has none.
func valOf(e string) string {
	if m := valRE.FindStringSubmatch(e); m != nil {
		return m[1]
	}
	return ""
}

// bulletLevel is the w:lvl that shows marker at level of a list that falls
// back to the default bullet, "" when that level shows marker already.
//
// A marker of one character is a bullet. LibreOffice prints only the first
// character of a bullet's text, so a longer marker («->», «1)») is a level
// without a number (w:numFmt none), whose text Word and LibreOffice print
// whole.
func (c *compiled) bulletLevel(marker string, level int) string {
	l := c.defaultLevels[level]
	if l.bullet == marker {
		return ""
	}
	format := "bullet"
	if utf8.RuneCountInString(marker) > 1 {
		format = "none"
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<w:lvl w:ilvl="%d"><w:start w:val="1"/><w:numFmt w:val="%s"/>`, level, format)
	b.WriteString(l.suff)
	b.WriteString(`<w:lvlText w:val="`)
	xml.EscapeText(&b, []byte(lvlText(marker)))
	b.WriteString(`"/>`)
	b.WriteString(l.lvlJc)
	b.WriteString(l.pPr)
	b.WriteString(l.rPr)
	b.WriteString("</w:lvl>")
	return b.String()
}

// lvlText keeps a marker literal in w:lvlText, where «%1» … «%9» stand for
// the levels' numbers: a word joiner, which prints nothing, parts a «%»
// from the digit after it.
func lvlText(marker string) string {
	if !strings.Contains(marker, "%") {
		return marker
	}
	var b strings.Builder
	for i := 0; i < len(marker); i++ {
		b.WriteByte(marker[i])
		if marker[i] == '%' && i+1 < len(marker) && marker[i+1] >= '1' && marker[i+1] <= '9' {
			b.WriteString("\u2060")
		}
	}
	return b.String()
}

// withNums adds the render's list instances to numbering.xml: each list
// gets its own w:num so that numbered lists restart at their Start and a
// bullet the template does not map shows as itself.
func (c *compiled) withNums(nums []numInst) string {
	if len(nums) == 0 {
		return c.numSrc
	}
	var b strings.Builder
	for _, n := range nums {
		fmt.Fprintf(&b, `<w:num w:numId="%d"><w:abstractNumId w:val="%d"/>`, n.id, n.abstract)
		if n.start > 0 || n.lvl != "" {
			fmt.Fprintf(&b, `<w:lvlOverride w:ilvl="%d">`, n.level)
			if n.start > 0 {
				fmt.Fprintf(&b, `<w:startOverride w:val="%d"/>`, n.start)
			}
			b.WriteString(n.lvl)
			b.WriteString("</w:lvlOverride>")
		}
		b.WriteString("</w:num>")
	}
	i := strings.LastIndex(c.numSrc, "</w:numbering>")
	if i < 0 {
		return c.numSrc
	}
	return c.numSrc[:i] + b.String() + c.numSrc[i:]
}
