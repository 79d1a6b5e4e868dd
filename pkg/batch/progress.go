package batch

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// Reporter prints progress: a redrawn bar on a terminal, otherwise plain
// lines at most every Every (for logs of CI and Kubernetes jobs). The
// caller decides Terminal: only a real terminal that understands ANSI
// sequences may get "\r" and escape codes — a pipe, a file, /dev/null or
// an old Windows console gets plain lines.
type Reporter struct {
	W        io.Writer
	Terminal bool
	Every    time.Duration // plain mode; default 5 s
	start    time.Time
	last     time.Time
	now      func() time.Time // tests
}

// Report is a Job.Progress function.
func (r *Reporter) Report(p Progress) {
	now := time.Now()
	if r.now != nil {
		now = r.now()
	}
	if r.start.IsZero() {
		r.start = now
	}
	if p.Last != nil && p.Last.Status == StatusFailed {
		if r.Terminal {
			fmt.Fprint(r.W, "\r\033[K")
		}
		fmt.Fprintf(r.W, "ошибка: школа %s: %s\n", p.Last.ID, p.Last.Error)
	}
	if p.Last != nil && p.Last.Analysis != nil && p.Last.Analysis.Status == StatusFailed {
		if r.Terminal {
			fmt.Fprint(r.W, "\r\033[K")
		}
		fmt.Fprintf(r.W, "ошибка: школа %s: анализ не сформирован: %s\n", p.Last.ID, p.Last.Analysis.Error)
	}
	elapsed := now.Sub(r.start)
	shown := elapsed.Round(100 * time.Millisecond)
	if r.Terminal {
		const width = 30
		filled := width
		if p.Total > 0 {
			filled = min(width, width*p.Done/p.Total)
		}
		fmt.Fprintf(r.W, "\r\033[K[%s%s] %d/%d школ, ошибок %d, %s%s", strings.Repeat("=", filled), strings.Repeat(" ", width-filled),
			p.Done, p.Total, p.Failed, shown, eta(elapsed, p))
		if p.Done == p.Total {
			fmt.Fprintln(r.W)
		}
		return
	}
	every := r.Every
	if every <= 0 {
		every = 5 * time.Second
	}
	if p.Done == p.Total || now.Sub(r.last) >= every {
		r.last = now
		fmt.Fprintf(r.W, "batch: %d/%d школ (сформировано %d, без изменений %d, ошибок %d), %s%s\n",
			p.Done, p.Total, p.Rendered, p.Skipped, p.Failed, shown, eta(elapsed, p))
	}
}

// eta extrapolates the time left from the average so far: «, осталось ~1
// мин 20 с». Nothing until one school is done, and nothing at the end.
func eta(elapsed time.Duration, p Progress) string {
	if p.Done <= 0 || p.Done >= p.Total || elapsed <= 0 {
		return ""
	}
	left := time.Duration(float64(elapsed) / float64(p.Done) * float64(p.Total-p.Done))
	return ", осталось ~" + humanDuration(left)
}

// humanDuration is a rough Russian duration: «45 с», «1 мин 20 с», «2 ч 5 мин».
func humanDuration(d time.Duration) string {
	s := int((d + time.Second/2) / time.Second)
	switch {
	case s < 1:
		return "1 с"
	case s < 60:
		return fmt.Sprintf("%d с", s)
	case s < 3600:
		if s%60 == 0 {
			return fmt.Sprintf("%d мин", s/60)
		}
		return fmt.Sprintf("%d мин %d с", s/60, s%60)
	}
	m := (s + 30) / 60
	if m%60 == 0 {
		return fmt.Sprintf("%d ч", m/60)
	}
	return fmt.Sprintf("%d ч %d мин", m/60, m%60)
}
