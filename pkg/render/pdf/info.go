package pdf

import (
	"bytes"
	"compress/zlib"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"sync"
	"unicode/utf16"
)

// Info is the document information dictionary Kartograf writes.
type Info struct {
	Title     string
	Author    string // the organisation
	Subject   string
	Creator   string // "kartograf <version>"
	Template  string // id@version
	InputHash string // "sha256:<hex>" of the input document
	// Mark, when set, draws the visible electronic signature mark: the PDF
	// is about to be signed with that certificate.
	Mark *Mark
}

var startxrefRE = regexp.MustCompile(`startxref\n(\d+)\n%%EOF\n?$`)

// finisher rewrites gopdf's output once: it compresses the streams gopdf
// left uncompressed (gopdf allocates a new ~1 MB deflate state for every
// stream; a pool of reset writers costs nothing), appends an /Info object
// with Kartograf's keys (gopdf can only write a fixed set of inline keys,
// and the spec wants Info indirect) and a deterministic /ID.
type finisher struct {
	zpool sync.Pool // *zlib.Writer
}

func (f *finisher) finish(ctx context.Context, out *bytes.Buffer, pdf []byte, pages [][]byte, info Info) error {
	// The trailer is in the last few dozen bytes; a regexp run over a
	// 40 MB file would take longer than the rest of the finishing.
	tailAt := max(0, len(pdf)-64)
	m := startxrefRE.FindSubmatchIndex(pdf[tailAt:])
	if m == nil {
		return errors.New("PDF без startxref")
	}
	xref, err := strconv.Atoi(string(pdf[tailAt+m[2] : tailAt+m[3]]))
	if err != nil || xref <= 0 || xref >= len(pdf) {
		return errors.New("PDF: неверный startxref")
	}
	tail := pdf[xref:]
	if !bytes.HasPrefix(tail, []byte("xref\n0 ")) {
		return errors.New("PDF: ожидалась таблица xref")
	}
	nl := bytes.IndexByte(tail[7:], '\n')
	size, err := strconv.Atoi(string(tail[7 : 7+nl]))
	if err != nil || size < 2 {
		return errors.New("PDF: неверный размер xref")
	}
	entries := tail[7+nl+1:]
	if len(entries) < size*20 {
		return errors.New("PDF: усечённая таблица xref")
	}
	offsets := make([]int, size) // offsets[i] of object i; 0 is the free head
	for i := 1; i < size; i++ {
		offsets[i], err = strconv.Atoi(string(entries[i*20 : i*20+10]))
		if err != nil || offsets[i] >= xref || (i > 1 && offsets[i] <= offsets[i-1]) {
			return fmt.Errorf("PDF: неверная запись xref %d", i)
		}
	}

	// Page i's content stream gets pages[i] appended.
	extra := make([][]byte, size)
	pageNo := 0
	for i := 1; i < size; i++ {
		if i%256 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		end := xref
		if i+1 < size {
			end = offsets[i+1]
		}
		obj := pdf[offsets[i]:end]
		if !bytes.Contains(obj, pageTypeKW) {
			continue
		}
		m := contentsRE.FindSubmatch(obj)
		if m == nil || pageNo >= len(pages) {
			return fmt.Errorf("PDF: страница %d без потока содержимого", pageNo+1)
		}
		c, _ := strconv.Atoi(string(m[1]))
		if c <= 0 || c >= size {
			return fmt.Errorf("PDF: страница %d ссылается на объект %d", pageNo+1, c)
		}
		extra[c] = pages[pageNo]
		pageNo++
	}
	if pageNo != len(pages) {
		return fmt.Errorf("PDF: %d страниц вместо %d", pageNo, len(pages))
	}

	// Content streams compress to about a third; size the output once.
	est := len(pdf) + 4096
	for _, p := range pages {
		est += len(p)/3 + 64
	}
	out.Grow(est)
	out.Write(pdf[:offsets[1]])
	newOff := make([]int, size+1)
	for i := 1; i < size; i++ {
		end := xref
		if i+1 < size {
			end = offsets[i+1]
		}
		// Compressing thousands of page streams is the last long step:
		// it stops too when the render is no longer wanted.
		if i%64 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		newOff[i] = out.Len()
		if err := f.object(out, pdf[offsets[i]:end], extra[i]); err != nil {
			return fmt.Errorf("PDF: объект %d: %w", i, err)
		}
	}
	body := out.Len()
	newOff[size] = body
	fmt.Fprintf(out, "%d 0 obj\n<<\n", size)
	for _, kv := range [][2]string{
		{"Title", info.Title}, {"Author", info.Author}, {"Subject", info.Subject},
		{"Creator", info.Creator}, {"Producer", "kartograf (gopdf)"},
		{"KartografTemplate", info.Template}, {"KartografInputSHA256", info.InputHash},
	} {
		if kv[1] != "" {
			fmt.Fprintf(out, "/%s %s\n", kv[0], pdfText(kv[1]))
		}
	}
	out.WriteString(">>\nendobj\n")
	// The ID is derived from the content so that equal input gives equal bytes.
	sum := sha256.Sum256(out.Bytes()[:body])
	id := hex.EncodeToString(sum[:16])
	xrefAt := out.Len()
	fmt.Fprintf(out, "xref\n0 %d\n0000000000 65535 f \n", size+1)
	for i := 1; i <= size; i++ {
		fmt.Fprintf(out, "%010d 00000 n \n", newOff[i])
	}
	fmt.Fprintf(out, "trailer\n<<\n/Size %d\n/Root 1 0 R\n/Info %d 0 R\n/ID [<%s> <%s>]\n>>\nstartxref\n%d\n%%%%EOF\n", size+1, size, id, id, xrefAt)
	return nil
}

