package cli

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/kartograf-ru/kartograf/internal/testtool"
	"github.com/kartograf-ru/kartograf/pkg/sign"
)

// servedCLI is "kartograf serve" running in the test's process on a free
// port of 127.0.0.1, which it names in its log. The tests that sign over
// HTTP share it so that they start, use and stop the service alike.
type servedCLI struct {
	base   string // http://127.0.0.1:port
	stderr *testtool.SyncBuffer
	cancel context.CancelFunc
	done   chan int // serve's exit code
}

// startServe runs "kartograf serve --addr 127.0.0.1:0" with args and
// waits, at most 20 s, until the service logs its address. A test that
// fails before stop still stops the service when it ends.
func startServe(t *testing.T, args ...string) *servedCLI {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	s := &servedCLI{stderr: new(testtool.SyncBuffer), cancel: cancel, done: make(chan int, 1)}
	go func() {
		s.done <- run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...), strings.NewReader(""), io.Discard, s.stderr)
	}()
	addrRE := regexp.MustCompile(`"addr":"(127\.0\.0\.1:\d+)"`)
	for deadline := time.Now().Add(20 * time.Second); s.base == ""; time.Sleep(5 * time.Millisecond) {
		if m := addrRE.FindStringSubmatch(s.stderr.String()); m != nil {
			s.base = "http://" + m[1]
		} else if time.Now().After(deadline) {
			cancel()
			t.Fatalf("the service did not start:\n%s", s.stderr.String())
		}
	}
	return s
}

// renderSigned posts seed 001 to /v1/render?sign=true with the bearer
// token and returns the PDF; any status but 200 fails the test.
func (s *servedCLI) renderSigned(t *testing.T, token string) []byte {
	t.Helper()
	body, err := os.ReadFile(seed001)
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest("POST", s.base+"/v1/render?sign=true", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	pdf, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("signed render: status %d: %.300s", resp.StatusCode, pdf)
	}
	return pdf
}

