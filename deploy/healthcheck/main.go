// Command healthcheck is the container's HEALTHCHECK: the image is built
// FROM scratch, so there is no shell, curl or wget to ask /healthz, and
// Docker's HEALTHCHECK can only run a program inside the image. Kubernetes
// does not need it (its httpGet probes come from the kubelet).
//
// Usage: healthcheck [URL]; the default is http://127.0.0.1:8080/healthz.
// Exit 0 when the answer is 200, 1 otherwise (Docker's «unhealthy»).
package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"time"
)

const defaultURL = "http://127.0.0.1:8080/healthz"

func main() {
	url := defaultURL
	if len(os.Args) > 1 {
		url = os.Args[1]
	}
	if err := probe(url, 3*time.Second); err != nil {
		fmt.Fprintln(os.Stderr, "healthcheck:", err)
		os.Exit(1)
	}
}

// probe asks url once and succeeds only on 200: a 503 from /readyz during
// shutdown or any other status counts as unhealthy.
func probe(url string, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return fmt.Errorf("адрес %s: %w", url, err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("запрос %s: %w", url, err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s ответил %s", url, resp.Status)
	}
	return nil
}
