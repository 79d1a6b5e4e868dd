package document

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"
)

// Content is what a cell or passport value holds: paragraphs and lists in
// order. In JSON it is a string (one paragraph), or an array whose elements
// are strings (paragraphs) or {"list": {...}} objects.
type Content []Part

// Part is a paragraph (Text) or a list (List); exactly one is set.
type Part struct {
	Text string `json:"text,omitempty"`
	List *List  `json:"list,omitempty"`
}

// Text returns content made of one paragraph.
func Text(s string) Content { return Content{{Text: s}} }

// Plain flattens the content to text: paragraphs and list items on their own
// lines, list items with their markers. Used for searching and measuring.
func (c Content) Plain() string {
	var b strings.Builder
	for i, p := range c {
		if i > 0 {
			b.WriteByte('\n')
		}
		if p.List != nil {
			p.List.writePlain(&b, "")
		} else {
			b.WriteString(p.Text)
		}
	}
	return b.String()
}

func (l *List) writePlain(b *strings.Builder, indent string) {
	for i, it := range l.Items {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(indent)
		b.WriteString(l.ItemMarker(i))
		b.WriteByte(' ')
		b.WriteString(it.Text)
		if it.List != nil {
			b.WriteByte('\n')
			it.List.writePlain(b, indent+"  ")
		}
	}
}

// DefaultMarker is the bullet of unordered lists that name none.
const DefaultMarker = "–"

// ItemMarker is the marker printed before item i: «1.» for ordered lists,
// the bullet otherwise.
func (l *List) ItemMarker(i int) string {
	if l.Ordered {
		start := l.Start
		if start == 0 {
			start = 1
		}
		return fmt.Sprintf("%d.", start+i)
	}
	if l.Marker != "" {
		return l.Marker
	}
	return DefaultMarker
}

// IsZero reports whether the content holds no text at all.
func (c Content) IsZero() bool {
	for _, p := range c {
		if p.Text != "" || (p.List != nil && len(p.List.Items) > 0) {
			return false
		}
	}
	return true
}

// MarshalJSON writes one paragraph as a plain string and anything else as an
// array (paragraphs as strings), so that the output decodes to the same value.
func (c Content) MarshalJSON() ([]byte, error) {
	return c.appendJSON(nil)
}

func (c Content) appendJSON(b []byte) ([]byte, error) {
	if len(c) == 1 && c[0].List == nil {
		return appendJSONString(b, c[0].Text), nil
	}
	b = append(b, '[')
	for i, p := range c {
		if i > 0 {
			b = append(b, ',')
		}
		if p.List == nil {
			b = appendJSONString(b, p.Text)
			continue
		}
		b = append(b, `{"list":`...)
		var err error
		if b, err = appendListJSON(b, p.List); err != nil {
			return nil, err
		}
		b = append(b, '}')
	}
	return append(b, ']'), nil
}

// appendJSONString appends s as a JSON string. Measures and cells are the
// bulk of a document, and the input hash marshals every document, so they
// are encoded without reflection.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if jsonPlain[c] {
			i++
			continue
		}
		// A well-formed two-byte rune (Cyrillic, «») is copied as is:
		// only U+2028 and U+2029 among the non-ASCII runes are escaped.
		if c >= 0xC2 && c <= 0xDF && i+1 < len(s) && s[i+1]&0xC0 == 0x80 {
			i += 2
			continue
		}
		if c < utf8.RuneSelf {
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&15])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i++
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&15])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// UnmarshalJSON accepts the string and array forms; unknown fields are errors.
func (c *Content) UnmarshalJSON(data []byte) error {
	if fastContent(data, c) {
		return nil
	}
	return c.unmarshalGeneral(data)
}

