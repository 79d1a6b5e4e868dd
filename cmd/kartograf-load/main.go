// Command kartograf-load is a reproducible load test for the HTTP service
// "kartograf serve".
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
// Without -bin it builds ./cmd/kartograf from the current directory. The
// server runs with its defaults: KARTOGRAF_* variables are not passed on.
// At the end the server gets SIGTERM and its exit status is reported.
//
// Exit codes: 0 every scenario finished without errors, 1 errors or
// failure, 2 wrong usage.
package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"math/big"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"kartograf"
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
	fs.StringVar(&cfg.bin, "bin", "", "kartograf binary (default: go build ./cmd/kartograf into a temporary directory)")
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

// seedDocument returns the JSON of the built-in seed document 001.
func seedDocument() ([]byte, error) {
	for _, d := range kartograf.Demos() {
		if strings.HasPrefix(d.Name, seedPrefix) {
			return d.JSON, nil
		}
	}
	return nil, fmt.Errorf("no built-in seed document whose name starts with %q", seedPrefix)
}

// serverBinary returns bin, or builds ./cmd/kartograf into dir.
func serverBinary(ctx context.Context, bin, dir string, stderr io.Writer) (string, error) {
	if bin != "" {
		if _, err := os.Stat(bin); err != nil {
			return "", fmt.Errorf("-bin: %w", err)
		}
		return bin, nil
	}
	out := filepath.Join(dir, "kartograf")
	if runtime.GOOS == "windows" {
		out += ".exe"
	}
	fmt.Fprintln(stderr, "building ./cmd/kartograf ...")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", out, "./cmd/kartograf")
	var msg bytes.Buffer
	cmd.Stdout, cmd.Stderr = &msg, &msg
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("go build ./cmd/kartograf failed (run from the repository root or pass -bin): %w\n%s",
			err, strings.TrimSpace(msg.String()))
	}
	return out, nil
}

// credentials are the files given to the server.
type credentials struct {
	keyFile, certFile, tokensFile string
	token                         string
	keyDesc                       string
}

// writeCredentials generates a self-signed certificate with its key and a
// tokens file holding one random token.
func writeCredentials(dir, keyType string) (*credentials, error) {
	key, desc, err := generateKey(keyType)
	if err != nil {
		return nil, err
	}
	certDER, err := selfSigned(key)
	if err != nil {
		return nil, err
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, fmt.Errorf("encode test key: %w", err)
	}
	token, err := randomToken()
	if err != nil {
		return nil, err
	}
	c := &credentials{
		keyFile:    filepath.Join(dir, "key.pem"),
		certFile:   filepath.Join(dir, "cert.pem"),
		tokensFile: filepath.Join(dir, "tokens.txt"),
		token:      token,
		keyDesc:    desc,
	}
	files := []struct {
		path string
		data []byte
	}{
		{c.keyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER})},
		{c.certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: certDER})},
		{c.tokensFile, []byte(token + "\n")},
	}
	for _, f := range files {
		if err := os.WriteFile(f.path, f.data, 0o600); err != nil {
			return nil, fmt.Errorf("write %s: %w", f.path, err)
		}
	}
	return c, nil
}

func generateKey(keyType string) (crypto.Signer, string, error) {
	switch keyType {
	case "ecdsa":
		k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			return nil, "", fmt.Errorf("generate ECDSA P-256 key: %w", err)
		}
		return k, "ecdsa-p256", nil
	default:
		k, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			return nil, "", fmt.Errorf("generate RSA-2048 key: %w", err)
		}
		return k, "rsa-2048", nil
	}
}

// selfSigned returns a DER certificate for key, valid for one year.
func selfSigned(key crypto.Signer) ([]byte, error) {
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		return nil, fmt.Errorf("certificate serial: %w", err)
	}
	notBefore := time.Now().Add(-time.Hour).UTC().Truncate(time.Second)
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		Subject: pkix.Name{
			CommonName:   "Тестовый подписант Kartograf",
			Organization: []string{"Kartograf load test"},
		},
		NotBefore:             notBefore,
		NotAfter:              notBefore.AddDate(1, 0, 0),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageContentCommitment,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageEmailProtection},
		BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		return nil, fmt.Errorf("create test certificate: %w", err)
	}
	return der, nil
}

