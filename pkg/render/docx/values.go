package docx

import (
	"context"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/kartograf-ru/kartograf/pkg/document"
)

// state is per render: the list instances written so far, which become
// <w:num> entries of numbering.xml.
type state struct {
	c    *compiled
	nums []numInst
	// ctx is the render's context. The rows of a plan are expanded inside
	// one template execution, so the check has to happen in the value
	// functions the template calls for every cell.
	ctx   context.Context
	calls int
	// keepNext is set while the row being written keeps with the next
	// one (keep.go).
	keepNext bool
	// charts are the chart blocks written so far (chart.go).
	charts []drawnChart
	// out is the part being executed, which kxcells writes to (fuse.go).
	out *partOut
	// rowRanges counts the row ranges kxrows wrote (fuserows.go), so a
	// test can tell the fused rows from the template's own range.
	rowRanges int
}

// cancelled reports the context's error every 16 calls, often enough to
// stop a 100 000-row document within milliseconds, rarely enough to cost
// nothing.
func (s *state) cancelled() error {
	s.calls++
	if s.calls%16 != 0 || s.ctx == nil {
		return nil
	}
	return s.ctx.Err()
}

type numInst struct {
	id, abstract, level, start int
	lvl                        string // the level's w:lvl override, "" for none
}

func (s *state) newNum(abstract, level, start int, lvl string) int {
	id := s.c.numBase + len(s.nums) + 1
	s.nums = append(s.nums, numInst{id: id, abstract: abstract, level: level, start: start, lvl: lvl})
	return id
}

// textRun writes s as the content of an open <w:t xml:space="preserve">:
// escaped, \n as a line break, \t as a tab, characters XML cannot hold
// replaced by U+FFFD so that nothing is silently dropped. Text is printed
// as it is: every field of Root comes from the view, which typographed it
// once (a second pass cost 5 % of a render); .Doc is the raw input.
func textRun(b textSink, s string) { escapeText(b, s, true) }

// plainText escapes s for a non-WordprocessingML text node, where \n and
// \t stay as they are.
func plainText(s string) string {
	var b strings.Builder
	escapeText(&b, s, false)
	return b.String()
}

// escapeText writes s escaped for XML text. Inside a w:t run (run true) a
// newline becomes a line break, a tab a tab element and a carriage return
// nothing; elsewhere newline and tab stay. Anything else XML cannot hold
// becomes U+FFFD.
func escapeText(b textSink, s string, run bool) {
	for i := 0; i < len(s); {
		// A run of characters written as they are (Cyrillic text is
		// almost all of a document) is copied at once: writing it rune by
		// rune was a sixth of a render.
		if j := safeRun(s, i); j > i {
			b.WriteString(s[i:j])
			i = j
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case run && r == '\n':
			b.WriteString(`</w:t><w:br/><w:t xml:space="preserve">`)
		case run && r == '\t':
			b.WriteString(`</w:t><w:tab/><w:t xml:space="preserve">`)
		case run && r == '\r':
		case !run && (r == '\n' || r == '\t'):
			b.WriteRune(r)
		case r < 0x20 || r == 0xFFFE || r == 0xFFFF || r == utf8.RuneError:
			b.WriteString("\uFFFD")
		default:
			b.WriteRune(r)
		}
	}
}

// safeRun is the end of the run of s from i of characters escapeText
// writes unchanged: printable ASCII other than & < >, and well-formed
// multi-byte runes other than U+FFFE and U+FFFF (a well-formed U+FFFD is
// written as itself either way).
func safeRun(s string, i int) int {
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == '&' || c == '<' || c == '>' {
				return i
			}
			i++
			continue
		}
		// A lead byte C2–DF and a continuation byte are always a
		// well-formed rune below U+0800 — all of Cyrillic — so most of a
		// document's text needs no decoding call.
		if c >= 0xC2 && c <= 0xDF && i+1 < len(s) && s[i+1]&0xC0 == 0x80 {
			i += 2
			continue
		}
		// Likewise E1–EC and EE with two continuation bytes (U+1000–U+CFFF,
		// U+E000–U+EFFF: dashes, quotes, «№»): never a surrogate, never
		// U+FFFE or U+FFFF.
		if (c >= 0xE1 && c <= 0xEC || c == 0xEE) && i+2 < len(s) && s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80 {
			i += 3
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if size == 1 || r == 0xFFFE || r == 0xFFFF {
			return i
		}
		i += size
	}
	return i
}

// asText is the plain text of a value for inline use.
func asText(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case Text:
		return x.s
	case OrgLine:
		return string(x)
	case RowText:
		return string(x)
	case document.Content:
		return x.Plain()
	case Cell:
		return x.Value.Plain()
	case *Paragraph:
		if x == nil {
			return ""
		}
		return x.Text.s
	case *document.List:
		if x == nil {
			return ""
		}
		return document.Content{{List: x}}.Plain()
	case fmt.Stringer:
		return x.String()
	}
	return fmt.Sprint(v)
}

