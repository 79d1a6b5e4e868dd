package main

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestProbe(t *testing.T) {
	status := http.StatusOK
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/healthz" {
			http.NotFound(w, r)
			return
		}
		w.WriteHeader(status)
	}))
	defer srv.Close()

	if err := probe(srv.URL+"/healthz", time.Second); err != nil {
		t.Fatalf("200: %v", err)
	}
	status = http.StatusServiceUnavailable
	err := probe(srv.URL+"/healthz", time.Second)
	if err == nil || !strings.Contains(err.Error(), "503") {
		t.Fatalf("503 must be unhealthy, got %v", err)
	}
	if err := probe(srv.URL+"/nope", time.Second); err == nil {
		t.Fatal("404 must be unhealthy")
	}
}

func TestProbeNoServer(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL + "/healthz"
	srv.Close()
	if err := probe(url, time.Second); err == nil {
		t.Fatal("a closed port must be unhealthy")
	}
}

func TestProbeTimeout(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-release
	}))
	defer srv.Close()
	defer close(release)
	start := time.Now()
	if err := probe(srv.URL+"/healthz", 200*time.Millisecond); err == nil {
		t.Fatal("a hanging server must be unhealthy")
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("probe waited %v, want about its timeout", d)
	}
}