func randomToken() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("random token: %w", err)
	}
	return hex.EncodeToString(b), nil
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

func printMachine(w io.Writer, cfg *config, bin, addr string) {
	fmt.Fprintf(w, "machine   %s/%s  cpus=%d  %s  key=%s\n",
		runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.Version(), keyLabel(cfg.keyType))
	fmt.Fprintf(w, "command   %s serve --addr %s\n", bin, addr)
	fmt.Fprintf(w, "plan      scenarios=%s  duration=%s  warmup=%s  c=%d\n",
		strings.Join(cfg.scenarios, ","), cfg.duration, cfg.warmup, cfg.conc)
}

func keyLabel(keyType string) string {
	if keyType == "ecdsa" {
		return "ecdsa-p256"
	}
	return "rsa-2048"
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
	cmd := exec.Command(bin, "serve",
		"--addr", addr,
		"--tokens-file", c.tokensFile,
		"--key", c.keyFile,
		"--cert", c.certFile)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.Env = serverEnv(os.Environ())
	if err := cmd.Start(); err != nil {
		logFile.Close()
		return nil, fmt.Errorf("start %s serve: %w", bin, err)
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

// scenario describes one kind of request.
type scenario struct {
	name   string
	url    string
	token  string // bearer token, signed only
	signed bool
}

func newScenario(name, addr, token string) scenario {
	sc := scenario{name: name, url: "http://" + addr + "/v1/render?format=pdf"}
	if name == scSigned {
		sc.url += "&sign=true"
		sc.token = token
		sc.signed = true
	}
	return sc
}

// runScenarios warms up and measures every scenario in turn.
func runScenarios(ctx context.Context, cfg *config, srv *server, token string, body []byte, stdout io.Writer) (bool, error) {
	client := newClient(cfg.conc)
	defer client.CloseIdleConnections()
	clean := true
	for _, name := range cfg.scenarios {
		sc := newScenario(name, srv.addr, token)
		fmt.Fprintln(stdout)
		var slow *slowClients
		if cfg.slow > 0 {
			slow = startSlow(ctx, srv.addr, cfg.slow)
		}
		stopSlow := func() string {
			if slow == nil {
				return ""
			}
			line := slow.stop()
			slow = nil
			return line
		}
		if cfg.warmup > 0 {
			w := drive(ctx, client, sc, body, cfg.conc, cfg.warmup)
			if ctx.Err() != nil {
				stopSlow()
				return false, errInterrupted
			}
			fmt.Fprintf(stdout, "warmup    %s  %s  %d ok, %d errors\n", name, cfg.warmup, len(w.latencies), w.errorCount())
		}
		res, err := measure(ctx, client, sc, body, cfg.conc, cfg.duration, srv.pid())
		line := stopSlow()
		if err != nil {
			return false, err
		}
		printResult(stdout, res)
		if line != "" {
			fmt.Fprintf(stdout, "slow      %s\n", line)
		}
		if cfg.json {
			if err := printJSON(stdout, res, cfg); err != nil {
				return false, err
			}
		}
		if srv.exited() {
			return false, fmt.Errorf("server exited during scenario %s (%v)", name, srv.waitErr)
		}
		if res.load.errorCount() > 0 {
			clean = false
		}
	}
	return clean, nil
}

func newClient(conc int) *http.Client {
	return &http.Client{
		Timeout: requestTimeout,
		Transport: &http.Transport{
			Proxy:               nil, // loopback only, never through a proxy
			MaxIdleConns:        2 * conc,
			MaxIdleConnsPerHost: 2 * conc,
			IdleConnTimeout:     90 * time.Second,
			DisableCompression:  true,
		},
	}
}

// result is one measured scenario.
type result struct {
	scenario string
	duration time.Duration // planned
	conc     int
	elapsed  time.Duration // actual, until the last request ended
	load     *loadStats
	mem      *memStats // nil when not available
}

// measure drives one scenario while sampling the server's memory.
func measure(ctx context.Context, client *http.Client, sc scenario, body []byte, conc int, d time.Duration, pid int) (*result, error) {
	sampler := startSampler(pid)
	start := time.Now()
	load := drive(ctx, client, sc, body, conc, d)
	elapsed := time.Since(start)
	mem := sampler.finish()
	if ctx.Err() != nil {
		return nil, errInterrupted
	}
	return &result{scenario: sc.name, duration: d, conc: conc, elapsed: elapsed, load: load, mem: mem}, nil
}

// loadStats collects what the clients saw.
type loadStats struct {
	latencies []time.Duration  // successful requests, sorted after merge
	errors    map[string]int64 // error kind -> count
}

func newLoadStats() *loadStats {
	return &loadStats{latencies: make([]time.Duration, 0, 4096), errors: map[string]int64{}}
}

func (l *loadStats) addError(kind string) { l.addErrors(kind, 1) }

// addErrors counts n errors of a kind; past maxErrorKinds distinct kinds
// new ones are counted together.
func (l *loadStats) addErrors(kind string, n int64) {
	if _, ok := l.errors[kind]; !ok && len(l.errors) >= maxErrorKinds {
		kind = "other errors"
	}
	l.errors[kind] += n
}

func (l *loadStats) errorCount() int64 {
	var n int64
	for _, c := range l.errors {
		n += c
	}
	return n
}

func (l *loadStats) merge(o *loadStats) {
	l.latencies = append(l.latencies, o.latencies...)
	for k, c := range o.errors {
		l.addErrors(k, c)
	}
}

// drive runs conc workers that post body until d has passed; requests
// already under way when the time is up are completed and counted.
func drive(ctx context.Context, client *http.Client, sc scenario, body []byte, conc int, d time.Duration) *loadStats {
	deadline := time.Now().Add(d)
	parts := make([]*loadStats, conc)
	var wg sync.WaitGroup
	for i := range parts {
		parts[i] = newLoadStats()
		wg.Go(func() { worker(ctx, client, sc, body, deadline, parts[i]) })
	}
	wg.Wait()
	total := newLoadStats()
	for _, p := range parts {
		total.merge(p)
	}
	slices.Sort(total.latencies)
	return total
}

func worker(ctx context.Context, client *http.Client, sc scenario, body []byte, deadline time.Time, st *loadStats) {
	var buf bytes.Buffer
	for ctx.Err() == nil && time.Now().Before(deadline) {
		start := time.Now()
		kind := doRequest(ctx, client, sc, body, &buf)
		if kind != "" {
			if ctx.Err() == nil {
				st.addError(kind)
			}
			continue
		}
		st.latencies = append(st.latencies, time.Since(start))
	}
}

// doRequest posts one document and reads the whole answer. It returns ""
// on success and the kind of error otherwise.
func doRequest(ctx context.Context, client *http.Client, sc scenario, body []byte, buf *bytes.Buffer) string {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, sc.url, bytes.NewReader(body))
	if err != nil {
		return "request: " + err.Error()
	}
	req.Header.Set("Content-Type", "application/json")
	if sc.token != "" {
		req.Header.Set("Authorization", "Bearer "+sc.token)
	}
	resp, err := client.Do(req)
	if err != nil {
		return errorKind(err)
	}
	buf.Reset()
	_, err = buf.ReadFrom(resp.Body)
	resp.Body.Close()
	if err != nil {
		return "read body: " + errorKind(err)
	}
	if resp.StatusCode != http.StatusOK {
		return "status " + strconv.Itoa(resp.StatusCode)
	}
	return checkPDF(buf.Bytes(), sc.signed)
}

// checkPDF validates a 200 answer.
func checkPDF(pdf []byte, signed bool) string {
	switch {
	case !bytes.HasPrefix(pdf, []byte("%PDF-")):
		return "status 200 without %PDF- header"
	case signed && !bytes.Contains(pdf, []byte("/ByteRange")):
		return "signed PDF without /ByteRange"
	case signed && !bytes.Contains(pdf, []byte("ETSI.CAdES.detached")):
		return "signed PDF without ETSI.CAdES.detached"
	}
	return ""
}

// errorKind turns a transport error into a short text without the
// addresses and ports that would make every error distinct.
func errorKind(err error) string {
	var ne net.Error
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		return "transport: connection refused"
	case errors.Is(err, syscall.ECONNRESET):
		return "transport: connection reset"
	case errors.Is(err, syscall.EPIPE):
		return "transport: broken pipe"
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return "transport: unexpected EOF"
	case errors.As(err, &ne) && ne.Timeout():
		return "transport: timeout"
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	return "transport: " + err.Error()
}

// percentile returns the nearest-rank percentile of sorted samples.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(math.Ceil(p/100*float64(len(sorted)))) - 1
	return sorted[max(0, min(i, len(sorted)-1))]
}

