package service

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"testing"
	"unicode"
)

// chunked hides the length of a body, so the server cannot refuse it by
// Content-Length and must stop reading at the limit.
type chunked struct{ io.Reader }

// TestBadRequests sends requests a real client gets wrong and checks each
// gets the right status and a problem+json body with a Russian detail,
// and that the server keeps serving.
func TestBadRequests(t *testing.T) {
	f := newFixture(t, nil)
	unsigned := newFixture(t, func(c *Config) { c.Signer = nil })
	locked := newFixture(t, func(c *Config) { c.RequireAuth = true })

	good := seed001(t)
	sixMiB := bytes.Repeat([]byte(" "), 6<<20)
	copy(sixMiB, `{"kind":"roadmap",`)
	emoji := bytes.Replace(good, []byte(`"ДОРОЖНАЯ КАРТА"`), []byte(`"ДОРОЖНАЯ КАРТА 😀"`), 1)
	badUTF8 := bytes.Replace(good, []byte("ДОРОЖНАЯ"), []byte("\xff\xfeДОРОЖНАЯ"), 1)
	rows100k := plan(100_000, false)
	if len(rows100k) >= 5<<20 {
		t.Fatalf("the 100 000-row body is %d bytes: it must fit the body limit to test the row limit", len(rows100k))
	}
	bearer := "Bearer " + testToken
	api, _ := loadSpec(t, f)

	cases := []struct {
		name   string
		f      *fixture
		method string
		path   string
		body   io.Reader
		header []string
		status int
		kind   Kind
		path0  string // expected path of the first error, if any
	}{
		{"malformed JSON", f, "POST", "/v1/render", strings.NewReader(`{"kind": "roadmap",, }`), nil, 400, KindInvalidJSON, ""},
		{"not JSON at all", f, "POST", "/v1/render", strings.NewReader(`дорожная карта`), nil, 400, KindInvalidJSON, ""},
		{"truncated JSON", f, "POST", "/v1/render", bytes.NewReader(good[:len(good)/2]), nil, 400, KindInvalidJSON, ""},
		{"trailing data", f, "POST", "/v1/render", strings.NewReader(`{"kind":"roadmap"} {}`), nil, 400, KindInvalidJSON, ""},
		{"nested 20 000 deep", f, "POST", "/v1/render", strings.NewReader(strings.Repeat("[", 20000) + strings.Repeat("]", 20000)), nil, 400, KindInvalidJSON, ""},
		{"empty body", f, "POST", "/v1/render", strings.NewReader(""), nil, 400, KindInvalidJSON, ""},
		{"array instead of object", f, "POST", "/v1/render", strings.NewReader(`[]`), nil, 422, KindInvalidDocument, ""},
		{"invalid UTF-8", f, "POST", "/v1/render", bytes.NewReader(badUTF8), nil, 400, KindInvalidJSON, ""},
		{"text/plain", f, "POST", "/v1/render", bytes.NewReader(good), []string{"Content-Type", "text/plain"}, 415, KindUnsupportedMedia, ""},
		{"form", f, "POST", "/v1/render", bytes.NewReader(good), []string{"Content-Type", "application/x-www-form-urlencoded"}, 415, KindUnsupportedMedia, ""},
		{"JSON in windows-1251", f, "POST", "/v1/render", bytes.NewReader(good), []string{"Content-Type", "application/json; charset=windows-1251"}, 415, KindUnsupportedMedia, ""},
		{"6 MiB body", f, "POST", "/v1/render", bytes.NewReader(sixMiB), nil, 413, KindBodyTooLarge, ""},
		{"6 MiB body without length", f, "POST", "/v1/render", chunked{bytes.NewReader(sixMiB)}, nil, 413, KindBodyTooLarge, ""},
		{"100 000 measures", f, "POST", "/v1/render", bytes.NewReader(rows100k), nil, 413, KindTooManyRows, ""},
		{"unknown template", f, "POST", "/v1/render?template=no-such@9.9.9", bytes.NewReader(good), nil, 422, KindUnknownTemplate, "template"},
		{"unknown template version", f, "POST", "/v1/render?template=school-roadmap@9.0.0", bytes.NewReader(good), nil, 422, KindUnknownTemplate, "template"},
		{"../ in template", f, "POST", "/v1/render?template=../../etc/passwd", bytes.NewReader(good), nil, 400, KindInvalidParameter, "template"},
		{"encoded ../ in template", f, "POST", "/v1/render?template=school-roadmap%2F..%2F..%2Fx", bytes.NewReader(good), nil, 400, KindInvalidParameter, "template"},
		{"../ in the document's template", f, "POST", "/v1/render", bytes.NewReader(bytes.Replace(good, []byte(`"template": "school-roadmap"`), []byte(`"template": "../../x"`), 1)), nil, 422, KindUnknownTemplate, "template"},
		{"DOCX from a template without one", f, "POST", "/v1/render?format=docx&template=school-roadmap@1.0.0", bytes.NewReader(good), nil, 422, KindUnsupportedFormat, "template"},
		{"sign without token", f, "POST", "/v1/render?sign=true", bytes.NewReader(good), nil, 401, KindUnauthorized, ""},
		{"sign with wrong token", f, "POST", "/v1/render?sign=true", bytes.NewReader(good), []string{"Authorization", "Bearer not-the-token-at-all"}, 401, KindUnauthorized, ""},
		{"sign with token prefix", f, "POST", "/v1/render?sign=true", bytes.NewReader(good), []string{"Authorization", bearer[:len(bearer)-1]}, 401, KindUnauthorized, ""},
		{"sign with basic auth", f, "POST", "/v1/render?sign=true", bytes.NewReader(good), []string{"Authorization", "Basic dXNlcjpwYXNz"}, 401, KindUnauthorized, ""},
		{"sign without a configured key", unsigned, "POST", "/v1/render?sign=true", bytes.NewReader(good), []string{"Authorization", bearer}, 501, KindSigningOff, ""},
		{"sign a DOCX", f, "POST", "/v1/render?format=docx&sign=true", bytes.NewReader(good), []string{"Authorization", bearer}, 400, KindUnsupportedFormat, "sign"},
		{"sign=maybe", f, "POST", "/v1/render?sign=maybe", bytes.NewReader(good), nil, 400, KindInvalidParameter, "sign"},
		{"unsupported format", f, "POST", "/v1/render?format=odt", bytes.NewReader(good), nil, 400, KindUnsupportedFormat, "format"},
		{"empty format", f, "POST", "/v1/render?format=", bytes.NewReader(good), nil, 400, KindUnsupportedFormat, "format"},
		{"misspelt parameter", f, "POST", "/v1/render?fromat=docx", bytes.NewReader(good), nil, 400, KindInvalidParameter, "fromat"},
		{"repeated parameter", f, "POST", "/v1/render?format=pdf&format=docx", bytes.NewReader(good), nil, 400, KindInvalidParameter, "format"},
		{"a character no font has", f, "POST", "/v1/render", bytes.NewReader(emoji), nil, 422, KindInvalidDocument, "title"},
		{"unknown field", f, "POST", "/v1/render", strings.NewReader(`{"kind":"roadmap","organization":{"full_name":"Школа"},"title":"Т","body":[{"heading":{"text":"А"}}],"colour":"red"}`), nil, 422, KindInvalidDocument, "colour"},
		{"wrong type", f, "POST", "/v1/render", strings.NewReader(`{"kind":"roadmap","organization":{"full_name":"Школа"},"title":5,"body":[{"heading":{"text":"А"}}]}`), nil, 422, KindInvalidDocument, "title"},
		{"missing organisation", f, "POST", "/v1/render", strings.NewReader(`{"kind":"roadmap","title":"Т","body":[{"heading":{"text":"А"}}]}`), nil, 422, KindInvalidDocument, "organization"},
		{"empty deadline column", f, "POST", "/v1/render", bytes.NewReader(plan(1, false)), nil, 422, KindInvalidDocument, "body[0].plan.sections[0].items[0].deadline"},
		{"GET render", f, "GET", "/v1/render", nil, nil, 405, KindMethodNotAllowed, ""},
		{"unknown route", f, "POST", "/v1/print", bytes.NewReader(good), nil, 404, KindNotFound, ""},
		{"unknown template id", f, "GET", "/v1/templates/no-such", nil, nil, 404, KindUnknownTemplate, "id"},
		{"template id with a version", f, "GET", "/v1/templates/school-roadmap@1.0.0", nil, nil, 400, KindInvalidParameter, "id"},
		{"template id with dots", f, "GET", "/v1/templates/..%2F..", nil, nil, 404, KindNotFound, ""},
		{"template id with a dot", f, "GET", "/v1/templates/school.roadmap", nil, nil, 400, KindInvalidParameter, "id"},
		{"validate text/plain", f, "POST", "/v1/validate", bytes.NewReader(good), []string{"Content-Type", "text/plain"}, 415, KindUnsupportedMedia, ""},
		{"validate malformed JSON", f, "POST", "/v1/validate", strings.NewReader(`{"kind":`), nil, 400, KindInvalidJSON, ""},
		{"validate 6 MiB", f, "POST", "/v1/validate", bytes.NewReader(sixMiB), nil, 413, KindBodyTooLarge, ""},
		{"validate unknown template", f, "POST", "/v1/validate?template=nope", bytes.NewReader(good), nil, 422, KindUnknownTemplate, "template"},
		{"auth-all without token", locked, "GET", "/v1/templates", nil, nil, 401, KindUnauthorized, ""},
		{"auth-all with wrong token", locked, "POST", "/v1/validate", bytes.NewReader(good), []string{"Authorization", "Bearer wrong-token-wrong-token"}, 401, KindUnauthorized, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			body := c.body
			r := c.f.do(t, c.method, c.path, body, c.header...)
			if r.status != c.status {
				t.Fatalf("status %d, want %d; body %.400s", r.status, c.status, r.body)
			}
			p := r.problem(t)
			if p.Status != c.status || p.Type != problemTypePrefix+string(c.kind) {
				t.Errorf("problem status %d type %q, want %d %q", p.Status, p.Type, c.status, problemTypePrefix+string(c.kind))
			}
			if !hasCyrillic(p.Detail) || !hasCyrillic(p.Title) {
				t.Errorf("detail and title must be Russian: %q / %q", p.Title, p.Detail)
			}
			if p.RequestID == "" || p.RequestID != r.header.Get("X-Request-Id") {
				t.Errorf("request id %q, header %q", p.RequestID, r.header.Get("X-Request-Id"))
			}
			if c.path0 != "" && (len(p.Errors) == 0 || p.Errors[0].Path != c.path0) {
				t.Errorf("errors %+v, want the first at %q", p.Errors, c.path0)
			}
			if p.Errors == nil {
				t.Error("errors must be a list, even when empty")
			}
			// Statuses of routed requests are in the API description.
			if route := strings.Split(c.path, "?")[0]; api.Paths[route][strings.ToLower(c.method)].Responses != nil && !documented(t, api, c.method, route, c.status) {
				t.Errorf("openapi.json does not list %d for %s %s", c.status, c.method, route)
			}
			switch c.status {
			case 401:
				if r.header.Get("WWW-Authenticate") == "" {
					t.Error("401 without WWW-Authenticate")
				}
			}
			// The server is still up.
			if h := c.f.do(t, "GET", "/healthz", nil); h.status != 200 {
				t.Fatalf("healthz after the bad request: %d", h.status)
			}
		})
	}
	if n := len(cases); n < 30 {
		t.Errorf("only %d bad requests", n)
	}
	// And it still renders.
	if r := f.do(t, "POST", "/v1/render", bytes.NewReader(good)); r.status != http.StatusOK || !bytes.HasPrefix(r.body, []byte("%PDF-")) {
		t.Fatalf("render after the bad requests: %d %.200s", r.status, r.body)
	}
	// Tokens never reach the log.
	for _, fx := range []*fixture{f, unsigned, locked} {
		if logs := fx.logs.String(); strings.Contains(logs, testToken) || strings.Contains(logs, "not-the-token") || strings.Contains(logs, "wrong-token") {
			t.Error("a token was logged")
		}
	}
}

func hasCyrillic(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Cyrillic, r) {
			return true
		}
	}
	return false
}
