package xlsx

// The workbook's zip writer: deterministic part order, the hidden key column.

import (
	"bytes"
	"compress/flate"
	"context"
	"io"
	"io/fs"
	"slices"
	"strconv"
	"strings"

	"github.com/kartograf-ru/kartograf/internal/zipx"
)

// ---- zip ----

// orderedZip is the workbook's zip writer. excelize writes its streamed
// sheets first, in map order; orderedZip writes the plan sheet as it
// comes, holds the other streamed sheets (small) and writes them after it
// sorted by name, so the archive is the same on every run. It also hides
// the plan sheet's key column (old → new in the sheet's <cols>), which the
// stream writer cannot, and sets the Normal style's font size
// (normalSize), which excelize cannot. The archive goes straight to the caller's writer
// through zipx, which dates, compresses and checks against the context
// every part as it does for every other archive of the project.
type orderedZip struct {
	zw       *zipx.Writer
	ctx      context.Context // nil: never cancelled
	plan     string
	old, new []byte
	deferred map[string]bool
	breaks   map[string][]byte // deferred part → its <rowBreaks> element
	pending  []pendingPart
	open     finisher
	charts   map[string]chartPart // chart blocks' parts, finished by chartFix
	rows     map[string]*rowData  // sheet part → its rows, spliced in (splicer)
}

// finisher is a part being written through a rewriting writer, done at
// the next part or at the end.
type finisher interface {
	io.Writer
	finish() error
}

type pendingPart struct {
	name string
	buf  *bytes.Buffer
}

func (z *orderedZip) Create(name string) (io.Writer, error) {
	if err := z.finish(); err != nil {
		return nil, err
	}
	w, err := z.createPart(name)
	if err != nil || z.rows[name] == nil {
		return w, err
	}
	sp := &splicer{ctx: z.ctx, w: w, next: z.open, rows: z.rows[name]}
	z.open = sp
	return sp, nil
}

// createPart is the writer of part name, before the sheet's rows are
// spliced in.
func (z *orderedZip) createPart(name string) (io.Writer, error) {
	if z.deferred[name] {
		buf := new(bytes.Buffer)
		z.pending = append(z.pending, pendingPart{name, buf})
		return heldWriter{z.ctx, buf}, nil
	}
	if name != z.plan {
		if err := z.flush(); err != nil {
			return nil, err
		}
	}
	w, err := z.create(name)
	if err != nil {
		return nil, err
	}
	if name == z.plan && len(z.old) > 0 {
		z.open = &patcher{w: w, old: z.old, new: z.new}
		return z.open, nil
	}
	if c, ok := z.charts[name]; ok {
		z.open = &chartFix{w: w, part: c}
		return z.open, nil
	}
	if name == "xl/styles.xml" {
		// The first font is the Normal style's: see normalSize.
		z.open = &patcher{w: w, old: []byte(`<sz val="11"></sz>`), new: []byte(`<sz val="` + strconv.FormatFloat(normalSize, 'f', -1, 64) + `"></sz>`)}
		return z.open, nil
	}
	return w, nil
}

func (z *orderedZip) finish() error {
	if z.open == nil {
		return nil
	}
	err := z.open.finish()
	z.open = nil
	return err
}

func (z *orderedZip) flush() error {
	slices.SortFunc(z.pending, func(a, b pendingPart) int { return strings.Compare(a.name, b.name) })
	for _, p := range z.pending {
		w, err := z.create(p.name)
		if err != nil {
			return err
		}
		if brk := z.breaks[p.name]; brk != nil {
			insertRowBreaks(p.buf, brk)
		}
		if _, err := p.buf.WriteTo(w); err != nil {
			return err
		}
	}
	z.pending = nil
	return nil
}

// heldWriter fills a held part's buffer, looking at the context on every
// write. A held part can be large (the meta sheet stores the whole
// document: tens of megabytes for a 100 000-row plan), and bytes.Buffer's
// own ReadFrom would copy it all from excelize's temporary file without a
// look; without ReadFrom, io.Copy writes it in 32 KiB pieces.
type heldWriter struct {
	ctx context.Context
	buf *bytes.Buffer
}

func (h heldWriter) Write(p []byte) (int, error) {
	if h.ctx != nil {
		if err := h.ctx.Err(); err != nil {
			return 0, err
		}
	}
	return h.buf.Write(p)
}

// zipLevel compresses the workbook's parts and its stored copy of the
// document. Huffman codes only, not zipx's default BestSpeed: renders of
// the seed documents alternating the two levels in one process took
// 10–14 % longer with BestSpeed (seed 001: median 6.6 against 6.0 ms),
// for files about 2.4 times smaller (28 % of the parts' size against
// 70 %); a workbook is a few tens of kilobytes, the render's time is what
// a server pays for.
const zipLevel = flate.HuffmanOnly

func (z *orderedZip) create(name string) (io.Writer, error) { return z.zw.Create(name) }

func (z *orderedZip) AddFS(fsys fs.FS) error { return z.zw.AddFS(fsys) }

func (z *orderedZip) Close() error {
	if err := z.finish(); err != nil {
		return err
	}
	if err := z.flush(); err != nil {
		return err
	}
	return z.zw.Close()
}

// patcher replaces the first occurrence of old with new in the first
// 64 KiB written through it, then passes everything through.
type patcher struct {
	w        io.Writer
	old, new []byte
	head     []byte
	done     bool
}

const patchWindow = 64 << 10

func (p *patcher) Write(b []byte) (int, error) {
	if p.done {
		return p.w.Write(b)
	}
	if len(p.head) == 0 {
		// Usually the whole part comes in one write: patch it in place.
		if i := bytes.Index(b, p.old); i >= 0 {
			p.done = true
			for _, piece := range [][]byte{b[:i], p.new, b[i+len(p.old):]} {
				if _, err := p.w.Write(piece); err != nil {
					return 0, err
				}
			}
			return len(b), nil
		}
	}
	p.head = append(p.head, b...)
	if i := bytes.Index(p.head, p.old); i >= 0 {
		p.head = slices.Concat(p.head[:i], p.new, p.head[i+len(p.old):])
		p.done = true
	} else if len(p.head) >= patchWindow {
		p.done = true
	}
	if p.done {
		if _, err := p.w.Write(p.head); err != nil {
			return 0, err
		}
		p.head = nil
	}
	return len(b), nil
}

func (p *patcher) finish() error {
	if p.done {
		return nil
	}
	p.done = true
	_, err := p.w.Write(p.head)
	p.head = nil
	return err
}