// memSample is the server's resident set at some time into the scenario.
type memSample struct {
	at  time.Duration
	rss int64 // bytes
}

// memStats is the server's memory during one scenario.
type memStats struct {
	samples []memSample
	hwm     int64 // VmHWM at the end: peak RSS since the server started
	maxRSS  int64 // largest VmRSS sampled during the scenario
}

// sampler reads /proc/PID/status once a second.
type sampler struct {
	pid   int
	stop  chan struct{}
	done  chan struct{}
	start time.Time
	mem   *memStats
}

func startSampler(pid int) *sampler {
	s := &sampler{pid: pid, stop: make(chan struct{}), done: make(chan struct{}), start: time.Now()}
	if runtime.GOOS != "linux" {
		close(s.done)
		return s
	}
	s.mem = &memStats{}
	go s.loop()
	return s
}

func (s *sampler) loop() {
	defer close(s.done)
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		select {
		case <-s.stop:
			return
		case t := <-tick.C:
			rss, hwm, err := readProcStatus(s.pid)
			if err != nil {
				continue
			}
			s.mem.samples = append(s.mem.samples, memSample{at: t.Sub(s.start), rss: rss})
			s.mem.maxRSS = max(s.mem.maxRSS, rss)
			s.mem.hwm = max(s.mem.hwm, hwm)
		}
	}
}

