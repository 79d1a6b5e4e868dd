// Package zipx is the project's one zip writer: every archive Kartograf
// writes (DOCX and XLSX packages, template packs, batch archives and the
// index workbook) goes through it, so they share one date, one header
// shape and one compressor set-up, and the same input gives the same
// bytes.
//
// Determinism is split between the package and its caller:
//
//   - The package dates every entry 1980-01-01 00:00 (Epoch), the earliest
//     date a zip entry can carry, in the MS-DOS fields only: no
//     extended-timestamp extra field, no extra field at all. Nothing in an
//     entry depends on the clock, the file system or the host.
//   - The caller adds entries in a fixed order: the archive lists them in
//     the order they were added, and nothing here sorts them. A caller
//     that collects parts from a map (excelize does) must sort them first.
//
// Entries are written in one of four ways:
//
//   - Deflate(name, data): a whole part in memory, deflated now; its
//     sizes and CRC go into the local header (no data descriptor).
//   - Create(name): a streamed, deflated part of unknown size (a data
//     descriptor follows it); this is what excelize.ZipWriter asks for.
//   - CreateRaw(name, raw): a part deflated beforehand with Compress (a
//     template's static parts, compressed once and reused).
//   - Store(name, data): a part kept as it is, for data that is
//     compressed already (PDF, DOCX, XLSX inside a batch archive). Its
//     sizes are in the local header: a streaming reader (Java's
//     ZipInputStream) cannot read a stored entry followed by a data
//     descriptor.
//
// Compressors come from one pool per level shared by the process
// (flate.Writer.Reset gives the same output as a new writer). A Writer
// deflates at one level, BestSpeed unless WithLevel says otherwise.
//
// A Writer made with a context stops once the context is done: every
// write to the output and every MiB of entry data looks at it, so a
// cancelled render of a large document stops within a MiB.
package zipx

import (
	"archive/zip"
	"compress/flate"
	"context"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"time"
	"unicode/utf8"
)

// Epoch is the date of every entry.
var Epoch = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)

// The MS-DOS date of Epoch: day 1, month 1, year 0 (1980); time 00:00:00.
const (
	dosDate = 1<<5 | 1
	dosTime = 0
)

// piece is how much entry data goes through between looks at the context:
// a document part of a 100 000-row plan is tens of megabytes.
const piece = 1 << 20

// Writer writes one zip archive. It is not safe for concurrent use.
type Writer struct {
	zw    *zip.Writer
	ctx   context.Context
	level int
	names map[string]bool
	cache *PartCache // nil: every part is deflated as it is written
	held  *heldPart  // the part Create holds for the cache until the next entry
}

// Option configures a Writer.
type Option func(*Writer)

// WithLevel sets the compression level of Create and Deflate: a
// compress/flate level from HuffmanOnly to BestCompression. It panics on
// any other value: levels are constants in the caller's code.
func WithLevel(level int) Option {
	checkLevel(level)
	return func(w *Writer) { w.level = level }
}

// NewWriter returns a Writer writing an archive to out. Once ctx is done,
// every method returns ctx.Err() and nothing more reaches out.
func NewWriter(ctx context.Context, out io.Writer, opts ...Option) *Writer {
	return newWriter(ctx, zip.NewWriter(ctxWriter{ctx, out}), opts)
}

func newWriter(ctx context.Context, zw *zip.Writer, opts []Option) *Writer {
	w := &Writer{zw: zw, ctx: ctx, level: flate.BestSpeed, names: map[string]bool{}}
	for _, o := range opts {
		o(w)
	}
	level := w.level
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) { return get(level, out) })
	return w
}