// kx is an inline value inside a text node. A chart cannot be drawn
// there: its caption alone would print, the chart lost.
func kx(_ *state, v any) (string, error) {
	switch x := v.(type) {
	case Text:
		if x.chart != nil {
			return "", errChartInline(x)
		}
	case *Paragraph:
		if x != nil && x.Text.chart != nil {
			return "", errChartInline(x.Text)
		}
	}
	var b strings.Builder
	textRun(&b, asText(v))
	return b.String(), nil
}

// kxs is a value in a non-WordprocessingML part (document properties).
func kxs(v any) string { return plainText(asText(v)) }

// kxp writes a value as whole paragraphs in the context of the paragraph
// whose only text it was: rich content as paragraphs, lists as real Word
// list paragraphs, an empty value as an empty paragraph. dot is the
// template's dot at the paragraph: when it is a Cell (a plan's or table's
// {{tc range .Cells}}), a value without a layout of its own, such as the
// cell's .Value, is aligned as the cell's column.
func (c *compiled) kxp(s *state, idx int, dot, v any) (string, error) {
	var b strings.Builder
	if err := c.para(s, &b, idx, dot, v); err != nil {
		return "", err
	}
	return b.String(), nil
}

// para is kxp writing to b.
func (c *compiled) para(s *state, b textSink, idx int, dot, v any) error {
	if err := s.cancelled(); err != nil {
		return err
	}
	if idx < 0 || idx >= len(c.ctxs) {
		return fmt.Errorf("внутренняя ошибка: контекст %d", idx)
	}
	ctx := &c.ctxs[idx]
	pPr, rPr := ctx.pPr, ctx.rPr
	if cell, ok := dot.(Cell); ok {
		pPr, rPr = ctx.aligned(cell.Align), sized(rPr, cell.size)
	}
	var content document.Content
	switch x := v.(type) {
	case Cell:
		pPr, rPr, content = ctx.aligned(x.Align), sized(ctx.rPr, x.size), x.Value
	case Text:
		if x.chart != nil {
			b.WriteString(c.chartParas(s, ctx, x))
			return nil
		}
		pPr, content = ctx.laidOut(x), document.Text(x.s)
	case *Paragraph:
		if x != nil && x.Text.chart != nil {
			b.WriteString(c.chartParas(s, ctx, x.Text))
			return nil
		}
		if x != nil {
			pPr, content = ctx.laidOut(x.Text), document.Text(x.Text.s)
		}
	case OrgLine:
		// No organisation, or no such line of it: no paragraph at all.
		if x == "" {
			return nil
		}
		content = document.Text(string(x))
	case document.Content:
		content = x
	case *document.List:
		if x != nil {
			content = document.Content{{List: x}}
		}
	default:
		if t := asText(v); t != "" {
			content = document.Text(t)
		}
	}
	return c.paraContent(s, b, ctx, pPr, rPr, content)
}

// cellPara is para of a cell's value with the cell as the dot, which is
// what a fused cell's paragraph prints, without boxing either.
func (c *compiled) cellPara(s *state, b textSink, idx int, cell *Cell) error {
	if err := s.cancelled(); err != nil {
		return err
	}
	if idx < 0 || idx >= len(c.ctxs) {
		return fmt.Errorf("внутренняя ошибка: контекст %d", idx)
	}
	ctx := &c.ctxs[idx]
	return c.paraContent(s, b, ctx, ctx.aligned(cell.Align), sized(ctx.rPr, cell.size), cell.Value)
}

// paraContent writes content as the paragraphs of ctx with pPr and rPr.
func (c *compiled) paraContent(s *state, b textSink, ctx *pctx, pPr, rPr string, content document.Content) error {
	if s.keepNext {
		pPr = withKeepNext(pPr)
	}
	if content.IsZero() {
		b.WriteString("<w:p>" + pPr + "</w:p>")
		return nil
	}
	for _, part := range content {
		if part.List != nil {
			if err := c.list(s, b, ctx, pPr, part.List, 0); err != nil {
				return err
			}
			continue
		}
		c.paraText(b, pPr, rPr, part.Text)
	}
	return nil
}

func (c *compiled) paraText(b textSink, pPr, rPr, text string) {
	b.WriteString("<w:p>")
	b.WriteString(pPr)
	b.WriteString("<w:r>")
	b.WriteString(rPr)
	b.WriteString(`<w:t xml:space="preserve">`)
	textRun(b, text)
	b.WriteString("</w:t></w:r></w:p>")
}

