package sign_test

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509/pkix"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kartograf-ru/kartograf/pkg/sign"

	"github.com/kartograf-ru/kartograf/internal/testtool"
)

func testSigner(t testing.TB, key crypto.Signer) *sign.KeySigner {
	t.Helper()
	owner := pkix.Name{CommonName: "Багова Мария Владимировна", Organization: []string{"МКОУ СОШ"}, Country: []string{"RU"}}
	return &sign.KeySigner{Key: key, Cert: testtool.Certificate(t, key, owner, 0x5A17, time.Date(2023, 8, 1, 0, 0, 0, 0, time.UTC))}
}

// seedPDF is seed 001 as Kartograf renders it (testdata/seed-001.pdf,
// from testdata/seeds/001_49fbf96383fe353c.json). A file, not a render:
// without the engine this package's test binary stays small, which keeps
// its fuzz targets fast; the engine's signing path is tested in
// cmd/kartograf and pkg/service.
func seedPDF(t testing.TB) []byte {
	t.Helper()
	seedOnce.Do(func() { seedBytes, seedErr = os.ReadFile(filepath.Join("testdata", "seed-001.pdf")) })
	if seedErr != nil {
		t.Fatal(seedErr)
	}
	return bytes.Clone(seedBytes)
}

var (
	seedOnce  sync.Once
	seedBytes []byte
	seedErr   error
)

func TestSignAndVerify(t *testing.T) {
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	ecKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	pdf := seedPDF(t)
	for _, c := range []struct {
		name      string
		key       crypto.Signer
		subFilter string
	}{{"rsa-pades", rsaKey, sign.PAdES}, {"ecdsa-pades", ecKey, sign.PAdES}, {"rsa-pkcs7", rsaKey, sign.PKCS7D}} {
		t.Run(c.name, func(t *testing.T) {
			signer := testSigner(t, c.key)
			signed, err := sign.SignPDF(pdf, signer, sign.Options{SubFilter: c.subFilter, Time: time.Date(2024, 8, 31, 9, 0, 0, 0, time.UTC), Reason: "Утверждаю"})
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.HasPrefix(signed, pdf) {
				t.Fatal("the signature is not an incremental update of the original")
			}
			sigs, err := sign.Verify(signed)
			if err != nil {
				t.Fatal(err)
			}
			if len(sigs) != 1 || !sigs[0].Valid || !sigs[0].WholeFile || sigs[0].SubFilter != c.subFilter || sigs[0].Signer != "Багова Мария Владимировна" || sigs[0].Serial != "5A17" {
				t.Fatalf("verify: %+v", sigs)
			}

			p := filepath.Join(t.TempDir(), "signed.pdf")
			os.WriteFile(p, signed, 0o644)
			out := runAllowFail(t, "pdfsig", p)
			if !strings.Contains(out, "Signature is Valid.") || !strings.Contains(out, "Total document signed") {
				t.Errorf("pdfsig does not accept the signature:\n%s", out)
			}
			if c.subFilter == sign.PAdES && !strings.Contains(out, "ETSI.CAdES.detached") {
				t.Errorf("pdfsig does not see sign.PAdES:\n%s", out)
			}
			if check := testtool.Run(t, "qpdf", "--check", p); !strings.Contains(check, "No syntax or stream encoding errors") {
				t.Errorf("qpdf --check:\n%s", check)
			}

			// Tampering inside the signed range is detected by both.
			bad := bytes.Clone(signed)
			i := bytes.Index(bad, []byte("/Count 6"))
			bad[i+len("/Count ")] = '7'
			sigs, _ = sign.Verify(bad)
			if len(sigs) != 1 || sigs[0].Valid || !strings.Contains(sigs[0].Problem, "изменён") {
				t.Errorf("tampered file verified: %+v", sigs)
			}
			os.WriteFile(p, bad, 0o644)
			if out := runAllowFail(t, "pdfsig", p); strings.Contains(out, "Signature is Valid.") {
				t.Errorf("pdfsig accepts a tampered file:\n%s", out)
			}
			// Bytes appended after signing: the signature no longer covers the whole file.
			partial := append(bytes.Clone(signed), []byte("\n% appended\n")...)
			sigs, _ = sign.Verify(partial)
			if len(sigs) != 1 || sigs[0].Valid || sigs[0].WholeFile {
				t.Errorf("a partial signature passed: %+v", sigs)
			}
		})
	}
}

func TestContentsTooSmall(t *testing.T) {
	key, _ := rsa.GenerateKey(rand.Reader, 2048)
	_, err := sign.SignPDF(seedPDF(t), testSigner(t, key), sign.Options{ContentsSize: 100})
	if err == nil || !strings.Contains(err.Error(), "не помещается") {
		t.Errorf("want sign.ErrContentsTooSmall, got %v", err)
	}
	if _, err := sign.Verify([]byte("%PDF-1.7\n%%EOF\n")); err == nil {
		t.Error("a file without signatures verified")
	}
}

// runAllowFail runs a tool that exits non-zero for invalid signatures.
func runAllowFail(t *testing.T, name string, args ...string) string {
	t.Helper()
	path := testtool.Require(t, name)
	out, _ := execCombined(path, args...)
	return out
}
