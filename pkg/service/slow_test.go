package service

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// slowClient holds a connection open, sending a request body one byte a
// second: the attack that used to take every admission slot.
type slowClient struct {
	conn net.Conn
	stop chan struct{}
	done chan struct{}
	once sync.Once
}

func startSlowClient(t *testing.T, addr string, chunked bool) *slowClient {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	head := "POST /v1/render HTTP/1.1\r\nHost: kartograf\r\nContent-Type: application/json\r\n"
	if chunked {
		head += "Transfer-Encoding: chunked\r\n\r\n"
	} else {
		head += "Content-Length: 1000000\r\n\r\n"
	}
	if _, err := io.WriteString(conn, head); err != nil {
		t.Fatal(err)
	}
	sc := &slowClient{conn: conn, stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(sc.done)
		tick := time.NewTicker(time.Second)
		defer tick.Stop()
		for {
			piece := "{"
			if chunked {
				piece = "1\r\n{\r\n"
			}
			conn.SetWriteDeadline(time.Now().Add(time.Second))
			if _, err := io.WriteString(conn, piece); err != nil {
				return
			}
			select {
			case <-sc.stop:
				return
			case <-tick.C:
			}
		}
	}()
	return sc
}

func (sc *slowClient) close() {
	sc.once.Do(func() {
		close(sc.stop)
		<-sc.done
		sc.conn.Close()
	})
}

var inFlightRE = regexp.MustCompile(`(?m)^kartograf_requests_in_flight (\d+)`)

// inFlight reads the in-flight gauge from /metrics (which counts itself).
func inFlight(t *testing.T, f *fixture) int {
	t.Helper()
	r := f.do(t, "GET", "/metrics", nil)
	m := inFlightRE.FindSubmatch(r.body)
	if m == nil {
		t.Fatalf("no in-flight gauge in /metrics")
	}
	n, _ := strconv.Atoi(string(m[1]))
	return n - 1
}

func heapInUse() uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapInuse
}

