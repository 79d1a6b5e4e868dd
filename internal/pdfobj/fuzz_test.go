package pdfobj

import (
	"bytes"
	"cmp"
	"slices"
	"testing"

	"github.com/kartograf-ru/kartograf/internal/testtool"
)

// FuzzRead feeds the readers arbitrary bytes. Beyond not panicking: what
// ReadLast accepts points inside the data, the objects it finds are
// where their headers are, and a section written back with WriteXref
// reads back the same.
func FuzzRead(f *testing.F) {
	f.Add(minimal(f))
	f.Add(testtool.RepoFile(f, "pkg", "sign", "testdata", "seed-001.pdf"))
	f.Add([]byte("%PDF-1.7\nxref\n0 2\n0000000000 65535 f \n0000000000 00000 n \ntrailer\n<< /Size 2 /Root 1 0 R /Prev 9 >>\nstartxref\n9\n%%EOF\n"))
	f.Add([]byte("1 0 obj\n<< /A [<00> (x\\)) << /B 2 0 R >>] >>\nendobj\nxref\n0 1\n0000000000 65535 f \ntrailer\n<</Size 1/Root 1 0 R/ID[<a><b>]>>\nstartxref\n42\n%%EOF"))
	f.Add([]byte("startxref\n1\n%%EOF"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<20 {
			return
		}
		Objects(data, func(n, g, body int) bool {
			if body < 3 || body > len(data) || string(data[body-3:body]) != "obj" {
				t.Fatalf("object %d %d: body at %d", n, g, body)
			}
			return true
		})
		if d, end, ok := Dict(data); ok {
			if end > len(data) || len(d) > end {
				t.Fatalf("Dict: end %d of %d", end, len(data))
			}
			Value(d, "Type")
		}
		sec, err := ReadLast(data)
		if err != nil {
			if sec != nil {
				t.Fatal("a section with an error")
			}
			return
		}
		if sec.At <= 0 || sec.At >= len(data) || sec.Trailer.Size <= 0 {
			t.Fatalf("section at %d, size %d", sec.At, sec.Trailer.Size)
		}
		var used []Entry
		for _, e := range sec.Entries {
			if !e.Free && (e.Offset < 0 || e.Offset >= len(data)) {
				t.Fatalf("entry %+v outside %d bytes", e, len(data))
			}
			if !e.Free {
				used = append(used, e)
			}
		}
		if e, err := sec.Find(data, sec.Trailer.Root); err == nil {
			DictAt(data, e)
		}

		var b bytes.Buffer
		b.Write(data)
		t2 := sec.Trailer
		t2.Prev = sec.At
		WriteXref(&b, used, t2)
		again, err := ReadLast(b.Bytes())
		if err != nil {
			t.Fatalf("a written section does not read back: %v\n%s", err, b.Bytes()[len(data):])
		}
		got := append([]Entry(nil), again.Entries[1:]...)
		slices.SortStableFunc(used, func(a, b Entry) int { return cmp.Compare(a.Num, b.Num) })
		at := again.Trailer
		if !slices.Equal(got, used) || at.Size != t2.Size || at.Root != t2.Root || at.Info != t2.Info ||
			at.Prev != t2.Prev || !bytes.Equal(at.ID, t2.ID) {
			t.Fatalf("read back %+v %+v, wrote %+v %+v", got, at, used, t2)
		}
	})
}
