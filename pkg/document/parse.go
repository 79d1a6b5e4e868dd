package document

import (
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// MaxDepth bounds the nesting of arrays and objects. A real document nests
// about 20 levels (a list inside a cell inside a plan); the bound keeps the
// recursive checks and the path strings of hostile input small.
const MaxDepth = 256

// maxRecordDepth bounds the paths whose offsets are recorded for sorting;
// deeper problems sort by their nearest recorded ancestor.
const maxRecordDepth = 64

// parser builds the generic tree of a JSON text (objects as map[string]any,
// numbers as json.Number, as encoding/json with UseNumber would) in one
// pass, and meanwhile finds what encoding/json lets through: duplicate keys
// and invisible characters inside strings. Paths are kept as a stack of
// segments and turned into strings only for a problem.
type parser struct {
	data []byte
	// src, when set, is data as a string: strings without escapes are
	// cut from it rather than copied one by one.
	src      string
	i        int
	segs     []seg
	problems []Problem
	offs     []int // offs[i]: where problems[i] was found, for sorting
	// offsets, when not nil, receives the offset of every value by path
	// (only when sorting problems: the common path records nothing).
	offsets map[string]int
	// errOff and errMsg describe the first syntax error.
	errOff int
	errMsg string
	failed bool
	// badUTF8 is set when a string holds an invalid UTF-8 sequence; the
	// decoder then looks for the first one in the whole input. lead is
	// set when the last string read may hold a refused invisible
	// character (see hasInvisible), so that only those are searched.
	badUTF8 bool
	lead    bool
}

type seg struct {
	key string
	idx int // -1: key
}

func (p *parser) path() string {
	var b strings.Builder
	for _, s := range p.segs {
		if s.idx >= 0 {
			b.WriteByte('[')
			b.WriteString(strconv.Itoa(s.idx))
			b.WriteByte(']')
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(s.key)
	}
	return b.String()
}

// found takes problems, grown by what was found at offset at.
func (p *parser) found(at int, problems []Problem) {
	for len(p.offs) < len(problems) {
		p.offs = append(p.offs, at)
	}
	p.problems = problems
}

func (p *parser) fail(off int, msg string) {
	if !p.failed {
		p.failed, p.errOff, p.errMsg = true, off, msg
	}
}

func (p *parser) space() {
	for p.i < len(p.data) {
		switch p.data[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

// value parses one value at p.i; depth counts the enclosing containers.
func (p *parser) value(depth int) any {
	p.space()
	if p.i >= len(p.data) {
		p.fail(p.i, "неожиданный конец ввода")
		return nil
	}
	if p.offsets != nil && len(p.segs) <= maxRecordDepth {
		path := p.path()
		if _, ok := p.offsets[path]; !ok {
			p.offsets[path] = p.i
		}
	}
	switch c := p.data[p.i]; {
	case c == '{':
		return p.object(depth + 1)
	case c == '[':
		return p.array(depth + 1)
	case c == '"':
		at := p.i
		p.lead = false
		s, ok := p.str()
		if ok && p.lead && len(p.problems) < maxProblems && hasInvisible(s) {
			p.found(at, invisibleProblems(p.path(), s, p.problems))
		}
		return s
	case c == '-' || (c >= '0' && c <= '9'):
		return p.number()
	case c == 't':
		return p.literal("true", true)
	case c == 'f':
		return p.literal("false", false)
	case c == 'n':
		return p.literal("null", nil)
	}
	p.fail(p.i, "недопустимый символ")
	return nil
}

// tooDeep is the syntax error of nesting deeper than MaxDepth.
var tooDeep = "вложенность массивов и объектов глубже " + strconv.Itoa(MaxDepth) + " уровней"

// maxProblems bounds what one hostile input can make the decoder collect.
const maxProblems = 1000

func (p *parser) literal(word string, v any) any {
	if !strings.HasPrefix(string(p.data[p.i:min(len(p.data), p.i+len(word))]), word) {
		p.fail(p.i, "недопустимый литерал")
		return nil
	}
	p.i += len(word)
	return v
}

func (p *parser) object(depth int) any {
	if depth > MaxDepth {
		p.fail(p.i, tooDeep)
		return nil
	}
	p.i++ // {
	m := make(map[string]any)
	p.space()
	if p.i < len(p.data) && p.data[p.i] == '}' {
		p.i++
		return m
	}
	for !p.failed {
		p.space()
		if p.i >= len(p.data) || p.data[p.i] != '"' {
			p.fail(p.i, "ожидается имя поля")
			return nil
		}
		at := p.i
		p.lead = false
		k, ok := p.str()
		if !ok {
			return nil
		}
		p.space()
		if p.i >= len(p.data) || p.data[p.i] != ':' {
			p.fail(p.i, "ожидается «:»")
			return nil
		}
		p.i++
		p.segs = append(p.segs, seg{key: k, idx: -1})
		if p.lead && len(p.problems) < maxProblems && hasInvisible(k) {
			p.found(at, invisibleProblems(p.path(), k, p.problems))
		}
		v := p.value(depth)
		p.segs = p.segs[:len(p.segs)-1]
		if _, dup := m[k]; dup {
			// The first value stays: a later one must not silently win,
			// as it would with encoding/json.
			if len(p.problems) < maxProblems {
				p.found(at, append(p.problems, Problem{Path: p.path(), Message: "ключ «" + k + "» повторяется"}))
			}
		} else {
			m[k] = v
		}
		p.space()
		if p.i >= len(p.data) {
			p.fail(p.i, "неожиданный конец ввода")
			return nil
		}
		switch p.data[p.i] {
		case ',':
			p.i++
		case '}':
			p.i++
			return m
		default:
			p.fail(p.i, "ожидается «,» или «}»")
			return nil
		}
	}
	return nil
}

func (p *parser) array(depth int) any {
	if depth > MaxDepth {
		p.fail(p.i, tooDeep)
		return nil
	}
	p.i++ // [
	a := make([]any, 0, 4)
	p.space()
	if p.i < len(p.data) && p.data[p.i] == ']' {
		p.i++
		return a
	}
	for n := 0; !p.failed; n++ {
		p.segs = append(p.segs, seg{idx: n})
		v := p.value(depth)
		p.segs = p.segs[:len(p.segs)-1]
		a = append(a, v)
		p.space()
		if p.i >= len(p.data) {
			p.fail(p.i, "неожиданный конец ввода")
			return nil
		}
		switch p.data[p.i] {
		case ',':
			p.i++
		case ']':
			p.i++
			return a
		default:
			p.fail(p.i, "ожидается «,» или «]»")
			return nil
		}
	}
	return nil
}

func (p *parser) number() any {
	d, start := p.data, p.i
	i := start
	if d[i] == '-' {
		i++
	}
	switch {
	case i < len(d) && d[i] == '0':
		i++
	case i < len(d) && d[i] >= '1' && d[i] <= '9':
		for i < len(d) && d[i] >= '0' && d[i] <= '9' {
			i++
		}
	default:
		p.fail(i, "недопустимое число")
		return nil
	}
	if i < len(d) && d[i] == '.' {
		i++
		if i >= len(d) || d[i] < '0' || d[i] > '9' {
			p.fail(i, "недопустимое число")
			return nil
		}
		for i < len(d) && d[i] >= '0' && d[i] <= '9' {
			i++
		}
	}
	if i < len(d) && (d[i] == 'e' || d[i] == 'E') {
		i++
		if i < len(d) && (d[i] == '+' || d[i] == '-') {
			i++
		}
		if i >= len(d) || d[i] < '0' || d[i] > '9' {
			p.fail(i, "недопустимое число")
			return nil
		}
		for i < len(d) && d[i] >= '0' && d[i] <= '9' {
			i++
		}
	}
	p.i = i
	return json.Number(d[start:i])
}

// str parses a string at p.i (on the opening quote), checking its UTF-8
// as it goes (see badUTF8 and lead).
func (p *parser) str() (string, bool) {
	d := p.data
	start := p.i + 1
	i := start
	for i < len(d) {
		c := d[i]
		switch {
		case c == '"':
			p.i = i + 1
			if p.src != "" {
				return p.src[start:i], true
			}
			return string(d[start:i]), true
		case c == '\\':
			return p.strEscaped(start, i)
		case c < 0x20:
			p.fail(i, "управляющий символ в строке")
			return "", false
		case c >= utf8.RuneSelf:
			i = p.utf8Rune(i)
			continue
		}
		i++
	}
	p.fail(i, "неожиданный конец ввода")
	return "", false
}

// utf8Rune passes over the UTF-8 sequence at p.data[i] (not ASCII) and
// returns the index after it, noting an invalid sequence and the lead
// bytes of the refused characters.
func (p *parser) utf8Rune(i int) int {
	d := p.data
	c := d[i]
	if c >= 0xC2 && c <= 0xDF && i+1 < len(d) && d[i+1]&0xC0 == 0x80 {
		p.lead = p.lead || c == 0xD8
		return i + 2 // Cyrillic, «», NBSP: the common case
	}
	r, n := utf8.DecodeRune(d[i:])
	if r == utf8.RuneError && n == 1 {
		p.badUTF8 = true
		return i + 1
	}
	p.lead = p.lead || c == 0xE2 || c == 0xEF
	return i + n
}

func (p *parser) strEscaped(start, i int) (string, bool) {
	// An escape can spell any character: hasInvisible looks at the result.
	p.lead = true
	d := p.data
	b := make([]byte, 0, i-start+16)
	b = append(b, d[start:i]...)
	for i < len(d) {
		c := d[i]
		switch {
		case c == '"':
			p.i = i + 1
			return string(b), true
		case c < 0x20:
			p.fail(i, "управляющий символ в строке")
			return "", false
		case c >= utf8.RuneSelf:
			j := p.utf8Rune(i)
			b = append(b, d[i:j]...)
			i = j
			continue
		case c != '\\':
			b = append(b, c)
			i++
			continue
		}
		i++
		if i >= len(d) {
			break
		}
		switch d[i] {
		case '"', '\\', '/':
			b = append(b, d[i])
		case 'b':
			b = append(b, '\b')
		case 'f':
			b = append(b, '\f')
		case 'n':
			b = append(b, '\n')
		case 'r':
			b = append(b, '\r')
		case 't':
			b = append(b, '\t')
		case 'u':
			r, ok := hex4(d, i+1)
			if !ok {
				p.fail(i, "недопустимая escape-последовательность")
				return "", false
			}
			i += 4
			if utf16.IsSurrogate(r) {
				// A valid pair makes one rune; a lone half is U+FFFD, as
				// encoding/json decodes it.
				r2, ok2 := rune(-1), false
				if i+2 < len(d) && d[i+1] == '\\' && d[i+2] == 'u' {
					r2, ok2 = hex4(d, i+3)
				}
				if dec := utf16.DecodeRune(r, r2); ok2 && dec != utf8.RuneError {
					r = dec
					i += 6
				} else {
					r = utf8.RuneError
				}
			}
			b = utf8.AppendRune(b, r)
		default:
			p.fail(i, "недопустимая escape-последовательность")
			return "", false
		}
		i++
	}
	p.fail(i, "неожиданный конец ввода")
	return "", false
}

func hex4(d []byte, i int) (rune, bool) {
	if i+4 > len(d) {
		return 0, false
	}
	var r rune
	for _, c := range d[i : i+4] {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			c = c - 'A' + 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}
