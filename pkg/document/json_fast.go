package document

import (
	"bytes"
	"encoding/json"
	"strconv"
	"unicode/utf8"
)

// rawElem returns v's JSON as json.Encoder writes it when that is v's own
// MarshalJSON output unchanged, so that WriteJSON can skip the Encoder's
// re-scan of it. The Encoder validates and compacts a Marshaler's output
// and escapes <, >, & and U+2028/U+2029 in it; a measure writes compact
// JSON itself, so unless it holds one of those the re-scan changes
// nothing — and it was half the cost of the input hash.
//
// The bytes are appended to dst, a buffer the caller reuses.
func rawElem(dst []byte, v any) ([]byte, bool) {
	var err error
	b := dst[:0]
	switch e := v.(type) {
	case *Measure:
		if e == nil {
			return nil, false
		}
		b, err = e.appendJSON(b)
	case *PassportRow:
		if e == nil {
			return nil, false
		}
		b = append(b, `{"label":`...)
		b = appendJSONString(b, e.Label)
		b = append(b, `,"value":`...)
		if b, err = e.Value.appendJSON(b); err != nil {
			return nil, false
		}
		b = append(b, '}')
	case *[]Content: // a table's row
		if e == nil || *e == nil {
			return nil, false
		}
		b = append(b, '[')
		for i, c := range *e {
			if i > 0 {
				b = append(b, ',')
			}
			if b, err = c.appendJSON(b); err != nil {
				return nil, false
			}
		}
		b = append(b, ']')
	default:
		return nil, false
	}
	if err != nil || htmlEscaped(b) {
		return nil, false
	}
	return b, true
}

// htmlEscaped reports whether json's HTML escaping would change b. It
// looks for each byte with IndexByte (vectorised) rather than switching
// on every byte: it runs over the whole input hash.
func htmlEscaped(b []byte) bool {
	if bytes.IndexByte(b, '<') >= 0 || bytes.IndexByte(b, '>') >= 0 || bytes.IndexByte(b, '&') >= 0 {
		return true
	}
	for i := 0; ; {
		j := bytes.IndexByte(b[i:], 0xE2) // U+2028 and U+2029 are E2 80 A8 and E2 80 A9
		if j < 0 {
			return false
		}
		i += j + 1
		if i+1 < len(b) && b[i] == 0x80 && (b[i+1] == 0xA8 || b[i+1] == 0xA9) {
			return true
		}
	}
}

// jsonPlain marks the bytes appendJSONString copies as they are: printable
// ASCII but the quote and the backslash.
var jsonPlain = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// appendListJSON appends json.Marshal(l). Lists are written by hand, as
// measures are: through encoding/json each item was a Marshal of its own.
// Marshal escapes <, >, & and U+2028/U+2029 where appendJSONString does
// not, so a list holding one of those is left to Marshal.
func appendListJSON(b []byte, l *List) ([]byte, error) {
	mark := len(b)
	b = appendListPlain(b, l)
	if !htmlEscaped(b[mark:]) {
		return b, nil
	}
	js, err := json.Marshal(l)
	if err != nil {
		return nil, err
	}
	return append(b[:mark], js...), nil
}

// appendListPlain writes l as json.Marshal does but for HTML escaping:
// the fields in order, the first three omitted when zero, items null when
// nil, an item without a nested list as a plain string (ListItem's
// MarshalJSON).
func appendListPlain(b []byte, l *List) []byte {
	if l == nil {
		return append(b, "null"...)
	}
	b = append(b, '{')
	if l.Ordered {
		b = append(b, `"ordered":true,`...)
	}
	if l.Marker != "" {
		b = append(b, `"marker":`...)
		b = appendJSONString(b, l.Marker)
		b = append(b, ',')
	}
	if l.Start != 0 {
		b = append(b, `"start":`...)
		b = strconv.AppendInt(b, int64(l.Start), 10)
		b = append(b, ',')
	}
	b = append(b, `"items":`...)
	if l.Items == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i := range l.Items {
			if i > 0 {
				b = append(b, ',')
			}
			it := &l.Items[i]
			if it.List == nil {
				b = appendJSONString(b, it.Text)
				continue
			}
			b = append(b, `{"text":`...)
			b = appendJSONString(b, it.Text)
			b = append(b, `,"list":`...)
			b = appendListPlain(b, it.List)
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	return append(b, '}')
}
