// Building, starting, probing and stopping the server under test
// (kartograf-serve as a child process on a loopback address).

package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"time"
)

// serverBinary returns bin, or builds ./cmd/kartograf-serve into dir.
func serverBinary(ctx context.Context, bin, dir string, stderr io.Writer) (string, error) {
	if bin != "" {
		if _, err := os.Stat(bin); err != nil {
			return "", fmt.Errorf("-bin: %w", err)
		}
		return bin, nil
	}
	out := filepath.Join(dir, "kartograf-serve")
	if runtime.GOOS == "windows" {
		out += ".exe"
	}
	fmt.Fprintln(stderr, "building ./cmd/kartograf-serve ...")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", out, "./cmd/kartograf-serve")
	var msg bytes.Buffer
	cmd.Stdout, cmd.Stderr = &msg, &msg
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("go build ./cmd/kartograf-serve failed (run from the repository root or pass -bin): %w\n%s",
			err, strings.TrimSpace(msg.String()))
	}
	return out, nil
}

// serverArgs are the arguments that make bin serve on addr: kartograf-serve
// takes the flags alone; a kartograf binary (-bin kartograf, as before
// kartograf-serve existed) needs its serve command first, and on Unix
// becomes kartograf-serve in the same process, so the figures stay those
// of the server.
func serverArgs(bin, addr string) []string {
	args := []string{"--addr", addr}
	name := strings.TrimSuffix(strings.ToLower(filepath.Base(bin)), ".exe")
	if name == "kartograf" || strings.HasPrefix(name, "kartograf_") {
		args = append([]string{"serve"}, args...)
	}
	return args
}

// chooseAddr returns addr, or a free loopback port, after making sure
// nothing else listens there (so /readyz cannot reach a stranger).
func chooseAddr(addr string) (string, error) {
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", fmt.Errorf("address %s is not free: %w", addr, err)
	}
	got := ln.Addr().String()
	if err := ln.Close(); err != nil {
		return "", fmt.Errorf("release %s: %w", got, err)
	}
	if strings.HasSuffix(addr, ":0") {
		return got, nil
	}
	return addr, nil
}

// server is the child process under test.
type server struct {
	cmd     *exec.Cmd
	addr    string
	logPath string
	done    chan struct{} // closed when the process has exited
	waitErr error         // valid after done is closed
	logFile *os.File
}

func startServer(bin, addr string, c *credentials, logPath string) (*server, error) {
	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, fmt.Errorf("server log: %w", err)
	}
	cmd := exec.Command(bin, append(serverArgs(bin, addr),
		"--tokens-file", c.tokensFile,
		"--key", c.keyFile,
		"--cert", c.certFile)...)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.Env = serverEnv(os.Environ())
	if err := cmd.Start(); err != nil {
		logFile.Close()
		return nil, fmt.Errorf("start %s: %w", bin, err)
	}
	s := &server{cmd: cmd, addr: addr, logPath: logPath, done: make(chan struct{}), logFile: logFile}
	go func() {
		s.waitErr = cmd.Wait()
		logFile.Close()
		close(s.done)
	}()
	return s, nil
}

// serverEnv drops the KARTOGRAF_* settings of the caller's environment so
// that the server runs with its defaults and the test stays reproducible.
func serverEnv(env []string) []string {
	return slices.DeleteFunc(env, func(kv string) bool {
		return strings.HasPrefix(kv, "KARTOGRAF_")
	})
}

func (s *server) pid() int { return s.cmd.Process.Pid }

func (s *server) exited() bool {
	select {
	case <-s.done:
		return true
	default:
		return false
	}
}

// waitReady polls GET /readyz until it answers 200.
func (s *server) waitReady(ctx context.Context, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	client := &http.Client{Transport: &http.Transport{Proxy: nil}, Timeout: time.Second}
	defer client.CloseIdleConnections()
	readyURL := "http://" + s.addr + "/readyz"
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	last := "no answer"
	for {
		if ready, why := probe(ctx, client, readyURL); ready {
			return nil
		} else if why != "" {
			last = why
		}
		select {
		case <-s.done:
			return fmt.Errorf("server exited before it was ready (%v)", s.waitErr)
		case <-ctx.Done():
			if ctx.Err() == context.DeadlineExceeded {
				return fmt.Errorf("server not ready within %s: %s", timeout, last)
			}
			return errInterrupted
		case <-tick.C:
		}
	}
}

func probe(ctx context.Context, client *http.Client, readyURL string) (bool, string) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, readyURL, nil)
	if err != nil {
		return false, err.Error()
	}
	resp, err := client.Do(req)
	if err != nil {
		return false, errorKind(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return false, "/readyz answered " + resp.Status
	}
	return true, ""
}

// stop sends SIGTERM and waits for the exit; it kills the process if the
// wait times out. It returns a one-line description of how it ended.
func (s *server) stop(timeout time.Duration) (string, error) {
	if s.exited() {
		return "", fmt.Errorf("server exited during the test (%v)", s.waitErr)
	}
	start := time.Now()
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		s.kill()
		return "SIGTERM not delivered; killed", fmt.Errorf("send SIGTERM to server: %w", err)
	}
	select {
	case <-s.done:
	case <-time.After(timeout):
		s.kill()
		return fmt.Sprintf("no exit within %s of SIGTERM; killed", timeout),
			errors.New("server did not exit after SIGTERM")
	}
	took := time.Since(start).Round(time.Millisecond)
	if s.waitErr != nil {
		return fmt.Sprintf("SIGTERM -> %v after %s", s.waitErr, took),
			fmt.Errorf("server exit after SIGTERM: %w", s.waitErr)
	}
	return fmt.Sprintf("SIGTERM -> exit status 0 after %s", took), nil
}

// kill ends the process if it still runs and waits for it.
func (s *server) kill() {
	if s.exited() {
		return
	}
	s.cmd.Process.Kill()
	<-s.done
}
