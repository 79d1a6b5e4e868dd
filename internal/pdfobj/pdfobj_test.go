package pdfobj

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/kartograf-ru/kartograf/internal/testtool"
)

// minimal is a one-page PDF whose table WriteXref writes.
func minimal(t testing.TB) []byte {
	t.Helper()
	var b bytes.Buffer
	b.WriteString("%PDF-1.7\n")
	var es []Entry
	for n, body := range []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << >> >>",
	} {
		es = append(es, Entry{Num: n + 1, Offset: b.Len()})
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", n+1, body)
	}
	WriteXref(&b, es, Trailer{Size: 4, Root: 1, ID: []byte("[<00ff> <00ff>]")})
	return b.Bytes()
}

func TestStartxref(t *testing.T) {
	body := strings.Repeat("x", 50)
	for _, c := range []struct {
		name, pdf string
		at        int
		err       string
	}{
		{"plain", body + "startxref\n10\n%%EOF\n", 10, ""},
		{"CRLF and trailing blanks", body + "startxref\r\n10\r\n%%EOF\r\n  \n", 10, ""},
		{"no final newline", body + "startxref\n10\n%%EOF", 10, ""},
		{"the last one counts", body + "startxref\n5\n%%EOF\nstartxref\n10\n%%EOF\n", 10, ""},
		{"missing", body + "%%EOF\n", 0, "нет startxref"},
		{"bytes after %%EOF", body + "startxref\n10\n%%EOF\n% later\n", 0, "ожидались смещение и %%EOF"},
		{"no offset", body + "startxref\n%%EOF\n", 0, "ожидались смещение"},
		{"offset past the end", body + "startxref\n999\n%%EOF\n", 0, "за пределами файла"},
		{"offset zero", body + "startxref\n0\n%%EOF\n", 0, "за пределами файла"},
		{"offset too long", body + "startxref\n99999999999999999999\n%%EOF\n", 0, "ожидались смещение"},
	} {
		at, err := Startxref([]byte(c.pdf))
		if c.err == "" && (err != nil || at != c.at) {
			t.Errorf("%s: %d, %v; want %d", c.name, at, err, c.at)
		}
		if c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)) {
			t.Errorf("%s: error %v, want one with %q", c.name, err, c.err)
		}
	}
}

// Kartograf's own output, as the signer receives it.
func TestReadKartografFile(t *testing.T) {
	pdf := testtool.RepoFile(t, "pkg", "sign", "testdata", "seed-001.pdf")
	sec, err := ReadLast(pdf)
	if err != nil {
		t.Fatal(err)
	}
	tr := sec.Trailer
	if len(sec.Entries) != 28 || tr.Size != 28 || tr.Root != 1 || tr.Info != 27 || tr.Prev != 0 ||
		string(tr.ID) != "[<217fad361ec760c7fe00532392b27f4c> <217fad361ec760c7fe00532392b27f4c>]" {
		t.Fatalf("section: %d entries, trailer %+v (ID %s)", len(sec.Entries), tr, tr.ID)
	}
	if !bytes.HasPrefix(pdf[sec.At:], []byte("xref\n0 28\n")) {
		t.Errorf("At %d is not the table", sec.At)
	}
	for _, e := range sec.Entries[1:] {
		if want := fmt.Sprintf("%d 0 obj", e.Num); e.Free || !bytes.HasPrefix(pdf[e.Offset:], []byte(want)) {
			t.Errorf("entry %+v does not point at %q", e, want)
		}
	}
	e, err := sec.Find(pdf, tr.Root)
	if err != nil {
		t.Fatal(err)
	}
	cat, err := DictAt(pdf, e)
	if err != nil || string(Value(cat, "Type")) != "/Catalog" || string(Value(cat, "Pages")) != "2 0 R" {
		t.Errorf("catalog %q, %v", cat, err)
	}
	pages, _ := sec.Find(pdf, 2)
	d, err := DictAt(pdf, pages)
	if n, ok := Int(Value(d, "Count")); err != nil || !ok || n != 6 {
		t.Errorf("page tree %q, %v", d, err)
	}
	if _, err := DictAt(pdf, sec.Entries[5]); err == nil || !strings.Contains(err.Error(), "не словарь") {
		// Object 5 of the seed is a font file: a stream.
		t.Errorf("a stream read as a dictionary: %v", err)
	}
}

