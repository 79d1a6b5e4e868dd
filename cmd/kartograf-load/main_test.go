package main

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestParseFlagsDefaults(t *testing.T) {
	cfg, err := parseFlags(nil, new(bytes.Buffer))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.duration != 60*time.Second || cfg.warmup != 3*time.Second || cfg.conc != 4 ||
		!slices.Equal(cfg.scenarios, []string{"unsigned", "signed"}) || cfg.keyType != "ecdsa" ||
		cfg.addr != "" || cfg.json || cfg.slow != 0 || cfg.bin != "" {
		t.Errorf("defaults = %+v", *cfg)
	}
}

func TestParseFlags(t *testing.T) {
	cfg, err := parseFlags([]string{"-duration", "5s", "-warmup", "0s", "-c", "16", "-scenarios", " signed , ,unsigned",
		"-key", "rsa", "-addr", "[::1]:9000", "-json", "-slow", "3"}, new(bytes.Buffer))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.duration != 5*time.Second || cfg.warmup != 0 || cfg.conc != 16 ||
		!slices.Equal(cfg.scenarios, []string{"signed", "unsigned"}) || cfg.keyType != "rsa" ||
		cfg.addr != "[::1]:9000" || !cfg.json || cfg.slow != 3 {
		t.Errorf("cfg = %+v", *cfg)
	}
}

func TestParseFlagsRejects(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"extra", "words"}, "unexpected arguments: extra words"},
		{[]string{"-duration", "0s"}, "-duration must be positive"},
		{[]string{"-warmup", "-1s"}, "-warmup must not be negative"},
		{[]string{"-c", "0"}, "-c must be between 1 and 1024"},
		{[]string{"-c", "1025"}, "-c must be between 1 and 1024"},
		{[]string{"-key", "gost"}, `-key must be rsa or ecdsa, not "gost"`},
		{[]string{"-slow", "-1"}, "-slow must not be negative"},
		{[]string{"-scenarios", "unsigned,fast"}, `unknown scenario "fast" (want unsigned or signed)`},
		{[]string{"-scenarios", "signed,signed"}, `scenario "signed" given twice`},
		{[]string{"-scenarios", " , "}, "no scenarios given"},
		{[]string{"-addr", "10.0.0.1:8080"}, `-addr "10.0.0.1:8080": host must be a loopback IP or localhost`},
		{[]string{"-addr", "example.org:8080"}, `-addr "example.org:8080": host must be a loopback IP or localhost`},
		{[]string{"-addr", "127.0.0.1:0"}, `-addr "127.0.0.1:0": need an explicit port 1-65535`},
		{[]string{"-addr", "127.0.0.1:http"}, `-addr "127.0.0.1:http": need an explicit port 1-65535`},
		{[]string{"-addr", "127.0.0.1"}, `-addr "127.0.0.1": address 127.0.0.1: missing port in address`},
	} {
		_, err := parseFlags(tc.args, new(bytes.Buffer))
		var ue *usageError
		if !errors.As(err, &ue) || err.Error() != tc.want {
			t.Errorf("%q: err = %v, want usage error %q", tc.args, err, tc.want)
		}
	}
}

func TestCheckLoopbackAccepts(t *testing.T) {
	for _, addr := range []string{"127.0.0.1:8080", "127.1.2.3:1", "localhost:65535", "[::1]:8080"} {
		if err := checkLoopback(addr); err != nil {
			t.Errorf("%s: %v", addr, err)
		}
	}
}

// TestRunUsage: a wrong command line ends with exit code 2 and one line
// naming the problem, before anything is built or started.
func TestRunUsage(t *testing.T) {
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"-c", "0"}, &stdout, &stderr)
	if code != exitUsage || stderr.String() != "kartograf-load: -c must be between 1 and 1024\n" || stdout.Len() != 0 {
		t.Errorf("exit %d, stdout %q, stderr %q", code, stdout.String(), stderr.String())
	}
	stderr.Reset()
	if code := run(context.Background(), []string{"-h"}, &stdout, &stderr); code != exitOK || !strings.Contains(stderr.String(), "-duration") {
		t.Errorf("-h: exit %d, stderr %q", code, stderr.String())
	}
}

func TestLogTail(t *testing.T) {
	dir := t.TempDir()
	if got := logTail(dir+"/absent.log", 3); got != "" {
		t.Errorf("absent log: %q", got)
	}
	p := dir + "/server.log"
	writeFile(t, p, "\n\n")
	if got := logTail(p, 3); got != " (empty)" {
		t.Errorf("empty log: %q", got)
	}
	writeFile(t, p, "one\ntwo\nthree\nfour\n")
	if got, want := logTail(p, 2), ", last lines:\n    three\n    four"; got != want {
		t.Errorf("logTail = %q, want %q", got, want)
	}
}
