// The scenarios: driving requests at the server with concurrent clients
// and checking the PDFs it answers with.

package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/kartograf-ru/kartograf"
)

// seedDocument returns the JSON of the built-in seed document 001.
func seedDocument() ([]byte, error) {
	for _, d := range kartograf.Demos() {
		if strings.HasPrefix(d.Name, seedPrefix) {
			return d.JSON, nil
		}
	}
	return nil, fmt.Errorf("no built-in seed document whose name starts with %q", seedPrefix)
}

// scenario describes one kind of request.
type scenario struct {
	name   string
	url    string
	token  string // bearer token, signed only
	signed bool
}

func newScenario(name, addr, token string) scenario {
	sc := scenario{name: name, url: "http://" + addr + "/v1/render?format=pdf"}
	if name == scSigned {
		sc.url += "&sign=true"
		sc.token = token
		sc.signed = true
	}
	return sc
}

// runScenarios warms up and measures every scenario in turn.
func runScenarios(ctx context.Context, cfg *config, srv *server, token string, body []byte, stdout io.Writer) (bool, error) {
	client := newClient(cfg.conc)
	defer client.CloseIdleConnections()
	clean := true
	for _, name := range cfg.scenarios {
		sc := newScenario(name, srv.addr, token)
		fmt.Fprintln(stdout)
		var slow *slowClients
		if cfg.slow > 0 {
			slow = startSlow(ctx, srv.addr, cfg.slow)
		}
		stopSlow := func() string {
			if slow == nil {
				return ""
			}
			line := slow.stop()
			slow = nil
			return line
		}
		if cfg.warmup > 0 {
			w := drive(ctx, client, sc, body, cfg.conc, cfg.warmup)
			if ctx.Err() != nil {
				stopSlow()
				return false, errInterrupted
			}
			fmt.Fprintf(stdout, "warmup    %s  %s  %d ok, %d errors\n", name, cfg.warmup, len(w.latencies), w.errorCount())
		}
		res, err := measure(ctx, client, sc, body, cfg.conc, cfg.duration, srv.pid())
		line := stopSlow()
		if err != nil {
			return false, err
		}
		printResult(stdout, res)
		if line != "" {
			fmt.Fprintf(stdout, "slow      %s\n", line)
		}
		if cfg.json {
			if err := printJSON(stdout, res, cfg); err != nil {
				return false, err
			}
		}
		if srv.exited() {
			return false, fmt.Errorf("server exited during scenario %s (%v)", name, srv.waitErr)
		}
		if res.load.errorCount() > 0 {
			clean = false
		}
	}
	return clean, nil
}

func newClient(conc int) *http.Client {
	return &http.Client{
		Timeout: requestTimeout,
		Transport: &http.Transport{
			Proxy:               nil, // loopback only, never through a proxy
			MaxIdleConns:        2 * conc,
			MaxIdleConnsPerHost: 2 * conc,
			IdleConnTimeout:     90 * time.Second,
			DisableCompression:  true,
		},
	}
}

// result is one measured scenario.
type result struct {
	scenario string
	duration time.Duration // planned
	conc     int
	elapsed  time.Duration // actual, until the last request ended
	load     *loadStats
	mem      *memStats // nil when not available
}

// measure drives one scenario while sampling the server's memory.
func measure(ctx context.Context, client *http.Client, sc scenario, body []byte, conc int, d time.Duration, pid int) (*result, error) {
	sampler := startSampler(pid)
	start := time.Now()
	load := drive(ctx, client, sc, body, conc, d)
	elapsed := time.Since(start)
	mem := sampler.finish()
	if ctx.Err() != nil {
		return nil, errInterrupted
	}
	return &result{scenario: sc.name, duration: d, conc: conc, elapsed: elapsed, load: load, mem: mem}, nil
}

// loadStats collects what the clients saw.
type loadStats struct {
	latencies []time.Duration  // successful requests, sorted after merge
	errors    map[string]int64 // error kind -> count
}