func (c *compiled) list(s *state, b textSink, ctx *pctx, pPr string, l *document.List, level int) error {
	if level > 8 {
		return fmt.Errorf("список вложен глубже 9 уровней")
	}
	abstract, start, lvl := c.lists.Default, 0, ""
	if l.Ordered {
		abstract, start = c.lists.Ordered, max(l.Start, 1)
	} else {
		marker := l.Marker
		if marker == "" {
			marker = document.DefaultMarker
		}
		if a, ok := c.lists.Bullets[marker]; ok {
			abstract = a
		} else {
			lvl = c.bulletLevel(marker, level)
		}
	}
	id := s.newNum(abstract, level, start, lvl)
	lp := withNumPr(pPr, level, id)
	for _, it := range l.Items {
		c.paraText(b, lp, ctx.rPr, it.Text)
		if it.List != nil {
			if err := c.list(s, b, ctx, pPr, it.List, level+1); err != nil {
				return err
			}
		}
	}
	return nil
}

// twipser is what a {{tc range X}} element must be: it knows its width.
type twipser interface{ twips() int }

func (c Column) twips() int { return c.Twips }
func (c Cell) twips() int   { return c.Twips }

func kxw(v any) (int, error) {
	if t, ok := v.(twipser); ok {
		return max(t.twips(), 1), nil
	}
	return 0, fmt.Errorf("элемент {{tc range}} типа %T не знает своей ширины (нужен Column или Cell)", v)
}

// kxrow reports whether a fixed table row is written: unless every value
// of its tags is an empty RowText.
func kxrow(vals ...any) bool {
	for _, v := range vals {
		if t, ok := v.(RowText); !ok || t != "" {
			return true
		}
	}
	return false
}

// kxspan is how many grid columns the last cell of a fixed row spans.
func kxspan(list any, others int) (int, error) {
	rv := reflect.ValueOf(list)
	if rv.Kind() != reflect.Slice {
		return 0, fmt.Errorf("{{tc range}}: ожидался список, а не %T", list)
	}
	return max(rv.Len()-others, 1), nil
}

// kxspanw is the width of those columns.
func kxspanw(list any, others int) (int, error) {
	rv := reflect.ValueOf(list)
	if rv.Kind() != reflect.Slice {
		return 0, fmt.Errorf("{{tc range}}: ожидался список, а не %T", list)
	}
	sum := 0
	for i := min(others, rv.Len()); i < rv.Len(); i++ {
		w, err := kxw(rv.Index(i).Interface())
		if err != nil {
			return 0, err
		}
		sum += w
	}
	return max(sum, 1), nil
}

// pPr elements that must precede w:numPr (CT_PPr sequence).
var beforeNumPr = []string{"<w:pStyle", "<w:keepNext", "<w:keepLines", "<w:pageBreakBefore", "<w:framePr", "<w:widowControl"}

// withNumPr makes a paragraph's properties a list item's: numbering at a
// level, the paragraph's own indents dropped (the numbering defines them).
func withNumPr(pPr string, level, id int) string {
	num := `<w:numPr><w:ilvl w:val="` + strconv.Itoa(level) + `"/><w:numId w:val="` + strconv.Itoa(id) + `"/></w:numPr>`
	if pPr == "" || strings.HasSuffix(pPr, "/>") && !strings.Contains(pPr, "</w:pPr>") {
		return "<w:pPr>" + num + "</w:pPr>"
	}
	pPr = removeElem(pPr, "w:numPr")
	pPr = removeElem(pPr, "w:ind")
	i := strings.Index(pPr, ">") + 1
	for {
		skipped := false
		// The template's indentation between elements is no element.
		for i < len(pPr) && strings.IndexByte(" \t\r\n", pPr[i]) >= 0 {
			i++
		}
		for _, name := range beforeNumPr {
			if strings.HasPrefix(pPr[i:], name) {
				if j := strings.Index(pPr[i:], "/>"); j >= 0 {
					i += j + 2
					skipped = true
				}
			}
		}
		if !skipped {
			break
		}
	}
	return pPr[:i] + num + pPr[i:]
}

// withJc sets the paragraph's alignment.
func withJc(pPr, align string) string {
	var val string
	switch align {
	case "left", "center", "right":
		val = align
	case "justify":
		val = "both"
	default:
		return pPr
	}
	jc := `<w:jc w:val="` + val + `"/>`
	if pPr == "" || !strings.Contains(pPr, "</w:pPr>") {
		return "<w:pPr>" + jc + "</w:pPr>"
	}
	pPr = removeElem(pPr, "w:jc")
	i := firstOf(pPr, afterJc)
	return pPr[:i] + jc + pPr[i:]
}

// removeElem removes the first <name …/> or <name …>…</name> from x.
func removeElem(x, name string) string {
	open := "<" + name
	for i := 0; ; {
		k := strings.Index(x[i:], open)
		if k < 0 {
			return x
		}
		k += i
		j := k + len(open)
		if j < len(x) && (x[j] == ' ' || x[j] == '>' || x[j] == '/') {
			gt := strings.IndexByte(x[k:], '>')
			if gt < 0 {
				return x
			}
			if x[k+gt-1] == '/' {
				return x[:k] + x[k+gt+1:]
			}
			end := strings.Index(x[k:], "</"+name+">")
			if end < 0 {
				return x
			}
			return x[:k] + x[k+end+len("</"+name+">"):]
		}
		i = j
	}
}
