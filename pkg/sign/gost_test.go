package sign_test

import (
	"bytes"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kartograf-ru/kartograf/internal/testtool"
	"github.com/kartograf-ru/kartograf/pkg/sign"
)

// gostService is a signing service on loopback that speaks HTTPSigner's
// contract with a ГОСТ Р 34.10-2012 key kept by OpenSSL's gost engine:
// Kartograf sends it what to hash and the digest to sign, never sees the
// key, and has no ГОСТ code of its own.
type gostService struct {
	dir, key, cert string
	token          string
	signs, digests atomic.Int32
}

func requireGOST(t *testing.T) string {
	t.Helper()
	openssl := testtool.Require(t, "openssl")
	if out, err := exec.Command(openssl, "engine", "gost").CombinedOutput(); err != nil {
		if os.Getenv(testtool.EnvRequire) == "1" {
			t.Fatalf("OpenSSL's gost engine is required (%s=1): %v\n%s", testtool.EnvRequire, err, out)
		}
		t.Skipf("OpenSSL's gost engine is not installed (Debian: libengine-gost-openssl): %s", out)
	}
	return openssl
}

func newGOSTService(t *testing.T, openssl string) *gostService {
	t.Helper()
	g := &gostService{dir: t.TempDir(), token: "секрет-не-для-журнала"}
	g.key, g.cert = filepath.Join(g.dir, "key.pem"), filepath.Join(g.dir, "cert.pem")
	for _, args := range [][]string{
		{"genpkey", "-engine", "gost", "-algorithm", "gost2012_256", "-pkeyopt", "paramset:A", "-out", g.key},
		{"req", "-engine", "gost", "-new", "-x509", "-utf8", "-key", g.key, "-out", g.cert, "-days", "30",
			"-subj", "/CN=Багова Мария Владимировна/O=МКОУ СОШ/C=RU",
			"-addext", "keyUsage=critical,digitalSignature,nonRepudiation"},
	} {
		if out, err := exec.Command(openssl, args...).CombinedOutput(); err != nil {
			t.Fatalf("openssl %v: %v\n%s", args[0], err, out)
		}
	}
	return g
}

