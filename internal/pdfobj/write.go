package pdfobj

import (
	"bytes"
	"cmp"
	"slices"
	"strconv"
	"unicode/utf16"
)

// WriteXref appends to w, which holds the file from its first byte, a
// cross-reference section for the in-use objects in entries (object 0,
// the head of the free list, is always added), then the trailer t,
// startxref and %%EOF. Runs of consecutive object numbers share a
// subsection: a whole file's table is one, an incremental update's has
// one per run.
func WriteXref(w *bytes.Buffer, entries []Entry, t Trailer) {
	WriteXrefAt(w, w.Len(), entries, t)
}

// WriteXrefAt is WriteXref for a file streamed out before the table: w
// holds only the table, which starts at byte offset at of the file.
func WriteXrefAt(w *bytes.Buffer, at int, entries []Entry, t Trailer) {
	es := append([]Entry{{Num: 0, Gen: 65535, Free: true}}, entries...)
	slices.SortStableFunc(es[1:], func(a, b Entry) int { return cmp.Compare(a.Num, b.Num) })
	w.Grow(64 + 20*len(es) + 128 + len(t.ID))
	var line []byte
	w.WriteString("xref\n")
	for s := 0; s < len(es); {
		e := s + 1
		for e < len(es) && es[e].Num == es[e-1].Num+1 {
			e++
		}
		line = strconv.AppendInt(line[:0], int64(es[s].Num), 10)
		line = append(line, ' ')
		line = strconv.AppendInt(line, int64(e-s), 10)
		line = append(line, '\n')
		w.Write(line)
		for _, x := range es[s:e] {
			line = pad(line[:0], x.Offset, 10)
			line = append(line, ' ')
			line = pad(line, x.Gen, 5)
			if x.Free {
				line = append(line, " f \n"...)
			} else {
				line = append(line, " n \n"...)
			}
			w.Write(line)
		}
		s = e
	}
	line = append(line[:0], "trailer\n<<\n/Size "...)
	line = strconv.AppendInt(line, int64(t.Size), 10)
	line = append(line, "\n/Root "...)
	line = strconv.AppendInt(line, int64(t.Root), 10)
	line = append(line, " 0 R\n"...)
	if t.Info > 0 {
		line = append(line, "/Info "...)
		line = strconv.AppendInt(line, int64(t.Info), 10)
		line = append(line, " 0 R\n"...)
	}
	if t.ID != nil {
		line = append(line, "/ID "...)
		line = append(line, t.ID...)
		line = append(line, '\n')
	}
	if t.Prev > 0 {
		line = append(line, "/Prev "...)
		line = strconv.AppendInt(line, int64(t.Prev), 10)
		line = append(line, '\n')
	}
	line = append(line, ">>\nstartxref\n"...)
	line = strconv.AppendInt(line, int64(at), 10)
	line = append(line, "\n%%EOF\n"...)
	w.Write(line)
}

// pad appends n with leading zeros to width digits.
func pad(b []byte, n, width int) []byte {
	var d [20]byte
	s := strconv.AppendInt(d[:0], int64(n), 10)
	for range width - len(s) {
		b = append(b, '0')
	}
	return append(b, s...)
}

// TextString encodes s as a PDF text string: UTF-16BE with a byte order
// mark, in hex, which no byte of s can break out of.
func TextString(s string) string {
	u := utf16.Encode([]rune(s))
	b := make([]byte, 0, 6+4*len(u))
	b = append(b, "<FEFF"...)
	const hex = "0123456789ABCDEF"
	for _, c := range u {
		b = append(b, hex[c>>12], hex[c>>8&15], hex[c>>4&15], hex[c&15])
	}
	return string(append(b, '>'))
}