// unmarshalGeneral reads every form Content has.
func (c *Content) unmarshalGeneral(data []byte) error {
	data = bytes.TrimSpace(data)
	if len(data) > 0 && data[0] == '"' {
		var s string
		if err := json.Unmarshal(data, &s); err != nil {
			return err
		}
		*c = Content{{Text: s}}
		return nil
	}
	var raw []json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return err
	}
	out := make(Content, 0, len(raw))
	for _, r := range raw {
		r = bytes.TrimSpace(r)
		if len(r) > 0 && r[0] == '"' {
			var s string
			if err := json.Unmarshal(r, &s); err != nil {
				return err
			}
			out = append(out, Part{Text: s})
			continue
		}
		var p Part
		if err := strictUnmarshal(r, &p); err != nil {
			return err
		}
		out = append(out, p)
	}
	if len(out) == 0 {
		out = nil // [] and absent are the same content; keep round trips equal
	}
	*c = out
	return nil
}

// UnmarshalJSON accepts a plain string as shorthand for {"text": …}.
func (it *ListItem) UnmarshalJSON(data []byte) error {
	data = bytes.TrimSpace(data)
	if len(data) > 0 && data[0] == '"' {
		*it = ListItem{}
		return json.Unmarshal(data, &it.Text)
	}
	type plain ListItem
	var p plain
	if err := strictUnmarshal(data, &p); err != nil {
		return err
	}
	*it = ListItem(p)
	return nil
}

// MarshalJSON writes an item without a nested list as a plain string.
func (it ListItem) MarshalJSON() ([]byte, error) {
	if it.List == nil {
		return json.Marshal(it.Text)
	}
	type plain ListItem
	return json.Marshal(plain(it))
}

// MarshalJSON writes the reserved keys and the cells as one object, keys
// sorted (as encoding/json sorts map keys), so output is deterministic.
func (m Measure) MarshalJSON() ([]byte, error) {
	return m.appendJSON(make([]byte, 0, 256))
}

// appendJSON appends MarshalJSON's bytes to b: WriteJSON writes every
// measure into one buffer it reuses.
func (m *Measure) appendJSON(b []byte) ([]byte, error) {
	var small [16]string // a measure's keys, without an allocation
	keys := small[:0]
	if n := len(m.Cells) + 3; n > len(small) {
		keys = make([]string, 0, n)
	}
	for k := range m.Cells {
		if k != "number" && k != "status" && k != "note" {
			keys = append(keys, k)
		}
	}
	if m.Number != "" {
		keys = append(keys, "number")
	}
	if m.Status != "" {
		keys = append(keys, "status")
	}
	if m.Note != "" {
		keys = append(keys, "note")
	}
	sort.Strings(keys)
	b = append(b, '{')
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, k)
		b = append(b, ':')
		switch k {
		case "number":
			b = appendJSONString(b, m.Number)
		case "status":
			b = appendJSONString(b, string(m.Status))
		case "note":
			b = appendJSONString(b, m.Note)
		default:
			var err error
			if b, err = m.Cells[k].appendJSON(b); err != nil {
				return nil, err
			}
		}
	}
	return append(b, '}'), nil
}

// UnmarshalJSON reads reserved keys into fields and every other key as a cell.
// Whether a cell key is a declared column is checked by validation, which
// knows the column set.
func (m *Measure) UnmarshalJSON(data []byte) error {
	if fastMeasure(data, m) {
		return nil
	}
	return m.unmarshalGeneral(data)
}

// unmarshalGeneral reads every form a measure has.
func (m *Measure) unmarshalGeneral(data []byte) error {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return err
	}
	out := Measure{Cells: make(map[string]Content, len(raw))}
	keys := make([]string, 0, len(raw))
	for k := range raw {
		keys = append(keys, k)
	}
	sort.Strings(keys) // deterministic error order
	for _, k := range keys {
		v := raw[k]
		var err error
		switch k {
		case "number":
			err = json.Unmarshal(v, &out.Number)
		case "status":
			err = json.Unmarshal(v, &out.Status)
		case "note":
			err = json.Unmarshal(v, &out.Note)
		default:
			var c Content
			err = json.Unmarshal(v, &c)
			out.Cells[k] = c
		}
		if err != nil {
			return fmt.Errorf("%s: %w", k, err)
		}
	}
	*m = out
	return nil
}

// Cell returns the content of the cell under key (nil when absent).
func (m Measure) Cell(key string) Content { return m.Cells[key] }

func strictUnmarshal(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}
