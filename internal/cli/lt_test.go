package cli

import (
	"crypto/x509"
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kartograf-ru/kartograf/internal/testtool/ocsptest"
)

// render --sign --lt makes a PAdES B-LT file: verify, offline, finds the
// chain unrevoked in its DSS. A revoked certificate fails the render and
// leaves no file; --lt without --sign is a usage error.
func TestRenderLongTerm(t *testing.T) {
	ca := ocsptest.Start(t)
	key, cert := ca.Issue(t, "Шидукова Лариса Петровна")
	dir := t.TempDir()
	kder, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	keyFile, certFile, caFile := filepath.Join(dir, "key.pem"), filepath.Join(dir, "cert.pem"), filepath.Join(dir, "ca.pem")
	os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: kder}), 0o600)
	os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Raw}), 0o644)
	os.WriteFile(caFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: ca.Root.Raw}), 0o644)

	out := filepath.Join(dir, "lt.pdf")
	if code, _, stderr := runCLI(t, "", "render", "--sign", "--key", keyFile, "--cert", certFile, "--lt", "--lt-ca", caFile, "-o", out, seed001); code != 0 {
		t.Fatalf("render --sign --lt: exit %d: %s", code, stderr)
	}
	ca.SetAnswer(ocsptest.Garbage) // verify works offline
	code, stdout, stderr := runCLI(t, "", "verify", out, "--roots", caFile)
	if code != exitOK || !strings.Contains(stdout, "Проверка отзыва по данным в файле (DSS): сертификаты цепочки не отозваны") ||
		!strings.Contains(stdout, "хранилище проверочных данных DSS") {
		t.Fatalf("verify of a B-LT file: exit %d\n%s%s", code, stdout, stderr)
	}

	ca.SetAnswer(ocsptest.Revoked)
	revoked := filepath.Join(dir, "revoked.pdf")
	if code, _, stderr := runCLI(t, "", "render", "--sign", "--key", keyFile, "--cert", certFile, "--lt", "--lt-ca", caFile, "-o", revoked, seed001); code == 0 ||
		!strings.Contains(stderr, "отозван") || !strings.Contains(stderr, "Шидукова Лариса Петровна") {
		t.Errorf("a revoked certificate: exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(revoked); err == nil {
		t.Error("a file was written for a revoked certificate")
	}
	if code, _, stderr := runCLI(t, "", "render", "--lt", "-o", filepath.Join(dir, "x.pdf"), seed001); code != exitUsage || !strings.Contains(stderr, "только с --sign") {
		t.Errorf("--lt without --sign: exit %d: %s", code, stderr)
	}
}
