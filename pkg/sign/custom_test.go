package sign_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kartograf-ru/kartograf/internal/testtool"
	"github.com/kartograf-ru/kartograf/pkg/sign"
)

// A Signer that is not a KeySigner — an HSM, a signing service — signs a
// PDF that both Verify and pdfsig accept; it is asked for one digest.
// (The engine's path with such a signer: cmd/kartograf's engine test.)
func TestCustomSigner(t *testing.T) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	rs := &testtool.RemoteSigner{Cert: testSigner(t, key).Cert, Key: key}
	signed, err := sign.SignPDF(seedPDF(t), rs, sign.Options{Time: time.Date(2024, 8, 31, 9, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	if len(rs.Digests) != 1 {
		t.Fatalf("the custom signer was called %d times, want 1", len(rs.Digests))
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