// finish stops sampling, takes a last reading and returns the statistics,
// or nil if memory could not be read at all.
func (s *sampler) finish() *memStats {
	close(s.stop)
	<-s.done
	if s.mem == nil {
		return nil
	}
	if rss, hwm, err := readProcStatus(s.pid); err == nil {
		s.mem.hwm = max(s.mem.hwm, hwm)
		s.mem.maxRSS = max(s.mem.maxRSS, rss)
		if len(s.mem.samples) == 0 {
			s.mem.samples = append(s.mem.samples, memSample{at: time.Since(s.start), rss: rss})
		}
	}
	if len(s.mem.samples) == 0 {
		return nil
	}
	return s.mem
}

// readProcStatus returns VmRSS and VmHWM of a Linux process in bytes.
func readProcStatus(pid int) (rss, hwm int64, err error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, 0, fmt.Errorf("process status: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		name, value, ok := strings.Cut(sc.Text(), ":")
		if !ok || (name != "VmRSS" && name != "VmHWM") {
			continue
		}
		kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(value), "kB")), 10, 64)
		if err != nil {
			return 0, 0, fmt.Errorf("process status %s: %w", name, err)
		}
		if name == "VmRSS" {
			rss = kb * 1024
		} else {
			hwm = kb * 1024
		}
	}
	if err := sc.Err(); err != nil {
		return 0, 0, fmt.Errorf("process status: %w", err)
	}
	if rss == 0 {
		return 0, 0, errors.New("process status: no VmRSS")
	}
	return rss, hwm, nil
}

