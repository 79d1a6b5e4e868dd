package sign_test

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kartograf-ru/kartograf/internal/testtool/tsatest"
	"github.com/kartograf-ru/kartograf/pkg/sign"
)

// signBT signs seed 001 with a fresh ECDSA key and a time-stamp from tsa.
func signBT(t testing.TB, tsa sign.TimeStamper) (*sign.KeySigner, []byte, error) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	signer := testSigner(t, key)
	signed, err := sign.SignPDFContext(context.Background(), seedPDF(t), signer, sign.Options{Time: time.Now(), TSA: tsa})
	return signer, signed, err
}

func TestSignWithTimeStamp(t *testing.T) {
	tsa := tsatest.Start(t)
	before := time.Now().Add(-time.Second)
	signer, signed, err := signBT(t, &sign.HTTPTimeStamper{URL: tsa.URL})
	if err != nil {
		t.Fatal(err)
	}
	after := time.Now().Add(time.Second)
	roots := x509.NewCertPool()
	roots.AddCert(signer.Cert)
	roots.AddCert(tsa.Root)
	sigs, err := sign.VerifyWith(signed, sign.VerifyOptions{Roots: roots})
	if err != nil {
		t.Fatal(err)
	}
	s := sigs[0]
	if !s.Valid || !s.Trusted {
		t.Fatalf("the B-T signature does not verify: %s %s", s.Problem, s.TrustProblem)
	}
	ts := s.TimeStamp
	if ts == nil {
		t.Fatal("verify reports no time-stamp in a B-T signature")
	}
	if !ts.Valid || !ts.Trusted || ts.TSA != "Тестовая служба меток времени" || ts.Policy != tsatest.Policy.String() {
		t.Fatalf("time-stamp verdict: %+v", ts)
	}
	if ts.Time.Before(before.Truncate(time.Second)) || ts.Time.After(after) {
		t.Errorf("time-stamp time %s is not the time of signing (%s…%s)", ts.Time, before, after)
	}
	if s.TimeSource != "timestamp" || !s.CheckedAt.Equal(ts.Time) {
		t.Errorf("the certificate was checked at %s (%s), not at the time-stamp", s.CheckedAt, s.TimeSource)
	}

	// Without the TSA's root the signature stands, the time-stamp is not trusted.
	only := x509.NewCertPool()
	only.AddCert(signer.Cert)
	sigs, _ = sign.VerifyWith(signed, sign.VerifyOptions{Roots: only})
	if ts := sigs[0].TimeStamp; !sigs[0].Valid || ts == nil || !ts.Valid || ts.Trusted || !strings.Contains(ts.TrustProblem, "не доверенный") {
		t.Errorf("an unknown TSA root: %+v %+v", sigs[0], ts)
	}

	p := filepath.Join(t.TempDir(), "signed.pdf")
	if err := os.WriteFile(p, signed, 0o644); err != nil {
		t.Fatal(err)
	}
	// Poppler's pdfsig (22.12 here) validates the CMS with the token in
	// it but prints nothing about time-stamps; OpenSSL checks the token.
	out := runAllowFail(t, "pdfsig", p)
	if !strings.Contains(out, "Signature is Valid.") || !strings.Contains(out, "Total document signed") {
		t.Errorf("pdfsig does not accept the B-T signature:\n%s", out)
	}
	tok, digest := tsa.Last()
	if !bytes.Contains(signed, []byte(hex.EncodeToString(tok))) {
		t.Fatal("the token the TSA issued is not in /Contents")
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "token.der"), tok, 0o644)
	os.WriteFile(filepath.Join(dir, "root.pem"), tsa.RootPEM(), 0o644)
	out = runAllowFail(t, "openssl", "ts", "-verify", "-token_in", "-in", filepath.Join(dir, "token.der"),
		"-digest", hex.EncodeToString(digest), "-CAfile", filepath.Join(dir, "root.pem"))
	if !strings.Contains(out, "Verification: OK") {
		t.Errorf("openssl ts -verify does not accept the token:\n%s", out)
	}
	out = runAllowFail(t, "openssl", "ts", "-reply", "-token_in", "-in", filepath.Join(dir, "token.der"), "-text")
	if want := "Time stamp: " + ts.Time.Format("Jan _2 15:04:05 2006"); !strings.Contains(out, want) {
		t.Errorf("openssl reads another time from the token (want %q):\n%s", want, out)
	}
}

