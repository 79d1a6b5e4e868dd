package preflight

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
		case b == '(':
			s, j := literalString(c, i)
			push(operand{kind: opString, bytes: s})
			i = j
		case b == '<' && i+1 < len(c) && c[i+1] == '<':
			// A dictionary operand (marked content properties): skipped.
			depth := 0
			for ; i+1 < len(c); i++ {
				if c[i] == '<' && c[i+1] == '<' {
					depth++
					i++
				} else if c[i] == '>' && c[i+1] == '>' {
					depth--
					i++
					if depth == 0 {
						i++
						break
					}
				}
			}
			push(operand{})
		case b == '<':
			s, j := hexString(c, i)
			push(operand{kind: opString, bytes: s})
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

// literalString reads the (…) string at c[i] and returns its bytes and
// the index after it.
func literalString(c []byte, i int) ([]byte, int) {
	var out []byte
	depth := 0
	for i < len(c) {
		b := c[i]
		switch {
		case b == '(':
			depth++
			if depth > 1 {
				out = append(out, b)
			}
			i++
		case b == ')':
			depth--
			i++
			if depth == 0 {
				return out, i
			}
			out = append(out, b)
		case b == '\\' && i+1 < len(c):
			e := c[i+1]
			i += 2
			switch e {
			case 'n':
				out = append(out, '\n')
			case 'r':
				out = append(out, '\r')
			case 't':
				out = append(out, '\t')
			case 'b':
				out = append(out, '\b')
			case 'f':
				out = append(out, '\f')
			case '\r', '\n':
				if e == '\r' && i < len(c) && c[i] == '\n' {
					i++
				}
			default:
				if e >= '0' && e <= '7' {
					v := int(e - '0')
					for k := 0; k < 2 && i < len(c) && c[i] >= '0' && c[i] <= '7'; k++ {
						v = v*8 + int(c[i]-'0')
						i++
					}
					out = append(out, byte(v))
				} else {
					out = append(out, e)
				}
			}
		default:
			out = append(out, b)
			i++
		}
	}
	return out, i
}

// hexString reads the <…> string at c[i].
func hexString(c []byte, i int) ([]byte, int) {
	var out []byte
	hi, half := byte(0), false
	for i++; i < len(c) && c[i] != '>'; i++ {
		var v byte
		switch b := c[i]; {
		case b >= '0' && b <= '9':
			v = b - '0'
		case b >= 'a' && b <= 'f':
			v = b - 'a' + 10
		case b >= 'A' && b <= 'F':
			v = b - 'A' + 10
		default:
			continue
		}
		if half {
			out = append(out, hi<<4|v)
		} else {
			hi = v
		}
		half = !half
	}
	if half {
		out = append(out, hi<<4)
	}
	return out, i + 1
}
