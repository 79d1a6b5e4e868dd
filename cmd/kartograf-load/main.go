// Command kartograf-load is a reproducible load test for the HTTP service
// kartograf-serve (what "kartograf serve" starts).
//
//	go run ./cmd/kartograf-load [-bin PATH] [-duration 60s] [-warmup 3s] [-c 4]
//	    [-scenarios unsigned,signed] [-key ecdsa|rsa] [-addr 127.0.0.1:PORT] [-json] [-slow N]
//
// It generates a throwaway self-signed certificate, its key and a bearer
// token in a temporary directory, starts the server as a child process on a
// loopback address, waits for GET /readyz, and then, for every scenario,
// warms the server up and drives it with -c concurrent keep-alive clients
// for -duration, posting the built-in seed document 001 to
// /v1/render?format=pdf (scenario "unsigned") or
// /v1/render?format=pdf&sign=true (scenario "signed").
//
// For every scenario it prints the successful request rate, latency
// percentiles of the successful requests (exact, from all samples), the
// errors by kind (HTTP status or transport failure; 429 answers of an
// overloaded server count as errors) and, on Linux, the server's memory:
// the peak resident set (VmHWM), the largest VmRSS seen, an RSS timeline
// and the growth from the first to the last quarter of the run, which
// shows whether memory stays flat. The memory figures are those of the
// child process itself, so -bin must be the server binary, not a wrapper
// script.
//
// With -slow N, N more connections send a request body at one byte a
// second throughout every scenario (half with a Content-Length, half
// chunked; each one the server cuts off is replaced), to show that slow
// clients neither starve the renders nor grow the server's memory.
//
// Without -bin it builds ./cmd/kartograf-serve from the current directory
// (-bin may also name a kartograf binary: its serve command runs). The
// server runs with its defaults: KARTOGRAF_* variables are not passed on.
// At the end the server gets SIGTERM and its exit status is reported.
//
// Exit codes: 0 every scenario finished without errors, 1 errors or
// failure, 2 wrong usage.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// exit codes
const (
	exitOK    = 0
	exitFail  = 1
	exitUsage = 2
)

// limits and timeouts
const (
	maxConcurrency = 1024             // upper bound of -c
	readyTimeout   = 30 * time.Second // server start-up
	stopTimeout    = 30 * time.Second // graceful exit after SIGTERM
	requestTimeout = 2 * time.Minute  // one render request
	maxErrorKinds  = 32               // distinct error texts kept per scenario
	seedPrefix     = "001"            // the seed document driven at the server
)

// scenario names
const (
	scUnsigned = "unsigned"
	scSigned   = "signed"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// config is the parsed command line.
type config struct {
	bin       string
	duration  time.Duration
	warmup    time.Duration
	conc      int
	scenarios []string
	keyType   string
	addr      string
	json      bool
	slow      int
}

var errInterrupted = errors.New("interrupted")

// usageError marks a wrong command line (exit code 2).
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, a ...any) error {
	return &usageError{msg: fmt.Sprintf(format, a...)}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cfg, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	if err != nil {
		var ue *usageError
		if errors.As(err, &ue) {
			fmt.Fprintln(stderr, "kartograf-load:", err)
		}
		return exitUsage
	}
	// The client shares the machine with the server: keep its own
	// collector from taking CPU the measurement is about.
	debug.SetGCPercent(400)
	clean, err := loadTest(ctx, cfg, stdout, stderr)
	if err != nil {
		fmt.Fprintln(stderr, "kartograf-load:", err)
		return exitFail
	}
	if !clean {
		return exitFail
	}
	return exitOK
}

