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
// until its render holds the render slot, closes the connection and
// measures how soon the slot is free again.
func TestAbandonedRenderFreesItsSlot(t *testing.T) {
	if testing.Short() {
		t.Skip("renders 100 000 rows")
	}
	for _, format := range []string{"pdf", "docx"} {
		t.Run(format, func(t *testing.T) {
			f := newFixture(t, func(c *Config) {
				c.MaxRows = 200_000
				c.MaxBodyBytes = 64 << 20
				c.MaxBodyMemory = 128 << 20
				c.RenderTimeout = 5 * time.Minute
				c.MaxInFlight = 1
			})
			body := bigPlan(100_000)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			errc := make(chan error, 1)
			go func() {
				req, _ := http.NewRequestWithContext(ctx, "POST", f.url+"/v1/render?format="+format, bytes.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				resp, err := http.DefaultClient.Do(req)
				if err == nil {
					resp.Body.Close()
					err = fmt.Errorf("the render finished before it was abandoned: %d", resp.StatusCode)
				}
				errc <- err
			}()
			waitFor(t, "the render to take its slot", func() bool { return len(f.srv.limit.render) == 1 })
			// Let it get well into the work, past validation and layout.
			time.Sleep(time.Duration(afterStart[format]) * time.Millisecond)
			cancel()
			gone := time.Now()
			for len(f.srv.limit.render) != 0 {
				if time.Since(gone) > 10*time.Second {
					t.Fatal("the abandoned render still holds its slot after 10 s")
				}
				time.Sleep(100 * time.Microsecond)
			}
			freed := time.Since(gone)
			t.Logf("%s: slot free %v after the client left", format, freed.Round(100*time.Microsecond))
			if freed > 100*time.Millisecond {
				t.Errorf("slot freed %v after the client left, want within 100 ms", freed)
			}
			if err := <-errc; err == nil || !strings.Contains(err.Error(), "context canceled") {
				t.Errorf("client: %v", err)
			}
			waitFor(t, "the access log line", func() bool { return strings.Contains(f.logs.String(), string(KindClientClosed)) })
		})
	}
}

// afterStart is how long after the slot is taken the client leaves, in
// ms: long enough to be past validation and layout into drawing/writing.
var afterStart = map[string]int{"pdf": 2500, "docx": 2500}
