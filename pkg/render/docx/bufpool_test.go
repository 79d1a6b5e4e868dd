package docx

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/kartograf-ru/kartograf/internal/testtool/plans"
	"github.com/kartograf-ru/kartograf/templates"
)

// partOut keeps every byte in order whatever the sizes of the writes and
// of its chunks.
func TestPartOutChunks(t *testing.T) {
	defer func(f, s int) { chunkFrom, chunkSize = f, s }(chunkFrom, chunkSize)
	chunkFrom, chunkSize = 64, 10
	var want strings.Builder
	b := &partOut{cur: make([]byte, 0, 4)}
	for i := range 300 {
		s := strings.Repeat(string(rune('a'+i%26)), i%23)
		switch i % 4 {
		case 0:
			b.WriteString(s)
		case 1:
			b.Write([]byte(s))
		case 2:
			b.WriteByte('!')
			s = "!"
		case 3:
			b.WriteRune('ё')
			s = "ё"
		}
		want.WriteString(s)
	}
	if b.Len() != want.Len() || b.String() != want.String() {
		t.Fatalf("partOut holds %d bytes %q, want %d", b.Len(), b.String(), want.Len())
	}
	if len(b.chunks()) < 10 {
		t.Fatalf("%d chunks: the test wrote past chunkFrom and should have many", len(b.chunks()))
	}
	for _, c := range b.chunks()[1:] {
		if cap(c) != chunkSize {
			t.Fatalf("a chunk of capacity %d, want %d", cap(c), chunkSize)
		}
	}
	got, err := b.Bytes(context.Background())
	if err != nil || string(got) != want.String() {
		t.Fatalf("Bytes: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := b.Bytes(ctx); err == nil {
		t.Fatal("Bytes of many chunks with a cancelled context: no error")
	}
	b.Reset()
	if b.Len() != 0 || len(b.chunks()) != 1 || cap(b.cur) > chunkFrom {
		t.Fatalf("after Reset: %d bytes, %d chunks", b.Len(), len(b.chunks()))
	}
}

// A document part written in chunks gives the file a part in one buffer
// gives, byte for byte: every test document with every DOCX template
// version, and a long plan with and without a QR code, rendered with
// parts in one slice and with parts cut into chunks of a few hundred
// bytes — the body's end trimmed across chunks, section breaks and the
// QR code's anchor included.
func TestChunkedPartsSameBytes(t *testing.T) {
	reg, err := templates.New()
	if err != nil {
		t.Fatal(err)
	}
	files, docs := testDocuments(t)
	for _, qr := range []string{"", "https://example.ru/проверка/1"} {
		d := plans.Short(600)
		d.QR = qr
		files, docs = append(files, fmt.Sprintf("план из 600 строк, QR %q", qr)), append(docs, d)
	}
	defer func(f, s, w int) { chunkFrom, chunkSize, tailWindow = f, s, w }(chunkFrom, chunkSize, tailWindow)
	tailWindow = 2500
	// Buffers that start empty: the pooled ones hold 64 KiB or more
	// before they would chunk.
	defer func(p *sync.Pool) { partBufs = p }(partBufs)
	partBufs = &sync.Pool{New: func() any { return new(partOut) }}
	ctx := context.Background()
	r := NewRenderer()
	compared, chunked := 0, 0
	for _, v := range reg.List() {
		if v.Manifest.Docx == nil {
			continue
		}
		for i, d := range docs {
			render := func(from, size int) ([]byte, error) {
				chunkFrom, chunkSize = from, size
				var out bytes.Buffer
				err := r.Render(ctx, &out, d, v, Meta{Template: v.Ref()})
				return out.Bytes(), err
			}
			whole, errW := render(1<<40, 4<<20)
			cut, errC := render(4096, 700)
			if (errW == nil) != (errC == nil) {
				t.Fatalf("%s, %s: in one slice %v, in chunks %v", v.Ref(), files[i], errW, errC)
			}
			if errW != nil {
				continue
			}
			compared++
			if len(whole) > 8<<10 {
				chunked++
			}
			if !bytes.Equal(whole, cut) {
				t.Errorf("%s, %s: the DOCX written in chunks differs from the one written in one slice", v.Ref(), files[i])
			}
		}
	}
	if compared < 20 || chunked < 4 {
		t.Fatalf("only %d documents compared, %d of them long", compared, chunked)
	}
}
