package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kartograf-ru/kartograf/internal/testtool/tsatest"
)

// render --sign --tsa makes a PAdES B-T signature whose time verify
// prints; a TSA that hangs fails the render with the documented error
// once --tsa-timeout runs out, and leaves no file.
func TestRenderSignedWithTSA(t *testing.T) {
	tsa := tsatest.Start(t)
	dir := t.TempDir()
	_, _, keyFile, certFile := writeTestKey(t, dir)
	roots := filepath.Join(dir, "roots.pem")
	cert, _ := os.ReadFile(certFile)
	os.WriteFile(roots, append(cert, tsa.RootPEM()...), 0o644)

	out := filepath.Join(dir, "signed.pdf")
	before := time.Now().UTC()
	if code, _, stderr := runCLI(t, "", "render", "--sign", "--key", keyFile, "--cert", certFile, "--tsa", tsa.URL, "-o", out, seed001); code != 0 {
		t.Fatalf("render --sign --tsa: exit %d: %s", code, stderr)
	}
	code, stdout, stderr := runCLI(t, "", "verify", out, "--roots", roots)
	if code != exitOK || !strings.Contains(stdout, "Метка времени: "+before.Format("02.01.2006")) ||
		!strings.Contains(stdout, "UTC (Тестовая служба меток времени; метка верна, служба доверенная)") ||
		!strings.Contains(stdout, "время доверенной метки времени") {
		t.Fatalf("verify of a B-T signature: exit %d\n%s%s", code, stdout, stderr)
	}
	// The TSA's root unknown: the time-stamp is not trusted, exit 3.
	if code, stdout, _ := runCLI(t, "", "verify", out, "--roots", certFile); code != exitUntrusted || !strings.Contains(stdout, "сертификат службы меток времени не доверенный") {
		t.Errorf("verify without the TSA's root: exit %d\n%s", code, stdout)
	}

	tsa.SetMode(tsatest.Hang)
	hung := filepath.Join(dir, "hung.pdf")
	code, _, stderr = runCLI(t, "", "render", "--sign", "--key", keyFile, "--cert", certFile, "--tsa", tsa.URL, "--tsa-timeout", "300ms", "-o", hung, seed001)
	if code != exitFail || !strings.Contains(stderr, "служба меток времени не ответила вовремя") || !strings.Contains(stderr, "нет ответа за 300ms") {
		t.Errorf("render with a hanging TSA: exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(hung); err == nil {
		t.Error("a file was written although the time-stamp failed")
	}
	if code, _, stderr := runCLI(t, "", "render", "--sign", "--key", keyFile, "--cert", certFile, "--tsa", "ftp://x", "-o", hung, seed001); code != exitUsage || !strings.Contains(stderr, "--tsa") {
		t.Errorf("render --tsa ftp://: exit %d: %s", code, stderr)
	}
	if code, _, stderr := runCLI(t, "", "serve", "--tsa", tsa.URL); code != exitUsage || !strings.Contains(stderr, "--tsa задан, но ключа подписи") {
		t.Errorf("serve --tsa without a key: exit %d: %s", code, stderr)
	}
	if code, _, stderr := runCLI(t, "", "serve", "--key", keyFile, "--cert", certFile, "--tsa", tsa.URL, "--tsa-timeout", "0s"); code != exitUsage || !strings.Contains(stderr, "--tsa-timeout") {
		t.Errorf("serve --tsa-timeout 0s: exit %d: %s", code, stderr)
	}
}
