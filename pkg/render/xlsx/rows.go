package xlsx

// The rows of a sheet, written as XML here instead of through excelize's
// StreamWriter.SetRow. SetRow built a cell struct per cell, escaped each
// string through a strings.Builder, ran a regular expression over it and
// formatted every cell reference anew: a sixth of a workbook's cost. The
// rest of the sheet is written around them (book.go). The bytes are the
// ones SetRow wrote (TestRowsAsExcelize, and the workbooks of every test
// document compared with the writer before, TestSnapshotWorkbooks).

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// rowSpill is how much of a sheet's rows stays in memory before they go
// to a temporary file, so that a plan of 100 000 rows does not stay in
// memory: a quarter of excelize's bound for a stream
// (excelize.StreamChunkSize), which left a 10 000-row plan's 12 MB of
// rows in memory, in a buffer grown by doubling.
const rowSpill = excelize.StreamChunkSize / 4

// rowData holds the <row> elements of one sheet.
type rowData struct {
	buf  *bytes.Buffer // nil until the first row
	tmp  *os.File
	cols []string // column names by number - 1, made as needed
}

// colRef is the name of column col (1-based).
func (r *rowData) colRef(col int) string {
	for len(r.cols) < col {
		r.cols = append(r.cols, colName(len(r.cols)+1))
	}
	return r.cols[col-1]
}

// rowBufs keeps the row buffers of finished workbooks: a sheet's rows
// grow to tens of kilobytes, and growing a buffer from nothing for every
// sheet was a tenth of a workbook's cost. Buffers past maxPooledRows are
// left to the collector.
var rowBufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}

const maxPooledRows = 1 << 20

// row appends row number n with the given height (0: none) and cells from
// column 1, as SetRow writes them.
func (r *rowData) row(n int, height float64, cells []any) error {
	if r.buf == nil {
		r.buf = rowBufs.Get().(*bytes.Buffer)
	}
	b := r.buf
	num := strconv.Itoa(n)
	b.WriteString(`<row r="`)
	b.WriteString(num)
	b.WriteByte('"')
	if height > 0 {
		if height > excelize.MaxRowHeight {
			return excelize.ErrMaxRowHeight
		}
		b.WriteString(` ht="`)
		b.Write(strconv.AppendFloat(b.AvailableBuffer(), height, 'f', -1, 64))
		b.WriteString(`" customHeight="1"`)
	}
	b.WriteByte('>')
	for i, v := range cells {
		if v == nil {
			continue
		}
		style, formula := 0, ""
		if c, ok := v.(excelize.Cell); ok {
			style, formula, v = c.StyleID, c.Formula, c.Value
		}
		b.WriteString(`<c r="`)
		b.WriteString(r.colRef(i + 1))
		b.WriteString(num)
		b.WriteByte('"')
		if style != 0 {
			b.WriteString(` s="`)
			b.Write(strconv.AppendInt(b.AvailableBuffer(), int64(style), 10))
			b.WriteByte('"')
		}
		var val string // <v>
		var text *string
		switch v := v.(type) {
		case nil:
			if formula != "" {
				b.WriteString(` t="str"`)
			}
		case string:
			if formula != "" {
				return fmt.Errorf("xlsx: формула с текстовым значением в ячейке %s%s", r.colRef(i+1), num)
			}
			text = &v
		case int:
			val = strconv.Itoa(v)
		case float64:
			if math.IsNaN(v) || math.IsInf(v, 0) {
				s := fmt.Sprint(v)
				text = &s
			} else {
				val = strconv.FormatFloat(v, 'f', -1, 64)
			}
		default:
			return fmt.Errorf("xlsx: значение типа %T в ячейке %s%s", v, r.colRef(i+1), num)
		}
		if text != nil {
			b.WriteString(` t="inlineStr"`)
		}
		b.WriteByte('>')
		if formula != "" {
			b.WriteString(`<f>`)
			escapeText(b, formula, true)
			b.WriteString(`</f>`)
		}
		if val != "" {
			b.WriteString(`<v>`)
			b.WriteString(val) // digits, sign, point: nothing to escape
			b.WriteString(`</v>`)
		}
		if text != nil {
			s := *text
			b.WriteString(`<is><t`)
			if s != "" && (edgeSpace(s[0]) || edgeSpace(s[len(s)-1])) {
				b.WriteString(` xml:space="preserve"`)
			}
			b.WriteByte('>')
			if bstrLike(s) {
				var e bytes.Buffer
				escapeText(&e, s, false)
				b.WriteString(bstrMarshal(e.String()))
			} else {
				escapeText(b, s, false)
			}
			b.WriteString(`</t></is>`)
		}
		b.WriteString(`</c>`)
	}
	b.WriteString(`</row>`)
	if b.Len() >= rowSpill {
		return r.spill()
	}
	return nil
}

func edgeSpace(c byte) bool { return c == 9 || c == 10 || c == 13 || c == 32 }

