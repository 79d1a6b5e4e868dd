package service

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/kartograf-ru/kartograf/internal/testtool"
)

// TestMalformedQuery: a query string that does not parse is a 400 naming
// the parameter, not a request whose parameters were silently dropped.
func TestMalformedQuery(t *testing.T) {
	f := newFixture(t, nil)
	good := seed001(t)
	for _, c := range []struct {
		method, path string
		body         []byte
		param        string
	}{
		{"POST", "/v1/render?format=%zz", good, "format"},
		{"POST", "/v1/render?format=docx&sign=%", good, "sign"},
		{"POST", "/v1/render?%zz=pdf", good, "%zz"},
		{"POST", "/v1/render?format=pdf;sign=true", good, "format"},
		{"POST", "/v1/validate?template=school-roadmap%ZZ", good, "template"},
		{"POST", "/v1/batch?x=%zz", batchBody(t, twoSchools, ""), "x"},
		{"GET", "/v1/templates?q=%zz", nil, "q"},
	} {
		t.Run(c.path, func(t *testing.T) {
			var body io.Reader
			if c.body != nil {
				body = bytes.NewReader(c.body)
			}
			r := f.do(t, c.method, c.path, body)
			if r.status != http.StatusBadRequest {
				t.Fatalf("status %d, want 400: %.300s", r.status, r.body)
			}
			p := r.problem(t)
			if p.Type != problemTypePrefix+string(KindInvalidParameter) || len(p.Errors) == 0 || p.Errors[0].Path != c.param || !hasCyrillic(p.Detail) {
				t.Errorf("%+v", p)
			}
		})
	}
}

// TestTokenInQueryRefusedAndNotLogged: a token in the address ends up in
// proxy logs and browser history, so it is refused on every route, and
// the access log carries no query value at all.
func TestTokenInQueryRefusedAndNotLogged(t *testing.T) {
	f := newFixture(t, nil)
	const secret = "s3cr3t-in-the-query-0123456789"
	for _, c := range []struct{ method, path string }{
		{"POST", "/v1/render?token=" + secret},
		{"POST", "/v1/render?sign=true&access_token=" + secret},
		{"GET", "/v1/templates?API_KEY=" + secret},
		{"GET", "/healthz?Authorization=Bearer+" + secret},
		{"POST", "/v1/validate?bearer=" + secret},
		{"POST", "/v1/batch?key=" + secret},
		{"GET", "/metrics?auth=" + secret},
	} {
		t.Run(c.path, func(t *testing.T) {
			var body io.Reader
			if c.method == "POST" {
				body = bytes.NewReader(seed001(t))
			}
			r := f.do(t, c.method, c.path, body)
			if r.status != http.StatusBadRequest {
				t.Fatalf("status %d, want 400: %.300s", r.status, r.body)
			}
			p := r.problem(t)
			if p.Type != problemTypePrefix+string(KindInvalidParameter) || !strings.Contains(p.Detail, "Authorization") || len(p.Errors) == 0 {
				t.Errorf("%+v", p)
			}
			if bytes.Contains(r.body, []byte(secret)) {
				t.Error("the answer repeats the token")
			}
		})
	}
	// Values of ordinary parameters are not logged either.
	f.do(t, "POST", "/v1/render?format=pdf&template=school-roadmap@1.1.0", bytes.NewReader(seed001(t)))
	f.do(t, "POST", "/v1/render?fromat="+secret, bytes.NewReader(seed001(t)))
	waitFor(t, "the access log", func() bool { return strings.Count(f.logs.String(), `"msg":"запрос"`) >= 9 })
	logs := f.logs.String()
	if strings.Contains(logs, secret) || strings.Contains(logs, "s3cr3t") {
		t.Errorf("the token reached the access log:\n%s", logs)
	}
	if strings.Contains(logs, "school-roadmap@1.1.0&") || strings.Contains(logs, "format=pdf") {
		t.Errorf("query values reached the access log:\n%s", logs)
	}
	if !strings.Contains(logs, `"query":"format=…&template=…"`) {
		t.Errorf("the access log should name the parameters with their values redacted:\n%s", logs)
	}
}

// TestTrustedProxies: X-Forwarded-For is believed only from a configured
// proxy; from anyone else it is a header a client can forge.
func TestTrustedProxies(t *testing.T) {
	remote := func(t *testing.T, f *fixture) string {
		t.Helper()
		f.do(t, "GET", "/healthz", nil, "X-Forwarded-For", "203.0.113.7", "X-Real-Ip", "203.0.113.8")
		var line struct{ Remote string }
		waitFor(t, "the access log", func() bool { return strings.Contains(f.logs.String(), `"remote"`) })
		if err := json.Unmarshal([]byte(strings.SplitN(f.logs.String(), "\n", 2)[0]), &line); err != nil {
			t.Fatal(err)
		}
		return line.Remote
	}
	if got := remote(t, newFixture(t, nil)); got != "127.0.0.1" {
		t.Errorf("no trusted proxies: logged client %q, want the peer 127.0.0.1", got)
	}
	if got := remote(t, newFixture(t, func(c *Config) { c.TrustedProxies = []string{"10.0.0.0/8"} })); got != "127.0.0.1" {
		t.Errorf("the peer is not a trusted proxy: logged client %q, want 127.0.0.1", got)
	}
	if got := remote(t, newFixture(t, func(c *Config) { c.TrustedProxies = []string{"127.0.0.1"} })); got != "203.0.113.7" {
		t.Errorf("from a trusted proxy: logged client %q, want 203.0.113.7", got)
	}
	if _, err := New(Config{Engine: newFixture(t, nil).srv.cfg.Engine, TrustedProxies: []string{"not-an-ip"}}); err == nil {
		t.Error("a malformed proxy address was accepted")
	}
}

