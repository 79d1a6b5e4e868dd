package cli

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kartograf-ru/kartograf/internal/testtool"

	"software.sslmate.com/src/go-pkcs12"
)

// writeTestKey writes an ECDSA key and its self-signed certificate for
// «Шидукова Л.П.» (serial 77) as PEM files into dir.
func writeTestKey(t *testing.T, dir string) (key *ecdsa.PrivateKey, der []byte, keyFile, certFile string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	der = testtool.Certificate(t, key, pkix.Name{CommonName: "Шидукова Л.П."}, 77, time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC)).Raw
	kder, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	keyFile, certFile = filepath.Join(dir, "key.pem"), filepath.Join(dir, "cert.pem")
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: kder}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644); err != nil {
		t.Fatal(err)
	}
	return key, der, keyFile, certFile
}

func TestRenderSignedAndVerify(t *testing.T) {
	dir := t.TempDir()
	key, der, keyFile, certFile := writeTestKey(t, dir)

	out := filepath.Join(dir, "signed.pdf")
	if code, _, stderr := runCLI(t, "", "render", "--sign", "--key", keyFile, "--cert", certFile, "-o", out, seed001); code != 0 {
		t.Fatalf("render --sign: exit %d: %s", code, stderr)
	}
	// The visible mark carries the certificate's details.
	if txt := pdfText(t, out); !strings.Contains(txt, "ДОКУМЕНТ ПОДПИСАН") || !strings.Contains(txt, "Сертификат 4D") ||
		!strings.Contains(txt, "Владелец Шидукова") || !strings.Contains(txt, "Действителен с 01.01.2022 по 01.01.2032") {
		t.Errorf("no signature mark in the PDF text:\n%.600s", txt)
	}
	// Self-signed: intact, but not trusted against the system roots …
	code, stdout, stderr := runCLI(t, "", "verify", out)
	if code != exitUntrusted || !strings.Contains(stdout, "подпись верна, но сертификат не доверенный: самоподписанный сертификат «Шидукова Л.П.»") ||
		!strings.Contains(stdout, "Целостность: документ, подпись и сертификат не изменены") {
		t.Fatalf("verify, system roots: exit %d, want %d\n%s%s", code, exitUntrusted, stdout, stderr)
	}
	// … and valid and trusted when its certificate is the trusted root.
	code, stdout, stderr = runCLI(t, "", "verify", out, "--roots", certFile)
	if code != exitOK || !strings.Contains(stdout, "подпись верна, сертификат доверенный") || !strings.Contains(stdout, "Шидукова Л.П.") ||
		!strings.Contains(stdout, "Покрывает: весь файл") || !strings.Contains(stdout, "действителен с 01.01.2022 по 01.01.2032") ||
		!strings.Contains(stdout, "Назначение ключа: электронная подпись") || !strings.Contains(stdout, "Изменения после подписи: нет") {
		t.Fatalf("verify --roots: exit %d\n%s%s", code, stdout, stderr)
	}
	if code, _, stderr := runCLI(t, "", "verify", out, "--roots", keyFile); code != exitUsage || !strings.Contains(stderr, "нет сертификатов PEM") {
		t.Errorf("verify --roots with no certificate: exit %d %s", code, stderr)
	}

	// PKCS #12 with the password from the environment.
	cert, _ := x509.ParseCertificate(der)
	p12, _ := pkcs12.Modern.Encode(key, cert, nil, "секрет")
	p12File := filepath.Join(dir, "key.p12")
	os.WriteFile(p12File, p12, 0o600)
	t.Setenv("KARTOGRAF_P12_PASSWORD", "секрет")
	out2 := filepath.Join(dir, "signed2.pdf")
	if code, _, stderr := runCLI(t, "", "render", "--sign", "--p12", p12File, "-o", out2, seed001); code != 0 {
		t.Fatalf("render --sign --p12: exit %d: %s", code, stderr)
	}

	// A tampered file and an unsigned one make verify fail.
	data, _ := os.ReadFile(out)
	data[len(data)/3] ^= 0x01
	bad := filepath.Join(dir, "bad.pdf")
	os.WriteFile(bad, data, 0o644)
	if code, stdout, _ := runCLI(t, "", "verify", bad, "--roots", certFile); code != exitFail || !strings.Contains(stdout, "ПОДПИСЬ НЕ ВЕРНА") {
		t.Errorf("tampered: exit %d\n%s", code, stdout)
	}
	unsigned := filepath.Join(dir, "plain.pdf")
	runCLI(t, "", "render", "-o", unsigned, seed001)
	if code, _, stderr := runCLI(t, "", "verify", unsigned); code != exitFail || !strings.Contains(stderr, "нет электронной подписи") {
		t.Errorf("unsigned: exit %d %s", code, stderr)
	}
	if code, _, _ := runCLI(t, "", "render", "--sign", "-o", filepath.Join(dir, "x.pdf"), seed001); code != exitUsage {
		t.Errorf("--sign without a key: exit %d", code)
	}
}

func pdfText(t *testing.T, path string) string {
	t.Helper()
	return testtool.Run(t, "pdftotext", "-raw", "-enc", "UTF-8", path, "-")
}
