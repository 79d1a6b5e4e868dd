package sign_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"strings"
	"testing"

	"github.com/kartograf-ru/kartograf/pkg/sign"

	"software.sslmate.com/src/go-pkcs12"
)

func TestLoadKeys(t *testing.T) {
	rsaKey, _ := rsa.GenerateKey(rand.Reader, 2048)
	s := testSigner(t, rsaKey)
	p12, err := pkcs12.Modern.Encode(rsaKey, s.Cert, nil, "пароль")
	if err != nil {
		t.Fatal(err)
	}
	got, err := sign.LoadPKCS12(p12, "пароль")
	if err != nil || !got.Cert.Equal(s.Cert) {
		t.Fatalf("PKCS #12: %v", err)
	}
	if _, err := sign.LoadPKCS12(p12, "не тот"); err == nil {
		t.Error("a wrong password was accepted")
	}

	ecKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	es := testSigner(t, ecKey)
	der, _ := x509.MarshalPKCS8PrivateKey(ecKey)
	keyPEM := pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})
	certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: es.Cert.Raw})
	if got, err := sign.LoadPEM(keyPEM, certPEM); err != nil || !got.Cert.Equal(es.Cert) {
		t.Fatalf("PEM: %v", err)
	}
	// A key that does not belong to the certificate is refused.
	otherPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: s.Cert.Raw})
	if _, err := sign.LoadPEM(keyPEM, otherPEM); err == nil || !strings.Contains(err.Error(), "не соответствует") {
		t.Errorf("mismatched key and certificate: %v", err)
	}
	if _, err := sign.LoadPEM([]byte("garbage"), certPEM); err == nil {
		t.Error("garbage key accepted")
	}
}
