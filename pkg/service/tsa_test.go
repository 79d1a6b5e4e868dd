package service

import (
	"bytes"
	"crypto/x509"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kartograf-ru/kartograf/internal/testtool/tsatest"
	"github.com/kartograf-ru/kartograf/pkg/sign"
)

// A signed render with a TSA carries a time-stamp; a TSA that hangs makes
// the signed render answer 503 tsa-unavailable with Retry-After when the
// TSA's timeout — not the render's — runs out, and frees the only render
// slot for the next request; unsigned renders never ask the TSA.
func TestServiceTimeStamp(t *testing.T) {
	tsa := tsatest.Start(t)
	signer := testSigner(t)
	f := newFixture(t, func(cfg *Config) {
		cfg.Signer = signer
		cfg.TSA = &sign.HTTPTimeStamper{URL: tsa.URL, Timeout: 300 * time.Millisecond}
		cfg.MaxInFlight = 1
		cfg.RenderTimeout = time.Hour
	})
	signed := func() reply {
		return f.do(t, "POST", "/v1/render?sign=true", bytes.NewReader(seed001(t)), "Authorization", "Bearer "+testToken)
	}
	r := signed()
	if r.status != http.StatusOK {
		t.Fatalf("status %d: %.300s", r.status, r.body)
	}
	roots := x509.NewCertPool()
	roots.AddCert(signer.Cert)
	roots.AddCert(tsa.Root)
	sigs, err := sign.VerifyWith(r.body, sign.VerifyOptions{Roots: roots})
	if err != nil || !sigs[0].Valid || sigs[0].TimeStamp == nil || !sigs[0].TimeStamp.Valid || !sigs[0].TimeStamp.Trusted {
		t.Fatalf("the signed render has no valid time-stamp: %v %+v", err, sigs)
	}

	tsa.SetMode(tsatest.Hang)
	r = signed()
	if r.status != http.StatusServiceUnavailable {
		t.Fatalf("a hanging TSA: status %d, want 503: %.300s", r.status, r.body)
	}
	p := r.problem(t)
	if !strings.HasSuffix(p.Type, string(KindTSAUnavailable)) || r.header.Get("Retry-After") == "" ||
		!strings.Contains(p.Detail, "не ответила вовремя") || len(p.Errors) != 1 || p.Errors[0].Path != "sign" {
		t.Errorf("a hanging TSA: %+v, Retry-After %q", p, r.header.Get("Retry-After"))
	}
	n := tsa.Requests.Load()
	if r := f.do(t, "POST", "/v1/render", bytes.NewReader(seed001(t))); r.status != http.StatusOK {
		t.Errorf("an unsigned render while the TSA hangs: status %d: %.300s", r.status, r.body)
	}
	if tsa.Requests.Load() != n {
		t.Error("an unsigned render asked the TSA")
	}
}

// BenchmarkRenderSignedTSA measures a signed render of seed 001 through
// the router with a B-T time-stamp from a loopback TSA, against B-B, from
// parallel clients: ns/op is the inverse of throughput, p99-ms the 99th
// percentile of one request's latency.
func BenchmarkRenderSignedTSA(b *testing.B) {
	tsa := tsatest.Start(b)
	body := seed001(b)
	for _, c := range []struct {
		name string
		tsa  sign.TimeStamper
	}{{"B-B", nil}, {"B-T", &sign.HTTPTimeStamper{URL: tsa.URL}}} {
		b.Run(c.name, func(b *testing.B) {
			f := newFixture(b, func(cfg *Config) { cfg.TSA = c.tsa })
			h := f.srv.Handler()
			var mu sync.Mutex
			var lat []time.Duration
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				var mine []time.Duration
				for pb.Next() {
					req := httptest.NewRequest("POST", "/v1/render?sign=true", bytes.NewReader(body))
					req.Header.Set("Content-Type", "application/json")
					req.Header.Set("Authorization", "Bearer "+testToken)
					w := httptest.NewRecorder()
					start := time.Now()
					h.ServeHTTP(w, req)
					mine = append(mine, time.Since(start))
					if w.Code != http.StatusOK {
						b.Errorf("status %d: %.300s", w.Code, w.Body.Bytes())
						return
					}
				}
				mu.Lock()
				lat = append(lat, mine...)
				mu.Unlock()
			})
			if len(lat) > 0 {
				slices.Sort(lat)
				b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
			}
		})
	}
}
