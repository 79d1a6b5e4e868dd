package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestNoServiceInTheCLI: the kartograf binary links neither pkg/service
// nor what only the service needs. Their package initialisation was 3.7
// of a cold CLI process's 7.1 ms (issue 16: a cold render within 25 ms);
// kartograf serve starts kartograf-serve instead. The layers of doc.go
// cannot see this: an import of pkg/service would be a legal edge, and
// the third-party packages are no layer's.
func TestNoServiceInTheCLI(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	banned := []string{"github.com/gin-gonic/", "github.com/prometheus/", "github.com/go-playground/",
		"github.com/ugorji/", "github.com/quic-go/", "github.com/goccy/go-yaml", "github.com/pelletier/go-toml",
		"github.com/kartograf-ru/kartograf/pkg/service", "expvar", "net/rpc", "html/template"}
	n := 0
	for p := range strings.FieldsSeq(string(out)) {
		n++
		for _, b := range banned {
			if p == b || strings.HasPrefix(p, b) && (strings.HasSuffix(b, "/") || strings.HasPrefix(p, b+"/")) {
				if p == "github.com/kartograf-ru/kartograf/pkg/service/config" {
					continue // the settings alone, made for this
				}
				t.Errorf("cmd/kartograf depends on %s", p)
			}
		}
	}
	if n < 50 {
		t.Fatalf("go list -deps listed %d packages: is it the module's?", n)
	}
}
