package main

import (
	"bytes"
	"crypto"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"os"
	"runtime"
	"testing"
)

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func readPEM(t *testing.T, path, typ string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	b, rest := pem.Decode(data)
	if b == nil || b.Type != typ || len(bytes.TrimSpace(rest)) != 0 {
		t.Fatalf("%s: want one %s block, got %q", path, typ, data)
	}
	if runtime.GOOS != "windows" {
		st, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v, want 0600 for a secret", path, st.Mode().Perm())
		}
	}
	return b.Bytes
}

// TestWriteCredentials: the files given to the server hold a key and a
// certificate for the same public key, usable for signatures, and a token.
func TestWriteCredentials(t *testing.T) {
	for _, tc := range []struct{ keyType, desc, algo string }{
		{"ecdsa", "ecdsa-p256", "ECDSA"},
		{"rsa", "rsa-2048", "RSA"},
	} {
		dir := t.TempDir()
		c, err := writeCredentials(dir, tc.keyType)
		if err != nil {
			t.Fatal(err)
		}
		if c.keyDesc != tc.desc || keyLabel(tc.keyType) != tc.desc {
			t.Errorf("%s: keyDesc %q, keyLabel %q, want %q", tc.keyType, c.keyDesc, keyLabel(tc.keyType), tc.desc)
		}
		key, err := x509.ParsePKCS8PrivateKey(readPEM(t, c.keyFile, "PRIVATE KEY"))
		if err != nil {
			t.Fatal(err)
		}
		cert, err := x509.ParseCertificate(readPEM(t, c.certFile, "CERTIFICATE"))
		if err != nil {
			t.Fatal(err)
		}
		if cert.PublicKeyAlgorithm.String() != tc.algo {
			t.Errorf("%s: certificate key %v", tc.keyType, cert.PublicKeyAlgorithm)
		}
		signer, ok := key.(crypto.Signer)
		if !ok {
			t.Fatalf("%s: key %T cannot sign", tc.keyType, key)
		}
		if !signer.Public().(interface{ Equal(crypto.PublicKey) bool }).Equal(cert.PublicKey) {
			t.Errorf("%s: the certificate is not for the written key", tc.keyType)
		}
		if cert.KeyUsage&x509.KeyUsageDigitalSignature == 0 || cert.Subject.CommonName != "Тестовый подписант Kartograf" {
			t.Errorf("%s: key usage %v, subject %v", tc.keyType, cert.KeyUsage, cert.Subject)
		}
		if d := cert.NotAfter.Sub(cert.NotBefore); d < 365*24*3600e9 || d > 366*24*3600e9 {
			t.Errorf("%s: valid for %v, want a year", tc.keyType, d)
		}
		if err := cert.CheckSignature(cert.SignatureAlgorithm, cert.RawTBSCertificate, cert.Signature); err != nil {
			t.Errorf("%s: not self-signed: %v", tc.keyType, err)
		}
		tok, err := os.ReadFile(c.tokensFile)
		if err != nil {
			t.Fatal(err)
		}
		if string(tok) != c.token+"\n" || len(c.token) != 64 {
			t.Errorf("%s: tokens file %q, token %q", tc.keyType, tok, c.token)
		}
		if _, err := hex.DecodeString(c.token); err != nil {
			t.Errorf("%s: token %q is not hex", tc.keyType, c.token)
		}
	}
}
