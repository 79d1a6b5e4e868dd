package document

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sync"
)

// ctxEvery is how many measures or rows a loop handles between looks at
// its context: often enough that a cancelled call on 100 000 rows stops
// within milliseconds, rarely enough that the look costs nothing.
const ctxEvery = 64

// WriteJSON writes json.Marshal(d) — exactly those bytes, which the input
// hash and the copy stored in a workbook are of — a measure at a time,
// looking at ctx every 64 measures: marshalling a plan of 100 000 rows at
// once takes a second or more under load that a caller who has gone away
// could not stop. A cancelled ctx gives ctx.Err() itself, unwrapped.
//
// Only the body, plans, sections, measures and table and passport rows
// are cut up; all fields that follow each of them in its JSON object are
// after it ("body" is Document's last field, "sections" Plan's, "items"
// Section's, "rows" Table's and Passport's), so each prefix is the object
// marshalled without them, up to the null that stands for them.
func WriteJSON(ctx context.Context, w io.Writer, d *Document) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if len(d.Body) == 0 {
		return marshalTo(w, d)
	}
	head := *d
	head.Body = nil
	count := 0
	if err := writeAround(w, &head, `null}`, func() error {
		for i := range d.Body {
			if i > 0 {
				if _, err := w.Write(comma); err != nil {
					return err
				}
			}
			if err := writeBlockJSON(ctx, w, &d.Body[i], &count); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		return err
	}
	return ctx.Err()
}

// writeBlockJSON writes one block; count runs over the whole document, so
// that many small blocks are looked between as often as one big plan. A
// plan's measures, a table's rows and a passport's rows (the last field of
// each) are written one at a time; a block with more than one kind set
// (invalid, but its JSON must still be json.Marshal's) is written whole.
func writeBlockJSON(ctx context.Context, w io.Writer, bl *Block, count *int) error {
	if *count++; *count%ctxEvery == 0 {
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	switch {
	case bl.Plan != nil && len(bl.Plan.Sections) > 0 && *bl == (Block{Plan: bl.Plan}):
		p := bl.Plan
		return writeBefore(w, Block{Plan: &Plan{Columns: p.Columns, Numbering: p.Numbering, Items: p.Items}}, "sections", func() error {
			return writeSections(ctx, w, p.Sections, count)
		})
	case bl.Plan != nil && len(bl.Plan.Items) > 0 && *bl == (Block{Plan: bl.Plan}):
		p := bl.Plan
		return writeBefore(w, Block{Plan: &Plan{Columns: p.Columns, Numbering: p.Numbering}}, "items", func() error {
			return writeEach(ctx, w, len(p.Items), count, func(i int) any { return &p.Items[i] })
		})
	case bl.Table != nil && len(bl.Table.Rows) > 0 && *bl == (Block{Table: bl.Table}):
		t := bl.Table
		head := *t
		head.Rows = nil
		return writeAround(w, Block{Table: &head}, `null}}`, func() error {
			return writeEach(ctx, w, len(t.Rows), count, func(i int) any { return &t.Rows[i] })
		})
	case bl.Passport != nil && len(bl.Passport.Rows) > 0 && *bl == (Block{Passport: bl.Passport}):
		rows := bl.Passport.Rows
		return writeAround(w, Block{Passport: &Passport{}}, `null}}`, func() error {
			return writeEach(ctx, w, len(rows), count, func(i int) any { return &rows[i] })
		})
	}
	return marshalTo(w, bl)
}

func writeSections(ctx context.Context, w io.Writer, sections []Section, count *int) error {
	for si := range sections {
		if si > 0 {
			if _, err := w.Write(comma); err != nil {
				return err
			}
		}
		s := &sections[si]
		if len(s.Items) == 0 {
			if err := marshalTo(w, s); err != nil {
				return err
			}
			continue
		}
		sh := *s
		sh.Items = nil
		if err := writeAround(w, &sh, `null}`, func() error {
			return writeEach(ctx, w, len(s.Items), count, func(i int) any { return &s.Items[i] })
		}); err != nil {
			return err
		}
	}
	return nil
}

// writeEach writes the n elements of a slice (elem(i) points at one),
// separated by commas, looking at ctx every ctxEvery elements.
func writeEach(ctx context.Context, w io.Writer, n int, count *int, elem func(i int) any) error {
	ew := elemWriter{w: w}
	raw := rawPool.Get().(*[]byte)
	ew.raw = *raw
	defer func() {
		if cap(ew.raw) <= maxPooledRaw {
			*raw = ew.raw[:0]
			rawPool.Put(raw)
		}
	}()
	for i := range n {
		if *count++; *count%ctxEvery == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if i > 0 {
			if _, err := w.Write(comma); err != nil {
				return err
			}
		}
		if err := ew.write(elem(i)); err != nil {
			return err
		}
	}
	return nil
}

// writeAround writes v's JSON with its trailing null (the cut field) and
// what follows it (tail: the closing braces) replaced by [ inner ].
func writeAround(w io.Writer, v any, tail string, inner func() error) error {
	js, err := json.Marshal(v)
	if err != nil {
		return err
	}
	head, ok := bytes.CutSuffix(js, []byte(tail))
	if !ok {
		return fmt.Errorf("JSON документа не оканчивается на %s", tail)
	}
	if _, err := w.Write(append(head, '[')); err != nil {
		return err
	}
	if err := inner(); err != nil {
		return err
	}
	_, err = io.WriteString(w, "]"+tail[len("null"):])
	return err
}

// writeBefore writes the JSON of a block whose plan's last field, field
// (omitempty, so missing from v's JSON), is written by inner: v's JSON up
// to the two closing braces, then "field":[ inner ]}}.
func writeBefore(w io.Writer, v any, field string, inner func() error) error {
	js, err := json.Marshal(v)
	if err != nil {
		return err
	}
	head, ok := bytes.CutSuffix(js, []byte("}}"))
	if !ok {
		return fmt.Errorf("JSON документа не оканчивается на }}")
	}
	if head[len(head)-1] != '{' {
		head = append(head, ',')
	}
	if _, err := w.Write(append(head, `"`+field+`":[`...)); err != nil {
		return err
	}
	if err := inner(); err != nil {
		return err
	}
	_, err = io.WriteString(w, "]}}")
	return err
}

// rawPool holds elemWriter's buffers: a plan of several sections writes
// each section's measures through a writer of its own.
var rawPool = sync.Pool{New: func() any { return new([]byte) }}

// maxPooledRaw bounds a pooled buffer: it holds one element at a time.
const maxPooledRaw = 64 << 10

// comma is written as a slice: io.WriteString to a writer without
// WriteString (a hash) converts, and so allocates, on every call.
var comma = []byte(",")

// elemWriter writes the JSON of one element at a time through an
// Encoder into a buffer it reuses: json.Marshal would copy each element's
// bytes into a new slice, doubling the allocations of a 100 000-row hash.
// Encode's bytes are Marshal's (HTML escaped the same) plus a newline,
// which is left out.
type elemWriter struct {
	w   io.Writer
	buf bytes.Buffer
	enc *json.Encoder
	raw []byte // rawElem's buffer, reused
}

func (e *elemWriter) write(v any) error {
	if b, ok := rawElem(e.raw, v); ok {
		e.raw = b[:0]
		_, err := e.w.Write(b)
		return err
	}
	if e.enc == nil {
		e.enc = json.NewEncoder(&e.buf)
	}
	e.buf.Reset()
	if err := e.enc.Encode(v); err != nil {
		return err
	}
	_, err := e.w.Write(e.buf.Bytes()[:e.buf.Len()-1])
	return err
}

func marshalTo(w io.Writer, v any) error {
	js, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = w.Write(js)
	return err
}