var (
	pageTypeKW = []byte("/Type /Page\n")
	contentsRE = regexp.MustCompile(`/Contents\s+(\d+) 0 R`)
	streamKW   = []byte(">>\nstream\n")
	lengthKW   = []byte("/Length ")
	filterKW   = []byte("/Filter")
	endstream  = []byte("endstream")
)

// object copies one "N 0 obj … endobj" to out, compressing an unfiltered
// stream after appending extra to it.
func (f *finisher) object(out *bytes.Buffer, obj, extra []byte) error {
	s := bytes.Index(obj, streamKW)
	if s < 0 || bytes.Contains(obj[:s], filterKW) {
		if extra != nil {
			return errors.New("дополнение к объекту без потока")
		}
		out.Write(obj)
		return nil
	}
	dict := obj[:s]
	li := bytes.Index(dict, lengthKW)
	if li < 0 {
		return errors.New("поток без /Length")
	}
	le := li + len(lengthKW)
	for le < len(dict) && dict[le] >= '0' && dict[le] <= '9' {
		le++
	}
	n, err := strconv.Atoi(string(dict[li+len(lengthKW) : le]))
	data := s + len(streamKW)
	if err != nil || data+n > len(obj) || !bytes.Contains(obj[data+n:], endstream) {
		return errors.New("неверная длина потока")
	}
	var comp bytes.Buffer
	comp.Grow(n/3 + 64)
	zw, _ := f.zpool.Get().(*zlib.Writer)
	if zw == nil {
		zw, _ = zlib.NewWriterLevel(&comp, zlib.HuffmanOnly)
	} else {
		zw.Reset(&comp)
	}
	zw.Write(obj[data : data+n])
	zw.Write(extra)
	err = zw.Close()
	f.zpool.Put(zw)
	if err != nil {
		return err
	}
	out.Write(dict[:li])
	fmt.Fprintf(out, "/Length %d\n/Filter /FlateDecode", comp.Len())
	out.Write(dict[le:])
	out.Write(streamKW)
	out.Write(comp.Bytes())
	out.WriteString("\nendstream\nendobj\n\n")
	return nil
}

// pdfText encodes s as a UTF-16BE hex string with BOM.
func pdfText(s string) string {
	var b bytes.Buffer
	b.WriteString("<FEFF")
	for _, u := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&b, "%04X", u)
	}
	b.WriteString(">")
	return b.String()
}
