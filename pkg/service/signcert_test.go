package service

import (
	"bytes"
	"crypto/x509"
	"crypto/x509/pkix"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/kartograf-ru/kartograf/internal/testtool"
	"github.com/kartograf-ru/kartograf/pkg/sign"
)

// A signing key whose certificate cannot sign at the server's clock —
// expired while the service ran, not yet valid, or not meant for
// signatures — is answered with 422 problem+json naming the reason; the
// documented override for test keys signs anyway.
func TestSignWithUnusableCertificate(t *testing.T) {
	key := testSigner(t).Key
	now := time.Date(2024, 8, 30, 10, 0, 0, 0, time.UTC) // newFixture's clock
	for name, c := range map[string]struct {
		from, to time.Time
		usage    x509.KeyUsage
		reason   string
	}{
		"expired":     {now.AddDate(-3, 0, 0), now.AddDate(0, 0, -1), x509.KeyUsageDigitalSignature, "истёк 29.08.2024"},
		"not yet":     {now.AddDate(0, 0, 1), now.AddDate(3, 0, 0), x509.KeyUsageDigitalSignature, "ещё не действует: действителен с 31.08.2024"},
		"wrong usage": {now.AddDate(-1, 0, 0), now.AddDate(1, 0, 0), x509.KeyUsageCertSign, "не предназначен для электронной подписи"},
	} {
		cert := testtool.IssueCertificate(t, key, testtool.CertSpec{Owner: pkix.Name{CommonName: "Жилов Анзор Хасанович"}, Serial: 0x7E58,
			NotBefore: c.from, NotAfter: c.to, KeyUsage: c.usage})
		signer := &sign.KeySigner{Key: key, Cert: cert}
		f := newFixture(t, func(cfg *Config) { cfg.Signer = signer })
		r := f.do(t, "POST", "/v1/render?sign=true", bytes.NewReader(seed001(t)), "Authorization", "Bearer "+testToken)
		if r.status != http.StatusUnprocessableEntity {
			t.Errorf("%s: status %d, want 422: %.300s", name, r.status, r.body)
			continue
		}
		p := r.problem(t)
		if !strings.HasSuffix(p.Type, string(KindSigningCertificate)) ||
			!strings.Contains(p.Detail, "сертификат подписи «Жилов Анзор Хасанович»") || !strings.Contains(p.Detail, c.reason) ||
			len(p.Errors) != 1 || p.Errors[0].Path != "sign" {
			t.Errorf("%s: problem %+v", name, p)
		}

		f = newFixture(t, func(cfg *Config) { cfg.Signer = sign.AllowInvalidCertificate(signer) })
		r = f.do(t, "POST", "/v1/render?sign=true", bytes.NewReader(seed001(t)), "Authorization", "Bearer "+testToken)
		if r.status != http.StatusOK {
			t.Fatalf("%s with the override: status %d: %.300s", name, r.status, r.body)
		}
		sigs, err := sign.Verify(r.body)
		if err != nil || len(sigs) != 1 || sigs[0].Valid || !sigs[0].Integrity || !strings.Contains(sigs[0].Problem, c.reason) {
			t.Errorf("%s: the override's signature: %v %+v", name, err, sigs)
		}
	}
}