// A whole file's table and an incremental update written by WriteXref
// read back, and qpdf accepts both files.
func TestWriteXrefAndUpdate(t *testing.T) {
	pdf := minimal(t)
	if !bytes.Contains(pdf, []byte("xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n")) ||
		!bytes.HasSuffix(pdf, []byte("trailer\n<<\n/Size 4\n/Root 1 0 R\n/ID [<00ff> <00ff>]\n>>\nstartxref\n"+
			fmt.Sprint(bytes.LastIndex(pdf, []byte("\nxref\n"))+1)+"\n%%EOF\n")) {
		t.Fatalf("table:\n%s", pdf[bytes.LastIndex(pdf, []byte("\nxref\n")):])
	}
	first, err := ReadLast(pdf)
	if err != nil {
		t.Fatal(err)
	}
	check(t, pdf)

	var b bytes.Buffer
	b.Write(pdf)
	es := []Entry{{Num: 4, Offset: b.Len()}}
	b.WriteString("4 0 obj\n<< /Note (новый) >>\nendobj\n")
	es = append(es, Entry{Num: 3, Offset: b.Len()})
	b.WriteString("3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 842 595] /Resources << >> >>\nendobj\n")
	xrefAt := b.Len()
	WriteXref(&b, es, Trailer{Size: 5, Root: 1, Info: 4, ID: first.Trailer.ID, Prev: first.At})
	upd := b.Bytes()
	want := fmt.Sprintf("xref\n0 1\n0000000000 65535 f \n3 2\n%010d 00000 n \n%010d 00000 n \ntrailer\n<<\n/Size 5\n/Root 1 0 R\n/Info 4 0 R\n/ID [<00ff> <00ff>]\n/Prev %d\n>>\nstartxref\n%d\n%%%%EOF\n",
		es[1].Offset, es[0].Offset, first.At, xrefAt)
	if got := string(upd[xrefAt:]); got != want {
		t.Fatalf("update section:\n%s\nwant:\n%s", got, want)
	}
	sec, err := ReadLast(upd)
	if err != nil {
		t.Fatal(err)
	}
	if sec.Trailer.Prev != first.At || sec.Trailer.Info != 4 || len(sec.Entries) != 3 {
		t.Fatalf("update: %+v", sec)
	}
	// Object 3 comes from the update, object 2 from the first table.
	for n, off := range map[int]int{3: es[1].Offset, 2: first.Entries[2].Offset} {
		if e, err := sec.Find(upd, n); err != nil || e.Offset != off {
			t.Errorf("Find(%d) = %+v, %v; want offset %d", n, e, err, off)
		}
	}
	d, err := DictAt(upd, mustFind(t, sec, upd, 3))
	if err != nil || string(Value(d, "MediaBox")) != "[0 0 842 595]" {
		t.Errorf("the updated page: %q, %v", d, err)
	}
	if _, err := sec.Find(upd, 9); err == nil || !strings.Contains(err.Error(), "нет объекта 9") {
		t.Errorf("a missing object: %v", err)
	}
	check(t, upd)
}

