package xlsx

// The very hidden sheet with the stored document.

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"unicode/utf8"

	"kartograf/pkg/document"
)

// ---- meta ----

func (b *book) metaSheet() error {
	var packed bytes.Buffer
	fw, err := b.w.flates.newFlate(&packed)
	if err != nil {
		return err
	}
	h := sha256.New()
	err = writeDocJSON(b.ctx, io.MultiWriter(fw, h), b.d)
	if cerr := fw.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	data := []byte(MetaPacked + base64.StdEncoding.EncodeToString(packed.Bytes()))
	s, err := b.stream(SheetMeta)
	if err != nil {
		return err
	}
	// A3 is the hash of the copy itself, so that Read can tell a copy
	// changed by hand; with the engine it equals the input hash.
	for _, v := range []string{FormatTag, b.meta.Template, "sha256:" + hex.EncodeToString(h.Sum(nil))} {
		if err := s.put(0, []any{v}); err != nil {
			return err
		}
	}
	for i := 0; len(data) > 0; i++ {
		if i%ctxEvery == 0 {
			if err := b.ctx.Err(); err != nil {
				return err
			}
		}
		n := utf16Prefix(data, MaxCellRunes)
		if err := s.put(0, []any{string(data[:n])}); err != nil {
			return err
		}
		data = data[n:]
	}
	return s.sw.Flush()
}

// writeDocJSON writes json.Marshal(d) — the same bytes, which the input
// hash is of — a measure at a time, looking at ctx every 64 measures:
// marshalling a plan of 100 000 rows at once takes a second or more that
// a cancelled render could not stop. Only the body, plans, sections and
// measures are cut up; all fields that follow each of them in its JSON
// object are after it ("body" is Document's last field, "sections" Plan's,
// "items" Section's), so each prefix is the object marshalled without
// them, up to the null that stands for them.
func writeDocJSON(ctx context.Context, w io.Writer, d *document.Document) error {
	if len(d.Body) == 0 {
		return marshalTo(w, d)
	}
	head := *d
	head.Body = nil
	if err := writeAround(w, &head, `null}`, func() error {
		for i := range d.Body {
			if i > 0 {
				if _, err := io.WriteString(w, ","); err != nil {
					return err
				}
			}
			if err := writeBlockJSON(ctx, w, &d.Body[i]); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		return err
	}
	return ctx.Err()
}

func writeBlockJSON(ctx context.Context, w io.Writer, bl *document.Block) error {
	p := bl.Plan
	if p == nil || len(p.Sections) == 0 || *bl != (document.Block{Plan: p}) {
		return marshalTo(w, bl)
	}
	head := document.Block{Plan: &document.Plan{Columns: p.Columns}}
	return writeAround(w, head, `null}}`, func() error {
		count := 0
		for si := range p.Sections {
			if si > 0 {
				if _, err := io.WriteString(w, ","); err != nil {
					return err
				}
			}
			s := &p.Sections[si]
			if len(s.Items) == 0 {
				if err := marshalTo(w, s); err != nil {
					return err
				}
				continue
			}
			sh := *s
			sh.Items = nil
			if err := writeAround(w, &sh, `null}`, func() error {
				for ii := range s.Items {
					if count++; count%ctxEvery == 0 {
						if err := ctx.Err(); err != nil {
							return err
						}
					}
					if ii > 0 {
						if _, err := io.WriteString(w, ","); err != nil {
							return err
						}
					}
					if err := marshalTo(w, &s.Items[ii]); err != nil {
						return err
					}
				}
				return nil
			}); err != nil {
				return err
			}
		}
		return nil
	})
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
		return fmt.Errorf("xlsx: JSON документа не оканчивается на %s", tail)
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

func marshalTo(w io.Writer, v any) error {
	js, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = w.Write(js)
	return err
}

// splitUTF16 cuts s at rune boundaries into pieces of at most n UTF-16
// code units (Excel's measure of a cell's length).
func splitUTF16(s string, n int) []string {
	var out []string
	for len(s) > 0 {
		k := utf16Prefix([]byte(s), n)
		out = append(out, s[:k])
		s = s[k:]
	}
	return out
}

// utf16Prefix is the length in bytes of the longest prefix of b that ends
// at a rune boundary and holds at most n UTF-16 code units (at least one
// rune).
func utf16Prefix(b []byte, n int) int {
	units, i := 0, 0
	for i < len(b) {
		r, size := utf8.DecodeRune(b[i:])
		u := 1
		if r >= 0x10000 {
			u = 2
		}
		if units+u > n && i > 0 {
			break
		}
		units += u
		i += size
	}
	return i
}
