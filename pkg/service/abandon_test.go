//go:build !race

// A 100 000-row render takes seconds, and minutes under the race
// detector, whose slowdown would also make the timing meaningless.

package service

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

// bigPlan is a valid roadmap of n measures (short cells, so that 100 000
// of them fit in a few megabytes).
func bigPlan(n int) []byte {
	var b strings.Builder
	b.WriteString(`{"kind":"roadmap","organization":{"full_name":"МКОУ «СОШ №1»"},"title":"ДОРОЖНАЯ КАРТА","body":[{"plan":{"sections":[{"title":"МЕРОПРИЯТИЯ","items":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"title":"Мера %d","deadline":"Май","responsible":"Директор"}`, i+1)
	}
	b.WriteString(`]}]}}]}`)
	return []byte(b.String())
}

// TestAbandonedRenderFreesItsSlot posts a 100 000-row document, waits
// until its render holds the render slot and a while more, closes the
// connection and measures how soon the slot is free again. It does so at
// several points of the render: 2 % of a whole render, inside the check
// and the hash of the document (about a quarter of the render, which
// until they looked at the context held the slot for up to a second or
// more after the client had left), and 50, 65 and 80 %, so that layout,
// drawing, writing and compression are each likely to be hit.
func TestAbandonedRenderFreesItsSlot(t *testing.T) {
	if testing.Short() {
		t.Skip("renders 100 000 rows")
	}
	body := bigPlan(100_000)
	for _, format := range []string{"pdf", "docx"} {
		t.Run(format, func(t *testing.T) {
			f := newFixture(t, func(c *Config) {
				c.MaxRows = 200_000
				c.MaxBodyBytes = 64 << 20
				c.MaxBodyMemory = 128 << 20
				c.RenderTimeout = 5 * time.Minute
				c.MaxInFlight = 1
			})
			// Two whole renders first (the first one also warms caches):
			// the moments to leave at are fractions of the shorter,
			// wherever the machine's speed.
			full := time.Hour
			for range 2 {
				d, ok := abandonAt(t, f, format, body, time.Hour)
				if ok {
					t.Fatal("the whole render was abandoned")
				}
				full = min(full, d)
			}
			t.Logf("%s: a whole render holds the slot for %v", format, full.Round(time.Millisecond))
			abandoned := 0
			for _, frac := range []float64{0.02, 0.5, 0.65, 0.8} {
				// A render that finishes before the moment to leave shows
				// that the two whole renders above were slowed by a burst
				// of load on the machine: the whole render is then taken
				// as long as this one, and the point tried again, so that
				// a burst does not leave the late points untested.
				for try := 0; try < 3; try++ {
					after := time.Duration(frac * float64(full))
					freed, ok := abandonAt(t, f, format, body, after)
					if !ok {
						t.Logf("%s: the render finished within %v (in %v): nothing to abandon", format, after, freed.Round(time.Millisecond))
						full = min(full, freed)
						continue
					}
					abandoned++
					// The target is 100 ms. On a machine so busy that a
					// render takes several times its usual time, every
					// stretch between two looks at the context stretches
					// as much: the bound then grows to a twentieth of a
					// whole render. A render that does not look at its
					// context during a phase holds the slot for the rest
					// of that phase, seconds on this document.
					bound := max(100*time.Millisecond, full/20)
					t.Logf("%s: left %v after the slot was taken; slot free %v later", format, after, freed.Round(100*time.Microsecond))
					if freed > bound {
						t.Errorf("left %v in: slot freed %v after the client left, want within %v", after, freed, bound)
					}
					break
				}
			}
			if abandoned < 3 {
				t.Fatalf("only %d of the renders were still running when abandoned: the test proved little", abandoned)
			}
			waitFor(t, "the access log line", func() bool { return strings.Contains(f.logs.String(), string(KindClientClosed)) })
		})
	}
}

// abandonAt posts body, leaves after the render has held its slot for
// after, and returns how long the slot stayed taken once the client had
// gone; ok is false when the render finished first, and then freed is
// how long the render held the slot.
func abandonAt(t *testing.T, f *fixture, format string, body []byte, after time.Duration) (freed time.Duration, ok bool) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	errc := make(chan error, 1)
	go func() {
		req, _ := http.NewRequestWithContext(ctx, "POST", f.url+"/v1/render?format="+format, bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
			err = fmt.Errorf("status %d", resp.StatusCode)
		}
		errc <- err
	}()
	waitFor(t, "the render to take its slot", func() bool { return len(f.srv.limit.render) == 1 })
	taken := time.Now()
	select {
	case err := <-errc:
		// Finished before the moment to leave.
		if err == nil || err.Error() != "status 200" {
			t.Fatalf("the render answered %v", err)
		}
		return time.Since(taken), false
	case <-time.After(after):
	}
	cancel()
	gone := time.Now()
	for len(f.srv.limit.render) != 0 {
		if time.Since(gone) > 20*time.Second {
			t.Fatal("the abandoned render still holds its slot after 20 s")
		}
		time.Sleep(100 * time.Microsecond)
	}
	freed = time.Since(gone)
	err := <-errc
	if err != nil && err.Error() == "status 200" {
		return time.Since(taken), false
	}
	if err == nil || !strings.Contains(err.Error(), "context canceled") {
		t.Fatalf("client: %v", err)
	}
	return freed, true
}
