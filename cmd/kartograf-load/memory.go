// Sampling the server's resident set from /proc and summarising it.

package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// memSample is the server's resident set at some time into the scenario.
type memSample struct {
	at  time.Duration
	rss int64 // bytes
}

// memStats is the server's memory during one scenario.
type memStats struct {
	samples []memSample
	hwm     int64 // VmHWM at the end: peak RSS since the server started
	maxRSS  int64 // largest VmRSS sampled during the scenario
}

// sampler reads /proc/PID/status once a second.
type sampler struct {
	pid   int
	stop  chan struct{}
	done  chan struct{}
	start time.Time
	mem   *memStats
}

func startSampler(pid int) *sampler {
	s := &sampler{pid: pid, stop: make(chan struct{}), done: make(chan struct{}), start: time.Now()}
	if runtime.GOOS != "linux" {
		close(s.done)
		return s
	}
	s.mem = &memStats{}
	go s.loop()
	return s
}

func (s *sampler) loop() {
	defer close(s.done)
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		select {
		case <-s.stop:
			return
		case t := <-tick.C:
			rss, hwm, err := readProcStatus(s.pid)
			if err != nil {
				continue
			}
			s.mem.samples = append(s.mem.samples, memSample{at: t.Sub(s.start), rss: rss})
			s.mem.maxRSS = max(s.mem.maxRSS, rss)
			s.mem.hwm = max(s.mem.hwm, hwm)
		}
	}
}

// finish stops sampling, takes a last reading and returns the statistics,
// or nil if memory could not be read at all.
func (s *sampler) finish() *memStats {
	close(s.stop)
	<-s.done
	if s.mem == nil {
		return nil
	}
	if rss, hwm, err := readProcStatus(s.pid); err == nil {
		s.mem.hwm = max(s.mem.hwm, hwm)
		s.mem.maxRSS = max(s.mem.maxRSS, rss)
		if len(s.mem.samples) == 0 {
			s.mem.samples = append(s.mem.samples, memSample{at: time.Since(s.start), rss: rss})
		}
	}
	if len(s.mem.samples) == 0 {
		return nil
	}
	return s.mem
}

// readProcStatus returns VmRSS and VmHWM of a Linux process in bytes.
func readProcStatus(pid int) (rss, hwm int64, err error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, 0, fmt.Errorf("process status: %w", err)
	}
	defer f.Close()
	return parseProcStatus(f)
}

// parseProcStatus reads VmRSS and VmHWM in bytes from the text of a
// /proc/PID/status file.
func parseProcStatus(r io.Reader) (rss, hwm int64, err error) {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		name, value, ok := strings.Cut(sc.Text(), ":")
		if !ok || (name != "VmRSS" && name != "VmHWM") {
			continue
		}
		kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(value), "kB")), 10, 64)
		if err != nil {
			return 0, 0, fmt.Errorf("process status %s: %w", name, err)
		}
		if name == "VmRSS" {
			rss = kb * 1024
		} else {
			hwm = kb * 1024
		}
	}
	if err := sc.Err(); err != nil {
		return 0, 0, fmt.Errorf("process status: %w", err)
	}
	if rss == 0 {
		return 0, 0, errors.New("process status: no VmRSS")
	}
	return rss, hwm, nil
}

// peak is the larger of VmHWM and the largest sample: the kernel updates
// the high-water mark lazily, so a sample can exceed it slightly.
func (m *memStats) peak() int64 { return max(m.hwm, m.maxRSS) }

// timelineStep chooses about six timeline points per scenario, in whole
// seconds (10 s for a 60 s run).
func timelineStep(d time.Duration) time.Duration {
	step := (d / 6).Round(time.Second)
	return max(step, time.Second)
}

// timeline returns the RSS at every step: the last sample taken within
// that step (with half a second of slack for ticker jitter).
func (m *memStats) timeline(d time.Duration) []memSample {
	step := timelineStep(d)
	var out []memSample
	for at := step; at <= d; at += step {
		var last *memSample
		for i := range m.samples {
			if t := m.samples[i].at; t > at-step && t <= at+500*time.Millisecond {
				last = &m.samples[i]
			}
		}
		if last != nil {
			out = append(out, memSample{at: at, rss: last.rss})
		}
	}
	return out
}

// growth compares the average RSS of the first and the last quarter of
// the samples.
func (m *memStats) growth() (first, last float64) {
	n := len(m.samples)
	q := max(1, n/4)
	return avgRSS(m.samples[:q]), avgRSS(m.samples[n-q:])
}

func avgRSS(s []memSample) float64 {
	var sum float64
	for _, x := range s {
		sum += float64(x.rss)
	}
	return sum / float64(len(s))
}
