package main

import (
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestParseProcStatus(t *testing.T) {
	status := "Name:\tkartograf\nVmPeak:\t  999999 kB\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\nThreads:\t9\n"
	rss, hwm, err := parseProcStatus(strings.NewReader(status))
	if err != nil {
		t.Fatal(err)
	}
	if rss != 100<<20 || hwm != 200<<20 {
		t.Errorf("rss %d, hwm %d; want 100 MiB and 200 MiB", rss, hwm)
	}
	for text, want := range map[string]string{
		"Name:\tkartograf\nVmHWM:\t 1 kB\n": "process status: no VmRSS",
		"VmRSS:\t lots kB\n":                `process status VmRSS: strconv.ParseInt: parsing "lots": invalid syntax`,
	} {
		if _, _, err := parseProcStatus(strings.NewReader(text)); err == nil || err.Error() != want {
			t.Errorf("%q: err = %v, want %q", text, err, want)
		}
	}
}

func TestTimelineStep(t *testing.T) {
	for d, want := range map[time.Duration]time.Duration{
		60 * time.Second:       10 * time.Second,
		10 * time.Second:       2 * time.Second, // 1.67 s rounds to 2
		3 * time.Second:        time.Second,
		500 * time.Millisecond: time.Second, // never below a second
	} {
		if got := timelineStep(d); got != want {
			t.Errorf("timelineStep(%v) = %v, want %v", d, got, want)
		}
	}
}

// samples returns one sample a second from 1 s, of the given MiB.
func samples(mib ...int64) []memSample {
	var out []memSample
	for i, m := range mib {
		out = append(out, memSample{at: time.Duration(i+1) * time.Second, rss: m << 20})
	}
	return out
}

func TestTimelineAndGrowth(t *testing.T) {
	m := &memStats{samples: samples(10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120), hwm: 130 << 20, maxRSS: 120 << 20}
	// 12 s: a point every 2 s, each the last sample of its step.
	var got []string
	for _, s := range m.timeline(12 * time.Second) {
		got = append(got, s.at.String()+"="+strconv.FormatInt(s.rss>>20, 10))
	}
	if want := "2s=20 4s=40 6s=60 8s=80 10s=100 12s=120"; strings.Join(got, " ") != want {
		t.Errorf("timeline = %s, want %s", strings.Join(got, " "), want)
	}
	// Quarters of 3 samples: (10+20+30)/3 and (100+110+120)/3.
	first, last := m.growth()
	if first != 20<<20 || last != 110<<20 {
		t.Errorf("growth = %v → %v MiB, want 20 → 110", mib(first), mib(last))
	}
	if m.peak() != 130<<20 {
		t.Errorf("peak = %d, want VmHWM", m.peak())
	}
	// A sample above the lazily updated high-water mark is the peak.
	m.maxRSS = 140 << 20
	if m.peak() != 140<<20 {
		t.Errorf("peak = %d, want the largest sample", m.peak())
	}
}

func TestTimelineSkipsEmptySteps(t *testing.T) {
	// Samples only in the first and last second of a 6 s run: the steps
	// without a sample have no point rather than a made-up one.
	m := &memStats{samples: []memSample{{at: time.Second, rss: 1 << 20}, {at: 6 * time.Second, rss: 3 << 20}}}
	got := m.timeline(6 * time.Second)
	if len(got) != 2 || got[0].at != time.Second || got[1].at != 6*time.Second || got[1].rss != 3<<20 {
		t.Errorf("timeline = %+v", got)
	}
	// One sample: both quarters are that sample.
	m.samples = m.samples[:1]
	if first, last := m.growth(); first != 1<<20 || last != 1<<20 {
		t.Errorf("growth of one sample = %v, %v", first, last)
	}
}
