package main

import (
	"bufio"
	"bytes"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestServeBinaries builds kartograf and kartograf-serve into one
// directory, as an install or a release puts them, and checks that
// kartograf serve is kartograf-serve: a wrong flag gets kartograf-serve's
// answer, the service starts in kartograf's own process (Unix: the
// process is replaced, so its PID is the service's) and stops on SIGTERM
// with exit 0; and that kartograf alone, with no kartograf-serve beside it
// or on PATH, says what to do with exit 2.
func TestServeBinaries(t *testing.T) {
	if testing.Short() {
		t.Skip("builds two binaries")
	}
	dir := t.TempDir()
	build := exec.Command("go", "build", "-o", dir+string(filepath.Separator), "./cmd/kartograf", "./cmd/kartograf-serve")
	build.Dir = filepath.Join("..", "..")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	exe := ""
	if runtime.GOOS == "windows" {
		exe = ".exe"
	}
	kartograf := filepath.Join(dir, "kartograf"+exe)
	// Neither PATH nor KARTOGRAF_* settings of the caller take part.
	env := slices.DeleteFunc(os.Environ(), func(kv string) bool {
		return strings.HasPrefix(kv, "KARTOGRAF_") || strings.HasPrefix(kv, "PATH=")
	})
	env = append(env, "PATH="+t.TempDir())

	cmd := exec.Command(kartograf, "serve", "--addr", "127.0.0.1:0", "--bogus")
	cmd.Env = env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); exitCode(err) != 2 || stderr.String() != "serve: неизвестный флаг --bogus\nсправка: kartograf-serve -h\n" {
		t.Errorf("kartograf serve --bogus: %v, %q; want exit 2 and kartograf-serve's message", err, stderr.String())
	}

	cmd = exec.Command(kartograf, "serve", "--addr", "127.0.0.1:0", "--drain-delay", "0", "--log-format", "json")
	cmd.Env = env
	logs, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	lines := make(chan string, 64)
	go func() {
		sc := bufio.NewScanner(logs)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	addrRE := regexp.MustCompile(`"addr":"(127\.0\.0\.1:\d+)"`)
	var base string
	var seen []string
	timeout := time.After(60 * time.Second)
	for base == "" {
		select {
		case l, ok := <-lines:
			if !ok {
				t.Fatalf("kartograf serve exited before it served:\n%s", strings.Join(seen, "\n"))
			}
			seen = append(seen, l)
			if m := addrRE.FindStringSubmatch(l); m != nil {
				base = "http://" + m[1]
			}
		case <-timeout:
			t.Fatalf("kartograf serve did not start:\n%s", strings.Join(seen, "\n"))
		}
	}
	go func() { // the rest of the log, so that the service never blocks on it
		for range lines {
		}
	}()
	resp, err := http.Get(base + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("/healthz: %s", resp.Status)
	}
	if runtime.GOOS == "linux" {
		if target, err := os.Readlink("/proc/" + strconv.Itoa(cmd.Process.Pid) + "/exe"); err != nil || filepath.Base(target) != "kartograf-serve" {
			t.Errorf("the process started as kartograf runs %q (%v), want kartograf-serve in its place", target, err)
		}
	}
	if runtime.GOOS != "windows" {
		if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
			t.Fatal(err)
		}
		waited := make(chan error, 1)
		go func() { waited <- cmd.Wait() }()
		select {
		case err := <-waited:
			if err != nil {
				t.Errorf("after SIGTERM: %v, want exit 0", err)
			}
		case <-time.After(30 * time.Second):
			t.Error("kartograf serve did not stop on SIGTERM")
		}
	}

	alone := filepath.Join(t.TempDir(), "kartograf"+exe)
	data, err := os.ReadFile(kartograf)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(alone, data, 0o755); err != nil {
		t.Fatal(err)
	}
	cmd = exec.Command(alone, "serve", "--addr", "127.0.0.1:0")
	cmd.Env = env
	stderr.Reset()
	cmd.Stderr = &stderr
	if err := cmd.Run(); exitCode(err) != 2 || !strings.Contains(stderr.String(), "отдельная программа kartograf-serve") ||
		!strings.Contains(stderr.String(), "go run ./cmd/kartograf-serve") {
		t.Errorf("kartograf alone: %v, %q; want exit 2 and where to get kartograf-serve", err, stderr.String())
	}
}

func exitCode(err error) int {
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode()
	}
	if err != nil {
		return -1
	}
	return 0
}
