package main

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"
)

func ms(n ...int) []time.Duration {
	var out []time.Duration
	for _, x := range n {
		out = append(out, time.Duration(x)*time.Millisecond)
	}
	return out
}

func TestPercentile(t *testing.T) {
	sample := ms(1, 2, 3, 4, 5, 6, 7, 8, 9, 10)
	// Nearest rank: the ceil(p/100·n)-th smallest.
	for p, want := range map[float64]time.Duration{
		0: 1 * time.Millisecond, 10: 1 * time.Millisecond, 11: 2 * time.Millisecond,
		50: 5 * time.Millisecond, 90: 9 * time.Millisecond, 99: 10 * time.Millisecond, 100: 10 * time.Millisecond,
	} {
		if got := percentile(sample, p); got != want {
			t.Errorf("p%v = %v, want %v", p, got, want)
		}
	}
	if got := percentile(nil, 50); got != 0 {
		t.Errorf("p50 of nothing = %v", got)
	}
	if got := percentile(ms(7), 99); got != 7*time.Millisecond {
		t.Errorf("p99 of one = %v", got)
	}
}

func TestFmtMSAndRound(t *testing.T) {
	for d, want := range map[time.Duration]string{
		1234 * time.Microsecond:  "1.23ms",
		9999 * time.Microsecond:  "10.00ms", // still under 10 before rounding
		12345 * time.Microsecond: "12.3ms",
		2 * time.Second:          "2000.0ms",
	} {
		if got := fmtMS(d); got != want {
			t.Errorf("fmtMS(%v) = %q, want %q", d, got, want)
		}
	}
	if got := round(1.23456, 3); got != 1.235 {
		t.Errorf("round = %v", got)
	}
	if got := round(-0.05, 1); got != -0.1 {
		t.Errorf("round(-0.05, 1) = %v, want -0.1 (half away from zero)", got)
	}
}

func TestLoadStatsErrors(t *testing.T) {
	l := newLoadStats()
	for i := range maxErrorKinds + 3 {
		l.addError("status " + string(rune('A'+i)))
	}
	if len(l.errors) != maxErrorKinds+1 || l.errors["other errors"] != 3 || l.errorCount() != maxErrorKinds+3 {
		t.Errorf("past %d kinds: %d kinds, %d other, %d in all", maxErrorKinds, len(l.errors), l.errors["other errors"], l.errorCount())
	}
	a, b := newLoadStats(), newLoadStats()
	a.latencies, b.latencies = ms(3), ms(1, 2)
	a.addError("status 429")
	b.addErrors("status 429", 2)
	b.addError("transport: timeout")
	a.merge(b)
	if len(a.latencies) != 3 || a.errors["status 429"] != 3 || a.errors["transport: timeout"] != 1 || a.errorCount() != 4 {
		t.Errorf("merged = %+v", a)
	}
}

func testResult() *result {
	l := newLoadStats()
	l.latencies = ms(5, 10, 20, 40)
	l.addErrors("status 429", 2)
	l.addErrors("transport: timeout", 2)
	l.addError("status 500")
	return &result{scenario: "signed", duration: 10 * time.Second, conc: 4, elapsed: 2 * time.Second, load: l}
}

func TestPrintResult(t *testing.T) {
	var b bytes.Buffer
	printResult(&b, testResult())
	want := `scenario  signed  10s  c=4
requests  4 ok, 5 errors
rate      2.0 req/s (successful, over 2s)
latency   p50 10.0ms  p90 40.0ms  p99 40.0ms  max 40.0ms
errors    2 × status 429
errors    2 × transport: timeout
errors    1 × status 500
server    rss n/a (not Linux or /proc unreadable)
`
	if b.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", b.String(), want)
	}

	r := &result{scenario: "unsigned", duration: time.Second, conc: 1, elapsed: time.Second, load: newLoadStats(),
		mem: &memStats{samples: samples(100, 100, 100, 104), hwm: 105 << 20, maxRSS: 104 << 20}}
	r.load.addError("status 503")
	b.Reset()
	printResult(&b, r)
	for _, line := range []string{
		"requests  0 ok, 1 errors\n",
		"rate      0.0 req/s (successful, over 1s)\n",
		"latency   n/a (no successful request)\n",
		"server    rss peak 105.0 MiB (VmHWM 105.0, max sampled 104.0); timeline MiB: 1s=100; growth 100.0 → 104.0 MiB (+4.0 MiB)\n",
	} {
		if !strings.Contains(b.String(), line) {
			t.Errorf("output lacks %q:\n%s", line, b.String())
		}
	}
}

