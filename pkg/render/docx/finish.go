package docx

import (
	"bytes"
	"context"
	"strings"
)

// The template's body ends with paragraphs that separate blocks (an empty
// <w:p/> after each table) and with the {{p end}} of the body's range. When
// the last block fills its page, those empty paragraphs spill onto a page
// of their own, which Word and LibreOffice print as a blank last page
// (rows150 with school-roadmap@1.1.0 did). A body cannot simply end with a
// table: Word adds a paragraph after it when it opens the file. So the
// engine drops the empty paragraphs that end the body and, where the body
// ends with a table, keeps one that takes no room: 1 pt exact, no spacing,
// its mark hidden (Microsoft's own advice for the paragraph after a final
// table).

// endPara is the paragraph after a final table.
const endPara = `<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/>` +
	`<w:rPr><w:vanish/><w:sz w:val="2"/><w:szCs w:val="2"/></w:rPr></w:pPr></w:p>`

// trimBodyEnd rewrites the empty paragraphs before the body's final
// w:sectPr (or before </w:body>) of a rendered document part.
func trimBodyEnd(x []byte) []byte {
	from, tail, keep, ok := bodyEndCut(x)
	if !ok {
		return x
	}
	return cutBodyEnd(x, from, tail, keep)
}

// bodyEndCut finds what trimBodyEnd rewrites: x[from:tail] becomes keep.
func bodyEndCut(x []byte) (from, tail int, keep string, ok bool) {
	bodyEnd := bytes.LastIndex(x, []byte("</w:body>"))
	if bodyEnd < 0 {
		return 0, 0, "", false
	}
	// The body's own w:sectPr follows its last paragraph or table; it
	// holds neither.
	for _, end := range []string{"</w:p>", "<w:p/>", "</w:tbl>"} {
		if k := bytes.LastIndex(x[:bodyEnd], []byte(end)); k >= 0 {
			tail = max(tail, k+len(end))
		}
	}
	if tail == 0 {
		return 0, 0, "", false
	}
	// Walk back over the trailing empty paragraphs.
	from = tail
	for {
		start, ok := emptyParaBefore(x[:from])
		if !ok {
			break
		}
		from = start
	}
	if from == tail {
		return 0, 0, "", false
	}
	prev := bytes.TrimRight(x[:from], " \t\r\n")
	if !bytes.HasSuffix(prev, []byte("</w:p>")) && !bytes.HasSuffix(prev, []byte("<w:p/>")) {
		// A table, or nothing: the body needs a paragraph to end with.
		keep = endPara
	}
	return from, tail, keep, true
}

// cutBodyEnd replaces x[from:tail] by keep.
func cutBodyEnd(x []byte, from, tail int, keep string) []byte {
	if len(keep) <= tail-from {
		// In place: x is the render's own buffer, and the document part
		// of a large plan is megabytes — a copy of it cost 15 % of a
		// seed's DOCX allocations.
		n := from + copy(x[from:], keep)
		n += copy(x[n:], x[tail:])
		return x[:n]
	}
	if n := from + len(keep) + len(x) - tail; n <= cap(x) {
		// In place too when the buffer has room for the longer ending
		// (the pooled buffers have): the tail moves right first.
		y := x[:n]
		copy(y[from+len(keep):], x[tail:])
		copy(y[from:], keep)
		return y
	}
	out := make([]byte, 0, from+len(keep)+len(x)-tail)
	out = append(out, x[:from]...)
	out = append(out, keep...)
	return append(out, x[tail:]...)
}

// tailWindow is how much of a chunked document part trimBodyEndChunks
// looks at: the body's end, its sectPr and the empty paragraphs before
// them are a few hundred bytes. A variable so that a test can make it
// small.
var tailWindow = 64 << 10

// trimBodyEndChunks is trimBodyEnd for a document part held in chunks
// (partOut): it joins only the last tailWindow bytes or more, and all
// of them only when the empty paragraphs to drop reach back that far.
func trimBodyEndChunks(ctx context.Context, chunks [][]byte) ([][]byte, error) {
	if len(chunks) == 1 {
		return [][]byte{trimBodyEnd(chunks[0])}, nil
	}
	k, size := len(chunks)-1, 0
	for ; k >= 0; k-- {
		if size += len(chunks[k]); size >= tailWindow {
			break
		}
	}
	if k > 0 {
		tail, err := joinChunks(ctx, chunks[k:])
		if err != nil {
			return nil, err
		}
		from, end, keep, ok := bodyEndCut(tail)
		if !ok {
			return chunks, nil
		}
		// What precedes the cut must be in the window, with room to see
		// that it is not one more empty paragraph.
		if from >= 1024 {
			return append(chunks[:k:k], cutBodyEnd(tail, from, end, keep)), nil
		}
	}
	x, err := joinChunks(ctx, chunks)
	if err != nil {
		return nil, err
	}
	return [][]byte{trimBodyEnd(x)}, nil
}

// emptyParaBefore finds the paragraph that ends x (after trailing
// whitespace) and reports where it starts if it prints nothing: no run, no
// field, no bookmark, no section break, only properties.
func emptyParaBefore(x []byte) (int, bool) {
	t := bytes.TrimRight(x, " \t\r\n")
	if bytes.HasSuffix(t, []byte("<w:p/>")) {
		return len(t) - len("<w:p/>"), true
	}
	if !bytes.HasSuffix(t, []byte("</w:p>")) {
		return 0, false
	}
	start := max(bytes.LastIndex(t, []byte("<w:p>")), bytes.LastIndex(t, []byte("<w:p ")))
	if start < 0 {
		return 0, false
	}
	p := string(t[start : len(t)-len("</w:p>")])
	p = p[strings.IndexByte(p, '>')+1:]
	if strings.Contains(p, "<w:sectPr") {
		return 0, false
	}
	p = strings.TrimSpace(removeElem(p, "w:pPr"))
	return start, p == ""
}

// mainPart is the document part, whose body ends the printed document.
const mainPart = "word/document.xml"
