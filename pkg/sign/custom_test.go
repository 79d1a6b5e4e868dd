package sign_test

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"errors"
	"kartograf/pkg/sign"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// remoteSigner stands in for an HSM or a signing service: it is not a
// sign.KeySigner, holds its key privately and only ever sees digests.
type remoteSigner struct {
	cert    *x509.Certificate
	key     *ecdsa.PrivateKey
	digests [][]byte
}

func (r *remoteSigner) Certificate() *x509.Certificate { return r.cert }
func (r *remoteSigner) Chain() []*x509.Certificate     { return nil }
func (r *remoteSigner) Sign(digest []byte, hash crypto.Hash) ([]byte, error) {
	if hash != crypto.SHA256 || len(digest) != 32 {
		return nil, errors.New("remote signer: SHA-256 digests only")
	}
	r.digests = append(r.digests, bytes.Clone(digest))
	return ecdsa.SignASN1(rand.Reader, r.key, digest)
}

// A Signer that is not a KeySigner — an HSM, a signing service — signs a
// PDF that both Verify and pdfsig accept; it is asked for one digest.
// (The engine's path with such a signer: cmd/kartograf's engine test.)
func TestCustomSigner(t *testing.T) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	rs := &remoteSigner{cert: testSigner(t, key).Cert, key: key}
	signed, err := sign.SignPDF(seedPDF(t), rs, sign.Options{Time: time.Date(2024, 8, 31, 9, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	if len(rs.digests) != 1 {
		t.Fatalf("the custom signer was called %d times, want 1", len(rs.digests))
	}
	sigs, err := sign.Verify(signed)
	if err != nil {
		t.Fatal(err)
	}
	if len(sigs) != 1 || !sigs[0].Valid || !sigs[0].WholeFile || sigs[0].Serial != "5A17" {
		t.Fatalf("verify: %+v", sigs)
	}
	p := filepath.Join(t.TempDir(), "remote.pdf")
	if err := os.WriteFile(p, signed, 0o644); err != nil {
		t.Fatal(err)
	}
	if out := runAllowFail(t, "pdfsig", p); !strings.Contains(out, "Signature is Valid.") || !strings.Contains(out, "Total document signed") {
		t.Errorf("pdfsig does not accept the custom signer's signature:\n%s", out)
	}
}
