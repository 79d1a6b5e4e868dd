package document

import (
	"encoding/json"
	"unicode/utf8"
)

// The plan's measures and cells are most of a document, and reading each
// through encoding/json from inside its UnmarshalJSON re-validates the
// same bytes once per nesting level (Unmarshal scans its whole input
// before decoding it) and boxes every cell in a map of raw messages.
// fastMeasure and fastContent read the common shapes — an object of
// string keys whose values are strings or arrays of strings — in one
// pass; anything else (a list, null, a number, a malformed text) makes
// them decline, and the general code reads it exactly as before.

// fastMeasure reads data into m when it has the common shape.
func fastMeasure(data []byte, m *Measure) bool {
	r := fastReader{data: data}
	r.space()
	if !r.byte('{') {
		return false
	}
	out := Measure{Cells: make(map[string]Content, 8)}
	r.space()
	if r.byte('}') {
		return r.end(m, out)
	}
	for {
		r.space()
		k, ok := r.str()
		if !ok {
			return false
		}
		r.space()
		if !r.byte(':') {
			return false
		}
		r.space()
		switch k {
		case "number", "status", "note":
			s, ok := r.str()
			if !ok {
				return false
			}
			switch k {
			case "number":
				out.Number = s
			case "status":
				out.Status = Status(s)
			default:
				out.Note = s
			}
		default:
			c, ok := r.content()
			if !ok {
				return false
			}
			out.Cells[k] = c
		}
		r.space()
		if r.byte(',') {
			continue
		}
		if r.byte('}') {
			return r.end(m, out)
		}
		return false
	}
}

// fastContent reads data into c when it is a string or an array of strings.
func fastContent(data []byte, c *Content) bool {
	r := fastReader{data: data}
	r.space()
	out, ok := r.content()
	if !ok {
		return false
	}
	r.space()
	if r.i != len(r.data) {
		return false
	}
	*c = out
	return true
}

type fastReader struct {
	data []byte
	i    int
}

func (r *fastReader) end(m *Measure, out Measure) bool {
	r.space()
	if r.i != len(r.data) {
		return false
	}
	*m = out
	return true
}

func (r *fastReader) space() {
	for r.i < len(r.data) {
		switch r.data[r.i] {
		case ' ', '\t', '\n', '\r':
			r.i++
		default:
			return
		}
	}
}

func (r *fastReader) byte(c byte) bool {
	if r.i < len(r.data) && r.data[r.i] == c {
		r.i++
		return true
	}
	return false
}

// content reads a string or an array of strings as Content, the way
// Content.UnmarshalJSON does ([] is nil).
func (r *fastReader) content() (Content, bool) {
	if r.i < len(r.data) && r.data[r.i] == '"' {
		s, ok := r.str()
		if !ok {
			return nil, false
		}
		return Content{{Text: s}}, true
	}
	if !r.byte('[') {
		return nil, false
	}
	r.space()
	if r.byte(']') {
		return nil, true
	}
	var out Content
	for {
		r.space()
		s, ok := r.str()
		if !ok {
			return nil, false
		}
		out = append(out, Part{Text: s})
		r.space()
		if r.byte(',') {
			continue
		}
		if r.byte(']') {
			return out, true
		}
		return nil, false
	}
}

// str reads a JSON string. One with escapes is unquoted by encoding/json,
// so that every string reads exactly as it did; control characters and
// invalid UTF-8 make it decline.
func (r *fastReader) str() (string, bool) {
	if !r.byte('"') {
		return "", false
	}
	start := r.i
	escaped := false
	for r.i < len(r.data) {
		c := r.data[r.i]
		switch {
		case c == '"':
			raw := r.data[start:r.i]
			r.i++
			if escaped {
				var s string
				if json.Unmarshal(r.data[start-1:r.i], &s) != nil {
					return "", false
				}
				return s, true
			}
			if !utf8.Valid(raw) {
				return "", false
			}
			return string(raw), true
		case c == '\\':
			escaped = true
			r.i += 2
			continue
		case c < 0x20:
			return "", false
		}
		r.i++
	}
	return "", false
}
