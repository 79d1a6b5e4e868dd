package main

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

	"kartograf/internal/testtool"
	"kartograf/pkg/sign"
)

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
	ctx, cancel := context.WithCancel(context.Background())
	var stderr testtool.SyncBuffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--tokens-file", tokens, "--key", keyFile, "--cert", certFile,
			"--drain-delay", "200ms", "--trusted-proxies", "10.0.0.0/8, 192.168.1.1", "--body-timeout", "7s"},
			strings.NewReader(""), io.Discard, &stderr)
	}()
	addrRE := regexp.MustCompile(`"addr":"(127\.0\.0\.1:\d+)"`)
	var base string
	for deadline := time.Now().Add(20 * time.Second); base == ""; {
		if m := addrRE.FindStringSubmatch(stderr.String()); m != nil {
			base = "http://" + m[1]
		} else if time.Now().After(deadline) {
			cancel()
			t.Fatalf("the service did not start:\n%s", stderr.String())
		}
		time.Sleep(5 * time.Millisecond)
	}

	body, err := os.ReadFile(seed001)
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest("POST", base+"/v1/render?sign=true", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	pdf, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("status %d: %.300s", resp.StatusCode, pdf)
	}
	if sigs, err := sign.Verify(pdf); err != nil || !sigs[0].Valid || sigs[0].Signer != "Шидукова Л.П." {
		t.Fatalf("signature: %v %+v", err, sigs)
	}

	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("serve exited %d:\n%s", code, stderr.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop")
	}
	logs := stderr.String()
	if strings.Contains(logs, token) {
		t.Error("the token reached the log")
	}
	for _, want := range []string{`"signing":true`, `"tokens":1`, `"status":200`, `"auth":"ok"`, "сервис остановлен",
		`"drain_delay":"200ms"`, `"trusted_proxies":["10.0.0.0/8","192.168.1.1"]`, `"body_timeout":"7s"`, "готовность снята"} {
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
