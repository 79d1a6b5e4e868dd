package service

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

// waitFor polls cond for up to 10 s.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

// slowRender starts a render of a big plan and returns its reply channel.
func slowRender(t *testing.T, f *fixture) <-chan reply {
	t.Helper()
	body := plan(4000, true)
	ch := make(chan reply, 1)
	go func() {
		resp, err := http.Post(f.url+"/v1/render", "application/json", bytes.NewReader(body))
		if err != nil {
			ch <- reply{status: -1, body: []byte(err.Error())}
			return
		}
		defer resp.Body.Close()
		data, _ := io.ReadAll(resp.Body)
		ch <- reply{status: resp.StatusCode, header: resp.Header, body: data}
	}()
	return ch
}

func TestOverloadAnswers429(t *testing.T) {
	t.Run("admission full", func(t *testing.T) {
		f := newFixture(t, func(c *Config) { c.MaxInFlight = 1; c.MaxQueue = -1 })
		first := slowRender(t, f)
		waitFor(t, "the first render", func() bool { return len(f.srv.limit.render) == 1 })
		r := f.do(t, "POST", "/v1/render", bytes.NewReader(seed001(t)))
		if r.status != http.StatusTooManyRequests || r.header.Get("Retry-After") == "" || r.problem(t).Type != problemTypePrefix+string(KindOverloaded) {
			t.Fatalf("status %d, Retry-After %q: %.300s", r.status, r.header.Get("Retry-After"), r.body)
		}
		if got := <-first; got.status != http.StatusOK {
			t.Fatalf("the admitted render: %d %.300s", got.status, got.body)
		}
	})
	t.Run("queue wait", func(t *testing.T) {
		f := newFixture(t, func(c *Config) { c.MaxInFlight = 1; c.MaxQueue = 1; c.QueueTimeout = 20 * time.Millisecond })
		first := slowRender(t, f)
		waitFor(t, "the first render", func() bool { return len(f.srv.limit.render) == 1 })
		r := f.do(t, "POST", "/v1/render", bytes.NewReader(seed001(t)))
		if r.status != http.StatusTooManyRequests || r.header.Get("Retry-After") == "" || !strings.Contains(r.problem(t).Detail, "не дождались") {
			t.Fatalf("status %d: %.300s", r.status, r.body)
		}
		if got := <-first; got.status != http.StatusOK {
			t.Fatalf("the admitted render: %d", got.status)
		}
		// The slots are free again.
		if r := f.do(t, "POST", "/v1/render", bytes.NewReader(seed001(t))); r.status != http.StatusOK {
			t.Fatalf("after the load: %d", r.status)
		}
	})
}

func TestRenderTimeoutAnswers503(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.RenderTimeout = 5 * time.Millisecond })
	r := f.do(t, "POST", "/v1/render", bytes.NewReader(plan(4000, true)))
	if r.status != http.StatusServiceUnavailable || r.header.Get("Retry-After") == "" {
		t.Fatalf("status %d: %.300s", r.status, r.body)
	}
	if p := r.problem(t); p.Type != problemTypePrefix+string(KindTimeout) || !strings.Contains(p.Detail, "5ms") {
		t.Errorf("%+v", p)
	}
	if len(f.srv.limit.render) != 0 || len(f.srv.limit.admit) != 0 {
		t.Error("a timed-out render kept its slot")
	}
}

// TestShutdownFinishesInFlight cancels Serve's context while a render is
// running: the render completes, new connections are refused, Serve
// returns cleanly.
func TestShutdownFinishesInFlight(t *testing.T) {
	eng, _ := engine()
	srv, err := New(Config{Engine: eng, DrainDelay: 50 * time.Millisecond})
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
	f := &fixture{srv: srv, url: "http://" + ln.Addr().String()}
	waitFor(t, "readiness", func() bool {
		resp, err := http.Get(f.url + "/readyz")
		if err == nil {
			resp.Body.Close()
		}
		return err == nil && resp.StatusCode == 200
	})

	inflight := slowRender(t, f)
	waitFor(t, "the render to start", func() bool { return len(srv.limit.render) == 1 })
	cancel() // what SIGTERM does in kartograf serve

	got := <-inflight
	if got.status != http.StatusOK || !bytes.HasPrefix(got.body, []byte("%PDF-")) || !bytes.HasSuffix(bytes.TrimSpace(got.body), []byte("%%EOF")) {
		t.Fatalf("the in-flight render: %d, %d bytes", got.status, len(got.body))
	}
	if n, _ := strconv.Atoi(got.header.Get("Content-Length")); n != len(got.body) {
		t.Errorf("Content-Length %d, body %d", n, len(got.body))
	}
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Serve: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("Serve did not return")
	}
	if !srv.draining.Load() {
		t.Error("readiness was not withdrawn")
	}
	if c, err := net.DialTimeout("tcp", ln.Addr().String(), time.Second); err == nil {
		c.Close()
		t.Error("the listener still accepts after shutdown")
	}
}