// header is every entry's header: the name, the method and Epoch.
func (w *Writer) header(name string, method uint16) (*zip.FileHeader, error) {
	if err := w.ctx.Err(); err != nil {
		return nil, err
	}
	if name == "" || name[len(name)-1] == '/' {
		return nil, fmt.Errorf("недопустимое имя записи архива %q", name)
	}
	// Of two entries with one name a reader shows one, and readers differ
	// on which: a repeated name is a caller's bug that would lose data.
	if err := w.settle(); err != nil {
		return nil, err
	}
	if w.names[name] {
		return nil, fmt.Errorf("запись %s повторяется в архиве", name)
	}
	w.names[name] = true
	//lint:ignore SA1019 the MS-DOS fields date the entry without an extra field
	fh := &zip.FileHeader{Name: name, Method: method, ModifiedDate: dosDate, ModifiedTime: dosTime}
	// CreateHeader sets the UTF-8 flag itself; CreateRaw does not, and a
	// Cyrillic name without it reads as CP-437 garbage.
	if needsUTF8(name) {
		fh.Flags |= 0x800
	}
	return fh, nil
}

func needsUTF8(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return utf8.ValidString(s)
		}
	}
	return false
}

// Create adds a deflated entry whose data is written to the returned
// writer before the next entry is added or the archive is closed. Its
// sizes follow the data in a data descriptor; a part that is in memory
// anyway is better added with Deflate.
func (w *Writer) Create(name string) (io.Writer, error) {
	fh, err := w.header(name, zip.Deflate)
	if err != nil {
		return nil, err
	}
	if w.cache != nil && cacheable(name) {
		w.held = &heldPart{w: w, fh: fh}
		return w.held, nil
	}
	fw, err := w.zw.CreateHeader(fh)
	if err != nil {
		return nil, err
	}
	return ctxPieces{w.ctx, fw}, nil
}

// Deflate adds data as a deflated entry, compressed at the Writer's level.
func (w *Writer) Deflate(name string, data []byte) error {
	if err := w.ctx.Err(); err != nil {
		return err
	}
	raw, err := Compress(w.ctx, data, w.level)
	if err != nil {
		return err
	}
	return w.CreateRaw(name, raw)
}

// DeflateChunks adds the concatenation of chunks as one deflated entry,
// byte for byte the entry Deflate makes of the joined data, without
// joining them and without one slice for the compressed stream: a part
// of hundreds of megabytes never asks for one allocation that size, which
// under a running collection waits for the whole mark phase before the
// context can be looked at again.
func (w *Writer) DeflateChunks(name string, chunks [][]byte) error {
	if err := w.ctx.Err(); err != nil {
		return err
	}
	var crc uint32
	var size uint64
	var out chunkSink
	fw, err := get(w.level, &out)
	if err != nil {
		return err
	}
	for _, c := range chunks {
		crc = crc32.Update(crc, crc32.IEEETable, c)
		size += uint64(len(c))
		if _, err = (ctxPieces{w.ctx, fw}).Write(c); err != nil {
			break
		}
	}
	if cerr := fw.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	fh, err := w.header(name, zip.Deflate)
	if err != nil {
		return err
	}
	fh.CRC32, fh.UncompressedSize64, fh.CompressedSize64 = crc, size, uint64(out.n)
	zw, err := w.zw.CreateRaw(fh)
	if err != nil {
		return err
	}
	for _, c := range out.chunks {
		if _, err := (ctxPieces{w.ctx, zw}).Write(c); err != nil {
			return err
		}
	}
	return nil
}

// sinkChunk is the size of chunkSink's chunks; a variable so that a test
// can fill several with a small part.
var sinkChunk = 4 << 20

// chunkSink collects what is written in chunks of at most sinkChunk bytes.
type chunkSink struct {
	chunks [][]byte
	n      int
}

func (s *chunkSink) Write(p []byte) (int, error) {
	size := sinkChunk
	n := len(p)
	s.n += n
	for len(p) > 0 {
		k := len(s.chunks) - 1
		if k < 0 || len(s.chunks[k]) == cap(s.chunks[k]) {
			s.chunks = append(s.chunks, make([]byte, 0, size))
			k++
		}
		m := min(len(p), cap(s.chunks[k])-len(s.chunks[k]))
		s.chunks[k] = append(s.chunks[k], p[:m]...)
		p = p[m:]
	}
	return n, nil
}

