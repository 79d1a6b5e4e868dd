package cli

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kartograf-ru/kartograf/internal/testtool"
)

// withoutService makes this process the kartograf binary, which has no
// service of its own, for the test's duration.
func withoutService(t *testing.T) {
	saved := NewServer
	NewServer = nil
	t.Cleanup(func() { NewServer = saved })
}

// serveProgramOnPath puts a kartograf-serve on a PATH of its own: a link
// to this test binary, which TestMain runs as kartograf-serve.
func serveProgramOnPath(t *testing.T) {
	dir := t.TempDir()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(self, filepath.Join(dir, serveProgram)); err != nil {
		t.Skipf("no symbolic link here: %v", err)
	}
	t.Setenv("PATH", dir)
}

func TestServeProgramNames(t *testing.T) {
	for _, c := range []struct {
		exe, goos string
		want      []string
	}{
		{"kartograf", "linux", []string{"kartograf-serve"}},
		{"kartograf_0.1.0_linux_amd64", "linux", []string{"kartograf-serve_0.1.0_linux_amd64", "kartograf-serve"}},
		{"kartograf.exe", "windows", []string{"kartograf-serve.exe"}},
		{"KARTOGRAF.EXE", "windows", []string{"kartograf-serve.exe"}},
		{"kartograf_0.1.0_windows_amd64.exe", "windows", []string{"kartograf-serve_0.1.0_windows_amd64.exe", "kartograf-serve.exe"}},
		{"cli.test", "linux", []string{"kartograf-serve"}},
		{"kartograf-load", "linux", []string{"kartograf-serve"}},
	} {
		if got := serveProgramNames(c.exe, c.goos); !slices.Equal(got, c.want) {
			t.Errorf("serveProgramNames(%q, %s) = %q, want %q", c.exe, c.goos, got, c.want)
		}
	}
}

// TestServeWithoutServeProgram: the kartograf binary with no kartograf-serve
// beside it or on PATH says what to do, exit 2; its help still lists every
// flag of the service.
func TestServeWithoutServeProgram(t *testing.T) {
	withoutService(t)
	t.Setenv("PATH", t.TempDir())
	code, _, stderr := runCLI(t, "", "serve", "--addr", "127.0.0.1:0")
	if code != exitUsage {
		t.Errorf("exit %d, want 2", code)
	}
	for _, want := range []string{"отдельная программа kartograf-serve", "ни в PATH", "go run ./cmd/kartograf-serve",
		"go install github.com/kartograf-ru/kartograf/cmd/kartograf-serve@latest", "kartograf-serve_ВЕРСИЯ_ОС_АРХ", "/kartograf-serve"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("message lacks %q:\n%s", want, stderr)
		}
	}
	code, stdout, _ := runCLI(t, "", "serve", "-h")
	if code != exitOK || !strings.Contains(stdout, "--max-jobs ЧИСЛО") || !strings.Contains(stdout, "kartograf serve запускает её") {
		t.Errorf("serve -h without kartograf-serve: exit %d\n%s", code, stdout)
	}
}

// TestServeStartsServeProgram is the kartograf binary's serve where it
// runs kartograf-serve as a child (Windows; here, a process that is not
// its own): the arguments and streams reach it, its exit code comes back,
// and the end of the context stops it gracefully.
func TestServeStartsServeProgram(t *testing.T) {
	withoutService(t)
	serveProgramOnPath(t)
	code, _, stderr := runCLI(t, "", "serve", "--addr", "127.0.0.1:0", "--bogus")
	if code != exitUsage || stderr != "serve: неизвестный флаг --bogus\nсправка: kartograf-serve -h\n" {
		t.Errorf("a wrong flag through kartograf-serve: exit %d, %q", code, stderr)
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	logs := new(testtool.SyncBuffer)
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--drain-delay", "0"}, strings.NewReader(""), logs, logs)
	}()
	addrRE := regexp.MustCompile(`"addr":"(127\.0\.0\.1:\d+)"`)
	var base string
	for deadline := time.Now().Add(30 * time.Second); base == ""; time.Sleep(10 * time.Millisecond) {
		if m := addrRE.FindStringSubmatch(logs.String()); m != nil {
			base = "http://" + m[1]
		} else if time.Now().After(deadline) {
			cancel()
			t.Fatalf("kartograf-serve did not start:\n%s", logs.String())
		}
	}
	resp, err := http.Get(base + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("/healthz: %s", resp.Status)
	}
	cancel()
	select {
	case code := <-done:
		if code != exitOK || !bytes.Contains([]byte(logs.String()), []byte("сервис остановлен")) {
			t.Errorf("stopped: exit %d\n%s", code, logs.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("kartograf-serve did not stop")
	}
}