// TestHeadMirrorsGet walks the router: every GET route answers HEAD with
// the same status and headers and no body.
func TestHeadMirrorsGet(t *testing.T) {
	f := newFixture(t, nil)
	n := 0
	for _, rt := range f.srv.router.Routes() {
		if rt.Method != http.MethodGet {
			continue
		}
		n++
		path := strings.ReplaceAll(rt.Path, ":id", "school-roadmap")
		get := f.do(t, "GET", path, nil)
		head := f.do(t, "HEAD", path, nil)
		if head.status != get.status || len(head.body) != 0 {
			t.Errorf("HEAD %s: %d with %d bytes; GET: %d", path, head.status, len(head.body), get.status)
			continue
		}
		for _, h := range []string{"Content-Type", "Cache-Control"} {
			if head.header.Get(h) != get.header.Get(h) {
				t.Errorf("HEAD %s: %s %q, GET %q", path, h, head.header.Get(h), get.header.Get(h))
			}
		}
	}
	if n < 6 {
		t.Errorf("only %d GET routes", n)
	}
	// A route without GET still says 405, not 404.
	if r := f.do(t, "HEAD", "/v1/render", nil); r.status != http.StatusMethodNotAllowed {
		t.Errorf("HEAD /v1/render: %d", r.status)
	}
}

// TestDrainKeepsAccepting: on shutdown readiness turns 503 at once, while
// the listener keeps accepting and serving for the drain delay, so that
// requests routed before the load balancer noticed still succeed.
func TestDrainKeepsAccepting(t *testing.T) {
	eng, _ := engine()
	logs := new(testtool.SyncBuffer)
	srv, err := New(Config{Engine: eng, DrainDelay: 1500 * time.Millisecond, Logger: slog.New(slog.NewJSONHandler(logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, ln) }()
	f := &fixture{srv: srv, url: "http://" + ln.Addr().String(), logs: logs}
	waitFor(t, "readiness", func() bool {
		resp, err := http.Get(f.url + "/readyz")
		if err == nil {
			resp.Body.Close()
		}
		return err == nil && resp.StatusCode == 200
	})
	cancel()
	stopped := time.Now()
	waitFor(t, "readiness to be withdrawn", func() bool { return srv.draining.Load() })
	// A new connection, not a kept-alive one: the listener is still open.
	fresh := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 5 * time.Second}
	resp, err := fresh.Get(f.url + "/readyz")
	if err != nil {
		t.Fatalf("/readyz during the drain: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("/readyz during the drain: %d, want 503", resp.StatusCode)
	}
	resp, err = fresh.Post(f.url+"/v1/render", "application/json", bytes.NewReader(seed001(t)))
	if err != nil {
		t.Fatalf("a render during the drain: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("a render during the drain: %d", resp.StatusCode)
	}
	if time.Since(stopped) > 1200*time.Millisecond {
		t.Fatalf("the checks took %v, longer than the drain delay: the test proved nothing", time.Since(stopped))
	}
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Serve: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("Serve did not return")
	}
	if took := time.Since(stopped); took < 1500*time.Millisecond {
		t.Errorf("Serve returned %v after the stop, before the drain delay", took)
	}
	if c, err := net.DialTimeout("tcp", ln.Addr().String(), time.Second); err == nil {
		c.Close()
		t.Error("the listener still accepts after the drain")
	}
}

// TestBatchImpossibleTo: a target year that cannot be used is a problem
// about the field «to», answered before the first byte of the archive.
func TestBatchImpossibleTo(t *testing.T) {
	f := newFixture(t, nil)
	for _, to := range []string{"2024-2026", "2025-2024", "abcd", "2023-2024", "2022-2023", "2025", "9999-10000"} {
		t.Run(to, func(t *testing.T) {
			r := f.do(t, "POST", "/v1/batch", bytes.NewReader(batchBody(t, twoSchools, `, "to": "`+to+`"`)))
			if r.status != http.StatusUnprocessableEntity && r.status != http.StatusBadRequest {
				t.Fatalf("status %d (%s), want 400 or 422: %.200s", r.status, r.header.Get("Content-Type"), r.body)
			}
			p := r.problem(t)
			if len(p.Errors) == 0 || p.Errors[0].Path != "to" || !hasCyrillic(p.Errors[0].Message) {
				t.Errorf("%+v", p)
			}
		})
	}
}
