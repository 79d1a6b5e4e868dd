package zipx

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"strings"
	"testing"
	"testing/fstest"
)

// entry is one part of a test archive and the way it is added.
type entry struct {
	name string
	how  string // create, deflate, raw, store
	data []byte
}

// sample has every kind of entry, a Cyrillic name, an empty part and a
// part of several MiB (more than one piece, more than one flate block).
func sample() []entry {
	var big bytes.Buffer
	for i := range 25000 {
		fmt.Fprintf(&big, `<w:p><w:r><w:t>Мероприятие %d</w:t></w:r></w:p>`, i)
	}
	return []entry{
		{"[Content_Types].xml", "deflate", []byte(`<?xml version="1.0"?><Types/>`)},
		{"word/document.xml", "create", big.Bytes()},
		{"word/styles.xml", "raw", bytes.Repeat([]byte("<w:style/>"), 1000)},
		{"школа-1.pdf", "store", bytes.Repeat([]byte("%PDF-1.7 \x00\xff"), 5000)},
		{"empty.txt", "deflate", nil},
		{"empty.bin", "store", nil},
		{"docProps/app.xml", "create", []byte("<Properties/>")},
	}
}

func write(t testing.TB, ctx context.Context, entries []entry, opts ...Option) ([]byte, error) {
	t.Helper()
	var buf bytes.Buffer
	w := NewWriter(ctx, &buf, opts...)
	for _, e := range entries {
		var err error
		switch e.how {
		case "create":
			var fw io.Writer
			if fw, err = w.Create(e.name); err == nil {
				_, err = fw.Write(e.data)
			}
		case "deflate":
			err = w.Deflate(e.name, e.data)
		case "raw":
			var r Raw
			if r, err = Compress(ctx, e.data, flate.BestCompression); err == nil {
				err = w.CreateRaw(e.name, r)
			}
		case "store":
			err = w.Store(e.name, e.data)
		}
		if err != nil {
			return buf.Bytes(), err
		}
	}
	err := w.Close()
	return buf.Bytes(), err
}

// The same entries give the same bytes, whether the compressors are new
// or come back from the pool, at every level.
func TestZipSameInputSameBytes(t *testing.T) {
	entries := sample()
	for _, level := range []int{flate.HuffmanOnly, flate.BestSpeed, flate.DefaultCompression, flate.BestCompression} {
		first, err := write(t, context.Background(), entries, WithLevel(level))
		if err != nil {
			t.Fatal(err)
		}
		for range 3 {
			again, err := write(t, context.Background(), entries, WithLevel(level))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(first, again) {
				t.Fatalf("level %d: two archives of the same entries differ", level)
			}
		}
	}
}

// A pooled compressor's output is a fresh one's: Reset leaves nothing of
// the previous stream behind.
func TestZipPooledCompressorIsFresh(t *testing.T) {
	data := sample()[1].data[:300000] // several flate windows
	for level := flate.HuffmanOnly; level <= flate.BestCompression; level++ {
		var fresh bytes.Buffer
		fw, _ := flate.NewWriter(&fresh, level)
		fw.Write(data)
		fw.Close()
		for i := range 3 {
			// Something else first, so the pooled compressor has history.
			if _, err := Compress(context.Background(), data[i*1000:], level); err != nil {
				t.Fatal(err)
			}
			r, err := Compress(context.Background(), data, level)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(r.Deflated, fresh.Bytes()) {
				t.Fatalf("level %d, use %d: pooled output differs from a new compressor's", level, i)
			}
		}
	}
}

// Every header, local and central, is dated Epoch in the MS-DOS fields
// and carries no extra field; entries added whole carry their sizes in
// the local header (no data descriptor); a Cyrillic name has the UTF-8
// flag.
func TestZipHeaders(t *testing.T) {
	entries := sample()
	data, err := write(t, context.Background(), entries)
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	if len(zr.File) != len(entries) {
		t.Fatalf("%d entries, want %d", len(zr.File), len(entries))
	}
	for i, f := range zr.File {
		e := entries[i]
		if f.ModifiedDate != 1<<5|1 || f.ModifiedTime != 0 {
			t.Errorf("%s: central date %#x time %#x, want 1980-01-01 00:00", f.Name, f.ModifiedDate, f.ModifiedTime)
		}
		if !f.Modified.Equal(Epoch) {
			t.Errorf("%s: modified %v, want %v", f.Name, f.Modified, Epoch)
		}
		if len(f.Extra) != 0 {
			t.Errorf("%s: central extra field %x", f.Name, f.Extra)
		}
		off, err := f.DataOffset()
		if err != nil {
			t.Fatal(err)
		}
		// With no extra field the local header is 30 bytes and the name.
		lh := off - 30 - int64(len(f.Name))
		if lh < 0 || string(data[lh:lh+4]) != "PK\x03\x04" || string(data[lh+30:off]) != f.Name {
			t.Fatalf("%s: no local header of 30 bytes and the name before the data (an extra field?)", f.Name)
		}
		h := data[lh:]
		flags, date, tm, extra := binary.LittleEndian.Uint16(h[6:]), binary.LittleEndian.Uint16(h[12:]), binary.LittleEndian.Uint16(h[10:]), binary.LittleEndian.Uint16(h[28:])
		if date != 1<<5|1 || tm != 0 || extra != 0 {
			t.Errorf("%s: local date %#x time %#x extra %d", f.Name, date, tm, extra)
		}
		if whole := e.how != "create"; whole && (flags&0x8 != 0 || binary.LittleEndian.Uint32(h[18:]) != uint32(f.CompressedSize64) ||
			binary.LittleEndian.Uint32(h[22:]) != uint32(len(e.data)) || binary.LittleEndian.Uint32(h[14:]) != crc32.ChecksumIEEE(e.data)) {
			t.Errorf("%s (%s): the local header does not carry the CRC and sizes (flags %#x)", f.Name, e.how, flags)
		}
		if utf := flags&0x800 != 0; utf != (f.Name == "школа-1.pdf") {
			t.Errorf("%s: UTF-8 flag %v", f.Name, utf)
		}
		if want := map[bool]uint16{true: zip.Store, false: zip.Deflate}[e.how == "store"]; f.Method != want {
			t.Errorf("%s: method %d, want %d", f.Name, f.Method, want)
		}
	}
}

