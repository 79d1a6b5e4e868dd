// Printing the figures: the run's header, each scenario's rate, latency
// percentiles, errors and memory, as text and as JSON.

package main

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"runtime"
	"slices"
	"strings"
	"time"
)

func printMachine(w io.Writer, cfg *config, bin, addr string) {
	fmt.Fprintf(w, "machine   %s/%s  cpus=%d  %s  key=%s\n",
		runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.Version(), keyLabel(cfg.keyType))
	fmt.Fprintf(w, "command   %s %s\n", bin, strings.Join(serverArgs(bin, addr), " "))
	fmt.Fprintf(w, "plan      scenarios=%s  duration=%s  warmup=%s  c=%d\n",
		strings.Join(cfg.scenarios, ","), cfg.duration, cfg.warmup, cfg.conc)
}

func keyLabel(keyType string) string {
	if keyType == "ecdsa" {
		return "ecdsa-p256"
	}
	return "rsa-2048"
}

// percentile returns the nearest-rank percentile of sorted samples.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(math.Ceil(p/100*float64(len(sorted)))) - 1
	return sorted[max(0, min(i, len(sorted)-1))]
}

func mib(b float64) float64 { return b / (1 << 20) }

func (r *result) rate() float64 {
	return float64(len(r.load.latencies)) / r.elapsed.Seconds()
}

func printResult(w io.Writer, r *result) {
	l := r.load
	fmt.Fprintf(w, "scenario  %s  %s  c=%d\n", r.scenario, r.duration, r.conc)
	fmt.Fprintf(w, "requests  %d ok, %d errors\n", len(l.latencies), l.errorCount())
	fmt.Fprintf(w, "rate      %.1f req/s (successful, over %s)\n", r.rate(), r.elapsed.Round(time.Millisecond))
	if len(l.latencies) > 0 {
		fmt.Fprintf(w, "latency   p50 %s  p90 %s  p99 %s  max %s\n",
			fmtMS(percentile(l.latencies, 50)), fmtMS(percentile(l.latencies, 90)),
			fmtMS(percentile(l.latencies, 99)), fmtMS(l.latencies[len(l.latencies)-1]))
	} else {
		fmt.Fprintln(w, "latency   n/a (no successful request)")
	}
	printErrors(w, l.errors)
	fmt.Fprintf(w, "server    %s\n", memLine(r.mem, r.duration))
}

func printErrors(w io.Writer, errs map[string]int64) {
	if len(errs) == 0 {
		return
	}
	kinds := make([]string, 0, len(errs))
	for k := range errs {
		kinds = append(kinds, k)
	}
	slices.SortFunc(kinds, func(a, b string) int {
		if errs[a] != errs[b] {
			return int(errs[b] - errs[a])
		}
		return strings.Compare(a, b)
	})
	for _, k := range kinds {
		fmt.Fprintf(w, "errors    %d × %s\n", errs[k], k)
	}
}

func memLine(m *memStats, d time.Duration) string {
	if m == nil {
		return "rss n/a (not Linux or /proc unreadable)"
	}
	var tl []string
	for _, s := range m.timeline(d) {
		tl = append(tl, fmt.Sprintf("%s=%.0f", s.at, mib(float64(s.rss))))
	}
	first, last := m.growth()
	return fmt.Sprintf("rss peak %.1f MiB (VmHWM %.1f, max sampled %.1f); timeline MiB: %s; growth %.1f → %.1f MiB (%+.1f MiB)",
		mib(float64(m.peak())), mib(float64(m.hwm)), mib(float64(m.maxRSS)), strings.Join(tl, " "),
		mib(first), mib(last), mib(last-first))
}

func fmtMS(d time.Duration) string {
	ms := float64(d) / float64(time.Millisecond)
	if ms < 10 {
		return fmt.Sprintf("%.2fms", ms)
	}
	return fmt.Sprintf("%.1fms", ms)
}

