package cli

import (
	"crypto/ecdsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/pem"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kartograf-ru/kartograf/internal/testtool"
	"github.com/kartograf-ru/kartograf/pkg/sign"
)

// writeKeyCert writes key and cert as PEM files named after name.
func writeKeyCert(t *testing.T, dir, name string, key *ecdsa.PrivateKey, cert *x509.Certificate) (keyFile, certFile string) {
	t.Helper()
	kder, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	keyFile, certFile = filepath.Join(dir, name+".key.pem"), filepath.Join(dir, name+".cert.pem")
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: kder}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Raw}), 0o644); err != nil {
		t.Fatal(err)
	}
	return keyFile, certFile
}

// badCertFiles writes keys whose certificates must not sign now: expired,
// not yet valid, and meant for encryption only.
func badCertFiles(t *testing.T, dir string) map[string][3]string {
	key, _, _, _ := writeTestKey(t, dir)
	now := time.Now().UTC().Truncate(24 * time.Hour)
	out := map[string][3]string{}
	for name, c := range map[string]struct {
		from, to time.Time
		usage    x509.KeyUsage
		reason   string
	}{
		"expired":     {now.AddDate(-3, 0, 0), now.AddDate(0, 0, -2), x509.KeyUsageDigitalSignature, "истёк " + now.AddDate(0, 0, -2).Format("02.01.2006")},
		"future":      {now.AddDate(0, 0, 2), now.AddDate(3, 0, 0), x509.KeyUsageDigitalSignature, "ещё не действует: действителен с " + now.AddDate(0, 0, 2).Format("02.01.2006")},
		"wrong-usage": {now.AddDate(-1, 0, 0), now.AddDate(1, 0, 0), x509.KeyUsageKeyEncipherment, "не предназначен для электронной подписи"},
	} {
		cert := testtool.IssueCertificate(t, key, testtool.CertSpec{Owner: pkix.Name{CommonName: "Шидукова Л.П."}, Serial: 78,
			NotBefore: c.from, NotAfter: c.to, KeyUsage: c.usage})
		k, cf := writeKeyCert(t, dir, name, key, cert)
		out[name] = [3]string{k, cf, c.reason}
	}
	return out
}

// render --sign refuses a certificate that cannot sign now, names the
// reason and the override; with the override it signs, and verify then
// says why the signature is not valid.
func TestRenderSignRefusesBadCertificate(t *testing.T) {
	dir := t.TempDir()
	for name, f := range badCertFiles(t, dir) {
		out := filepath.Join(dir, name+".pdf")
		code, _, stderr := runCLI(t, "", "render", "--sign", "--key", f[0], "--cert", f[1], "-o", out, seed001)
		if code != exitFail || !strings.Contains(stderr, "сертификат подписи «Шидукова Л.П.» (серийный номер 4E)") ||
			!strings.Contains(stderr, f[2]) || !strings.Contains(stderr, "--allow-invalid-cert") {
			t.Errorf("%s: exit %d, want %d with %q:\n%s", name, code, exitFail, f[2], stderr)
		}
		if _, err := os.Stat(out); err == nil {
			t.Errorf("%s: a refused signature left %s", name, out)
		}
		if code, _, stderr := runCLI(t, "", "render", "--sign", "--allow-invalid-cert", "--key", f[0], "--cert", f[1], "-o", out, seed001); code != exitOK {
			t.Fatalf("%s with --allow-invalid-cert: exit %d: %s", name, code, stderr)
		}
		code, stdout, _ := runCLI(t, "", "verify", out, "--roots", f[1])
		if code != exitFail || !strings.Contains(stdout, "ПОДПИСЬ НЕ ВЕРНА: "+"сертификат подписи") || !strings.Contains(stdout, f[2]) {
			t.Errorf("%s: verify of a file signed with the override: exit %d\n%s", name, code, stdout)
		}
	}
}

// A certificate edited inside a signed file — another owner's name, no
// key needed — is refused by verify, which names the reason.
func TestVerifyForgedCertificate(t *testing.T) {
	dir := t.TempDir()
	_, _, keyFile, certFile := writeTestKey(t, dir)
	out := filepath.Join(dir, "signed.pdf")
	if code, _, stderr := runCLI(t, "", "render", "--sign", "--key", keyFile, "--cert", certFile, "-o", out, seed001); code != 0 {
		t.Fatalf("render --sign: exit %d: %s", code, stderr)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`/ByteRange \[0 (\d+) (\d+)`).FindSubmatch(data)
	b, _ := strconv.Atoi(string(m[1]))
	c, _ := strconv.Atoi(string(m[2]))
	// The owner's name, hex-encoded, occurs in the issuer and then in the
	// subject of the self-signed certificate: forge the subject only.
	name := hex.EncodeToString([]byte("Шидукова Л.П."))
	forged := hex.EncodeToString([]byte("Жиганова Л.П."))
	if len(name) != len(forged) {
		t.Fatal("the forged name must keep the length")
	}
	contents := string(data[b+1 : c-1])
	i := strings.Index(contents, name)
	j := strings.Index(contents[i+1:], name) + i + 1
	if i < 0 || j <= i {
		t.Fatal("the name is not twice in the certificate")
	}
	copy(data[b+1+j:], forged)
	bad := filepath.Join(dir, "forged.pdf")
	if err := os.WriteFile(bad, data, 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, _ := runCLI(t, "", "verify", bad, "--roots", certFile)
	if code != exitFail || !strings.Contains(stdout, "ПОДПИСЬ НЕ ВЕРНА: сертификат в подписи изменён после подписания: хеш ESS signing-certificate-v2 не совпадает") ||
		!strings.Contains(stdout, "Владелец: Жиганова Л.П. (так записано в сертификате подписи; НЕ подтверждено)") {
		t.Errorf("forged certificate: exit %d\n%s", code, stdout)
	}
}

// serve refuses at start-up a key whose certificate cannot sign now,
// unless --allow-invalid-cert (or KARTOGRAF_ALLOW_INVALID_CERT) is given.
func TestServeRefusesBadCertificate(t *testing.T) {
	dir := t.TempDir()
	files := badCertFiles(t, dir)
	for name, f := range files {
		code, _, stderr := runCLI(t, "", "serve", "--addr", "127.0.0.1:0", "--key", f[0], "--cert", f[1])
		if code != exitUsage || !strings.Contains(stderr, "serve: ключ подписи: сертификат подписи «Шидукова Л.П.»") ||
			!strings.Contains(stderr, f[2]) || !strings.Contains(stderr, "--allow-invalid-cert") {
			t.Errorf("%s: exit %d, want %d:\n%s", name, code, exitUsage, stderr)
		}
	}
	t.Setenv("KARTOGRAF_ALLOW_INVALID_CERT", "true")
	const token = "signcert-test-token-0123456789"
	tokens := filepath.Join(dir, "tokens.txt")
	if err := os.WriteFile(tokens, []byte(token+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	expired := files["expired"]
	srv := startServe(t, "--tokens-file", tokens, "--key", expired[0], "--cert", expired[1])
	pdf := srv.renderSigned(t, token)
	// Signed as asked; verify still says the certificate had expired.
	if sigs, err := sign.Verify(pdf); err != nil || len(sigs) != 1 || sigs[0].Valid || !sigs[0].Integrity || sigs[0].CertValidAtTime {
		t.Errorf("signature made with the override: %v %+v", err, sigs)
	}
	srv.stop(t)
}