func newLoadStats() *loadStats {
	return &loadStats{latencies: make([]time.Duration, 0, 4096), errors: map[string]int64{}}
}

func (l *loadStats) addError(kind string) { l.addErrors(kind, 1) }

// addErrors counts n errors of a kind; past maxErrorKinds distinct kinds
// new ones are counted together.
func (l *loadStats) addErrors(kind string, n int64) {
	if _, ok := l.errors[kind]; !ok && len(l.errors) >= maxErrorKinds {
		kind = "other errors"
	}
	l.errors[kind] += n
}

func (l *loadStats) errorCount() int64 {
	var n int64
	for _, c := range l.errors {
		n += c
	}
	return n
}

func (l *loadStats) merge(o *loadStats) {
	l.latencies = append(l.latencies, o.latencies...)
	for k, c := range o.errors {
		l.addErrors(k, c)
	}
}

// drive runs conc workers that post body until d has passed; requests
// already under way when the time is up are completed and counted.
func drive(ctx context.Context, client *http.Client, sc scenario, body []byte, conc int, d time.Duration) *loadStats {
	deadline := time.Now().Add(d)
	parts := make([]*loadStats, conc)
	var wg sync.WaitGroup
	for i := range parts {
		parts[i] = newLoadStats()
		wg.Go(func() { worker(ctx, client, sc, body, deadline, parts[i]) })
	}
	wg.Wait()
	total := newLoadStats()
	for _, p := range parts {
		total.merge(p)
	}
	slices.Sort(total.latencies)
	return total
}

func worker(ctx context.Context, client *http.Client, sc scenario, body []byte, deadline time.Time, st *loadStats) {
	var buf bytes.Buffer
	for ctx.Err() == nil && time.Now().Before(deadline) {
		start := time.Now()
		kind := doRequest(ctx, client, sc, body, &buf)
		if kind != "" {
			if ctx.Err() == nil {
				st.addError(kind)
			}
			continue
		}
		st.latencies = append(st.latencies, time.Since(start))
	}
}

// doRequest posts one document and reads the whole answer. It returns ""
// on success and the kind of error otherwise.
func doRequest(ctx context.Context, client *http.Client, sc scenario, body []byte, buf *bytes.Buffer) string {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, sc.url, bytes.NewReader(body))
	if err != nil {
		return "request: " + err.Error()
	}
	req.Header.Set("Content-Type", "application/json")
	if sc.token != "" {
		req.Header.Set("Authorization", "Bearer "+sc.token)
	}
	resp, err := client.Do(req)
	if err != nil {
		return errorKind(err)
	}
	buf.Reset()
	_, err = buf.ReadFrom(resp.Body)
	resp.Body.Close()
	if err != nil {
		return "read body: " + errorKind(err)
	}
	if resp.StatusCode != http.StatusOK {
		return "status " + strconv.Itoa(resp.StatusCode)
	}
	return checkPDF(buf.Bytes(), sc.signed)
}

// checkPDF validates a 200 answer.
func checkPDF(pdf []byte, signed bool) string {
	switch {
	case !bytes.HasPrefix(pdf, []byte("%PDF-")):
		return "status 200 without %PDF- header"
	case signed && !bytes.Contains(pdf, []byte("/ByteRange")):
		return "signed PDF without /ByteRange"
	case signed && !bytes.Contains(pdf, []byte("ETSI.CAdES.detached")):
		return "signed PDF without ETSI.CAdES.detached"
	}
	return ""
}

// errorKind turns a transport error into a short text without the
// addresses and ports that would make every error distinct.
func errorKind(err error) string {
	var ne net.Error
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		return "transport: connection refused"
	case errors.Is(err, syscall.ECONNRESET):
		return "transport: connection reset"
	case errors.Is(err, syscall.EPIPE):
		return "transport: broken pipe"
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return "transport: unexpected EOF"
	case errors.As(err, &ne) && ne.Timeout():
		return "transport: timeout"
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	return "transport: " + err.Error()
}
