package service

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509/pkix"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kartograf-ru/kartograf/internal/testtool"
	"github.com/kartograf-ru/kartograf/internal/testtool/testdoc"
	"github.com/kartograf-ru/kartograf/pkg/sign"
)

// engine is shared by the tests: building one loads and checks every
// template, which every test would otherwise repeat.
var engine = testdoc.SharedEngine

const testToken = "test-token-0123456789abcdef"

func seed001(t testing.TB) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "seeds", "001_49fbf96383fe353c.json"))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// testSigner is an ECDSA key with a self-signed certificate.
func testSigner(t testing.TB) *sign.KeySigner {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return signerFor(t, key)
}

// signerFor makes a self-signed certificate for key.
func signerFor(t testing.TB, key crypto.Signer) *sign.KeySigner {
	t.Helper()
	cert := testtool.Certificate(t, key, pkix.Name{CommonName: "Жилов Анзор Хасанович"}, 0x7E57, time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC))
	return &sign.KeySigner{Key: key, Cert: cert}
}

type fixture struct {
	srv  *Server
	url  string
	logs *testtool.SyncBuffer
}

// newFixture serves a server with a signing key and testToken, adjusted
// by mutate, on a real loopback listener.
func newFixture(t testing.TB, mutate func(*Config)) *fixture {
	t.Helper()
	eng, err := engine()
	if err != nil {
		t.Fatal(err)
	}
	logs := new(testtool.SyncBuffer)
	cfg := Config{
		Engine: eng,
		Signer: testSigner(t),
		Tokens: []string{testToken},
		Logger: slog.New(slog.NewJSONHandler(logs, nil)),
		Now:    func() time.Time { return time.Date(2024, 8, 30, 10, 0, 0, 0, time.UTC) },
	}
	if mutate != nil {
		mutate(&cfg)
	}
	srv, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return &fixture{srv: srv, url: ts.URL, logs: logs}
}

type reply struct {
	status int
	header http.Header
	body   []byte
}

func (f *fixture) do(t testing.TB, method, path string, body io.Reader, header ...string) reply {
	t.Helper()
	req, err := http.NewRequest(method, f.url+path, body)
	if err != nil {
		t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(header); i += 2 {
		if header[i+1] == "" {
			req.Header.Del(header[i])
			continue
		}
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return reply{status: resp.StatusCode, header: resp.Header, body: data}
}

func (r reply) problem(t testing.TB) Problem {
	t.Helper()
	if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/problem+json") {
		t.Fatalf("status %d: Content-Type %q, want application/problem+json; body %.300s", r.status, ct, r.body)
	}
	var p Problem
	if err := json.Unmarshal(r.body, &p); err != nil {
		t.Fatalf("problem body: %v\n%s", err, r.body)
	}
	return p
}

// plan builds a roadmap with n measures in one section.
func plan(n int, full bool) []byte {
	var b strings.Builder
	b.WriteString(`{"kind":"roadmap","organization":{"full_name":"МКОУ «СОШ №1»"},"title":"ДОРОЖНАЯ КАРТА","body":[{"plan":{"sections":[{"title":"МЕРОПРИЯТИЯ","items":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		if full {
			fmt.Fprintf(&b, `{"title":"Мероприятие %d по повышению качества образования","deadline":"Сентябрь 2024г.","responsible":"Заместитель директора по УВР"}`, i+1)
		} else {
			b.WriteString(`{"title":"a"}`)
		}
	}
	b.WriteString(`]}]}}]}`)
	return []byte(b.String())
}