func parseFlags(args []string, stderr io.Writer) (*config, error) {
	fs := flag.NewFlagSet("kartograf-load", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfg := &config{}
	var scen string
	fs.StringVar(&cfg.bin, "bin", "", "kartograf-serve binary (default: go build ./cmd/kartograf-serve into a temporary directory)")
	fs.DurationVar(&cfg.duration, "duration", 60*time.Second, "measured time per scenario")
	fs.DurationVar(&cfg.warmup, "warmup", 3*time.Second, "warm-up time before each scenario (not measured)")
	fs.IntVar(&cfg.conc, "c", 4, "concurrent clients (4 keeps two cores busy without queueing)")
	fs.StringVar(&scen, "scenarios", scUnsigned+","+scSigned, "comma-separated scenarios: unsigned, signed")
	fs.StringVar(&cfg.keyType, "key", "ecdsa", "generated test key: ecdsa (P-256, like GOST R 34.10 an elliptic-curve key) or rsa (RSA-2048)")
	fs.StringVar(&cfg.addr, "addr", "", "loopback address for the server (default: a free 127.0.0.1 port)")
	fs.BoolVar(&cfg.json, "json", false, "also print one JSON object per scenario")
	fs.IntVar(&cfg.slow, "slow", 0, "also keep this many connections sending a request body at 1 byte/s during every scenario")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, usagef("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	var err error
	if cfg.scenarios, err = parseScenarios(scen); err != nil {
		return nil, err
	}
	return cfg, cfg.validate()
}

func (cfg *config) validate() error {
	switch {
	case cfg.duration <= 0:
		return usagef("-duration must be positive")
	case cfg.warmup < 0:
		return usagef("-warmup must not be negative")
	case cfg.conc < 1 || cfg.conc > maxConcurrency:
		return usagef("-c must be between 1 and %d", maxConcurrency)
	case cfg.keyType != "rsa" && cfg.keyType != "ecdsa":
		return usagef("-key must be rsa or ecdsa, not %q", cfg.keyType)
	case cfg.slow < 0:
		return usagef("-slow must not be negative")
	}
	if cfg.addr != "" {
		return checkLoopback(cfg.addr)
	}
	return nil
}

func parseScenarios(list string) ([]string, error) {
	var out []string
	for _, s := range strings.Split(list, ",") {
		s = strings.TrimSpace(s)
		switch {
		case s == "":
			continue
		case s != scUnsigned && s != scSigned:
			return nil, usagef("unknown scenario %q (want unsigned or signed)", s)
		case slices.Contains(out, s):
			return nil, usagef("scenario %q given twice", s)
		}
		out = append(out, s)
	}
	if len(out) == 0 {
		return nil, usagef("no scenarios given")
	}
	return out, nil
}

// checkLoopback refuses any address that is not on the loopback interface.
func checkLoopback(addr string) error {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return usagef("-addr %q: %v", addr, err)
	}
	if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
		return usagef("-addr %q: need an explicit port 1-65535", addr)
	}
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return usagef("-addr %q: host must be a loopback IP or localhost", addr)
}

// loadTest runs the whole test. It reports whether every scenario finished
// without errors; err is a failure of the harness itself.
func loadTest(ctx context.Context, cfg *config, stdout, stderr io.Writer) (clean bool, err error) {
	dir, err := os.MkdirTemp("", "kartograf-load-")
	if err != nil {
		return false, fmt.Errorf("temporary directory: %w", err)
	}
	logPath := filepath.Join(dir, "server.log")
	started := false
	defer func() {
		switch {
		case !started || (clean && err == nil):
			os.RemoveAll(dir)
		case err != nil:
			err = fmt.Errorf("%w\nserver log: %s%s", err, logPath, logTail(logPath, 10))
		default:
			fmt.Fprintf(stderr, "server log: %s\n", logPath)
		}
	}()

	body, err := seedDocument()
	if err != nil {
		return false, err
	}
	bin, err := serverBinary(ctx, cfg.bin, dir, stderr)
	if err != nil {
		return false, err
	}
	creds, err := writeCredentials(dir, cfg.keyType)
	if err != nil {
		return false, err
	}
	addr, err := chooseAddr(cfg.addr)
	if err != nil {
		return false, err
	}
	printMachine(stdout, cfg, bin, addr)

	srv, err := startServer(bin, addr, creds, logPath)
	if err != nil {
		return false, err
	}
	started = true
	defer srv.kill()
	if err := srv.waitReady(ctx, readyTimeout); err != nil {
		return false, err
	}

	clean, err = runScenarios(ctx, cfg, srv, creds.token, body, stdout)
	if err != nil {
		return false, err
	}
	status, err := srv.stop(stopTimeout)
	fmt.Fprintf(stdout, "shutdown  %s\n", status)
	if err != nil {
		return false, err
	}
	return clean, nil
}

// logTail returns the last n lines of the server log, indented, or "" if
// there are none.
func logTail(path string, n int) string {
	data, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	text := strings.TrimRight(string(data), "\n")
	if text == "" {
		return " (empty)"
	}
	lines := strings.Split(text, "\n")
	lines = lines[max(0, len(lines)-n):]
	return ", last lines:\n    " + strings.Join(lines, "\n    ")
}
