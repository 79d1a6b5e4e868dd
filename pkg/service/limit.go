package service

import (
	"context"
	"net/http"
	"strconv"
	"time"
)

// limiter bounds work in two stages. admit caps how many requests may hold
// a body in memory (renders plus waiters) and never blocks; render caps
// how many renders run at once, and a request waits for one at most
// QueueTimeout. Together they turn overload into 429 instead of growing
// memory or latency without bound.
type limiter struct {
	admit   chan struct{}
	render  chan struct{}
	wait    time.Duration
	retryIn int // seconds suggested in Retry-After
}

func newLimiter(inFlight, queue int, wait time.Duration) *limiter {
	return &limiter{
		admit:   make(chan struct{}, inFlight+queue),
		render:  make(chan struct{}, inFlight),
		wait:    wait,
		retryIn: 1, // a render takes milliseconds; a slot frees up soon
	}
}

// enter admits a request or returns 429 at once.
func (l *limiter) enter() (release func(), p *Problem) {
	select {
	case l.admit <- struct{}{}:
		return func() { <-l.admit }, nil
	default:
		return nil, l.overloaded("очередь запросов заполнена")
	}
}

// acquire waits for a render slot. A context error means the client went
// away or the server is shutting down.
func (l *limiter) acquire(ctx context.Context) (release func(), p *Problem, err error) {
	select {
	case l.render <- struct{}{}:
		return func() { <-l.render }, nil, nil
	default:
	}
	t := time.NewTimer(l.wait)
	defer t.Stop()
	select {
	case l.render <- struct{}{}:
		return func() { <-l.render }, nil, nil
	case <-t.C:
		return nil, l.overloaded("не дождались свободного обработчика за " + strconv.Itoa(int(l.wait/time.Millisecond)) + " мс"), nil
	case <-ctx.Done():
		return nil, nil, ctx.Err()
	}
}

func (l *limiter) overloaded(why string) *Problem {
	p := newProblem(http.StatusTooManyRequests, KindOverloaded, "сервис перегружен: "+why+"; повторите запрос позже")
	p.retryAfter = l.retryIn
	return p
}
