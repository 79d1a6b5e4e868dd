package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// slowClients keeps n connections to the server, each sending a request
// body one byte a second — the attack that used to take every admission
// slot. A connection the server cuts off (408) is replaced, so the attack
// lasts the whole scenario.
type slowClients struct {
	cancel  context.CancelFunc
	wg      sync.WaitGroup
	opened  atomic.Int64 // connections made
	timeout atomic.Int64 // answered 408
	other   atomic.Int64 // answered something else, or failed
}

func startSlow(ctx context.Context, addr string, n int) *slowClients {
	ctx, cancel := context.WithCancel(ctx)
	s := &slowClients{cancel: cancel}
	for i := range n {
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			for ctx.Err() == nil {
				s.one(ctx, addr, i%2 == 1)
			}
		}()
	}
	return s
}

// one sends a slow body until the server answers or ctx ends.
func (s *slowClients) one(ctx context.Context, addr string, chunked bool) {
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		if ctx.Err() == nil {
			s.other.Add(1)
			time.Sleep(100 * time.Millisecond)
		}
		return
	}
	defer conn.Close()
	s.opened.Add(1)
	head := "POST /v1/render?format=pdf HTTP/1.1\r\nHost: kartograf\r\nContent-Type: application/json\r\n"
	piece := "{"
	if chunked {
		head += "Transfer-Encoding: chunked\r\n\r\n"
		piece = "1\r\n{\r\n"
	} else {
		head += "Content-Length: 1000000\r\n\r\n"
	}
	if _, err := io.WriteString(conn, head); err != nil {
		s.other.Add(1)
		return
	}
	answered := make(chan int, 1)
	go func() {
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			answered <- 0
			return
		}
		resp.Body.Close()
		answered <- resp.StatusCode
	}()
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		conn.SetWriteDeadline(time.Now().Add(time.Second))
		io.WriteString(conn, piece)
		select {
		case <-ctx.Done():
			return
		case code := <-answered:
			if code == http.StatusRequestTimeout {
				s.timeout.Add(1)
			} else {
				s.other.Add(1)
			}
			return
		case <-tick.C:
		}
	}
}

// stop closes every slow connection and returns a summary line.
func (s *slowClients) stop() string {
	s.cancel()
	s.wg.Wait()
	return fmt.Sprintf("%d connections sending 1 byte/s, %d cut off with 408, %d other answers or failures",
		s.opened.Load(), s.timeout.Load(), s.other.Load())
}
