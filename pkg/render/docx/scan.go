package docx

import (
	"fmt"
	"strings"
)

// A mini-DOM of the four WordprocessingML elements the engine restructures:
// paragraphs, tables, rows and cells. Everything else is literal XML.

type elemKind byte

const (
	kPara  elemKind = 'p'
	kTable elemKind = 't'
	kRow   elemKind = 'r'
	kCell  elemKind = 'c'
)

var elemNames = map[elemKind]string{kPara: "w:p", kTable: "w:tbl", kRow: "w:tr", kCell: "w:tc"}

type elem struct {
	kind       elemKind
	start, end int // the whole element in the source
	children   []*elem
}

// scanElems finds the paragraphs, tables, rows and cells of src and their
// nesting. It checks that they are properly nested.
func scanElems(part, src string) ([]*elem, error) {
	var roots []*elem
	var stack []*elem
	for i := 0; i < len(src); {
		lt := strings.IndexByte(src[i:], '<')
		if lt < 0 {
			break
		}
		i += lt
		closing := strings.HasPrefix(src[i:], "</")
		off := i + 1
		if closing {
			off++
		}
		kind, n := elemAt(src, off)
		gt := strings.IndexByte(src[i:], '>')
		if gt < 0 {
			return nil, fmt.Errorf("%s:%s: незакрытый тег", part, position(src, i))
		}
		tagEnd := i + gt + 1
		if kind == 0 {
			i = tagEnd
			continue
		}
		_ = n
		selfClosing := !closing && src[tagEnd-2] == '/'
		switch {
		case closing:
			if len(stack) == 0 || stack[len(stack)-1].kind != kind {
				return nil, fmt.Errorf("%s:%s: лишний закрывающий тег </%s>", part, position(src, i), elemNames[kind])
			}
			e := stack[len(stack)-1]
			e.end = tagEnd
			stack = stack[:len(stack)-1]
		default:
			e := &elem{kind: kind, start: i}
			if len(stack) > 0 {
				p := stack[len(stack)-1]
				p.children = append(p.children, e)
			} else {
				roots = append(roots, e)
			}
			if selfClosing {
				e.end = tagEnd
			} else {
				stack = append(stack, e)
			}
		}
		i = tagEnd
	}
	if len(stack) > 0 {
		e := stack[len(stack)-1]
		return nil, fmt.Errorf("%s:%s: тег <%s> не закрыт", part, position(src, e.start), elemNames[e.kind])
	}
	return roots, nil
}

// elemAt recognises w:p, w:tbl, w:tr, w:tc at src[off:] (the name must be
// followed by '>', '/', or white space, so w:pPr or w:tblGrid do not count).
func elemAt(src string, off int) (elemKind, int) {
	for _, k := range []elemKind{kPara, kTable, kRow, kCell} {
		name := elemNames[k]
		if strings.HasPrefix(src[off:], name) {
			j := off + len(name)
			if j < len(src) && (src[j] == '>' || src[j] == '/' || src[j] == ' ' || src[j] == '\n' || src[j] == '\t' || src[j] == '\r') {
				return k, len(name)
			}
		}
	}
	return 0, 0
}

// position is "line:column" of byte offset i, for error messages.
func position(src string, i int) string {
	line := 1 + strings.Count(src[:i], "\n")
	col := i - strings.LastIndexByte(src[:i], '\n')
	return fmt.Sprintf("%d:%d", line, col)
}
