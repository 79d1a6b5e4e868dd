package service

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kartograf-ru/kartograf/pkg/document"
)

// The fuzz targets send arbitrary bodies through the real router (no
// network) with small limits, so that each input is fast. The properties:
// no panic (the recover middleware would turn one into a 500), no 5xx
// other than 503 for a render that ran out of time, and every error is a
// well-formed problem+json whose status matches the response's.

var fuzzServer = sync.OnceValues(func() (*Server, error) {
	eng, err := engine()
	if err != nil {
		return nil, err
	}
	return New(Config{
		Engine:          eng,
		MaxBodyBytes:    64 << 10,
		MaxRows:         200,
		MaxBatchSchools: 3,
		RenderTimeout:   5 * time.Second,
		BatchTimeout:    10 * time.Second,
		MaxInFlight:     1,
		QueueTimeout:    time.Minute,
		// One fixed directory, which New clears of an earlier run's
		// files, rather than a temporary one left behind by every run.
		JobsDir: filepath.Join(os.TempDir(), "kartograf-fuzz-jobs"),
	})
})

// fuzzSeeds are the repository's documents.
func fuzzSeeds(f *testing.F) [][]byte {
	f.Helper()
	var out [][]byte
	for _, pattern := range []string{"seeds/*.json", "documents/*.json"} {
		files, err := filepath.Glob(filepath.Join("..", "..", "testdata", pattern))
		if err != nil {
			f.Fatal(err)
		}
		for _, name := range files {
			data, err := os.ReadFile(name)
			if err != nil {
				f.Fatal(err)
			}
			out = append(out, data)
		}
	}
	if len(out) < 2 {
		f.Fatal("no seed documents found")
	}
	return out
}

// hostileBodies are bodies the bad-request test sends, and a few more.
var hostileBodies = []string{
	``, `{`, `[]`, `null`, `"x"`, `{"kind": "roadmap",, }`, `дорожная карта`, `{"kind":"roadmap"} {}`,
	strings.Repeat("[", 5000) + strings.Repeat("]", 5000),
	`{"kind":"roadmap","kind":"analysis"}`, "\xef\xbb\xbf{}", "{\"title\":\"\xff\xfe\"}",
	`{"kind":"roadmap","organization":{"full_name":"Школа"},"title":5,"body":[{"heading":{"text":"А"}}]}`,
	`{"kind":"roadmap","organization":{"full_name":"Школа"},"title":"Т","body":[{"heading":{"text":"А"}}],"colour":"red"}`,
	`{"kind":"roadmap","organization":{"full_name":"Школа"},"title":"Т","body":[{"heading":{"text":"😀"}}]}`,
}

func fuzzDo(t testing.TB, method, target, contentType string, body []byte) *httptest.ResponseRecorder {
	t.Helper()
	s, err := fuzzServer()
	if err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest(method, target, bytes.NewReader(body))
	req.Header.Set("Content-Type", contentType)
	w := httptest.NewRecorder()
	s.Handler().ServeHTTP(w, req)
	return w
}

// checkAnswer asserts what holds for every answer.
func checkAnswer(t *testing.T, w *httptest.ResponseRecorder) {
	t.Helper()
	switch {
	case w.Code >= 500 && w.Code != http.StatusServiceUnavailable:
		t.Fatalf("status %d: %.500s", w.Code, w.Body.Bytes())
	case w.Code >= 400:
		if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/problem+json") {
			t.Fatalf("status %d with Content-Type %q", w.Code, ct)
		}
		var p Problem
		if err := json.Unmarshal(w.Body.Bytes(), &p); err != nil {
			t.Fatalf("status %d: the problem is not JSON: %v\n%.300s", w.Code, err, w.Body.Bytes())
		}
		if p.Status != w.Code || !strings.HasPrefix(p.Type, problemTypePrefix) || !hasCyrillic(p.Detail) || p.Errors == nil || p.RequestID == "" {
			t.Fatalf("status %d: malformed problem %+v", w.Code, p)
		}
	case w.Code != http.StatusOK:
		t.Fatalf("status %d", w.Code)
	}
}

func FuzzRenderBody(f *testing.F) {
	for _, d := range fuzzSeeds(f) {
		f.Add(d)
	}
	for _, b := range hostileBodies {
		f.Add([]byte(b))
	}
	f.Add(plan(3, true))
	f.Add(plan(1, false))
	f.Fuzz(func(t *testing.T, body []byte) {
		w := fuzzDo(t, "POST", "/v1/render?format=pdf", "application/json", body)
		checkAnswer(t, w)
		if w.Code == http.StatusOK {
			out := w.Body.Bytes()
			if !bytes.HasPrefix(out, []byte("%PDF-")) || !bytes.HasSuffix(bytes.TrimSpace(out), []byte("%%EOF")) {
				t.Fatalf("200 without a whole PDF: %d bytes", len(out))
			}
			if w.Header().Get(HeaderInputHash) == "" || w.Header().Get(HeaderTemplate) == "" {
				t.Fatal("200 without the template and input hash headers")
			}
		}
	})
}

