package service

import (
	"bytes"
	"mime"
	"net/http"
	"strings"
	"testing"
)

func TestMetrics(t *testing.T) {
	f := newFixture(t, nil)
	f.do(t, "POST", "/v1/render?format=docx", bytes.NewReader(seed001(t)))
	f.do(t, "POST", "/v1/render?sign=true", bytes.NewReader(seed001(t)), "Authorization", "Bearer "+testToken)
	f.do(t, "POST", "/v1/render", strings.NewReader("{"))
	r := f.do(t, "GET", "/metrics", nil)
	for _, want := range []string{
		`kartograf_render_duration_seconds_count{format="docx",signed="false"} 1`,
		`kartograf_render_duration_seconds_count{format="pdf",signed="true"} 1`,
		`kartograf_render_duration_seconds_bucket{format="pdf",signed="true",le="+Inf"} 1`,
		`kartograf_errors_total{kind="invalid-json"} 1`,
		`kartograf_requests_in_flight 1`, // the /metrics request itself
		`kartograf_render_queue_waiting 0`,
		`kartograf_request_body_bytes 0`,
		`kartograf_http_requests_total{code="400",method="POST",route="/v1/render"} 1`,
		`process_resident_memory_bytes`,
		`go_goroutines`,
	} {
		if !bytes.Contains(r.body, []byte(want)) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}

func TestRequestIDAndAccessLog(t *testing.T) {
	f := newFixture(t, nil)
	r := f.do(t, "GET", "/healthz", nil, "X-Request-Id", "abc-123")
	if r.header.Get("X-Request-Id") != "abc-123" {
		t.Errorf("a sane client id is kept: %q", r.header.Get("X-Request-Id"))
	}
	r = f.do(t, "GET", "/healthz", nil, "X-Request-Id", "bad id {}")
	if id := r.header.Get("X-Request-Id"); id == "" || strings.ContainsAny(id, " {") {
		t.Errorf("an unsafe client id must be replaced: %q", id)
	}
	f.do(t, "POST", "/v1/render?sign=true", bytes.NewReader(seed001(t)), "Authorization", "Bearer "+testToken)
	// The line is written after the response has gone out.
	waitFor(t, "the access log line", func() bool { return strings.Contains(f.logs.String(), `"path":"/v1/render"`) })
	logs := f.logs.String()
	for _, want := range []string{`"request_id":"abc-123"`, `"path":"/v1/render"`, `"status":200`, `"auth":"ok"`, `"format":"pdf"`, `"template":"school-roadmap@1.1.0"`} {
		if !strings.Contains(logs, want) {
			t.Errorf("access log lacks %s", want)
		}
	}
	if strings.Contains(logs, testToken) {
		t.Error("the token was logged")
	}
}

func TestRequireAuth(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.RequireAuth = true })
	if r := f.do(t, "GET", "/v1/templates", nil, "Authorization", "Bearer "+testToken); r.status != http.StatusOK {
		t.Errorf("with the token: %d", r.status)
	}
	if r := f.do(t, "POST", "/v1/render", bytes.NewReader(seed001(t)), "Authorization", "bearer "+testToken); r.status != http.StatusOK {
		t.Errorf("the scheme is case-insensitive: %d", r.status)
	}
	// Probes and metrics stay open for the orchestrator.
	for _, p := range []string{"/healthz", "/readyz", "/metrics", "/openapi.json"} {
		if r := f.do(t, "GET", p, nil); r.status != http.StatusOK {
			t.Errorf("%s: %d", p, r.status)
		}
	}
	if _, err := New(Config{Engine: f.srv.cfg.Engine, RequireAuth: true}); err == nil {
		t.Error("RequireAuth without tokens was accepted")
	}
}

func TestContentDisposition(t *testing.T) {
	for _, c := range []struct{ name, ascii string }{
		{"Дорожная карта — МКОУ «СОШ №2» с.п. Урожайное — 2024-2025.pdf", "Dorozhnaia karta - MKOU SOSh N2 s.p. Urozhainoe - 2024-2025.pdf"},
		{"Анализ реализации дорожной карты — Щёлковская ЦЮБ.docx", "Analiz realizatsii dorozhnoi karty - Shchelkovskaia TsIuB.docx"},
		{"“quotes” and \\ back.xlsx", "quotes and back.xlsx"},
		{"«».pdf", "document.pdf"},
	} {
		h := contentDisposition(c.name)
		_, params, err := mime.ParseMediaType(h)
		if err != nil {
			t.Fatalf("%q: %v", h, err)
		}
		if params["filename"] != c.name {
			t.Errorf("RFC 5987 name %q, want %q", params["filename"], c.name)
		}
		fallback := strings.TrimSuffix(strings.SplitN(h, `filename="`, 2)[1], `"; filename*=UTF-8''`+rfc5987(c.name))
		if fallback != c.ascii {
			t.Errorf("ASCII name %q, want %q", fallback, c.ascii)
		}
		for _, r := range fallback {
			if r < 0x20 || r > 0x7e || r == '"' || r == '\\' {
				t.Errorf("ASCII name has %q", r)
			}
		}
	}
}
