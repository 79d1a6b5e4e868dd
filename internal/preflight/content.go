package preflight

import "github.com/kartograf-ru/kartograf/internal/pdfobj"

// A small reader of content streams: enough to follow the text showing
// operators and what they show, not a full interpreter.

type operandKind int

const (
	opOther operandKind = iota
	opName
	opString
)

type operand struct {
	kind  operandKind
	text  string // a name without its slash
	bytes []byte // a string's bytes, escapes and hex decoded
}

// maxOperands bounds the operands kept for one operator: a TJ array of a
// long line has hundreds; a malformed stream should not grow without end.
const maxOperands = 4096

// scanContent calls fn for every operator of a content stream with its
// operands; the strings of an array operand (TJ) are flattened into them.
// Inline images are skipped.
func scanContent(c []byte, fn func(op string, operands []operand)) {
	var ops []operand
	push := func(o operand) {
		if len(ops) < maxOperands {
			ops = append(ops, o)
		}
	}
	isDelim := func(b byte) bool {
		switch b {
		case '(', ')', '<', '>', '[', ']', '{', '}', '/', '%':
			return true
		}
		return false
	}
	isSpace := func(b byte) bool {
		return b == ' ' || b == '\n' || b == '\r' || b == '\t' || b == '\f' || b == 0
	}
	for i := 0; i < len(c); {
		b := c[i]
		switch {
		case isSpace(b):
			i++
		case b == '%':
			for i < len(c) && c[i] != '\n' && c[i] != '\r' {
				i++
			}
		case b == '/':
			j := i + 1
			for j < len(c) && !isSpace(c[j]) && !isDelim(c[j]) {
				j++
			}
			push(operand{kind: opName, text: string(c[i+1 : j])})
			i = j
		case b == '(' || b == '<':
			// A string (its bytes decoded by pdfobj) or a dictionary of
			// marked-content properties, which is skipped.
			j, ok := pdfobj.ValueEnd(c, i)
			if !ok {
				return
			}
			if v, ok := pdfobj.String(c[i:j]); ok {
				push(operand{kind: opString, bytes: v})
			} else {
				push(operand{})
			}
			i = j
		case b == '[' || b == ']' || b == '{' || b == '}' || b == '>' || b == ')':
			i++
		default:
			j := i
			for j < len(c) && !isSpace(c[j]) && !isDelim(c[j]) {
				j++
			}
			tok := string(c[i:j])
			i = j
			if tok == "" {
				i++
				continue
			}
			if isNumber(tok) || tok == "true" || tok == "false" || tok == "null" {
				push(operand{})
				continue
			}
			if tok == "ID" {
				// Inline image data up to a whitespace-delimited EI.
				for i+3 <= len(c) && !(isSpace(c[i]) && c[i+1] == 'E' && c[i+2] == 'I' && (i+3 == len(c) || isSpace(c[i+3]))) {
					i++
				}
				i += 3
				ops = ops[:0]
				continue
			}
			fn(tok, ops)
			ops = ops[:0]
		}
	}
}

func isNumber(s string) bool {
	for i := 0; i < len(s); i++ {
		b := s[i]
		if !(b >= '0' && b <= '9' || b == '.' || b == '-' || b == '+') {
			return false
		}
	}
	return true
}