// A token changed after the TSA signed it fails, and with it the
// signature: the token lies outside what the signer signed, so a broken
// one must not pass.
func TestTamperedTimeStamp(t *testing.T) {
	tsa := tsatest.Start(t)
	_, signed, err := signBT(t, &sign.HTTPTimeStamper{URL: tsa.URL})
	if err != nil {
		t.Fatal(err)
	}
	sigs, _ := sign.Verify(signed)
	genTime := hex.EncodeToString([]byte(sigs[0].TimeStamp.Time.Format("20060102150405Z")))
	i := bytes.Index(signed, []byte(genTime))
	if i < 0 {
		t.Fatal("genTime not found in /Contents")
	}
	bad := bytes.Clone(signed)
	bad[i+7] ^= 1 // the year's last digit: 2026 → 2027
	sigs, _ = sign.Verify(bad)
	ts := sigs[0].TimeStamp
	if !sigs[0].Integrity || sigs[0].Valid || !strings.Contains(sigs[0].Problem, "метка времени неверна") ||
		ts == nil || ts.Valid || !strings.Contains(ts.Problem, "TSTInfo изменена") {
		t.Fatalf("a changed token passed: %+v %+v", sigs[0], ts)
	}
	if sigs[0].TimeSource == "timestamp" {
		t.Error("the certificate was checked at the time of a broken token")
	}
}

func TestSignWithoutTSAHasNoTimeStamp(t *testing.T) {
	_, signed, err := signBT(t, nil)
	if err != nil {
		t.Fatal(err)
	}
	sigs, _ := sign.Verify(signed)
	if sigs[0].TimeStamp != nil {
		t.Errorf("a B-B signature reports a time-stamp: %+v", sigs[0].TimeStamp)
	}
}

func TestTSAFailures(t *testing.T) {
	tsa := tsatest.Start(t)
	for _, c := range []struct {
		name     string
		mode     tsatest.Mode
		want     error
		requests int64
		detail   string
	}{
		{"hang", tsatest.Hang, sign.ErrTSATimeout, 1, "нет ответа"},
		{"garbage", tsatest.Garbage, sign.ErrTSABadResponse, 1, "TimeStampResp"},
		{"wrong-imprint", tsatest.WrongImprint, sign.ErrTSABadResponse, 1, "хеш"},
		{"wrong-nonce", tsatest.WrongNonce, sign.ErrTSABadResponse, 1, "nonce"},
		{"unavailable", tsatest.Unavailable, sign.ErrTSAUnavailable, 3, "HTTP 503"},
		{"rejection", tsatest.Rejection, sign.ErrTSARefused, 1, "статус 2"},
	} {
		t.Run(c.name, func(t *testing.T) {
			tsa.SetMode(c.mode)
			n := tsa.Requests.Load()
			// Credentials in the address must not reach the error.
			url := strings.Replace(tsa.URL, "http://", "http://user:secret@", 1) + "/tsa?key=hidden"
			// Only the hang waits out its timeout; the others must fail on their own.
			timeout := time.Minute
			if c.mode == tsatest.Hang {
				timeout = 300 * time.Millisecond
			}
			_, _, err := signBT(t, &sign.HTTPTimeStamper{URL: url, Timeout: timeout, Retries: 2})
			var te *sign.TSAError
			if !errors.As(err, &te) || !errors.Is(err, c.want) {
				t.Fatalf("want a *sign.TSAError wrapping %v, got %v", c.want, err)
			}
			if !strings.Contains(err.Error(), c.detail) {
				t.Errorf("the error does not say what went wrong (%q): %v", c.detail, err)
			}
			if strings.Contains(err.Error(), "secret") || strings.Contains(err.Error(), "hidden") || strings.Contains(te.URL, "user") {
				t.Errorf("the error shows the credentials: %v", err)
			}
			if got := tsa.Requests.Load() - n; got != c.requests {
				t.Errorf("%d requests, want %d", got, c.requests)
			}
		})
	}
}

// A TimeStamper that hands back a token for other data is refused too.
func TestForeignTokenRefused(t *testing.T) {
	tsa := tsatest.Start(t)
	_, _, err := signBT(t, foreignTSA{&sign.HTTPTimeStamper{URL: tsa.URL}})
	if !errors.Is(err, sign.ErrTSABadResponse) {
		t.Fatalf("a token over other data was accepted: %v", err)
	}
}

type foreignTSA struct{ h *sign.HTTPTimeStamper }

func (f foreignTSA) TimeStamp(ctx context.Context, digest []byte) ([]byte, error) {
	other := append([]byte{}, digest...)
	other[0] ^= 1
	return f.h.TimeStamp(ctx, other)
}

func BenchmarkSignPDFWithTSA(b *testing.B) {
	tsa := tsatest.Start(b)
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	signer := testSigner(b, key)
	pdf := seedPDF(b)
	stamper := &sign.HTTPTimeStamper{URL: tsa.URL}
	for _, c := range []struct {
		name string
		tsa  sign.TimeStamper
	}{{"B-B", nil}, {"B-T", stamper}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := sign.SignPDFContext(context.Background(), pdf, signer, sign.Options{Time: time.Now(), TSA: c.tsa}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