// jsonResult is the machine-readable form of one scenario.
type jsonResult struct {
	Scenario    string           `json:"scenario"`
	DurationS   float64          `json:"duration_s"`
	ElapsedS    float64          `json:"elapsed_s"`
	Concurrency int              `json:"concurrency"`
	OK          int              `json:"ok"`
	Errors      int64            `json:"errors"`
	ErrorKinds  map[string]int64 `json:"error_kinds,omitempty"`
	RateRPS     float64          `json:"rate_rps"`
	LatencyMS   *jsonLatency     `json:"latency_ms,omitempty"`
	RSS         *jsonRSS         `json:"rss,omitempty"`
	GOOS        string           `json:"goos"`
	GOARCH      string           `json:"goarch"`
	NumCPU      int              `json:"num_cpu"`
	GoVersion   string           `json:"go_version"`
	Key         string           `json:"key"`
}

type jsonLatency struct {
	P50 float64 `json:"p50"`
	P90 float64 `json:"p90"`
	P99 float64 `json:"p99"`
	Max float64 `json:"max"`
}

type jsonPoint struct {
	AtS float64 `json:"at_s"`
	MiB float64 `json:"mib"`
}

type jsonRSS struct {
	PeakMiB      float64     `json:"peak_mib"`
	PeakHWMMiB   float64     `json:"peak_hwm_mib"`
	MaxSampleMiB float64     `json:"max_sampled_mib"`
	Timeline     []jsonPoint `json:"timeline"`
	FirstQMiB    float64     `json:"first_quarter_avg_mib"`
	LastQMiB     float64     `json:"last_quarter_avg_mib"`
	GrowthMiB    float64     `json:"growth_mib"`
}

func printJSON(w io.Writer, r *result, cfg *config) error {
	l := r.load
	out := jsonResult{
		Scenario:    r.scenario,
		DurationS:   r.duration.Seconds(),
		ElapsedS:    round(r.elapsed.Seconds(), 3),
		Concurrency: r.conc,
		OK:          len(l.latencies),
		Errors:      l.errorCount(),
		ErrorKinds:  l.errors,
		RateRPS:     round(r.rate(), 1),
		GOOS:        runtime.GOOS,
		GOARCH:      runtime.GOARCH,
		NumCPU:      runtime.NumCPU(),
		GoVersion:   runtime.Version(),
		Key:         keyLabel(cfg.keyType),
	}
	if len(l.latencies) > 0 {
		ms := func(d time.Duration) float64 { return round(float64(d)/float64(time.Millisecond), 3) }
		out.LatencyMS = &jsonLatency{
			P50: ms(percentile(l.latencies, 50)), P90: ms(percentile(l.latencies, 90)),
			P99: ms(percentile(l.latencies, 99)), Max: ms(l.latencies[len(l.latencies)-1]),
		}
	}
	if m := r.mem; m != nil {
		first, last := m.growth()
		rss := &jsonRSS{
			PeakMiB:      round(mib(float64(m.peak())), 1),
			PeakHWMMiB:   round(mib(float64(m.hwm)), 1),
			MaxSampleMiB: round(mib(float64(m.maxRSS)), 1),
			FirstQMiB:    round(mib(first), 1),
			LastQMiB:     round(mib(last), 1),
			GrowthMiB:    round(mib(last-first), 1),
		}
		for _, s := range m.timeline(r.duration) {
			rss.Timeline = append(rss.Timeline, jsonPoint{AtS: s.at.Seconds(), MiB: round(mib(float64(s.rss)), 1)})
		}
		out.RSS = rss
	}
	data, err := json.Marshal(out)
	if err != nil {
		return fmt.Errorf("encode JSON result: %w", err)
	}
	_, err = fmt.Fprintf(w, "%s\n", data)
	return err
}

func round(x float64, digits int) float64 {
	p := math.Pow(10, float64(digits))
	return math.Round(x*p) / p
}
