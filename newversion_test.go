package kartograf_test

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kartograf-ru/kartograf"
	"github.com/kartograf-ru/kartograf/internal/preflight/preflighttest"
	"github.com/kartograf-ru/kartograf/internal/testtool"
	"github.com/kartograf-ru/kartograf/internal/testtool/testdoc"
	"github.com/kartograf-ru/kartograf/internal/testtool/testtpl"
	"github.com/kartograf-ru/kartograf/internal/testtool/tsatest"
	"github.com/kartograf-ru/kartograf/pkg/render/view"
	"github.com/kartograf-ru/kartograf/pkg/sign"
	"github.com/kartograf-ru/kartograf/templates"
)

// newVersionEngine is an engine with a new version of school-roadmap's
// template under another name: the released manifest, which says nothing
// of conformance or the mark.
func newVersionEngine(t *testing.T) (*kartograf.Engine, string) {
	t.Helper()
	reg, err := templates.New()
	if err != nil {
		t.Fatal(err)
	}
	base, err := reg.Resolve("school-roadmap@1.1.0")
	if err != nil {
		t.Fatal(err)
	}
	m := base.Manifest
	m.ID, m.Version = "novaya-karta", "1.0.0"
	dir := t.TempDir()
	testtpl.WriteVersion(t, dir, base, &m)
	eng, err := kartograf.New(kartograf.Options{TemplateDirs: []string{dir}})
	if err != nil {
		t.Fatal(err)
	}
	return eng, m.Ref()
}

// A template version released after the archival defaults prints
// PDF/A-2u without being asked; signed with a time-stamp from a TSA
// (PAdES B-T), its mark is the ГОСТ Р 7.0.97-2025 form with the date and
// time of signing, the file still passes the preflight suite, and verify
// reports the time-stamp. A released version, signed the same way, keeps
// plain PDF and the 2016 mark.
func TestNewVersionArchivalDefaults(t *testing.T) {
	eng, ref := newVersionEngine(t)
	d := testdoc.Seed(t, testdoc.Seed001)
	ctx := context.Background()
	var plain bytes.Buffer
	if _, err := eng.Render(ctx, &plain, d, kartograf.RenderOptions{Template: ref}); err != nil {
		t.Fatal(err)
	}
	preflighttest.Run(t, plain.Bytes(), 2)

	tsa := tsatest.Start(t)
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	signer := &sign.KeySigner{Key: key, Cert: testtool.Certificate(t, key, pkix.Name{CommonName: "Жилов Анзор Хасанович"}, 0x7E57,
		time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC))}
	at := time.Now().Truncate(time.Second)
	stamper := &sign.HTTPTimeStamper{URL: tsa.URL, Timeout: 10 * time.Second}
	render := func(ref string) []byte {
		var b bytes.Buffer
		if _, err := eng.Render(ctx, &b, d, kartograf.RenderOptions{Template: ref, Signer: signer, SignTime: at, TSA: stamper}); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	signed := render(ref)
	preflighttest.Run(t, signed, 2)
	text := pdfText(t, signed)
	want := "Подписан " + strings.ReplaceAll(view.SigningTime(at), "\u00a0", " ")
	if !strings.Contains(text, want) || !strings.Contains(text, "ДОКУМЕНТ ПОДПИСАН") {
		t.Errorf("the 2025 mark has no %q:\n%s", want, text)
	}
	roots := x509.NewCertPool()
	roots.AddCert(signer.Cert)
	roots.AddCert(tsa.Root)
	sigs, err := sign.VerifyWith(signed, sign.VerifyOptions{Roots: roots})
	if err != nil || len(sigs) != 1 || !sigs[0].Valid || sigs[0].TimeStamp == nil || !sigs[0].TimeStamp.Valid {
		t.Fatalf("verify: %+v, %v", sigs, err)
	}
	if ts := sigs[0].TimeStamp.Time; ts.Before(at.Add(-time.Minute)) || ts.After(time.Now().Add(time.Minute)) {
		t.Errorf("the time-stamp's time %v is not the time of signing %v", ts, at)
	}

	old := render("school-roadmap@1.1.0")
	if oldText := pdfText(t, old); strings.Contains(oldText, "Подписан ") || !strings.Contains(oldText, "ДОКУМЕНТ ПОДПИСАН") {
		t.Errorf("a released version's mark changed:\n%s", oldText)
	}
	if bytes.Contains(old, []byte("/OutputIntents")) || bytes.Contains(old, []byte("pdfaid:part")) {
		t.Error("a released version's PDF became PDF/A")
	}
}

func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "x.pdf")
	if err := os.WriteFile(p, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	return strings.ReplaceAll(testtool.Run(t, "pdftotext", "-layout", p, "-"), "\u00a0", " ")
}