// spill moves the rows held in memory to the temporary file.
func (r *rowData) spill() error {
	if r.tmp == nil {
		f, err := os.CreateTemp("", "kartograf-xlsx-rows-")
		if err != nil {
			return fmt.Errorf("xlsx: временный файл строк: %w", err)
		}
		r.tmp = f
	}
	if _, err := r.buf.WriteTo(r.tmp); err != nil {
		return fmt.Errorf("xlsx: временный файл строк: %w", err)
	}
	return nil
}

// writeTo copies the rows to w in pieces, looking at ctx before each.
func (r *rowData) writeTo(ctx context.Context, w io.Writer) error {
	if r.tmp != nil {
		if _, err := r.tmp.Seek(0, io.SeekStart); err != nil {
			return err
		}
		piece := make([]byte, 256<<10)
		for {
			if ctx != nil {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			n, err := r.tmp.Read(piece)
			if n > 0 {
				if _, werr := w.Write(piece[:n]); werr != nil {
					return werr
				}
			}
			if err == io.EOF {
				break
			}
			if err != nil {
				return err
			}
		}
	}
	if r.buf == nil {
		return nil
	}
	_, err := w.Write(r.buf.Bytes())
	return err
}

// close removes the temporary file, if any.
func (r *rowData) close() {
	if r.tmp != nil {
		name := r.tmp.Name()
		_ = r.tmp.Close()
		_ = os.Remove(name)
		r.tmp = nil
	}
	if r.buf != nil && r.buf.Cap() <= maxPooledRows {
		r.buf.Reset()
		rowBufs.Put(r.buf)
	}
	r.buf = nil
}

// escapeText writes s escaped as encoding/xml.EscapeText does (quotes,
// tab, carriage return and invalid characters too); a line feed is
// escaped only when nl is set, as excelize keeps it in inline strings.
// Runs of bytes that need nothing (most of a cell, and every two-byte
// character: Cyrillic) are copied whole.
func escapeText(b *bytes.Buffer, s string, nl bool) {
	last := 0
	for i := 0; i < len(s); {
		c := s[i]
		if !xmlSpecial[c] {
			i++
			continue
		}
		if c >= utf8.RuneSelf {
			if c >= 0xC2 && c < 0xE0 && i+1 < len(s) && s[i+1]&0xC0 == 0x80 {
				i += 2 // U+0080–U+07FF: valid, and all allowed
				continue
			}
			r, width := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && width == 1 || !inCharRange(r) {
				b.WriteString(s[last:i])
				b.WriteString("\uFFFD")
				last = i + width
			}
			i += width
			continue
		}
		var esc string
		switch c {
		case '"':
			esc = "&#34;"
		case '\'':
			esc = "&#39;"
		case '&':
			esc = "&amp;"
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		case '\t':
			esc = "&#x9;"
		case '\n':
			if !nl {
				i++
				continue
			}
			esc = "&#xA;"
		case '\r':
			esc = "&#xD;"
		default: // the other control characters
			esc = "\uFFFD"
		}
		b.WriteString(s[last:i])
		b.WriteString(esc)
		i++
		last = i
	}
	b.WriteString(s[last:])
}

// xmlSpecial marks the bytes escapeText looks at: markup, control
// characters and the bytes of non-ASCII characters.
var xmlSpecial = func() (t [256]bool) {
	for c := range 256 {
		t[c] = c < 0x20 || c >= utf8.RuneSelf || strings.IndexByte(`"'&<>`, byte(c)) >= 0
	}
	return t
}()

// inCharRange is encoding/xml's test for a character XML allows.
func inCharRange(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= 0x10FFFF
}

// bstrLike reports whether s may hold an escape of the form _xHHHH_, the
// only strings bstrMarshal changes.
func bstrLike(s string) bool {
	return len(s) >= 7 && bytes.Contains([]byte(s), []byte("_x"))
}

var (
	bstrExp       = regexp.MustCompile(`_x[a-fA-F\d]{4}_`)
	bstrEscapeExp = regexp.MustCompile(`x[a-fA-F\d]{4}_`)
)

// bstrMarshal escapes the literal _xHHHH_ sequences of s as excelize does
// (its unexported bstrMarshal, excelize v2.10.0 lib.go, BSD-3-Clause):
// Excel would read them as escaped characters.
func bstrMarshal(s string) (result string) {
	matches, l, cursor := bstrExp.FindAllStringSubmatchIndex(s, -1), len(s), 0
	for _, match := range matches {
		result += s[cursor:match[0]]
		subStr := s[match[0]:match[1]]
		if subStr == "_x005F_" {
			cursor = match[1]
			if match[1]+6 <= l && bstrEscapeExp.MatchString(s[match[1]:match[1]+6]) {
				_, err := strconv.Unquote(`"\u` + s[match[1]+1:match[1]+5] + `"`)
				if err == nil {
					result += subStr + "x005F" + subStr
					continue
				}
			}
			result += subStr + "x005F_"
			continue
		}
		if bstrExp.MatchString(subStr) {
			cursor = match[1]
			if _, err := strconv.Unquote(`"\u` + s[match[0]+2:match[1]-1] + `"`); err == nil {
				result += "_x005F" + subStr
				continue
			}
		}
	}
	if cursor < l {
		result += s[cursor:]
	}
	return result
}