// TestSlowBodiesDoNotStarveRenders attaches 30 clients that send their
// bodies at one byte a second (half with a Content-Length, half chunked)
// and then sends 20 ordinary renders one after another: each must be
// answered 200 within two seconds while the slow clients stay attached.
func TestSlowBodiesDoNotStarveRenders(t *testing.T) {
	f := newFixture(t, func(c *Config) {
		c.MaxInFlight = 2 // admission: 2 + 16 queued, fewer than the slow clients
		// Keep the slow clients attached for the whole test: what is
		// tested is admission, not how soon they are cut off.
		c.BodyTimeout = time.Minute
		c.MinBodyRate = -1
	})
	addr := strings.TrimPrefix(f.url, "http://")
	good := seed001(t)
	heap0 := heapInUse()

	var slow []*slowClient
	for i := range 30 {
		slow = append(slow, startSlowClient(t, addr, i%2 == 1))
	}
	defer func() {
		for _, sc := range slow {
			sc.close()
		}
	}()
	// Give every slow request time to reach its handler and send a byte
	// or two (the old server had refused a dozen by now and held 18 slots).
	time.Sleep(1500 * time.Millisecond)
	heapSlow := heapInUse()

	client := &http.Client{Timeout: 2 * time.Second}
	for i := range 20 {
		start := time.Now()
		resp, err := client.Post(f.url+"/v1/render", "application/json", bytes.NewReader(good))
		if err != nil {
			t.Fatalf("render %d with 30 slow clients attached: %v", i+1, err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || !bytes.HasPrefix(body, []byte("%PDF-")) {
			t.Fatalf("render %d with 30 slow clients attached: %d %.300s", i+1, resp.StatusCode, body)
		}
		t.Logf("render %d: %v", i+1, time.Since(start).Round(time.Millisecond))
	}
	// The slow clients were attached all along.
	if n := inFlight(t, f); n < 30 {
		t.Fatalf("only %d requests in flight: the slow clients were cut off, so the test proved nothing", n)
	}
	heapAfter := heapInUse()
	t.Logf("heap in use: %.1f MiB before, %.1f MiB with 30 slow clients, %.1f MiB after 20 renders",
		float64(heap0)/(1<<20), float64(heapSlow)/(1<<20), float64(heapAfter)/(1<<20))
	if held := f.srv.bodies.inUse(); held > 30*bodyChunk {
		t.Errorf("%d bytes of body reserved for 30 clients that sent a few bytes each", held)
	}

	for _, sc := range slow {
		sc.close()
	}
	waitFor(t, "every slot and byte to be released", func() bool {
		return inFlight(t, f) == 0 && f.srv.bodies.inUse() == 0 &&
			len(f.srv.limit.admit) == 0 && len(f.srv.limit.render) == 0
	})
}

// TestSlowBodyAnswers408 checks that a body that trickles in is cut off:
// by the minimum rate after the grace period, and by the body deadline.
func TestSlowBodyAnswers408(t *testing.T) {
	for _, c := range []struct {
		name    string
		mutate  func(*Config)
		chunked bool
		within  time.Duration
		detail  string
	}{
		{"minimum rate, default settings", nil, false, 3*bodyGrace + time.Second, "байт/с"},
		{"minimum rate, chunked", nil, true, 3*bodyGrace + time.Second, "байт/с"},
		{"body deadline", func(c *Config) { c.BodyTimeout = 1500 * time.Millisecond; c.MinBodyRate = -1 }, false, 4 * time.Second, "1.5s"},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t, c.mutate)
			sc := startSlowClient(t, strings.TrimPrefix(f.url, "http://"), c.chunked)
			defer sc.close()
			sc.conn.SetReadDeadline(time.Now().Add(c.within))
			resp, err := http.ReadResponse(bufio.NewReader(sc.conn), nil)
			if err != nil {
				t.Fatalf("no answer to a slow body within %v: %v", c.within, err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			r := reply{status: resp.StatusCode, header: resp.Header, body: body}
			if r.status != http.StatusRequestTimeout {
				t.Fatalf("status %d, want 408: %.300s", r.status, r.body)
			}
			p := r.problem(t)
			if p.Type != problemTypePrefix+string(KindBodyTimeout) || !hasCyrillic(p.Detail) || !strings.Contains(p.Detail, c.detail) {
				t.Errorf("%+v", p)
			}
			waitFor(t, "the slow request to be released", func() bool {
				return f.srv.bodies.inUse() == 0 && len(f.srv.limit.admit) == 0
			})
		})
	}
}

// TestBodyMemoryBudget: bodies are counted in bytes; when the budget is
// spent, a new body is refused with 429 rather than read into memory,
// and the budget comes back when the bodies are done.
func TestBodyMemoryBudget(t *testing.T) {
	f := newFixture(t, func(c *Config) {
		c.MaxBodyBytes = 256 << 10
		c.MaxBodyMemory = 256 << 10
		c.MinBodyRate = -1
	})
	addr := strings.TrimPrefix(f.url, "http://")
	// One client sends 200 KiB at once and then stalls: it holds 200 KiB.
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST /v1/render HTTP/1.1\r\nHost: k\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n", 250<<10)
	conn.Write(bytes.Repeat([]byte(" "), 200<<10))
	waitFor(t, "the stalled body to be held", func() bool { return f.srv.bodies.inUse() >= 200<<10 })

	r := f.do(t, "POST", "/v1/render", bytes.NewReader(append(seed001(t), bytes.Repeat([]byte(" "), 100<<10)...)))
	if r.status != http.StatusTooManyRequests || r.header.Get("Retry-After") == "" {
		t.Fatalf("status %d, want 429 with Retry-After: %.300s", r.status, r.body)
	}
	if p := r.problem(t); p.Type != problemTypePrefix+string(KindOverloaded) || !hasCyrillic(p.Detail) {
		t.Errorf("%+v", p)
	}
	conn.Close()
	waitFor(t, "the budget to come back", func() bool { return f.srv.bodies.inUse() == 0 })
	if r := f.do(t, "POST", "/v1/render", bytes.NewReader(seed001(t))); r.status != http.StatusOK {
		t.Fatalf("after the stalled client left: %d %.300s", r.status, r.body)
	}
}
