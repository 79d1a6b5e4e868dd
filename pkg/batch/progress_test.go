package batch

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// fakeClock advances by step on every call.
func fakeClock(step time.Duration) func() time.Time {
	t := time.Date(2026, 12, 1, 4, 0, 0, 0, time.UTC)
	return func() time.Time { t = t.Add(step); return t }
}

func TestReporterPlainHasNoEscapes(t *testing.T) {
	var buf bytes.Buffer
	r := &Reporter{W: &buf, Every: time.Nanosecond, now: fakeClock(10 * time.Second)}
	r.Report(Progress{Total: 10})
	for done := 1; done <= 10; done++ {
		p := Progress{Total: 10, Done: done, Rendered: done}
		if done == 4 {
			p.Failed, p.Last = 1, &Outcome{ID: "s4", Status: StatusFailed, Error: "нет плана"}
		}
		r.Report(p)
	}
	out := buf.String()
	if strings.ContainsAny(out, "\r\033") {
		t.Fatalf("plain output has \\r or an escape code: %q", out)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 12 {
		t.Fatalf("%d lines, want 12 (11 progress + 1 error):\n%s", len(lines), out)
	}
	for _, l := range lines {
		if !strings.HasPrefix(l, "batch: ") && !strings.HasPrefix(l, "ошибка: школа s4") {
			t.Errorf("unexpected line %q", l)
		}
	}
	// One school per 10 s: after 2 of 10, 80 s are left.
	if !strings.Contains(lines[2], "batch: 2/10 школ") || !strings.HasSuffix(lines[2], "осталось ~1 мин 20 с") {
		t.Errorf("no ETA on %q", lines[2])
	}
	if strings.Contains(lines[len(lines)-1], "осталось") {
		t.Errorf("ETA on the last line %q", lines[len(lines)-1])
	}
}

func TestReporterTerminalBar(t *testing.T) {
	var buf bytes.Buffer
	r := &Reporter{W: &buf, Terminal: true, now: fakeClock(30 * time.Second)}
	r.Report(Progress{Total: 4})
	r.Report(Progress{Total: 4, Done: 1})
	if out := buf.String(); !strings.Contains(out, "\r\033[K[") || !strings.HasSuffix(out, "1/4 школ, ошибок 0, 30s, осталось ~1 мин 30 с") {
		t.Errorf("bar %q", out)
	}
}

func TestHumanDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{
		200 * time.Millisecond: "1 с", 45 * time.Second: "45 с", 80 * time.Second: "1 мин 20 с",
		2 * time.Minute: "2 мин", 125 * time.Minute: "2 ч 5 мин", 3 * time.Hour: "3 ч",
	} {
		if got := humanDuration(d); got != want {
			t.Errorf("humanDuration(%s) = %q, want %q", d, got, want)
		}
	}
}