// archive/zip reads back every entry as written, in the order added.
func TestZipReadBack(t *testing.T) {
	entries := sample()
	data, err := write(t, context.Background(), entries, WithLevel(flate.HuffmanOnly))
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for i, f := range zr.File {
		if f.Name != entries[i].name {
			t.Fatalf("entry %d is %s, want %s", i, f.Name, entries[i].name)
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(rc) // checks the CRC too
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		if !bytes.Equal(got, entries[i].data) {
			t.Errorf("%s: read back %d bytes differ from the %d written", f.Name, len(got), len(entries[i].data))
		}
	}
}

// The bytes are those DOCX has always written (archive/zip's CreateRaw
// with the MS-DOS date and nothing else), so moving its renderer here
// changes no document.
func TestZipDOCXBytes(t *testing.T) {
	parts := []struct {
		name string
		data []byte
	}{{"[Content_Types].xml", []byte("<Types/>")}, {"word/document.xml", bytes.Repeat([]byte("<w:p/>"), 50000)}}
	var old bytes.Buffer
	zw := zip.NewWriter(&old)
	for _, p := range parts {
		var c bytes.Buffer
		fw, _ := flate.NewWriter(&c, flate.BestSpeed)
		fw.Write(p.data)
		fw.Close()
		//lint:ignore SA1019 DOCX's header, as render.go builds it
		fh := &zip.FileHeader{Name: p.name, Method: zip.Deflate, ModifiedDate: 1<<5 | 1,
			CRC32: crc32.ChecksumIEEE(p.data), UncompressedSize64: uint64(len(p.data)), CompressedSize64: uint64(c.Len())}
		w, err := zw.CreateRaw(fh)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(c.Bytes())
	}
	zw.Close()
	var now bytes.Buffer
	w := NewWriter(context.Background(), &now)
	for _, p := range parts {
		if err := w.Deflate(p.name, p.data); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(old.Bytes(), now.Bytes()) {
		t.Error("the archive differs from DOCX's")
	}
}

// cancelOnWrite cancels its context at its n-th write and counts what
// reaches it after that.
type cancelOnWrite struct {
	cancel context.CancelFunc
	n      int
	writes int
	after  int
}

func (c *cancelOnWrite) Write(p []byte) (int, error) {
	c.writes++
	if c.writes > c.n {
		c.after += len(p)
	}
	if c.writes == c.n {
		c.cancel()
	}
	return len(p), nil
}

// Once the context is done every method fails with its error and nothing
// more reaches the output, even in the middle of a large entry.
func TestZipContextDone(t *testing.T) {
	big := bytes.Repeat([]byte("0123456789abcdef"), 1<<18) // 4 MiB
	for _, how := range []string{"create", "deflate", "store"} {
		t.Run(how, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			out := &cancelOnWrite{cancel: cancel, n: 1}
			w := NewWriter(ctx, out)
			var err error
			switch how {
			case "create":
				var fw io.Writer
				if fw, err = w.Create("big"); err == nil {
					_, err = fw.Write(big)
				}
			case "deflate":
				// Compressing happens before the output is written to:
				// cancel first, and the entry never starts.
				cancel()
				err = w.Deflate("big", big)
			case "store":
				err = w.Store("big", big)
			}
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("writing a large entry after cancel: %v", err)
			}
			if out.after != 0 {
				t.Errorf("%d bytes reached the output after the context was done", out.after)
			}
			if err := w.Store("next", []byte("x")); !errors.Is(err, context.Canceled) {
				t.Errorf("Store after cancel: %v", err)
			}
			if _, err := w.Create("next2"); !errors.Is(err, context.Canceled) {
				t.Errorf("Create after cancel: %v", err)
			}
			if err := w.Close(); !errors.Is(err, context.Canceled) {
				t.Errorf("Close after cancel: %v", err)
			}
		})
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Compress(ctx, big, flate.BestSpeed); !errors.Is(err, context.Canceled) {
		t.Errorf("Compress after cancel: %v", err)
	}
}

// A name added twice, an empty name or a directory is refused: readers
// would keep one of two entries, and a directory entry is not data.
func TestZipBadNames(t *testing.T) {
	w := NewWriter(context.Background(), io.Discard)
	if err := w.Store("a.pdf", nil); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"a.pdf", "", "dir/"} {
		if err := w.Deflate(name, []byte("x")); err == nil {
			t.Errorf("%q accepted", name)
		}
	}
	if _, err := w.Create("a.pdf"); err == nil || !strings.Contains(err.Error(), "повторяется") {
		t.Errorf("a repeated name: %v", err)
	}
}

