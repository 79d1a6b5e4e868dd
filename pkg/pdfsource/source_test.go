package pdfsource_test

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509/pkix"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kartograf-ru/kartograf/internal/pdfobj"
	"github.com/kartograf-ru/kartograf/internal/testtool"
	"github.com/kartograf-ru/kartograf/internal/testtool/pdfattach"
	"github.com/kartograf-ru/kartograf/pkg/pdfsource"
	"github.com/kartograf-ru/kartograf/pkg/sign"
)

// sourceJSON stands for a document: the reader does not decode it, and
// Cyrillic and escapes show that the bytes come back untouched.
var sourceJSON = []byte(`{"kind":"roadmap","title":"Дорожная карта МКОУ «СОШ № 1»","note":"a\\b (c)"}` + "\n")

func signed(t testing.TB, pdf []byte) []byte {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	owner := pkix.Name{CommonName: "Багова Мария Владимировна", Country: []string{"RU"}}
	s := &sign.KeySigner{Key: key, Cert: testtool.Certificate(t, key, owner, 0x5A17, time.Date(2023, 8, 1, 0, 0, 0, 0, time.UTC))}
	out, err := sign.SignPDF(pdf, s, sign.Options{Time: time.Date(2025, 9, 1, 10, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestSource(t *testing.T) {
	cases := map[string][]byte{
		"plain":  pdfattach.PDF(pdfattach.SourceJSON(sourceJSON, false)),
		"flate":  pdfattach.PDF(pdfattach.SourceJSON(sourceJSON, true)),
		"signed": signed(t, pdfattach.PDF(pdfattach.SourceJSON(sourceJSON, true))),
		// Other attachments beside it, a supplement before it in /AF.
		"among others": pdfattach.PDF(
			pdfattach.File{Name: "monitoring.xlsx", Data: []byte("PK\x03\x04"), Subtype: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Relationship: "Supplement"},
			pdfattach.File{Name: "readme.txt", Data: []byte("x"), Subtype: "text/plain"},
			pdfattach.SourceJSON(sourceJSON, true)),
		// Only in the name tree, not associated: still found by name.
		"embedded only": pdfattach.PDF(pdfattach.File{Name: pdfsource.FileName, Data: sourceJSON}),
		// Associated as the source under another name.
		"af other name": pdfattach.PDF(pdfattach.File{Name: "plan.json", Data: sourceJSON, Subtype: "application/json", Relationship: "Source"}),
	}
	for name, pdf := range cases {
		t.Run(name, func(t *testing.T) {
			got, err := pdfsource.Source(pdf)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, sourceJSON) {
				t.Fatalf("got %q, want %q", got, sourceJSON)
			}
		})
	}
}

// TestSourceExternalTools: the test files are PDFs other readers accept
// and whose attachment they list, so the reader is not tested against a
// format only it understands.
func TestSourceExternalTools(t *testing.T) {
	testtool.Require(t, "qpdf")
	testtool.Require(t, "pdfdetach")
	dir := t.TempDir()
	for name, pdf := range map[string][]byte{
		"plain.pdf":  pdfattach.PDF(pdfattach.SourceJSON(sourceJSON, false)),
		"flate.pdf":  pdfattach.PDF(pdfattach.SourceJSON(sourceJSON, true)),
		"signed.pdf": signed(t, pdfattach.PDF(pdfattach.SourceJSON(sourceJSON, true))),
	} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, pdf, 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command("qpdf", "--check", p).CombinedOutput()
		if err != nil || !strings.Contains(string(out), "No syntax or stream encoding errors") {
			t.Errorf("qpdf --check %s: %v\n%s", name, err, out)
		}
		list := testtool.Run(t, "pdfdetach", "-list", p)
		if !strings.Contains(list, "1 embedded files") || !strings.Contains(list, pdfsource.FileName) {
			t.Errorf("pdfdetach -list %s:\n%s", name, list)
		}
		saved := filepath.Join(dir, name+".json")
		testtool.Run(t, "pdfdetach", "-save", "1", "-o", saved, p)
		if got, err := os.ReadFile(saved); err != nil || !bytes.Equal(got, sourceJSON) {
			t.Errorf("pdfdetach -save %s: %q %v", name, got, err)
		}
	}
}

// TestSourceNewestRevision: an incremental update that rewrites the
// catalog without the attachment hides it, as every viewer shows it.
func TestSourceNewestRevision(t *testing.T) {
	pdf := pdfattach.PDF(pdfattach.SourceJSON(sourceJSON, true))
	sec, err := pdfobj.ReadLast(pdf)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	b.Write(pdf)
	e := pdfobj.Entry{Num: 1, Offset: b.Len()}
	b.WriteString("1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n")
	pdfobj.WriteXref(&b, []pdfobj.Entry{e}, pdfobj.Trailer{Size: sec.Trailer.Size, Root: 1, ID: sec.Trailer.ID, Prev: sec.At})
	_, err = pdfsource.Source(b.Bytes())
	var me *pdfsource.MissingError
	if !errors.As(err, &me) {
		t.Fatalf("got %v, want a *MissingError", err)
	}
}

func TestSourceMissing(t *testing.T) {
	for name, c := range map[string]struct {
		pdf  []byte
		want string
	}{
		"none": {pdfattach.PDF(), "вложений в файле нет"},
		"others": {pdfattach.PDF(
			pdfattach.File{Name: "отчёт.txt", Data: []byte("x"), Subtype: "text/plain"},
			pdfattach.File{Name: "data.xml", Data: []byte("<a/>"), Subtype: "application/xml", Relationship: "Data"}),
			"вложения в файле: «data.xml», «отчёт.txt»"},
		// A JSON associated as data, not as the source, is no source.
		"json as data": {pdfattach.PDF(pdfattach.File{Name: "x.json", Data: sourceJSON, Subtype: "application/json", Relationship: "Data"}), "«x.json»"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := pdfsource.Source(c.pdf)
			var me *pdfsource.MissingError
			if !errors.As(err, &me) {
				t.Fatalf("got %v, want a *MissingError", err)
			}
			msg := err.Error()
			if !strings.Contains(msg, "PDF/A-3u") || !strings.Contains(msg, pdfsource.FileName) || !strings.Contains(msg, c.want) {
				t.Errorf("message %q lacks the format, the file name or %q", msg, c.want)
			}
		})
	}
}

func TestSourceBroken(t *testing.T) {
	big := bytes.Repeat([]byte{' '}, pdfsource.MaxSize+1)
	for name, c := range map[string]struct {
		pdf  []byte
		want string
	}{
		"broken flate": {pdfattach.PDF(pdfattach.File{Name: pdfsource.FileName, Data: sourceJSON, Subtype: "application/json",
			Relationship: "Source", Flate: true, Stream: []byte("x\x9cnot deflate at all")}), "повреждён"},
		"other filter": {pdfattach.PDF(pdfattach.File{Name: pdfsource.FileName, Data: sourceJSON, Subtype: "application/json",
			Relationship: "Source", Filter: "/LZWDecode"}), "поддерживается только FlateDecode"},
		"oversized": {pdfattach.PDF(pdfattach.SourceJSON(big, true)), fmt.Sprintf("больше %d МиБ", pdfsource.MaxSize>>20)},
		"no pdf":    {[]byte("PK\x03\x04"), "не PDF"},
		"truncated": {pdfattach.PDF(pdfattach.SourceJSON(sourceJSON, true))[:300], "startxref"},
	} {
		t.Run(name, func(t *testing.T) {
			got, err := pdfsource.Source(c.pdf)
			if err == nil {
				t.Fatalf("no error; read %d bytes", len(got))
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %q lacks %q", err, c.want)
			}
			if name == "oversized" && !errors.Is(err, pdfsource.ErrTooLarge) {
				t.Errorf("error %v is not ErrTooLarge", err)
			}
		})
	}
}

// FuzzSource: no panic and no error without a message on any input, and
// whatever comes back is bounded.
func FuzzSource(f *testing.F) {
	f.Add(pdfattach.PDF(pdfattach.SourceJSON(sourceJSON, false)))
	f.Add(pdfattach.PDF(pdfattach.SourceJSON(sourceJSON, true)))
	f.Add(pdfattach.PDF(pdfattach.File{Name: "a", Data: []byte("x")}, pdfattach.File{Name: pdfsource.FileName, Data: sourceJSON}))
	f.Add(testtool.RepoFile(f, "pkg", "sign", "testdata", "seed-001.pdf"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<20 {
			return
		}
		got, err := pdfsource.Source(data)
		if err != nil {
			if got != nil || err.Error() == "" {
				t.Fatalf("data %q with error %v", got, err)
			}
			return
		}
		if len(got) > pdfsource.MaxSize {
			t.Fatalf("%d bytes", len(got))
		}
	})
}

func ExampleSource() {
	pdf := pdfattach.PDF(pdfattach.SourceJSON([]byte(`{"kind":"roadmap"}`), true))
	data, err := pdfsource.Source(pdf)
	fmt.Println(string(data), err)
	_, err = pdfsource.Source(pdfattach.PDF())
	fmt.Println(err)
	// Output:
	// {"kind":"roadmap"} <nil>
	// в PDF нет исходных данных Kartograf (вложения kartograf-source.json): файл сформирован не Kartograf в формате PDF/A-3u или без вложения исходного JSON; вложений в файле нет
}

// TestMissingErrorBounded: the names a file gives its attachments reach
// terminals and web pages: no control or bidi characters, no endless list.
func TestMissingErrorBounded(t *testing.T) {
	var files []pdfattach.File
	for i := range 15 {
		files = append(files, pdfattach.File{Name: fmt.Sprintf("f%02d\n\u202Egpj.exe%s", i, strings.Repeat("я", 100)), Data: []byte("x")})
	}
	_, err := pdfsource.Source(pdfattach.PDF(files...))
	var me *pdfsource.MissingError
	if !errors.As(err, &me) || len(me.Attachments) != 15 {
		t.Fatalf("got %v", err)
	}
	msg := err.Error()
	if strings.ContainsAny(msg, "\n\u202E") || !strings.HasSuffix(msg, "и ещё 5") || strings.Count(msg, "«f") != 10 || !strings.Contains(msg, "я…»") {
		t.Errorf("message %q", msg)
	}
}

// BenchmarkSource reads a 10 000-row plan's worth of JSON (≈5 MiB),
// compressed, from a signed PDF.
func BenchmarkSource(b *testing.B) {
	row := []byte(`{"title":"Проведение диагностических работ по математике в 5-9 классах","deadline":"Октябрь 2024г.","responsible":"Заместитель директора по УВР"},`)
	data := append([]byte(`{"items":[`), bytes.Repeat(row, 5<<20/len(row))...)
	data = append(data[:len(data)-1], "]}"...)
	pdf := signed(b, pdfattach.PDF(pdfattach.SourceJSON(data, true)))
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := pdfsource.Source(pdf); err != nil {
			b.Fatal(err)
		}
	}
}
