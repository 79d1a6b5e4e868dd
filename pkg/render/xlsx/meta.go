package xlsx

// The very hidden sheet with the stored document.

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"unicode/utf8"

	"github.com/kartograf-ru/kartograf/internal/zipx"
	"github.com/kartograf-ru/kartograf/pkg/document"
)

// ---- meta ----

func (b *book) metaSheet() error {
	// The copy is json.Marshal's bytes, written a measure at a time so
	// that a cancelled render stops in it too; zipx deflates it with the
	// process's pooled compressors, as it does the workbook's parts.
	js, sum, err := b.docJSON()
	if err != nil {
		return err
	}
	packed, err := zipx.Compress(b.ctx, js, zipLevel)
	if err != nil {
		return err
	}
	data := []byte(MetaPacked + base64.StdEncoding.EncodeToString(packed.Deflated))
	s, err := b.stream(SheetMeta)
	if err != nil {
		return err
	}
	// A3 is the hash of the copy itself, so that the importer can tell a
	// copy changed by hand; with the engine it equals the input hash.
	for _, v := range []string{FormatTag, b.meta.Template, "sha256:" + hex.EncodeToString(sum[:])} {
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
	return nil
}

// docJSON is the document's JSON and its hash: the preparation's bytes
// when it kept them and they are what the input hash was computed over
// (hashing them is a tenth of marshalling), else marshalled here.
func (b *book) docJSON() ([]byte, [sha256.Size]byte, error) {
	if js := b.v.Meta.JSON; js != nil {
		sum := sha256.Sum256(js)
		if "sha256:"+hex.EncodeToString(sum[:]) == b.v.Meta.InputHash {
			return js, sum, nil
		}
	}
	var buf bytes.Buffer
	if err := document.WriteJSON(b.ctx, &buf, b.v.Doc); err != nil {
		return nil, [sha256.Size]byte{}, err
	}
	return buf.Bytes(), sha256.Sum256(buf.Bytes()), nil
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