func FuzzValidateBody(f *testing.F) {
	for _, d := range fuzzSeeds(f) {
		f.Add(d)
	}
	for _, b := range hostileBodies {
		f.Add([]byte(b))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		w := fuzzDo(t, "POST", "/v1/validate", "application/json", body)
		checkAnswer(t, w)
		if w.Code != http.StatusOK {
			return
		}
		var res validationResult
		if err := json.Unmarshal(w.Body.Bytes(), &res); err != nil {
			t.Fatalf("the answer is not JSON: %v", err)
		}
		// Valid means no errors and a hash; invalid means at least one
		// error, each with a message.
		if res.Valid != (len(res.Errors) == 0) || res.Valid != (res.InputHash != "") {
			t.Fatalf("inconsistent answer %+v", res)
		}
		for _, e := range res.Errors {
			if e.Message == "" {
				t.Fatalf("an error without a message: %+v", res)
			}
		}
	})
}

const fuzzBoundary = "kartograf-fuzz-boundary"

func FuzzBatchBody(f *testing.F) {
	seed := fuzzSeeds(f)[1]
	school := `[{"id": "a1", "short_name": "МКОУ СОШ №1", "full_name": "Школа №1", "district": "Баксанский район", "director": "А.А. Ан"}]`
	for _, extra := range []string{``, `, "to": "2024-2025"`, `, "to": "2024-2026"`, `, "to": "abcd"`, `, "formats": ["pdf", "odt"]`, `, "template": "../x"`, `, "colour": 1`} {
		f.Add([]byte(`{"plan": `+string(seed)+`, "schools": `+school+extra+`}`), false)
	}
	f.Add([]byte(`{"plan": `+string(seed)+`, "schools": [1, 2, 3, 4]}`), false)
	f.Add([]byte(`{"plan": {}, "schools": []}`), false)
	for _, b := range hostileBodies {
		f.Add([]byte(b), false)
	}
	var mp bytes.Buffer
	mp.WriteString("--" + fuzzBoundary + "\r\nContent-Disposition: form-data; name=\"plan\"; filename=\"plan.json\"\r\n\r\n")
	mp.Write(seed)
	mp.WriteString("\r\n--" + fuzzBoundary + "\r\nContent-Disposition: form-data; name=\"registry\"; filename=\"schools.csv\"\r\n\r\n")
	mp.WriteString("Код ОО;Краткое наименование;Полное наименование;Район;Директор\r\nb2;СОШ №2;Школа №2;Район;Б.Б. Бе\r\n")
	mp.WriteString("\r\n--" + fuzzBoundary + "\r\nContent-Disposition: form-data; name=\"to\"\r\n\r\n2024-2025\r\n--" + fuzzBoundary + "--\r\n")
	f.Add(mp.Bytes(), true)
	f.Fuzz(func(t *testing.T, body []byte, multipart bool) {
		ct := "application/json"
		if multipart {
			ct = "multipart/form-data; boundary=" + fuzzBoundary
		}
		w := fuzzDo(t, "POST", "/v1/batch", ct, body)
		if w.Code != http.StatusOK {
			checkAnswer(t, w)
			return
		}
		// A 200 is a zip with its index (a failed school is listed in it,
		// not an error status).
		if w.Header().Get("Content-Type") != "application/zip" {
			t.Fatalf("200 with Content-Type %q", w.Header().Get("Content-Type"))
		}
		zr, err := zip.NewReader(bytes.NewReader(w.Body.Bytes()), int64(w.Body.Len()))
		if err != nil {
			t.Fatalf("200 without a whole zip: %v", err)
		}
		names := map[string]bool{}
		for _, e := range zr.File {
			names[e.Name] = true
		}
		if !names["index.json"] || !names["index.csv"] {
			t.Fatalf("the zip has no index: %v", names)
		}
	})
}

// FuzzImportBody feeds /v1/import PDFs and workbooks, seeded with the
// service's own PDF/A-3u and XLSX of the seed documents: every answer is a
// well-formed one, and a 200 is a document that decodes and validates.
func FuzzImportBody(f *testing.F) {
	for _, d := range fuzzSeeds(f) {
		for _, q := range []string{"pdfa=3u", "format=xlsx"} {
			if w := fuzzDo(f, "POST", "/v1/render?"+q, "application/json", d); w.Code == http.StatusOK {
				f.Add(w.Body.Bytes(), q == "pdfa=3u")
			}
		}
	}
	f.Add([]byte("%PDF-1.7\n%%EOF"), true)
	f.Add([]byte("PK\x03\x04"), false)
	f.Fuzz(func(t *testing.T, body []byte, pdf bool) {
		ct := xlsxType
		if pdf {
			ct = pdfType
		}
		w := fuzzDo(t, "POST", "/v1/import", ct, body)
		checkAnswer(t, w)
		if w.Code == http.StatusOK {
			if _, err := document.DecodeBytes(w.Body.Bytes()); err != nil {
				t.Fatalf("200 with a document that does not decode: %v", err)
			}
		}
	})
}