// Store adds data as a stored (uncompressed) entry.
func (w *Writer) Store(name string, data []byte) error {
	fh, err := w.header(name, zip.Store)
	if err != nil {
		return err
	}
	fh.CRC32 = crc32.ChecksumIEEE(data)
	fh.CompressedSize64, fh.UncompressedSize64 = uint64(len(data)), uint64(len(data))
	return w.raw(fh, data)
}

// Raw is an entry's data deflated beforehand (by Compress).
type Raw struct {
	Deflated []byte // raw deflate stream, no zlib or gzip framing
	CRC32    uint32 // of the uncompressed data
	Size     uint64 // of the uncompressed data
}

// CreateRaw adds a deflated entry from data compressed beforehand.
func (w *Writer) CreateRaw(name string, r Raw) error {
	fh, err := w.header(name, zip.Deflate)
	if err != nil {
		return err
	}
	fh.CRC32, fh.UncompressedSize64, fh.CompressedSize64 = r.CRC32, r.Size, uint64(len(r.Deflated))
	return w.raw(fh, r.Deflated)
}

func (w *Writer) raw(fh *zip.FileHeader, data []byte) error {
	fw, err := w.zw.CreateRaw(fh)
	if err != nil {
		return err
	}
	_, err = ctxPieces{w.ctx, fw}.Write(data)
	return err
}

// AddFS adds every regular file of fsys, deflated, in lexical order of
// path (fs.WalkDir's), completing excelize.ZipWriter. Directories get no
// entries of their own; anything but a regular file or a directory is
// refused.
func (w *Writer) AddFS(fsys fs.FS) error {
	return fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if !d.Type().IsRegular() {
			return fmt.Errorf("%s: не обычный файл", name)
		}
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return err
		}
		return w.Deflate(name, data)
	})
}

// Close finishes the archive (the central directory); it does not close
// the underlying writer.
func (w *Writer) Close() error {
	if err := w.ctx.Err(); err != nil {
		return err
	}
	if err := w.settle(); err != nil {
		return err
	}
	return w.zw.Close()
}

// Compress deflates data at level with a pooled compressor, looking at
// ctx between MiB pieces.
func Compress(ctx context.Context, data []byte, level int) (Raw, error) {
	checkLevel(level)
	r := Raw{CRC32: crc32.ChecksumIEEE(data), Size: uint64(len(data))}
	var buf sliceWriter
	buf.b = make([]byte, 0, len(data)/4+64)
	fw, err := get(level, &buf)
	if err != nil {
		return Raw{}, err
	}
	_, err = ctxPieces{ctx, fw}.Write(data)
	if cerr := fw.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return Raw{}, err
	}
	r.Deflated = buf.b
	return r, nil
}

// sliceWriter appends to a slice (bytes.Buffer would do; this keeps the
// result's capacity as allocated).
type sliceWriter struct{ b []byte }

func (s *sliceWriter) Write(p []byte) (int, error) {
	s.b = append(s.b, p...)
	return len(p), nil
}

func checkLevel(level int) {
	if level < flate.HuffmanOnly || level > flate.BestCompression {
		panic(fmt.Sprintf("zipx: compression level %d", level))
	}
}

// ctxWriter fails its writes once ctx is done.
type ctxWriter struct {
	ctx context.Context
	w   io.Writer
}

func (c ctxWriter) Write(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.w.Write(p)
}

// ctxPieces passes writes on in pieces of at most a MiB, looking at ctx
// before each: a compressor holds on to a large write for a long time
// before its output reaches a ctxWriter.
type ctxPieces struct {
	ctx context.Context
	w   io.Writer
}

func (c ctxPieces) Write(p []byte) (int, error) {
	n := 0
	for {
		if err := c.ctx.Err(); err != nil {
			return n, err
		}
		k := min(len(p), piece)
		m, err := c.w.Write(p[:k])
		n += m
		if err != nil {
			return n, err
		}
		if p = p[k:]; len(p) == 0 {
			return n, nil
		}
	}
}