func (g *gostService) certificate(t *testing.T) *x509.Certificate {
	t.Helper()
	data, err := os.ReadFile(g.cert)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := pem.Decode(data)
	c, err := x509.ParseCertificate(b.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func (g *gostService) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("Authorization") != "Bearer "+g.token {
		http.Error(w, "нет доступа", http.StatusUnauthorized)
		return
	}
	body, _ := io.ReadAll(io.LimitReader(r.Body, 64<<20))
	openssl := func(stdin []byte, args ...string) ([]byte, error) {
		cmd := exec.Command("openssl", args...)
		cmd.Stdin = bytes.NewReader(stdin)
		var out bytes.Buffer
		cmd.Stdout = &out
		err := cmd.Run()
		return out.Bytes(), err
	}
	switch r.URL.Path {
	case "/digest":
		g.digests.Add(1)
		if r.Header.Get("X-Digest-Algorithm") != sign.OIDGOST3411_2012_256.String() {
			http.Error(w, "алгоритм", http.StatusBadRequest)
			return
		}
		d, err := openssl(body, "dgst", "-engine", "gost", "-md_gost12_256", "-binary")
		if err != nil || len(d) != 32 {
			http.Error(w, "dgst", http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Write(d)
	case "/sign":
		g.signs.Add(1)
		var req struct{ Digest, DigestAlgorithm, SignatureAlgorithm string }
		json.Unmarshal(body, &struct {
			Digest             *string `json:"digest"`
			DigestAlgorithm    *string `json:"digest_algorithm"`
			SignatureAlgorithm *string `json:"signature_algorithm"`
		}{&req.Digest, &req.DigestAlgorithm, &req.SignatureAlgorithm})
		digest, err := base64.StdEncoding.DecodeString(req.Digest)
		if err != nil || len(digest) != 32 || req.SignatureAlgorithm != sign.OIDGOST3410_2012_256.String() {
			http.Error(w, "запрос", http.StatusBadRequest)
			return
		}
		sig, err := openssl(digest, "pkeyutl", "-engine", "gost", "-sign", "-inkey", g.key)
		if err != nil {
			http.Error(w, "pkeyutl", http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]string{"signature": base64.StdEncoding.EncodeToString(sig)})
	default:
		http.NotFound(w, r)
	}
}

// A PDF signed with ГОСТ Р 34.10-2012 / 34.11-2012 through a signing
// service that speaks HTTPSigner's contract: the CMS names the ГОСТ
// algorithms, and OpenSSL with the gost engine — an independent
// implementation — verifies it over the bytes the ByteRange covers, the
// ESS certificate hash included. Kartograf's own Verify says plainly that
// it cannot check ГОСТ rather than calling the signature broken.
func TestGOSTSignatureThroughService(t *testing.T) {
	openssl := requireGOST(t)
	g := newGOSTService(t, openssl)
	srv := httptest.NewServer(g)
	defer srv.Close()
	signer := &sign.HTTPSigner{URL: srv.URL, Token: g.token, Cert: g.certificate(t),
		DigestAlgorithm: sign.OIDGOST3411_2012_256, SignatureAlgorithm: sign.OIDGOST3410_2012_256, Timeout: 20 * time.Second}
	signed, err := sign.SignPDF(seedPDF(t), signer, sign.Options{Time: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	if g.signs.Load() != 1 || g.digests.Load() != 3 {
		t.Errorf("the service signed %d times and hashed %d times, want 1 and 3 (the file, the certificate, the signed attributes)", g.signs.Load(), g.digests.Load())
	}
	start, end := contentsSpan(t, signed)
	cms := cmsOf(t, signed)
	dir := t.TempDir()
	// The bytes the ByteRange covers: all but /Contents' <…>.
	content := append(bytes.Clone(signed[:start-1]), signed[end+1:]...)
	cmsPath, contentPath := filepath.Join(dir, "sig.der"), filepath.Join(dir, "content.bin")
	os.WriteFile(cmsPath, cms, 0o644)
	os.WriteFile(contentPath, content, 0o644)
	out, err := exec.Command(openssl, "cms", "-verify", "-engine", "gost", "-binary", "-inform", "DER", "-in", cmsPath,
		"-content", contentPath, "-CAfile", g.cert, "-purpose", "any", "-out", os.DevNull).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "Verification successful") {
		t.Fatalf("openssl cms -verify: %v\n%s", err, out)
	}
	asn, _ := exec.Command(openssl, "asn1parse", "-inform", "DER", "-in", cmsPath).CombinedOutput()
	for _, want := range []string{"GOST R 34.11-2012 with 256 bit hash", "GOST R 34.10-2012 with 256 bit modulus", "1.2.840.113549.1.9.16.2.47"} {
		if !strings.Contains(string(asn), want) && !strings.Contains(string(asn), "id-smime-aa-signingCertificateV2") {
			t.Errorf("the CMS does not name %q", want)
		}
	}
	// Tampered content: OpenSSL refuses it.
	content[100] ^= 1
	os.WriteFile(contentPath, content, 0o644)
	if out, err := exec.Command(openssl, "cms", "-verify", "-engine", "gost", "-binary", "-inform", "DER", "-in", cmsPath,
		"-content", contentPath, "-CAfile", g.cert, "-purpose", "any", "-out", os.DevNull).CombinedOutput(); err == nil {
		t.Errorf("openssl verified a changed file:\n%s", out)
	}
	sigs, err := sign.Verify(signed)
	if err != nil || len(sigs) != 1 || sigs[0].Valid || !strings.Contains(sigs[0].Problem, "ГОСТ") {
		t.Errorf("Verify of a ГОСТ signature: %+v, %v", sigs, err)
	}
}

// The service's failures are errors that say what failed, and the token
// is in none of them.
func TestHTTPSignerErrors(t *testing.T) {
	openssl := requireGOST(t)
	g := newGOSTService(t, openssl)
	srv := httptest.NewServer(g)
	defer srv.Close()
	hang := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Read the request first: the server notices the client leaving
		// only once the body is consumed.
		io.Copy(io.Discard, r.Body)
		select {
		case <-r.Context().Done():
		case <-time.After(10 * time.Second):
		}
	}))
	defer hang.Close()
	cert := g.certificate(t)
	for _, c := range []struct {
		name string
		s    *sign.HTTPSigner
		want string
	}{
		{"wrong token", &sign.HTTPSigner{URL: srv.URL, Token: "чужой", Cert: cert, DigestAlgorithm: sign.OIDGOST3411_2012_256, SignatureAlgorithm: sign.OIDGOST3410_2012_256}, "HTTP 401"},
		{"no answer", &sign.HTTPSigner{URL: hang.URL, Token: g.token, Cert: cert, DigestAlgorithm: sign.OIDGOST3411_2012_256, SignatureAlgorithm: sign.OIDGOST3410_2012_256, Timeout: 200 * time.Millisecond}, "не ответил за 200ms"},
		{"too much to hash", &sign.HTTPSigner{URL: srv.URL, Token: g.token, Cert: cert, DigestAlgorithm: sign.OIDGOST3411_2012_256, SignatureAlgorithm: sign.OIDGOST3410_2012_256, MaxHashed: 1000}, "допустимо не больше 1000"},
	} {
		_, err := sign.SignPDF(seedPDF(t), c.s, sign.Options{Time: time.Now()})
		if err == nil || !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), g.token) {
			t.Errorf("%s: %v, want %q without the token", c.name, err, c.want)
		}
	}
}
