package sign_test

import (
	"bytes"
	"crypto/x509"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/kartograf-ru/kartograf/internal/testtool"
	"github.com/kartograf-ru/kartograf/internal/testtool/tsatest"
	"github.com/kartograf-ru/kartograf/pkg/sign"
)

// opensslTSAConfig makes `openssl ts -reply` answer as a real TSA does,
// with the optional TSTInfo fields (accuracy, ordering, the TSA's name)
// and the ESS signing-certificate of version 1 (SHA-1), which the Go
// test TSA does not write.
const opensslTSAConfig = `[ tsa ]
default_tsa = tsa1
[ tsa1 ]
serial = %s
crypto_device = builtin
signer_digest = sha256
default_policy = 1.2.3.4.1
digests = sha256, sha384, sha512
accuracy = secs:1, millisecs:500
ordering = yes
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha1
`

// TestOpenSSLTSA signs against OpenSSL's TSA behind a tiny handler: the
// client and Verify read a token made by another implementation.
func TestOpenSSLTSA(t *testing.T) {
	openssl := testtool.Require(t, "openssl")
	id := tsatest.Start(t) // the identity only: CA, certificate and key
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	serial := write("serial", []byte("01\n"))
	cfg := write("tsa.cnf", []byte(fmt.Sprintf(opensslTSAConfig, serial)))
	key, cert := write("tsa.key", id.KeyPEM(t)), write("tsa.pem", id.CertPEM())
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q, _ := io.ReadAll(io.LimitReader(r.Body, 1<<16))
		qf, rf := filepath.Join(dir, "q.tsq"), filepath.Join(dir, "r.tsr")
		os.WriteFile(qf, q, 0o600)
		cmd := exec.Command(openssl, "ts", "-reply", "-config", cfg, "-queryfile", qf, "-signer", cert, "-inkey", key, "-out", rf)
		if out, err := cmd.CombinedOutput(); err != nil {
			http.Error(w, string(out), http.StatusInternalServerError)
			return
		}
		resp, _ := os.ReadFile(rf)
		w.Header().Set("Content-Type", "application/timestamp-reply")
		w.Write(resp)
	}))
	defer srv.Close()

	signer, signed, err := signBT(t, &sign.HTTPTimeStamper{URL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	// id-aa-signingCertificate (v1): the ESS branch the Go TSA leaves out.
	if !bytes.Contains(signed, []byte(hex.EncodeToString([]byte{0x06, 0x0B, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x09, 0x10, 0x02, 0x0C}))) {
		t.Error("OpenSSL's token has no ESS signing-certificate v1")
	}
	roots := x509.NewCertPool()
	roots.AddCert(signer.Cert)
	roots.AddCert(id.Root)
	sigs, err := sign.VerifyWith(signed, sign.VerifyOptions{Roots: roots})
	if err != nil {
		t.Fatal(err)
	}
	if ts := sigs[0].TimeStamp; !sigs[0].Valid || ts == nil || !ts.Valid || !ts.Trusted || ts.Policy != "1.2.3.4.1" {
		t.Fatalf("OpenSSL's token: %+v %+v", sigs[0], ts)
	}
}
