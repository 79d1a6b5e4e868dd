package service

import (
	"encoding/json"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

type spec struct {
	OpenAPI    string `json:"openapi"`
	Paths      map[string]map[string]struct{ Responses map[string]any }
	Components struct{ Schemas map[string]json.RawMessage } `json:"components"`
}

func loadSpec(t testing.TB, f *fixture) (spec, []byte) {
	t.Helper()
	r := f.do(t, "GET", "/openapi.json", nil)
	if r.status != http.StatusOK {
		t.Fatalf("/openapi.json: %d", r.status)
	}
	var s spec
	if err := json.Unmarshal(r.body, &s); err != nil {
		t.Fatal(err)
	}
	return s, r.body
}

var ginParam = regexp.MustCompile(`:([a-z]+)`)

// TestOpenAPIMatchesRouter walks the router: every route is described,
// every described operation is routed, and every $ref resolves.
func TestOpenAPIMatchesRouter(t *testing.T) {
	f := newFixture(t, nil)
	s, raw := loadSpec(t, f)
	if s.OpenAPI != "3.1.0" {
		t.Errorf("openapi %q", s.OpenAPI)
	}
	routed := map[string]bool{}
	for _, r := range f.srv.router.Routes() {
		path := ginParam.ReplaceAllString(r.Path, "{$1}")
		key := strings.ToLower(r.Method) + " " + path
		routed[key] = true
		op, ok := s.Paths[path][strings.ToLower(r.Method)]
		if !ok {
			t.Errorf("route %s is not in openapi.json", key)
			continue
		}
		if !slices.ContainsFunc(keys(op.Responses), func(c string) bool { return strings.HasPrefix(c, "2") }) {
			t.Errorf("%s documents no success response", key)
		}
	}
	for path, ops := range s.Paths {
		for method := range ops {
			if !routed[method+" "+path] {
				t.Errorf("openapi.json describes %s %s, which is not routed", method, path)
			}
		}
	}
	// Every reference resolves: component schemas, and the document
	// schema's own $defs.
	var doc struct {
		Defs map[string]any `json:"$defs"`
	}
	if err := json.Unmarshal(s.Components.Schemas["Document"], &doc); err != nil || len(doc.Defs) == 0 {
		t.Fatalf("components.schemas.Document is not the document schema: %v", err)
	}
	for _, m := range regexp.MustCompile(`"\$ref":\s*"([^"]+)"`).FindAllSubmatch(raw, -1) {
		ref := string(m[1])
		switch {
		case strings.HasPrefix(ref, "#/components/schemas/"):
			if _, ok := s.Components.Schemas[strings.TrimPrefix(ref, "#/components/schemas/")]; !ok {
				t.Errorf("dangling %s", ref)
			}
		case strings.HasPrefix(ref, "#/$defs/"):
			if _, ok := doc.Defs[strings.TrimPrefix(ref, "#/$defs/")]; !ok {
				t.Errorf("dangling %s in the document schema", ref)
			}
		default:
			t.Errorf("unexpected $ref %s", ref)
		}
	}
}

// documented reports whether openapi.json lists status for the route.
func documented(t testing.TB, s spec, method, path string, status int) bool {
	t.Helper()
	op, ok := s.Paths[path][strings.ToLower(method)]
	if !ok {
		return false
	}
	_, ok = op.Responses[strconv.Itoa(status)]
	return ok
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