// AddFS adds a directory tree in lexical order, dated Epoch like the rest.
func TestZipAddFS(t *testing.T) {
	fsys := fstest.MapFS{
		"b/x.xml": {Data: []byte("<x/>")},
		"a.xml":   {Data: []byte("<a/>")},
		"b/a.xml": {Data: []byte("<ba/>")},
	}
	var buf bytes.Buffer
	w := NewWriter(context.Background(), &buf)
	if err := w.AddFS(fsys); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
		if !f.Modified.Equal(Epoch) || len(f.Extra) != 0 {
			t.Errorf("%s: %v %x", f.Name, f.Modified, f.Extra)
		}
	}
	if got := strings.Join(names, " "); got != "a.xml b/a.xml b/x.xml" {
		t.Errorf("entries %s", got)
	}
}

func TestZipBadLevelPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("level 10 accepted")
		}
	}()
	WithLevel(10)
}

// Check accepts what the package writes and refuses archive/zip's own
// dating (an extended-timestamp extra field) and a stored entry followed
// by a data descriptor.
func TestZipCheck(t *testing.T) {
	data, err := write(t, context.Background(), sample())
	if err != nil {
		t.Fatal(err)
	}
	if err := Check(data); err != nil {
		t.Errorf("own archive: %v", err)
	}
	for _, fh := range []*zip.FileHeader{
		{Name: "a.xml", Method: zip.Deflate, Modified: Epoch},
		{Name: "a.xml", Method: zip.Deflate},
		{Name: "a.pdf", Method: zip.Store, ModifiedDate: 1<<5 | 1},
	} {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		w, _ := zw.CreateHeader(fh)
		w.Write([]byte("data"))
		zw.Close()
		if err := Check(buf.Bytes()); err == nil {
			t.Errorf("%+v accepted", fh)
		}
	}
}

// DeflateChunks writes the archive Deflate writes of the joined chunks,
// byte for byte, however the data is cut (empty chunks, one byte, more
// than the 4 MiB of the compressed stream's own chunks), and stops on a
// cancelled context.
func TestZipDeflateChunksSameBytes(t *testing.T) {
	defer func(n int) { sinkChunk = n }(sinkChunk)
	sinkChunk = 64 << 10
	var data []byte
	x := uint64(88172645463325252)
	for i := range 12000 {
		// xorshift: digits that deflate cannot shrink much, so that the
		// compressed part fills several of the sink's chunks.
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		data = fmt.Appendf(data, `<w:p><w:r><w:t>Мероприятие %d %016x%08x</w:t></w:r></w:p>`, i, x, x>>11)
	}
	archive := func(add func(w *Writer) error) []byte {
		t.Helper()
		var out bytes.Buffer
		w := NewWriter(context.Background(), &out)
		if err := w.Store("a", []byte("до")); err != nil {
			t.Fatal(err)
		}
		if err := add(w); err != nil {
			t.Fatal(err)
		}
		if err := w.Store("z", []byte("после")); err != nil {
			t.Fatal(err)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		return out.Bytes()
	}
	want := archive(func(w *Writer) error { return w.Deflate("word/document.xml", data) })
	cuts := map[string][][]byte{
		"одним куском":  {data},
		"пустые и байт": {nil, data[:1], nil, data[1:7], data[7:]},
		"по 64 КиБ":     split(data, 64<<10),
		"по 333 байта":  split(data[:100000], 333),
	}
	cuts["по 333 байта"] = append(cuts["по 333 байта"], data[100000:])
	if len(want) < 3*sinkChunk {
		t.Fatalf("the compressed test part is %d bytes: make it longer than three chunks of the compressed stream", len(want))
	}
	for name, chunks := range cuts {
		got := archive(func(w *Writer) error { return w.DeflateChunks("word/document.xml", chunks) })
		if !bytes.Equal(got, want) {
			t.Errorf("%s: DeflateChunks wrote %d bytes that differ from Deflate's %d", name, len(got), len(want))
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := NewWriter(ctx, io.Discard).DeflateChunks("x", [][]byte{data}); !errors.Is(err, context.Canceled) {
		t.Errorf("DeflateChunks after cancel: %v", err)
	}
}

func split(b []byte, n int) (out [][]byte) {
	for len(b) > n {
		out = append(out, b[:n])
		b = b[n:]
	}
	return append(out, b)
}
