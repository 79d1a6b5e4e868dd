package service

import (
	"bytes"
	"crypto/rand"
	"crypto/rsa"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// BenchmarkRender measures one request through the router (no network):
// seed 001 to PDF, unsigned and signed with ECDSA P-256 and RSA-2048.
func BenchmarkRender(b *testing.B) {
	body := seed001(b)
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		b.Fatal(err)
	}
	rsaSigner := signerFor(b, rsaKey)
	for _, c := range []struct {
		name, query string
		mutate      func(*Config)
	}{
		{"pdf", "", nil},
		{"pdf-signed-ecdsa", "?sign=true", nil},
		{"pdf-signed-rsa", "?sign=true", func(c *Config) { c.Signer = rsaSigner }},
		{"docx", "?format=docx", nil},
		{"xlsx", "?format=xlsx", nil},
	} {
		b.Run(c.name, func(b *testing.B) {
			f := newFixture(b, c.mutate)
			h := f.srv.Handler()
			b.ReportAllocs()
			b.SetBytes(int64(len(body)))
			for b.Loop() {
				req := httptest.NewRequest("POST", "/v1/render"+c.query, bytes.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Authorization", "Bearer "+testToken)
				w := httptest.NewRecorder()
				h.ServeHTTP(w, req)
				if w.Code != http.StatusOK {
					b.Fatalf("status %d: %s", w.Code, w.Body.Bytes())
				}
			}
		})
	}
}

// BenchmarkWebDocument measures what a person waits for after «Проверить и
// показать» with seed 001: the form read, the document checked and
// prepared, every page drawn as SVG and the whole HTML page written.
func BenchmarkWebDocument(b *testing.B) {
	seed := seed001(b)
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("csrf", strings.Repeat("a", 32))
	fw, _ := mw.CreateFormFile("file", "карта.json")
	fw.Write(seed)
	mw.Close()
	f := newFixture(b, nil)
	h := f.srv.Handler()
	b.ReportAllocs()
	b.SetBytes(int64(len(seed)))
	for b.Loop() {
		req := httptest.NewRequest("POST", "/document", bytes.NewReader(body.Bytes()))
		req.Header.Set("Content-Type", mw.FormDataContentType())
		req.AddCookie(&http.Cookie{Name: csrfCookie, Value: strings.Repeat("a", 32)})
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != http.StatusOK || !bytes.Contains(w.Body.Bytes(), []byte("<svg")) {
			b.Fatalf("%d: %.300s", w.Code, w.Body.Bytes())
		}
	}
}