func TestPrintJSON(t *testing.T) {
	r := testResult()
	r.mem = &memStats{samples: samples(50, 50, 60, 70), hwm: 64 << 20, maxRSS: 70 << 20}
	var b bytes.Buffer
	if err := printJSON(&b, r, &config{keyType: "rsa"}); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(b.String(), "\n"); n != 1 {
		t.Errorf("%d lines, want one JSON object per line", n)
	}
	var got jsonResult
	if err := json.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got.Scenario != "signed" || got.DurationS != 10 || got.ElapsedS != 2 || got.Concurrency != 4 ||
		got.OK != 4 || got.Errors != 5 || got.ErrorKinds["status 429"] != 2 || got.RateRPS != 2 || got.Key != "rsa-2048" {
		t.Errorf("result = %+v", got)
	}
	if l := got.LatencyMS; l == nil || *l != (jsonLatency{P50: 10, P90: 40, P99: 40, Max: 40}) {
		t.Errorf("latency = %+v", l)
	}
	// Peak is the largest sample (70) over the lagging VmHWM (64); the
	// quarters are one sample each: 50 and 70; 10 s make 2 s steps, of
	// which the samples (1 s to 4 s) fill two.
	if m := got.RSS; m == nil || m.PeakMiB != 70 || m.PeakHWMMiB != 64 || m.MaxSampleMiB != 70 ||
		m.FirstQMiB != 50 || m.LastQMiB != 70 || m.GrowthMiB != 20 || !slices.Equal(m.Timeline, []jsonPoint{{AtS: 2, MiB: 50}, {AtS: 4, MiB: 70}}) {
		t.Errorf("rss = %+v", m)
	}
	b.Reset()
	r = &result{scenario: "unsigned", duration: time.Second, elapsed: time.Second, load: newLoadStats()}
	if err := printJSON(&b, r, &config{keyType: "ecdsa"}); err != nil {
		t.Fatal(err)
	}
	if s := b.String(); strings.Contains(s, "latency_ms") || strings.Contains(s, `"rss"`) || strings.Contains(s, "error_kinds") {
		t.Errorf("figures that do not exist are printed: %s", s)
	}
}

func TestPrintMachinePlan(t *testing.T) {
	var b bytes.Buffer
	cfg := &config{scenarios: []string{"unsigned", "signed"}, duration: time.Minute, warmup: 3 * time.Second, conc: 4, keyType: "ecdsa"}
	printMachine(&b, cfg, "/tmp/kartograf-serve", "127.0.0.1:9000")
	lines := strings.Split(b.String(), "\n")
	if len(lines) != 4 || !strings.HasSuffix(lines[0], "key=ecdsa-p256") ||
		lines[1] != "command   /tmp/kartograf-serve --addr 127.0.0.1:9000" ||
		lines[2] != "plan      scenarios=unsigned,signed  duration=1m0s  warmup=3s  c=4" {
		t.Errorf("header:\n%s", b.String())
	}
}

// TestServerArgs: kartograf-serve takes the flags alone; a kartograf
// binary given as -bin still serves, through its serve command.
func TestServerArgs(t *testing.T) {
	for bin, want := range map[string]string{
		"/tmp/kartograf-serve":                   "--addr 127.0.0.1:9000",
		"/usr/local/bin/kartograf":               "serve --addr 127.0.0.1:9000",
		"dist/kartograf_0.1.0_linux_amd64":       "serve --addr 127.0.0.1:9000",
		"dist/kartograf-serve_0.1.0_linux_amd64": "--addr 127.0.0.1:9000",
	} {
		if got := strings.Join(serverArgs(bin, "127.0.0.1:9000"), " "); got != want {
			t.Errorf("serverArgs(%q) = %q, want %q", bin, got, want)
		}
	}
}
