package pdf

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"hash"
	"io"
	"sync/atomic"

	"github.com/kartograf-ru/kartograf/internal/pdfobj"
	"github.com/kartograf-ru/kartograf/third_party/gopdf"
)

// A long document is streamed: its pages are encoded, compressed and
// written as they are laid out, so that the memory a render holds does not
// grow with the pages already done. The file must still be byte for byte
// what the one-pass render writes, and gopdf puts the font subsets (which
// depend on every glyph of the document) and the page tree before the
// first page. So a document of more than streamPages pages is laid out
// twice: the first pass keeps of each finished page only its glyphs and
// size (and the whole first page, which gets the QR code at the very
// end); gopdf then writes the file's skeleton from those (fonts, page
// tree, an empty content stream per page); the second pass hands each
// finished page to the finisher, which writes the skeleton's objects up to
// that page's content stream with the page's own appended. Pages are
// final when the next one starts: the layout only ever changes the
// current page, the first (QR code) and page numbers (known by index).

// streamPages is the most pages a render holds in memory: below it a
// second layout pass would cost more time than the memory it saves.
var streamPages = 64

// streamed counts the renders that streamed: the tests make sure the
// path they compare was taken.
var streamed atomic.Int64

// pageSink takes the pages of a layout as they are finished.
type pageSink interface {
	// done is called with page i when page i+1 starts.
	done(l *layout, i int) error
	// end is called when the layout is complete, QR code and page numbers
	// placed; the last page has not been given to done.
	end(l *layout) error
}

// collector is the first pass's sink: it leaves the pages alone until
// there are more than streamPages, then keeps only what the skeleton
// needs.
type collector struct {
	engaged bool
	uses    fontUse
	sizes   [][2]float64 // each page's width and height
}

func (c *collector) done(l *layout, i int) error {
	if !c.engaged {
		if i < streamPages {
			return nil
		}
		c.engaged = true
		for j := range i {
			c.take(l, j)
		}
	}
	c.take(l, i)
	return nil
}

func (c *collector) end(l *layout) error {
	if c.engaged {
		c.take(l, len(l.pages)-1)
	}
	return nil
}

// take notes page i and drops it, except the first page, which the
// second pass writes in its stead: only the first pass's has the QR code
// when the second page starts.
func (c *collector) take(l *layout, i int) {
	p := l.pages[i]
	l.pageNumber(i, p)
	c.uses.add(l.faces, p)
	c.sizes = append(c.sizes, [2]float64{p.w, p.h})
	if i > 0 {
		l.drop(i)
	}
}

// drop forgets page i, keeping its operations' array for the next page.
func (l *layout) drop(i int) {
	p := l.pages[i]
	l.pages[i] = nil
	clear(p.ops) // the strings and paths go; slot 0 is a blank page number again
	l.spare = p.ops[:0]
}

// streamer is the second pass's sink: it encodes each finished page and
// has the stream writer write it.
type streamer struct {
	uses  *fontUse
	first *page // the first pass's first page, QR code included
	sw    *streamWriter
	cs    contentStream
	info  Info
}

func (s *streamer) done(l *layout, i int) error {
	p := l.pages[i]
	if i == 0 {
		p = s.first
	} else {
		l.pageNumber(i, p)
	}
	if err := l.ctx.Err(); err != nil {
		return err
	}
	s.cs.b = s.cs.b[:0]
	s.uses.encode(&s.cs, p)
	if i > 0 {
		l.drop(i)
	}
	return s.sw.page(s.cs.b)
}

func (s *streamer) end(l *layout) error {
	if err := s.done(l, len(l.pages)-1); err != nil {
		return err
	}
	return s.sw.close(s.info)
}

