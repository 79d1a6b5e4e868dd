package service

import (
	"bytes"
	"crypto/x509"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/kartograf-ru/kartograf/internal/preflight/preflighttest"
	"github.com/kartograf-ru/kartograf/internal/testtool/ocsptest"
	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/pdfsource"
	"github.com/kartograf-ru/kartograf/pkg/sign"
)

// ?pdfa= asks for an archival PDF: 3u carries the source JSON, both pass
// the preflight suite; an unknown level or a format other than PDF is a
// 400 that names the parameter.
func TestRenderPDFA(t *testing.T) {
	f := newFixture(t, nil)
	for _, c := range []struct {
		q    string
		part int
	}{{"2u", 2}, {"3u", 3}} {
		r := f.do(t, "POST", "/v1/render?pdfa="+c.q, bytes.NewReader(seed001(t)))
		if r.status != http.StatusOK {
			t.Fatalf("pdfa=%s: status %d: %.300s", c.q, r.status, r.body)
		}
		preflighttest.Run(t, r.body, c.part)
		_, err := pdfsource.Source(r.body)
		if (err == nil) != (c.part == 3) {
			t.Errorf("pdfa=%s: source attached: %v", c.q, err)
		}
	}
	if r := f.do(t, "POST", "/v1/render?pdfa=none", bytes.NewReader(seed001(t))); r.status != http.StatusOK || bytes.Contains(r.body, []byte("pdfaid:part")) {
		t.Errorf("pdfa=none: status %d, PDF/A %v", r.status, bytes.Contains(r.body, []byte("pdfaid:part")))
	}
	for _, q := range []string{"pdfa=1b", "pdfa=2u&format=docx"} {
		r := f.do(t, "POST", "/v1/render?"+q, bytes.NewReader(seed001(t)))
		if p := r.problem(t); r.status != http.StatusBadRequest || len(p.Errors) != 1 || p.Errors[0].Path != "pdfa" {
			t.Errorf("%s: status %d, %+v", q, r.status, p)
		}
	}
}

// With LongTerm a signed render is PAdES B-LT: the DSS shows the chain
// unrevoked, offline. A revoked certificate, or a responder that does not
// answer, makes it a 503 revocation-unavailable (with Retry-After only
// when a retry may help).
func TestServiceLongTerm(t *testing.T) {
	ca := ocsptest.Start(t)
	key, cert := ca.Issue(t, "Шидукова Лариса Петровна")
	f := newFixture(t, func(cfg *Config) {
		cfg.Signer = &sign.KeySigner{Key: key, Cert: cert}
		cfg.LongTerm = &sign.LTOptions{Issuers: []*x509.Certificate{ca.Root}, Timeout: 300 * time.Millisecond}
		cfg.Now = time.Now // the test CA's certificates are valid now, not at the fixture's fixed time
	})
	signed := func() reply {
		return f.do(t, "POST", "/v1/render?sign=true", bytes.NewReader(seed001(t)), "Authorization", "Bearer "+testToken)
	}
	r := signed()
	if r.status != http.StatusOK {
		t.Fatalf("status %d: %.300s", r.status, r.body)
	}
	roots := x509.NewCertPool()
	roots.AddCert(ca.Root)
	sigs, err := sign.VerifyWith(r.body, sign.VerifyOptions{Roots: roots})
	if err != nil || !sigs[0].Valid || !sigs[0].LongTerm || !sigs[0].RevocationChecked {
		t.Fatalf("a B-LT render: %v %+v", err, sigs)
	}
	for _, c := range []struct {
		answer string
		retry  bool
		want   string
	}{{ocsptest.Revoked, false, "отозван"}, {ocsptest.Hang, true, "нет ответа"}} {
		ca.SetAnswer(c.answer)
		r := signed()
		p := r.problem(t)
		if r.status != http.StatusServiceUnavailable || !strings.HasSuffix(p.Type, string(KindRevocationUnavailable)) ||
			!strings.Contains(p.Detail, c.want) || (r.header.Get("Retry-After") != "") != c.retry {
			t.Errorf("%s: status %d, %+v, Retry-After %q", c.answer, r.status, p, r.header.Get("Retry-After"))
		}
	}
}

// /v1/import gives back the document a PDF/A-3u (signed or not) or a
// workbook was rendered from; a PDF without the source, or another media
// type, is refused with the reason.
func TestImportRoute(t *testing.T) {
	f := newFixture(t, func(cfg *Config) { cfg.Signer = testSigner(t) })
	want, err := document.DecodeBytes(seed001(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ query, ctype string }{
		{"pdfa=3u", pdfType},
		{"pdfa=3u&sign=true", pdfType},
		{"format=xlsx", xlsxType},
	} {
		r := f.do(t, "POST", "/v1/render?"+c.query, bytes.NewReader(seed001(t)), "Authorization", "Bearer "+testToken)
		if r.status != http.StatusOK {
			t.Fatalf("%s: status %d: %.300s", c.query, r.status, r.body)
		}
		back := f.do(t, "POST", "/v1/import", bytes.NewReader(r.body), "Content-Type", c.ctype)
		if back.status != http.StatusOK || !strings.HasPrefix(back.header.Get("Content-Type"), "application/json") {
			t.Fatalf("%s: import: status %d: %.300s", c.query, back.status, back.body)
		}
		got, err := document.DecodeBytes(back.body)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("%s: the imported document differs from the rendered one: %v", c.query, err)
		}
	}
	plain := f.do(t, "POST", "/v1/render?pdfa=2u", bytes.NewReader(seed001(t)))
	r := f.do(t, "POST", "/v1/import", bytes.NewReader(plain.body), "Content-Type", pdfType)
	if p := r.problem(t); r.status != http.StatusUnprocessableEntity || len(p.Errors) != 1 || p.Errors[0].Path != "file" || !strings.Contains(p.Detail, "PDF/A-3u") {
		t.Errorf("a PDF/A-2u without its source: status %d, %+v", r.status, p)
	}
	if r := f.do(t, "POST", "/v1/import", bytes.NewReader(seed001(t))); r.status != http.StatusUnsupportedMediaType {
		t.Errorf("JSON to /v1/import: status %d", r.status)
	}
}