func mustFind(t *testing.T, s *Section, pdf []byte, n int) Entry {
	t.Helper()
	e, err := s.Find(pdf, n)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func check(t *testing.T, pdf []byte) {
	t.Helper()
	p := filepath.Join(t.TempDir(), "x.pdf")
	if err := os.WriteFile(p, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	if out := testtool.Run(t, "qpdf", "--check", p); !strings.Contains(out, "No syntax or stream encoding errors") {
		t.Errorf("qpdf --check:\n%s", out)
	}
}

// Malformed tables are errors in Russian, never panics or reads past the end.
func TestReadSectionMalformed(t *testing.T) {
	good := string(minimal(t))
	xrefAt := strings.LastIndex(good, "\nxref\n") + 1
	head, table := good[:xrefAt], good[xrefAt:]
	withTable := func(tbl string) string {
		return head + tbl + "startxref\n" + fmt.Sprint(xrefAt) + "\n%%EOF\n"
	}
	tr := "trailer\n<< /Size 4 /Root 1 0 R >>\n"
	for _, c := range []struct{ name, pdf, err string }{
		{"a cross-reference stream", head + "5 0 obj\n<< /Type /XRef /Size 5 /W [1 2 1] /Length 0 >>\nstream\n\nendstream\nendobj\nstartxref\n" + fmt.Sprint(xrefAt) + "\n%%EOF\n", "потоком перекрёстных ссылок"},
		{"a huge count", withTable("xref\n0 999999999\n0000000000 65535 f \n" + tr), "обрезана"},
		{"a truncated table", withTable("xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n"), "обрезана"},
		{"an entry of 19 bytes", withTable("xref\n0 2\n0000000000 65535 f\n0000000009 00000 n\n" + tr), "неверная запись"},
		{"an entry past the end", withTable("xref\n0 2\n0000000000 65535 f \n0999999999 00000 n \n" + tr), "объекта 1"},
		{"a bad subsection header", withTable("xref\n0 x\n" + tr), "подраздела"},
		{"no trailer", withTable("xref\n0 1\n0000000000 65535 f \n"), "нет trailer"},
		{"an open trailer", withTable("xref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size 4 /ID [<00> <00>\n"), "неверный словарь trailer"},
		{"no /Size", withTable("xref\n0 1\n0000000000 65535 f \ntrailer\n<< /Root 1 0 R >>\n"), "нет /Size"},
		{"a deeply nested trailer", withTable("xref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size 4 /A " + strings.Repeat("[", 10000) + " >>\n"), "неверный словарь trailer"},
	} {
		_, err := ReadLast([]byte(c.pdf))
		if err == nil || !strings.Contains(err.Error(), c.err) {
			t.Errorf("%s: error %v, want one with %q", c.name, err, c.err)
		}
	}
	if _, err := ReadLast([]byte(head + table)); err != nil {
		t.Fatalf("the untouched file: %v", err)
	}

	// A /Prev that leads back to itself ends the search with an error.
	loop := head + "xref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size 4 /Prev " + fmt.Sprint(xrefAt) + " >>\nstartxref\n" + fmt.Sprint(xrefAt) + "\n%%EOF\n"
	sec, err := ReadLast([]byte(loop))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sec.Find([]byte(loop), 3); err == nil || !strings.Contains(err.Error(), "кольцо") {
		t.Errorf("a /Prev loop: %v", err)
	}
	// A /Prev into the section's own trailer: nested sections could make
	// the search quadratic, and no well-formed file has them.
	inner := "xref\n0 0\ntrailer\n<< /Size 1 /Pad (" + strings.Repeat("x", 200) + ") >>"
	outer := "xref\n0 0\ntrailer\n<< /Size 1 /Prev %d /X (" + inner + ") >>\nstartxref\n1\n%%%%EOF\n"
	nested := []byte("\n" + fmt.Sprintf(outer, 1+strings.Index(outer, "(xref")+1))
	if p := bytes.Index(nested, []byte("(xref")) + 1; !bytes.Contains(nested, []byte(fmt.Sprintf("/Prev %d ", p))) {
		t.Fatal("the nested section is not where /Prev points")
	}
	if sec, err = ReadLast(nested); err != nil {
		t.Fatal(err)
	}
	if _, err := sec.Find(nested, 5); err == nil || !strings.Contains(err.Error(), "перекрывают") {
		t.Errorf("nested sections: %v", err)
	}
	// An entry that does not point at its object.
	wrong := Entry{Num: 2, Offset: strings.Index(good, "3 0 obj")}
	if _, err := DictAt([]byte(good), wrong); err == nil || !strings.Contains(err.Error(), "нет объекта 2") {
		t.Errorf("a misplaced entry: %v", err)
	}
}

func TestDictAndValue(t *testing.T) {
	src := []byte(` % a comment <<
	<< /Type /Page /Res << /Type /Font /X (a >> b \) c (nested)) >> /H <3E3E> /Kids [ 4 0 R [5 0 R] ] /N -1.5 /Ref 12 0 R /E />> trailing`)
	d, end, ok := Dict(src)
	if !ok || string(src[end:]) != " trailing" {
		t.Fatalf("Dict: ok=%v rest %q", ok, src[end:])
	}
	for key, want := range map[string]string{
		"Type": "/Page", "Res": "<< /Type /Font /X (a >> b \\) c (nested)) >>", "H": "<3E3E>",
		"Kids": "[ 4 0 R [5 0 R] ]", "N": "-1.5", "Ref": "12 0 R", "E": "/", "X": "",
	} {
		if got := string(Value(d, key)); got != want {
			t.Errorf("Value(%s) = %q, want %q", key, got, want)
		}
	}
	if n, ok := Ref(Value(d, "Ref")); !ok || n != 12 {
		t.Errorf("Ref = %d, %v", n, ok)
	}
	// Numbers fit an int on every platform, or are refused.
	if n, ok := Int([]byte("2147483647")); !ok || n != 2147483647 {
		t.Errorf("Int(2147483647) = %d, %v", n, ok)
	}
	for _, v := range []string{"2147483648", "99999999999", "-1", "1.0", ""} {
		if _, ok := Int([]byte(v)); ok {
			t.Errorf("Int(%q) accepted", v)
		}
	}
	for _, v := range []string{"12 0", "12 0 R x", "/Name", "-1 0 R", ""} {
		if _, ok := Ref([]byte(v)); ok {
			t.Errorf("Ref(%q) accepted", v)
		}
	}
	for _, bad := range []string{"", "<<", "<< /A", "<< /A (open >>", "<< A 1 >>", "<< /A [1 2 >>", "[ ]", "<< /A <<" + strings.Repeat("/B <<", 100)} {
		if _, _, ok := Dict([]byte(bad)); ok {
			t.Errorf("Dict(%q) accepted", bad)
		}
	}
}

func TestObjects(t *testing.T) {
	src := "1 0 obj\n<<>>\nendobj\n  2 0 obj<<>>endobj\r3 1 obj\n<<>>\nendobj\nx 4 0 obj\n5\n0\nobj\n6 0 objx\n 7 0 obj"
	var got []string
	Objects([]byte(src), func(n, g, body int) bool {
		if src[body-3:body] != "obj" {
			t.Errorf("object %d: body at %d", n, body)
		}
		got = append(got, fmt.Sprintf("%d.%d", n, g))
		return true
	})
	if s := strings.Join(got, " "); s != "1.0 2.0 3.1 5.0 7.0" {
		t.Errorf("objects %s", s)
	}
	n := 0
	Objects([]byte(src), func(int, int, int) bool { n++; return false })
	if n != 1 {
		t.Errorf("fn returned false but was called %d times", n)
	}
}

func TestTextString(t *testing.T) {
	s := "Подпись 𝄞 (x)"
	got := TextString(s)
	var u []uint16
	for i := len("<FEFF"); i+4 <= len(got)-1; i += 4 {
		var c uint16
		fmt.Sscanf(got[i:i+4], "%04X", &c)
		u = append(u, c)
	}
	if !strings.HasPrefix(got, "<FEFF041F043E") || !strings.HasSuffix(got, ">") || string(utf16.Decode(u)) != s {
		t.Errorf("TextString(%q) = %s", s, got)
	}
}
