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

	"github.com/kartograf-ru/kartograf/internal/pdfobj"
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
	// Conformance overrides the template's PDF conformance (Render only):
	// ConformanceNone, PDFA2u or PDFA3u; empty: the template's.
	Conformance string

	// archive, when set, makes the file PDF/A (pdfa.go).
	archive *archive
}

// finisher rewrites gopdf's output once: it compresses the streams gopdf
// left uncompressed (gopdf allocates a new ~1 MB deflate state for every
// stream; a pool of reset writers costs nothing), appends an /Info object
// with Kartograf's keys (gopdf can only write a fixed set of inline keys,
// and the spec wants Info indirect) and a deterministic /ID.
type finisher struct {
	zpool sync.Pool // *zlib.Writer
}

// skeleton is gopdf's file read for the finisher: where each object is
// and which object is each page's content stream.
type skeleton struct {
	pdf      []byte
	offsets  []int // offsets[i] of object i; 0 is the free head
	xref     int   // the offset of the table: the end of the last object
	size     int   // objects 0..size-1
	root     int
	contents []int // per page, the object number of its content stream
}

// obj is object i, "N 0 obj … endobj" up to the next object.
func (k *skeleton) obj(i int) []byte {
	end := k.xref
	if i+1 < k.size {
		end = k.offsets[i+1]
	}
	return k.pdf[k.offsets[i]:end]
}

func scan(ctx context.Context, pdf []byte) (*skeleton, error) {
	sec, err := pdfobj.ReadLast(pdf)
	if err != nil {
		return nil, err
	}
	// gopdf writes one table, objects 1..size-1 in order: each object
	// then runs up to the next one's offset.
	k := &skeleton{pdf: pdf, xref: sec.At, size: len(sec.Entries), root: sec.Trailer.Root}
	if k.size < 2 || sec.Trailer.Size != k.size || sec.Entries[0].Num != 0 || k.root <= 0 {
		return nil, errors.New("PDF: ожидалась одна таблица xref от объекта 0 и trailer с /Root")
	}
	k.offsets = make([]int, k.size)
	for i := 1; i < k.size; i++ {
		e := sec.Entries[i]
		k.offsets[i] = e.Offset
		if e.Num != i || e.Free || e.Offset >= k.xref || (i > 1 && e.Offset <= k.offsets[i-1]) {
			return nil, fmt.Errorf("PDF: неверная запись xref %d", i)
		}
	}
	for i := 1; i < k.size; i++ {
		if i%256 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		obj := k.obj(i)
		if !bytes.Contains(obj, pageTypeKW) {
			continue
		}
		pageNo := len(k.contents)
		m := contentsRE.FindSubmatch(obj)
		if m == nil {
			return nil, fmt.Errorf("PDF: страница %d без потока содержимого", pageNo+1)
		}
		c, _ := strconv.Atoi(string(m[1]))
		if c <= 0 || c >= k.size {
			return nil, fmt.Errorf("PDF: страница %d ссылается на объект %d", pageNo+1, c)
		}
		k.contents = append(k.contents, c)
	}
	return k, nil
}

func (f *finisher) finish(ctx context.Context, out *bytes.Buffer, pdf []byte, pages [][]byte, info Info) error {
	k, err := scan(ctx, pdf)
	if err != nil {
		return err
	}
	size := k.size
	if len(k.contents) != len(pages) {
		if len(k.contents) > len(pages) {
			return fmt.Errorf("PDF: страница %d без потока содержимого", len(pages)+1)
		}
		return fmt.Errorf("PDF: %d страниц вместо %d", len(k.contents), len(pages))
	}
	// Page i's content stream gets pages[i] appended.
	extra := make([][]byte, size)
	for i, c := range k.contents {
		extra[c] = pages[i]
	}

	// Content streams compress to about a third; size the output once.
	est := len(pdf) + 4096
	if a := info.archive; a != nil {
		est += a.size()
	}
	for _, p := range pages {
		est += len(p)/3 + 64
	}
	out.Grow(est)
	out.Write(pdf[:k.offsets[1]])
	newOff := make([]pdfobj.Entry, size, size+archiveObjects)
	for i := 1; i < size; i++ {
		// Compressing thousands of page streams is the last long step:
		// it stops too when the render is no longer wanted.
		if i%64 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		newOff[i-1] = pdfobj.Entry{Num: i, Offset: out.Len()}
		obj := k.obj(i)
		if info.archive != nil {
			obj = info.archive.rewrite(obj, i == k.root, size+1)
		}
		if err := f.object(out, obj, extra[i]); err != nil {
			return fmt.Errorf("PDF: объект %d: %w", i, err)
		}
	}
	if a := info.archive; a != nil {
		a.writeObjects(out, size+1, func(num, off int) {
			newOff = append(newOff, pdfobj.Entry{Num: num, Offset: off})
		})
	}
	body := out.Len()
	newOff[size-1] = pdfobj.Entry{Num: size, Offset: body}
	writeInfo(out, size, info)
	// The ID is derived from the content so that equal input gives equal bytes.
	// Hashed a few MiB at a time: the body of a long plan is tens of
	// megabytes, tens of milliseconds of hashing a cancelled render need
	// not finish.
	h := sha256.New()
	for b := out.Bytes()[:body]; len(b) > 0; {
		if err := ctx.Err(); err != nil {
			return err
		}
		n := min(len(b), 4<<20)
		h.Write(b[:n])
		b = b[n:]
	}
	pdfobj.WriteXref(out, newOff, trailer(k, h.Sum(nil), len(newOff)+1))
	return nil
}

// trailer is the trailer of the finished file of size objects (object 0
// included): the Info object after gopdf's, the ID from the hash of
// everything before it.
func trailer(k *skeleton, sum []byte, size int) pdfobj.Trailer {
	id := hex.EncodeToString(sum[:16])
	return pdfobj.Trailer{Size: size, Root: k.root, Info: k.size,
		ID: []byte("[<" + id + "> <" + id + ">]")}
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
	if err != nil || n > len(obj)-data || !bytes.Contains(obj[data+n:], endstream) {
		return errors.New("неверная длина потока")
	}
	raw := obj[data : data+n]
	if extra == nil {
		if z, ok := fixedStreams.get(raw); ok {
			writeStream(out, dict, li, le, z)
			return nil
		}
	}
	comp := getBuf()
	defer putBuf(comp)
	comp.Grow(n/3 + 64)
	zw, _ := f.zpool.Get().(*zlib.Writer)
	if zw == nil {
		zw, _ = zlib.NewWriterLevel(comp, zlib.HuffmanOnly)
	} else {
		zw.Reset(comp)
	}
	zw.Write(obj[data : data+n])
	zw.Write(extra)
	err = zw.Close()
	f.zpool.Put(zw)
	if err != nil {
		return err
	}
	if extra == nil {
		fixedStreams.put(raw, comp.Bytes())
	}
	writeStream(out, dict, li, le, comp.Bytes())
	return nil
}

// writeStream writes a stream object with its compressed data: dict with
// its /Length number (dict[li:le]) replaced.
func writeStream(out *bytes.Buffer, dict []byte, li, le int, z []byte) {
	out.Write(dict[:li])
	fmt.Fprintf(out, "/Length %d\n/Filter /FlateDecode", len(z))
	out.Write(dict[le:])
	out.Write(streamKW)
	out.Write(z)
	out.WriteString("\nendstream\nendobj\n\n")
}
