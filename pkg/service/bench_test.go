package service

import (
	"bytes"
	"crypto/rand"
	"crypto/rsa"
	"net/http"
	"net/http/httptest"
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
