package service

import (
	"archive/zip"
	"bytes"
	"context"
	"maps"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/kartograf-ru/kartograf/internal/testtool/pdfattach"
	"github.com/kartograf-ru/kartograf/pkg/document"
)

// sourcePDF is a PDF/A-3u stand-in carrying doc's canonical JSON.
func sourcePDF(t testing.TB, doc []byte) []byte {
	t.Helper()
	d, err := document.DecodeBytes(doc)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := document.WriteJSON(context.Background(), &b, d); err != nil {
		t.Fatal(err)
	}
	return pdfattach.PDF(pdfattach.SourceJSON(b.Bytes(), true))
}

// TestAnalyzePDF: /v1/analyze reads the plan from an archived PDF/A-3u as
// from its JSON; a PDF without its source is the client's problem, named.
func TestAnalyzePDF(t *testing.T) {
	f := newFixture(t, nil)
	pdf := sourcePDF(t, markedSeed(t))
	r := f.do(t, "POST", "/v1/analyze?date=15.03.2024&format=json", bytes.NewReader(pdf), "Content-Type", pdfType)
	if r.status != http.StatusOK || !bytes.Contains(r.body, []byte("выполнено 27 из 28")) {
		t.Fatalf("from the PDF: %d %.300s", r.status, r.body)
	}
	bare := pdfattach.PDF(pdfattach.File{Name: "скан.jpg", Data: []byte{0xFF, 0xD8}})
	r = f.do(t, "POST", "/v1/analyze?date=15.03.2024", bytes.NewReader(bare), "Content-Type", pdfType)
	if r.status != http.StatusUnprocessableEntity {
		t.Fatalf("a PDF without its source: %d %.300s", r.status, r.body)
	}
	p := r.problem(t)
	if !strings.Contains(p.Detail, "PDF не читается") || len(p.Errors) != 1 || p.Errors[0].Path != "file" ||
		!strings.Contains(p.Errors[0].Message, "PDF/A-3u") || !strings.Contains(p.Errors[0].Message, "«скан.jpg»") {
		t.Errorf("problem %+v", p)
	}
}

// TestWebDocumentPDF: the document page takes an archived PDF/A-3u as it
// takes the JSON, whatever the file is called.
func TestWebDocumentPDF(t *testing.T) {
	f := newFixture(t, nil)
	b := newBrowser(t, f)
	res := b.post("/document", field{name: "csrf", value: b.csrf}, field{name: "file", file: "карта-2024.pdf", value: string(sourcePDF(t, seed001(t)))})
	if res.status != http.StatusOK || !strings.Contains(string(res.body), "school-roadmap@") {
		t.Fatalf("POST /document with a PDF: %d %.500s", res.status, res.body)
	}
	res = b.post("/document", field{name: "csrf", value: b.csrf}, field{name: "file", file: "a.pdf", value: string(pdfattach.PDF())})
	if res.status != http.StatusUnprocessableEntity || !strings.Contains(string(res.body), "вложений в файле нет") {
		t.Errorf("a PDF without its source: %d %.500s", res.status, res.body)
	}
}

// TestWebYearPreviousPDF: last year's archived PDF/A-3u in the zip are
// read like their JSON; a PDF beside the school's JSON is passed over, and
// one without its source is named among the problems.
func TestWebYearPreviousPDF(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.JobsDir = t.TempDir() })
	t.Cleanup(func() { f.srv.Close() })
	b := newBrowser(t, f)
	archive := func(files map[string][]byte) string {
		var zb bytes.Buffer
		zw := zip.NewWriter(&zb)
		for _, name := range slices.Sorted(maps.Keys(files)) {
			w, _ := zw.Create(name)
			w.Write(files[name])
		}
		zw.Close()
		return zb.String()
	}
	post := func(zipped string) reply {
		return b.post("/year", field{name: "csrf", value: b.csrf}, field{name: "registry", file: "r.csv", value: registry1251(t, 2)},
			field{name: "plan", file: "прошлый год.zip", value: zipped}, field{name: "to", value: "2024-2025"}, field{name: "formats", value: "pdf"})
	}
	good := map[string][]byte{
		"карты/001.pdf":  sourcePDF(t, seed001(t)),
		"карты/002.json": seed001(t),
		"карты/002.pdf":  pdfattach.PDF(),
	}
	if r := post(archive(good)); r.status != http.StatusSeeOther {
		t.Fatalf("%d: %.800s", r.status, r.body)
	}
	good["карты/003.pdf"] = pdfattach.PDF()
	r := post(archive(good))
	table := byID(parse(t, r), "problems")
	if r.status != http.StatusUnprocessableEntity || table == nil || !strings.Contains(text(table), "карты/003.pdf") ||
		!strings.Contains(text(table), "в PDF нет исходных данных Kartograf") || strings.Contains(text(table), "002.pdf") {
		t.Errorf("a PDF without its source: %d %.800s", r.status, r.body)
	}
}
