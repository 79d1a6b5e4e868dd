// Package pdfobj reads and writes the little of PDF's file structure that
// Kartograf itself needs, so that the PDF finishing pass
// (pkg/render/pdf: it rewrites gopdf's output) and signing and
// verification (pkg/sign: an incremental update, and the objects that
// follow a signed revision) parse it one way: startxref, classic
// cross-reference sections and their trailers (/Size, /Root, /Info, /ID,
// /Prev), an object's offset through the chain of sections, the raw bytes
// of a dictionary and of its values, the object headers of a file, a new
// cross-reference section, and text strings.
//
// Only cross-reference tables are read, as gopdf, Kartograf and most
// office suites write them; a cross-reference stream is reported as
// unsupported. Every offset and length is checked against the data:
// malformed input gives an error in Russian (these reach the users of
// `kartograf sign` and `kartograf verify`), never a panic or a read past
// the end.
package pdfobj

import "bytes"

// maxDepth bounds how deeply arrays and dictionaries may nest: a file of
// nothing but "[" must not exhaust the stack.
const maxDepth = 64

// maxNum bounds object numbers, generations and offsets so that they fit
// an int on every platform; PDF itself stops far below.
const maxNum = 1<<31 - 1

func isSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0
}

func isDelim(c byte) bool {
	switch c {
	case '(', ')', '<', '>', '[', ']', '{', '}', '/', '%':
		return true
	}
	return false
}

// isRegular: c belongs to a name, number or keyword.
func isRegular(c byte) bool { return !isSpace(c) && !isDelim(c) }

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// skipSpace returns the first index at or after i that is neither
// whitespace nor part of a comment.
func skipSpace(b []byte, i int) int {
	for i < len(b) {
		switch {
		case isSpace(b[i]):
			i++
		case b[i] == '%':
			for i < len(b) && b[i] != '\n' && b[i] != '\r' {
				i++
			}
		default:
			return i
		}
	}
	return i
}

// parseUint reads a non-empty run of digits no larger than maxNum.
func parseUint(b []byte) (int, bool) {
	if len(b) == 0 || len(b) > 10 {
		return 0, false
	}
	n := 0
	for _, c := range b {
		if !isDigit(c) {
			return 0, false
		}
		d := int(c - '0')
		if n > (maxNum-d)/10 {
			return 0, false
		}
		n = n*10 + d
	}
	return n, true
}

// hasKeyword: b[i:] starts with the keyword kw, not followed by a regular
// character.
func hasKeyword(b []byte, i int, kw string) bool {
	if i < 0 || i > len(b) || !bytes.HasPrefix(b[i:], []byte(kw)) {
		return false
	}
	e := i + len(kw)
	return e == len(b) || !isRegular(b[e])
}

// token returns the end of the run of regular characters at i.
func token(b []byte, i int) int {
	for i < len(b) && isRegular(b[i]) {
		i++
	}
	return i
}

// ValueEnd returns the index just past the value (string, dictionary,
// array, name, number or reference) that starts at b[i], or false when
// there is none or it is not closed.
func ValueEnd(b []byte, i int) (int, bool) { return valueEnd(b, i, 0) }

// valueEnd returns the index just past the value that starts at b[i], or
// false when there is none or it is not closed.
func valueEnd(b []byte, i, depth int) (int, bool) {
	if i >= len(b) || depth > maxDepth {
		return 0, false
	}
	switch c := b[i]; {
	case c == '<' && i+1 < len(b) && b[i+1] == '<':
		return dictEnd(b, i, depth)
	case c == '<':
		j := bytes.IndexByte(b[i+1:], '>')
		if j < 0 {
			return 0, false
		}
		return i + 1 + j + 1, true
	case c == '(':
		return stringEnd(b, i)
	case c == '[':
		for i++; ; {
			i = skipSpace(b, i)
			if i >= len(b) {
				return 0, false
			}
			if b[i] == ']' {
				return i + 1, true
			}
			var ok bool
			if i, ok = valueEnd(b, i, depth+1); !ok {
				return 0, false
			}
		}
	case c == '/':
		return token(b, i+1), true
	case isRegular(c):
		j := token(b, i)
		if _, ok := parseUint(b[i:j]); ok {
			if k, ok := refRest(b, j); ok {
				return k, true
			}
		}
		return j, true
	}
	return 0, false
}

// refRest returns the end of " G R" after an object number ending at i.
func refRest(b []byte, i int) (int, bool) {
	g := skipSpace(b, i)
	if g == i {
		return 0, false
	}
	ge := token(b, g)
	if _, ok := parseUint(b[g:ge]); !ok {
		return 0, false
	}
	r := skipSpace(b, ge)
	if r == ge || !hasKeyword(b, r, "R") {
		return 0, false
	}
	return r + 1, true
}

// dictEnd returns the index just past the dictionary whose "<<" is at i.
func dictEnd(b []byte, i, depth int) (int, bool) {
	for i += 2; ; {
		i = skipSpace(b, i)
		if i+1 < len(b) && b[i] == '>' && b[i+1] == '>' {
			return i + 2, true
		}
		if i >= len(b) || b[i] != '/' {
			return 0, false
		}
		i = skipSpace(b, token(b, i+1))
		var ok bool
		if i, ok = valueEnd(b, i, depth+1); !ok {
			return 0, false
		}
	}
}

// stringEnd returns the index just past the literal string at i, whose
// parentheses nest unless escaped.
func stringEnd(b []byte, i int) (int, bool) {
	depth := 0
	for ; i < len(b); i++ {
		switch b[i] {
		case '\\':
			i++
		case '(':
			depth++
		case ')':
			if depth--; depth == 0 {
				return i + 1, true
			}
		}
	}
	return 0, false
}

// Dict reads the dictionary that b starts with (after whitespace) and
// returns its inside, between the outer "<<" and ">>", and the index
// just past it.
func Dict(b []byte) (inner []byte, end int, ok bool) {
	i := skipSpace(b, 0)
	if i+1 >= len(b) || b[i] != '<' || b[i+1] != '<' {
		return nil, 0, false
	}
	e, ok := dictEnd(b, i, 0)
	if !ok {
		return nil, 0, false
	}
	return b[i+2 : e-2], e, true
}

// Value returns the raw value of key (without its slash) among the
// top-level entries of a dictionary's inside, as Dict returns it; nil
// when there is no such key or the dictionary is malformed before it.
// Nested dictionaries are skipped, not searched.
func Value(inner []byte, key string) []byte {
	for i := skipSpace(inner, 0); i < len(inner); i = skipSpace(inner, i) {
		if inner[i] != '/' {
			return nil
		}
		ne := token(inner, i+1)
		name := inner[i+1 : ne]
		vs := skipSpace(inner, ne)
		ve, ok := valueEnd(inner, vs, 1)
		if !ok {
			return nil
		}
		if string(name) == key {
			return inner[vs:ve]
		}
		i = ve
	}
	return nil
}

// Int reads a value that is a non-negative integer.
func Int(v []byte) (int, bool) { return parseUint(v) }

// Ref reads a value that is an indirect reference "N G R" and returns N.
func Ref(v []byte) (int, bool) {
	ne := token(v, 0)
	n, ok := parseUint(v[:ne])
	if !ok {
		return 0, false
	}
	e, ok := refRest(v, ne)
	return n, ok && e == len(v)
}