// peak is the larger of VmHWM and the largest sample: the kernel updates
// the high-water mark lazily, so a sample can exceed it slightly.
func (m *memStats) peak() int64 { return max(m.hwm, m.maxRSS) }

// timelineStep chooses about six timeline points per scenario, in whole
// seconds (10 s for a 60 s run).
func timelineStep(d time.Duration) time.Duration {
	step := (d / 6).Round(time.Second)
	return max(step, time.Second)
}

// timeline returns the RSS at every step: the last sample taken within
// that step (with half a second of slack for ticker jitter).
func (m *memStats) timeline(d time.Duration) []memSample {
	step := timelineStep(d)
	var out []memSample
	for at := step; at <= d; at += step {
		var last *memSample
		for i := range m.samples {
			if t := m.samples[i].at; t > at-step && t <= at+500*time.Millisecond {
				last = &m.samples[i]
			}
		}
		if last != nil {
			out = append(out, memSample{at: at, rss: last.rss})
		}
	}
	return out
}

// growth compares the average RSS of the first and the last quarter of
// the samples.
func (m *memStats) growth() (first, last float64) {
	n := len(m.samples)
	q := max(1, n/4)
	return avgRSS(m.samples[:q]), avgRSS(m.samples[n-q:])
}

func avgRSS(s []memSample) float64 {
	var sum float64
	for _, x := range s {
		sum += float64(x.rss)
	}
	return sum / float64(len(s))
}

func mib(b float64) float64 { return b / (1 << 20) }

func (r *result) rate() float64 {
	return float64(len(r.load.latencies)) / r.elapsed.Seconds()
}

func printResult(w io.Writer, r *result) {
	l := r.load
	fmt.Fprintf(w, "scenario  %s  %s  c=%d\n", r.scenario, r.duration, r.conc)
	fmt.Fprintf(w, "requests  %d ok, %d errors\n", len(l.latencies), l.errorCount())
	fmt.Fprintf(w, "rate      %.1f req/s (successful, over %s)\n", r.rate(), r.elapsed.Round(time.Millisecond))
	if len(l.latencies) > 0 {
		fmt.Fprintf(w, "latency   p50 %s  p90 %s  p99 %s  max %s\n",
			fmtMS(percentile(l.latencies, 50)), fmtMS(percentile(l.latencies, 90)),
			fmtMS(percentile(l.latencies, 99)), fmtMS(l.latencies[len(l.latencies)-1]))
	} else {
		fmt.Fprintln(w, "latency   n/a (no successful request)")
	}
	printErrors(w, l.errors)
	fmt.Fprintf(w, "server    %s\n", memLine(r.mem, r.duration))
}

func printErrors(w io.Writer, errs map[string]int64) {
	if len(errs) == 0 {
		return
	}
	kinds := make([]string, 0, len(errs))
	for k := range errs {
		kinds = append(kinds, k)
	}
	slices.SortFunc(kinds, func(a, b string) int {
		if errs[a] != errs[b] {
			return int(errs[b] - errs[a])
		}
		return strings.Compare(a, b)
	})
	for _, k := range kinds {
		fmt.Fprintf(w, "errors    %d × %s\n", errs[k], k)
	}
}

func memLine(m *memStats, d time.Duration) string {
	if m == nil {
		return "rss n/a (not Linux or /proc unreadable)"
	}
	var tl []string
	for _, s := range m.timeline(d) {
		tl = append(tl, fmt.Sprintf("%s=%.0f", s.at, mib(float64(s.rss))))
	}
	first, last := m.growth()
	return fmt.Sprintf("rss peak %.1f MiB (VmHWM %.1f, max sampled %.1f); timeline MiB: %s; growth %.1f → %.1f MiB (%+.1f MiB)",
		mib(float64(m.peak())), mib(float64(m.hwm)), mib(float64(m.maxRSS)), strings.Join(tl, " "),
		mib(first), mib(last), mib(last-first))
}

func fmtMS(d time.Duration) string {
	ms := float64(d) / float64(time.Millisecond)
	if ms < 10 {
		return fmt.Sprintf("%.2fms", ms)
	}
	return fmt.Sprintf("%.1fms", ms)
}