// stream writes the document the first pass a laid out to w, laying it
// out again with build.
func (r *Renderer) stream(ctx context.Context, w io.Writer, a *layout, build builder, info Info) error {
	streamed.Add(1)
	c := a.sink.(*collector)
	var pdf gopdf.GoPdf
	base := gopdf.Rect{W: a.pageW, H: a.pageH}
	pdf.Start(gopdf.Config{Unit: gopdf.UnitPT, PageSize: base})
	pdf.SetNoCompression()
	if err := c.uses.register(&pdf, a.cache); err != nil {
		return err
	}
	for _, sz := range c.sizes {
		addPage(&pdf, base, sz[0], sz[1])
	}
	var raw bytes.Buffer
	if err := writePDF(ctx, &pdf, &raw); err != nil {
		return fmt.Errorf("запись PDF: %w", err)
	}
	k, err := scan(ctx, raw.Bytes())
	if err != nil {
		return fmt.Errorf("сборка PDF: %w", err)
	}
	if len(k.contents) != len(c.sizes) {
		return fmt.Errorf("сборка PDF: %d страниц вместо %d", len(k.contents), len(c.sizes))
	}
	sw := &streamWriter{ctx: ctx, f: &r.fin, k: k, w: bufio.NewWriterSize(w, 64<<10), h: sha256.New(),
		newOff: make([]pdfobj.Entry, k.size), archive: info.archive}
	if err := sw.write(k.pdf[:k.offsets[1]]); err != nil {
		return sw.werr
	}
	sw.next = 1
	s := &streamer{uses: &c.uses, first: a.pages[0], sw: sw, info: info,
		cs: contentStream{b: make([]byte, 0, 64<<10)}}
	if _, err := build(a.tocPages, s); err != nil {
		if sw.werr != nil {
			return sw.werr
		}
		return err
	}
	return nil
}

// streamWriter writes a skeleton's objects out in order, compressing
// their streams, counting offsets for the cross-reference table and
// hashing the body for the /ID as the finisher does.
type streamWriter struct {
	ctx     context.Context
	f       *finisher
	k       *skeleton
	w       *bufio.Writer
	h       hash.Hash
	n       int // bytes written
	next    int // the next object to write
	pages   int // pages written
	newOff  []pdfobj.Entry
	archive *archive // PDF/A objects, or nil
	scratch bytes.Buffer
	werr    error // the first error of w
}

func (s *streamWriter) write(b []byte) error {
	if s.werr != nil {
		return s.werr
	}
	s.h.Write(b)
	s.n += len(b)
	if _, err := s.w.Write(b); err != nil {
		s.werr = fmt.Errorf("запись PDF: %w", err)
	}
	return s.werr
}

// upTo writes the objects up to last, the last with extra appended to its
// stream.
func (s *streamWriter) upTo(last int, extra []byte) error {
	for ; s.next <= last; s.next++ {
		i := s.next
		if i%64 == 0 {
			if err := s.ctx.Err(); err != nil {
				return err
			}
		}
		s.newOff[i-1] = pdfobj.Entry{Num: i, Offset: s.n}
		var x []byte
		if i == last {
			x = extra
		}
		s.scratch.Reset()
		obj := s.k.obj(i)
		if s.archive != nil {
			obj = s.archive.rewrite(obj, i == s.k.root, s.k.size+1)
		}
		if err := s.f.object(&s.scratch, obj, x); err != nil {
			return fmt.Errorf("сборка PDF: объект %d: %w", i, err)
		}
		if err := s.write(s.scratch.Bytes()); err != nil {
			return err
		}
	}
	return nil
}

// page writes the next page's content stream, with what comes before it.
func (s *streamWriter) page(content []byte) error {
	if s.pages >= len(s.k.contents) {
		return errors.New("сборка PDF: страниц больше, чем при первой вёрстке")
	}
	c := s.k.contents[s.pages]
	s.pages++
	return s.upTo(c, content)
}

// close writes the rest: the objects after the last page, Info, the table.
func (s *streamWriter) close(info Info) error {
	if s.pages != len(s.k.contents) {
		return fmt.Errorf("сборка PDF: %d страниц вместо %d", s.pages, len(s.k.contents))
	}
	size := s.k.size
	if err := s.upTo(size-1, nil); err != nil {
		return err
	}
	if err := s.ctx.Err(); err != nil {
		return err
	}
	if a := info.archive; a != nil {
		s.scratch.Reset()
		base := s.n
		a.writeObjects(&s.scratch, size+1, func(num, off int) {
			s.newOff = append(s.newOff, pdfobj.Entry{Num: num, Offset: base + off})
		})
		if err := s.write(s.scratch.Bytes()); err != nil {
			return err
		}
	}
	body := s.n
	s.newOff[size-1] = pdfobj.Entry{Num: size, Offset: body}
	var tail bytes.Buffer
	writeInfo(&tail, size, info)
	pdfobj.WriteXrefAt(&tail, body+tail.Len(), s.newOff, trailer(s.k, s.h.Sum(nil), len(s.newOff)+1))
	if err := s.write(tail.Bytes()); err != nil {
		return err
	}
	if err := s.w.Flush(); err != nil {
		s.werr = fmt.Errorf("запись PDF: %w", err)
		return s.werr
	}
	return nil
}