// stop cancels serve's context, the way SIGTERM does, and waits at most
// 30 s for it to exit 0.
func (s *servedCLI) stop(t *testing.T) {
	t.Helper()
	s.cancel()
	select {
	case code := <-s.done:
		if code != 0 {
			t.Fatalf("serve exited %d:\n%s", code, s.stderr.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop")
	}
}

// TestServe runs "kartograf serve" with a key and a tokens file, signs a
// document over HTTP and stops it the way SIGTERM does.
func TestServe(t *testing.T) {
	dir := t.TempDir()
	_, _, keyFile, certFile := writeTestKey(t, dir)
	const token = "serve-test-token-0123456789"
	tokens := filepath.Join(dir, "tokens.txt")
	if err := os.WriteFile(tokens, []byte("# tokens\n\n"+token+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("GOGC", "100") // keep the test process's collector as it was
	// A job's zip left by an earlier process: nobody knows its id any more.
	jobsDir := filepath.Join(dir, "jobs")
	os.Mkdir(jobsDir, 0o700)
	leftover := filepath.Join(jobsDir, strings.Repeat("0f", 16))
	if err := os.WriteFile(leftover, []byte("PK"), 0o600); err != nil {
		t.Fatal(err)
	}
	s := startServe(t, "--tokens-file", tokens, "--key", keyFile, "--cert", certFile,
		"--drain-delay", "200ms", "--trusted-proxies", "10.0.0.0/8, 192.168.1.1", "--body-timeout", "7s",
		"--jobs-dir", jobsDir, "--job-ttl", "2h", "--max-jobs", "3")
	if _, err := os.Stat(leftover); !os.IsNotExist(err) {
		t.Errorf("--jobs-dir: the leftover job file stays (%v)", err)
	}
	pdf := s.renderSigned(t, token)
	if sigs, err := sign.Verify(pdf); err != nil || !sigs[0].Valid || sigs[0].Signer != "Шидукова Л.П." {
		t.Fatalf("signature: %v %+v", err, sigs)
	}
	s.stop(t)
	logs := s.stderr.String()
	if strings.Contains(logs, token) {
		t.Error("the token reached the log")
	}
	for _, want := range []string{`"signing":true`, `"tokens":1`, `"status":200`, `"auth":"ok"`, "сервис остановлен",
		`"drain_delay":"200ms"`, `"trusted_proxies":["10.0.0.0/8","192.168.1.1"]`, `"body_timeout":"7s"`, "готовность снята",
		`"job_ttl":"2h0m0s"`, `"max_jobs":3`} {
		if !strings.Contains(logs, want) {
			t.Errorf("log lacks %s:\n%s", want, logs)
		}
	}
}

func TestServeConfigErrors(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.txt")
	os.WriteFile(empty, []byte("# nothing\n"), 0o600)
	short := filepath.Join(dir, "short.txt")
	os.WriteFile(short, []byte("abc\n"), 0o600)
	for _, c := range []struct {
		args []string
		env  [2]string
		want string
	}{
		{[]string{"serve", "--tokens-file", filepath.Join(dir, "missing.txt")}, [2]string{}, "файл токенов"},
		{[]string{"serve", "--tokens-file", empty}, [2]string{}, "нет ни одного токена"},
		{[]string{"serve", "--tokens-file", short}, [2]string{}, "короче 16 символов"},
		{[]string{"serve", "--auth-all"}, [2]string{}, "RequireAuth"},
		{[]string{"serve", "--key", filepath.Join(dir, "none.pem")}, [2]string{}, "ключ подписи"},
		{[]string{"serve", "--log-format", "xml"}, [2]string{}, "формат журнала"},
		{[]string{"serve"}, [2]string{"KARTOGRAF_MAX_ROWS", "много"}, "KARTOGRAF_MAX_ROWS"},
		{[]string{"serve"}, [2]string{"KARTOGRAF_RENDER_TIMEOUT", "10"}, "KARTOGRAF_RENDER_TIMEOUT"},
		{[]string{"serve", "extra"}, [2]string{}, "лишние аргументы"},
		{[]string{"serve", "--trusted-proxies", "10.0.0.0/8,proxy.local"}, [2]string{}, "«proxy.local» — не IP-адрес"},
		{[]string{"serve"}, [2]string{"KARTOGRAF_TRUSTED_PROXIES", "300.1.1.1"}, "«300.1.1.1» — не IP-адрес"},
		{[]string{"serve"}, [2]string{"KARTOGRAF_DRAIN_DELAY", "5"}, "KARTOGRAF_DRAIN_DELAY"},
		{[]string{"serve"}, [2]string{"KARTOGRAF_BODY_TIMEOUT", "soon"}, "KARTOGRAF_BODY_TIMEOUT"},
		{[]string{"serve"}, [2]string{"KARTOGRAF_MIN_BODY_RATE", "fast"}, "KARTOGRAF_MIN_BODY_RATE"},
		{[]string{"serve", "--body-timeout", "0s"}, [2]string{}, "--body-timeout"},
		{[]string{"serve"}, [2]string{"KARTOGRAF_JOB_TTL", "день"}, "KARTOGRAF_JOB_TTL"},
		{[]string{"serve", "--job-ttl", "0s"}, [2]string{}, "--job-ttl"},
		{[]string{"serve"}, [2]string{"KARTOGRAF_MAX_JOBS", "0"}, "--max-jobs"},
		{[]string{"serve", "--jobs-dir", empty}, [2]string{}, "каталог заданий"},
		{[]string{"serve", "--max-body", "10000000", "--max-body-memory", "1000"}, [2]string{}, "MaxBodyMemory"},
	} {
		if c.env[0] != "" {
			t.Setenv(c.env[0], c.env[1])
		}
		code, _, stderr := runCLI(t, "", c.args...)
		if code != exitUsage || !strings.Contains(stderr, c.want) {
			t.Errorf("%v %v: exit %d, %q; want 2 and %q", c.args, c.env, code, stderr, c.want)
		}
		if c.env[0] != "" {
			os.Unsetenv(c.env[0])
		}
	}
}

// TestServeStandaloneHelp is kartograf-serve's -h and a wrong flag: the
// same flags and messages as kartograf serve, but the usage, example and
// hint name the program the user ran, and the exit codes are its own
// (kartograf help may not be installed beside it).
func TestServeStandaloneHelp(t *testing.T) {
	var out, errb bytes.Buffer
	c := &cli{ctx: context.Background(), stdin: strings.NewReader(""), stdout: &out, stderr: &errb, standalone: true}
	if code := c.serve([]string{"--help"}); code != exitOK {
		t.Fatalf("kartograf-serve --help: exit %d, %s", code, errb.String())
	}
	help := out.String()
	for _, want := range []string{"kartograf-serve — HTTP-сервис", "  kartograf-serve [--addr 127.0.0.1:8080]",
		"KARTOGRAF_TOKENS=секрет kartograf-serve --addr :8080", "--max-jobs ЧИСЛО", "(KARTOGRAF_ADDR)", "2 — неверный вызов"} {
		if !strings.Contains(help, want) {
			t.Errorf("help lacks %q:\n%s", want, help)
		}
	}
	if strings.Contains(help, "kartograf serve") || strings.Contains(help, "kartograf help") {
		t.Errorf("kartograf-serve's help sends the user to kartograf:\n%s", help)
	}
	out.Reset()
	if code := c.serve([]string{"--adr", ":1"}); code != exitUsage ||
		errb.String() != "serve: неизвестный флаг --adr; может быть, --addr?\nсправка: kartograf-serve -h\n" {
		t.Errorf("wrong flag: exit %d, %q", code, errb.String())
	}
}
