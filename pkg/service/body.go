package service

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
)

// Bodies are read before a request takes an admission or a render slot,
// so a client that sends its body slowly holds neither: it holds the bytes
// it has sent, counted against a budget, for as long as the body deadline
// and the minimum rate allow. Render slots and the queue count only
// requests whose body is complete.

// bodyChunk is the step in which a body's bytes are reserved from the
// memory budget as they arrive: a client that sends a few bytes holds a
// few kilobytes, not its announced Content-Length.
const bodyChunk = 16 << 10

// bodyGrace is how long a body may take before the minimum rate applies,
// so that a connection's slow start or a short pause is not punished.
const bodyGrace = 2 * time.Second

// budget counts the bytes of request bodies held in memory.
type budget struct {
	mu        sync.Mutex
	used, max int64
}

// take reserves n bytes, or reports that the budget is spent.
func (b *budget) take(n int64) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.used+n > b.max {
		return false
	}
	b.used += n
	return true
}

// give returns n reserved bytes.
func (b *budget) give(n int64) {
	b.mu.Lock()
	b.used -= n
	b.mu.Unlock()
}

// inUse is the number of bytes reserved now.
func (b *budget) inUse() int64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.used
}

// errBudget: the bytes of bodies in memory are at MaxBodyMemory.
var errBudget = errors.New("бюджет памяти для тел запросов исчерпан")

// bodyReader reads a request body within the body deadline, the minimum
// rate and the memory budget. Before every read it sets the connection's
// read deadline to the earlier of the body deadline and the moment the
// average rate would fall below the minimum, so that a client that
// stalls is cut off by the network layer rather than waited for.
type bodyReader struct {
	r       io.Reader
	rc      *http.ResponseController
	budget  *budget
	start   time.Time
	end     time.Time // start + BodyTimeout
	minRate int64     // bytes a second; 0: none
	n, held int64     // bytes read; bytes reserved
	byRate  bool      // the deadline in force is the rate's
}

func (b *bodyReader) Read(p []byte) (int, error) {
	if b.n >= b.held {
		if !b.budget.take(bodyChunk) {
			return 0, errBudget
		}
		b.held += bodyChunk
	}
	if room := b.held - b.n; int64(len(p)) > room {
		p = p[:room]
	}
	deadline := b.end
	b.byRate = false
	if b.minRate > 0 {
		byRate := b.start.Add(max(bodyGrace, time.Duration(b.n*int64(time.Second)/b.minRate)))
		if byRate.Before(deadline) {
			deadline, b.byRate = byRate, true
		}
	}
	if !time.Now().Before(deadline) {
		return 0, os.ErrDeadlineExceeded
	}
	// A writer without deadlines (a test recorder) is not on a network:
	// there is no slow client to cut off.
	_ = b.rc.SetReadDeadline(deadline)
	n, err := b.r.Read(p)
	b.n += int64(n)
	return n, err
}

// readBody reads the whole request body into buf. release gives its bytes
// back to the budget; the caller calls it once the body is decoded.
func (s *Server) readBody(c *gin.Context, buf *bytes.Buffer) (release func(), p *Problem) {
	if c.Request.ContentLength > s.cfg.MaxBodyBytes {
		return nil, s.tooLarge()
	}
	now := time.Now()
	br := &bodyReader{
		r:      http.MaxBytesReader(c.Writer, c.Request.Body, s.cfg.MaxBodyBytes),
		rc:     http.NewResponseController(c.Writer),
		budget: s.bodies,
		start:  now, end: now.Add(s.cfg.BodyTimeout),
		minRate: s.cfg.MinBodyRate,
	}
	_, err := buf.ReadFrom(br)
	release = func() { s.bodies.give(br.held) }
	if err == nil {
		// The render that follows may take longer than the body
		// deadline, and a deadline left on the connection would cancel
		// the request when it passed.
		_ = br.rc.SetReadDeadline(time.Time{})
		return release, nil
	}
	release()
	// Nothing more is read from this connection: net/http would
	// otherwise try to read the rest of a chunked body before answering,
	// at the client's pace. The connection closes after the answer.
	_ = br.rc.SetReadDeadline(time.Now())
	var mb *http.MaxBytesError
	switch {
	case errors.As(err, &mb):
		return nil, s.tooLarge()
	case errors.Is(err, errBudget):
		p := newProblem(http.StatusTooManyRequests, KindOverloaded,
			fmt.Sprintf("сервис перегружен: в памяти уже %d МиБ тел запросов — предел --max-body-memory; повторите запрос позже", s.cfg.MaxBodyMemory>>20))
		p.retryAfter = s.limit.retryIn
		return nil, p
	case errors.Is(err, os.ErrDeadlineExceeded):
		detail := fmt.Sprintf("тело запроса не получено за %s (--body-timeout); отправьте запрос заново", s.cfg.BodyTimeout)
		if br.byRate {
			detail = fmt.Sprintf("тело запроса передаётся медленнее %d байт/с (--min-body-rate): получено %d байт за %s; отправьте запрос заново",
				s.cfg.MinBodyRate, br.n, time.Since(br.start).Round(time.Millisecond))
		}
		p := newProblem(http.StatusRequestTimeout, KindBodyTimeout, detail)
		p.cause = err
		return nil, p
	}
	return nil, clientGone(err)
}
