package service

import (
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/kartograf-ru/kartograf/pkg/document"
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
	s, _ := loadSpec(t, f)
	if s.OpenAPI != "3.1.0" {
		t.Errorf("openapi %q", s.OpenAPI)
	}
	routed := map[string]bool{}
	for _, r := range f.srv.router.Routes() {
		if isWebRoute(r.Path) {
			continue // the web page, not the API
		}
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
	// Every operation under /v1 documents a client error: redocly's
	// operation-4xx-response is off (redocly.yaml) only because the probes,
	// metrics and the spec have none.
	for path, ops := range s.Paths {
		for method, op := range ops {
			if strings.HasPrefix(path, "/v1/") && !slices.ContainsFunc(keys(op.Responses), func(c string) bool { return strings.HasPrefix(c, "4") }) {
				t.Errorf("%s %s documents no 4xx response", method, path)
			}
		}
	}
}

// TestOpenAPIRefsResolve: every $ref in the served document is a local JSON
// pointer that resolves within it — what redocly, swagger-parser and
// openapi-typescript require. The document schema's own "#/$defs/X" did not:
// tools resolve it against the OpenAPI document's root.
func TestOpenAPIRefsResolve(t *testing.T) {
	f := newFixture(t, nil)
	_, raw := loadSpec(t, f)
	var root any
	if err := json.Unmarshal(raw, &root); err != nil {
		t.Fatal(err)
	}
	n := 0
	walkJSON(root, "", func(at string, m map[string]any) {
		for _, k := range []string{"$id", "$schema", "$defs"} {
			if _, ok := m[k]; ok {
				t.Errorf("%s: %s changes how references resolve; OpenAPI tools do not follow it", at, k)
			}
		}
		ref, ok := m["$ref"].(string)
		if !ok {
			return
		}
		n++
		if _, err := resolvePointer(root, ref); err != nil {
			t.Errorf("%s: $ref %q: %v", at, ref, err)
		}
	})
	if n < 40 {
		t.Errorf("only %d references checked", n)
	}
}

// TestOpenAPIDocumentSchema: the served components are schema.json, only
// moved: each $defs entry is components.schemas.Document_<name> (the root
// one is Document) and equals the definition once its references are
// mapped back to "#/$defs/X".
func TestOpenAPIDocumentSchema(t *testing.T) {
	f := newFixture(t, nil)
	s, _ := loadSpec(t, f)
	var schema struct {
		Title string                     `json:"title"`
		Ref   string                     `json:"$ref"`
		Defs  map[string]json.RawMessage `json:"$defs"`
	}
	if err := json.Unmarshal(document.SchemaJSON(), &schema); err != nil {
		t.Fatal(err)
	}
	rootDef := strings.TrimPrefix(schema.Ref, "#/$defs/")
	back := map[string]string{} // component reference -> "#/$defs/X"
	compOf := map[string]string{}
	for name := range schema.Defs {
		comp := "Document_" + name
		if name == rootDef {
			comp = "Document"
		}
		compOf[name] = comp
		back["#/components/schemas/"+comp] = "#/$defs/" + name
	}
	for name, def := range schema.Defs {
		comp := compOf[name]
		got, ok := s.Components.Schemas[comp]
		if !ok {
			t.Errorf("$defs/%s is not components.schemas.%s", name, comp)
			continue
		}
		var g, w any
		if err := json.Unmarshal(got, &g); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(def, &w); err != nil {
			t.Fatal(err)
		}
		g = mapRefs(g, back)
		if name == rootDef {
			// The root's annotations are merged into the document component.
			gm := g.(map[string]any)
			if gm["title"] != schema.Title {
				t.Errorf("Document title %q, want %q", gm["title"], schema.Title)
			}
			delete(gm, "title")
			delete(gm, "description")
			wm := w.(map[string]any)
			delete(wm, "title")
			delete(wm, "description")
		}
		if !reflect.DeepEqual(g, w) {
			gj, _ := json.Marshal(g)
			wj, _ := json.Marshal(w)
			t.Errorf("components.schemas.%s differs from $defs/%s:\n got %s\nwant %s", comp, name, gj, wj)
		}
	}
}

// mapRefs returns v with every $ref replaced through m.
func mapRefs(v any, m map[string]string) any {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if r, ok := x.(string); ok && k == "$ref" {
				if to, ok := m[r]; ok {
					v[k] = to
				}
				continue
			}
			v[k] = mapRefs(x, m)
		}
	case []any:
		for i, x := range v {
			v[i] = mapRefs(x, m)
		}
	}
	return v
}

// walkJSON calls fn for every object in v, with its JSON pointer.
func walkJSON(v any, at string, fn func(string, map[string]any)) {
	switch v := v.(type) {
	case map[string]any:
		fn(at, v)
		for k, x := range v {
			walkJSON(x, at+"/"+strings.NewReplacer("~", "~0", "/", "~1").Replace(k), fn)
		}
	case []any:
		for i, x := range v {
			walkJSON(x, at+"/"+strconv.Itoa(i), fn)
		}
	}
}

// resolvePointer resolves a local reference ("#/a/b~1c") in root.
func resolvePointer(root any, ref string) (any, error) {
	p, ok := strings.CutPrefix(ref, "#")
	if !ok {
		return nil, fmt.Errorf("not a local reference")
	}
	cur := root
	if p == "" {
		return cur, nil
	}
	for _, tok := range strings.Split(strings.TrimPrefix(p, "/"), "/") {
		tok = strings.NewReplacer("~1", "/", "~0", "~").Replace(tok)
		switch c := cur.(type) {
		case map[string]any:
			next, ok := c[tok]
			if !ok {
				return nil, fmt.Errorf("no %q", tok)
			}
			cur = next
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(c) {
				return nil, fmt.Errorf("no index %q", tok)
			}
			cur = c[i]
		default:
			return nil, fmt.Errorf("%q inside a scalar", tok)
		}
	}
	return cur, nil
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