// jsonResult is the machine-readable form of one scenario.
type jsonResult struct {
	Scenario    string           `json:"scenario"`
	DurationS   float64          `json:"duration_s"`
	ElapsedS    float64          `json:"elapsed_s"`
	Concurrency int              `json:"concurrency"`
	OK          int              `json:"ok"`
	Errors      int64            `json:"errors"`
	ErrorKinds  map[string]int64 `json:"error_kinds,omitempty"`
	RateRPS     float64          `json:"rate_rps"`
	LatencyMS   *jsonLatency     `json:"latency_ms,omitempty"`
	RSS         *jsonRSS         `json:"rss,omitempty"`
	GOOS        string           `json:"goos"`
	GOARCH      string           `json:"goarch"`
	NumCPU      int              `json:"num_cpu"`
	GoVersion   string           `json:"go_version"`
	Key         string           `json:"key"`
}

type jsonLatency struct {
	P50 float64 `json:"p50"`
	P90 float64 `json:"p90"`
	P99 float64 `json:"p99"`
	Max float64 `json:"max"`
}

type jsonPoint struct {
	AtS float64 `json:"at_s"`
	MiB float64 `json:"mib"`
}

type jsonRSS struct {
	PeakMiB      float64     `json:"peak_mib"`
	PeakHWMMiB   float64     `json:"peak_hwm_mib"`
	MaxSampleMiB float64     `json:"max_sampled_mib"`
	Timeline     []jsonPoint `json:"timeline"`
	FirstQMiB    float64     `json:"first_quarter_avg_mib"`
	LastQMiB     float64     `json:"last_quarter_avg_mib"`
	GrowthMiB    float64     `json:"growth_mib"`
}

func printJSON(w io.Writer, r *result, cfg *config) error {
	l := r.load
	out := jsonResult{
		Scenario:    r.scenario,
		DurationS:   r.duration.Seconds(),
		ElapsedS:    round(r.elapsed.Seconds(), 3),
		Concurrency: r.conc,
		OK:          len(l.latencies),
		Errors:      l.errorCount(),
		ErrorKinds:  l.errors,
		RateRPS:     round(r.rate(), 1),
		GOOS:        runtime.GOOS,
		GOARCH:      runtime.GOARCH,
		NumCPU:      runtime.NumCPU(),
		GoVersion:   runtime.Version(),
		Key:         keyLabel(cfg.keyType),
	}
	if len(l.latencies) > 0 {
		ms := func(d time.Duration) float64 { return round(float64(d)/float64(time.Millisecond), 3) }
		out.LatencyMS = &jsonLatency{
			P50: ms(percentile(l.latencies, 50)), P90: ms(percentile(l.latencies, 90)),
			P99: ms(percentile(l.latencies, 99)), Max: ms(l.latencies[len(l.latencies)-1]),
		}
	}
	if m := r.mem; m != nil {
		first, last := m.growth()
		rss := &jsonRSS{
			PeakMiB:      round(mib(float64(m.peak())), 1),
			PeakHWMMiB:   round(mib(float64(m.hwm)), 1),
			MaxSampleMiB: round(mib(float64(m.maxRSS)), 1),
			FirstQMiB:    round(mib(first), 1),
			LastQMiB:     round(mib(last), 1),
			GrowthMiB:    round(mib(last-first), 1),
		}
		for _, s := range m.timeline(r.duration) {
			rss.Timeline = append(rss.Timeline, jsonPoint{AtS: s.at.Seconds(), MiB: round(mib(float64(s.rss)), 1)})
		}
		out.RSS = rss
	}
	data, err := json.Marshal(out)
	if err != nil {
		return fmt.Errorf("encode JSON result: %w", err)
	}
	_, err = fmt.Fprintf(w, "%s\n", data)
	return err
}

func round(x float64, digits int) float64 {
	p := math.Pow(10, float64(digits))
	return math.Round(x*p) / p
}
