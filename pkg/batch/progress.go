package batch

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// Reporter prints progress: a redrawn bar on a terminal, otherwise plain
// lines at most every Every (for logs of CI and Kubernetes jobs).
type Reporter struct {
	W        io.Writer
	Terminal bool
	Every    time.Duration // plain mode; default 5 s
	start    time.Time
	last     time.Time
}

// Report is a Job.Progress function.
func (r *Reporter) Report(p Progress) {
	now := time.Now()
	if r.start.IsZero() {
		r.start = now
	}
	if p.Last != nil && p.Last.Status == StatusFailed {
		if r.Terminal {
			fmt.Fprint(r.W, "\r\033[K")
		}
		fmt.Fprintf(r.W, "ошибка: школа %s: %s\n", p.Last.ID, p.Last.Error)
	}
	elapsed := now.Sub(r.start).Round(100 * time.Millisecond)
	if r.Terminal {
		const width = 30
		filled := width
		if p.Total > 0 {
			filled = width * p.Done / p.Total
		}
		fmt.Fprintf(r.W, "\r\033[K[%s%s] %d/%d школ, ошибок %d, %s", strings.Repeat("=", filled), strings.Repeat(" ", width-filled),
			p.Done, p.Total, p.Failed, elapsed)
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
		fmt.Fprintf(r.W, "batch: %d/%d школ (сформировано %d, без изменений %d, ошибок %d), %s\n",
			p.Done, p.Total, p.Rendered, p.Skipped, p.Failed, elapsed)
	}
}
