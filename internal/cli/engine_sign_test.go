package cli

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509/pkix"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kartograf-ru/kartograf"
	"github.com/kartograf-ru/kartograf/internal/testtool"
	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/sign"
)

// The engine signs through any sign.Signer, refuses a certificate that
// cannot sign at SignTime unless told otherwise, and signs only PDF.
func TestEngineSignsWithCustomSigner(t *testing.T) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	rs := &testtool.RemoteSigner{Cert: testtool.Certificate(t, key, pkix.Name{CommonName: "Багова Мария Владимировна"}, 0x5A17,
		time.Date(2023, 8, 1, 0, 0, 0, 0, time.UTC)), Key: key}
	data, err := os.ReadFile(seed001)
	if err != nil {
		t.Fatal(err)
	}
	d, err := document.DecodeBytes(data)
	if err != nil {
		t.Fatal(err)
	}
	eng, err := kartograf.New(kartograf.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	opts := kartograf.RenderOptions{Signer: rs, SignTime: time.Date(2024, 8, 31, 9, 0, 0, 0, time.UTC)}
	if _, err := eng.Render(context.Background(), &buf, d, opts); err != nil {
		t.Fatal(err)
	}
	if len(rs.Digests) != 1 {
		t.Fatalf("the custom signer was called %d times, want 1", len(rs.Digests))
	}
	sigs, err := sign.Verify(buf.Bytes())
	if err != nil || len(sigs) != 1 || !sigs[0].Valid || !sigs[0].WholeFile || sigs[0].Serial != "5A17" {
		t.Fatalf("verify: %v %+v", err, sigs)
	}
	p := filepath.Join(t.TempDir(), "remote.pdf")
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	// pdfsig exits non-zero for an untrusted certificate; its verdict is in the text.
	outb, _ := exec.Command(testtool.Require(t, "pdfsig"), p).CombinedOutput()
	out := string(outb)
	if !strings.Contains(out, "Signature is Valid.") || !strings.Contains(out, "Total document signed") {
		t.Errorf("pdfsig does not accept the custom signer's signature:\n%s", out)
	}

	// Ten years on, the certificate has expired: refused, unless allowed.
	late := opts
	late.SignTime = time.Date(2034, 1, 1, 0, 0, 0, 0, time.UTC)
	var ce *sign.CertificateError
	if _, err := eng.Render(context.Background(), &bytes.Buffer{}, d, late); !errors.As(err, &ce) || ce.Problem != sign.CertExpired {
		t.Errorf("an expired certificate: got %v, want a *sign.CertificateError", err)
	}
	late.AllowInvalidCertificate = true
	if _, err := eng.Render(context.Background(), &bytes.Buffer{}, d, late); err != nil {
		t.Errorf("AllowInvalidCertificate: %v", err)
	}

	// Only PDF can be signed.
	opts.Format = kartograf.DOCX
	if _, err := eng.Render(context.Background(), &bytes.Buffer{}, d, opts); !errors.Is(err, kartograf.ErrSignFormat) {
		t.Errorf("signing a DOCX: got %v, want ErrSignFormat", err)
	}
}
