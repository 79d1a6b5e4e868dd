// The throwaway signing key, its self-signed certificate and the bearer
// token given to the server under test.

package main

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/pem"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"time"
)

// credentials are the files given to the server.
type credentials struct {
	keyFile, certFile, tokensFile string
	token                         string
	keyDesc                       string
}

// writeCredentials generates a self-signed certificate with its key and a
// tokens file holding one random token.
func writeCredentials(dir, keyType string) (*credentials, error) {
	key, desc, err := generateKey(keyType)
	if err != nil {
		return nil, err
	}
	certDER, err := selfSigned(key)
	if err != nil {
		return nil, err
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, fmt.Errorf("encode test key: %w", err)
	}
	token, err := randomToken()
	if err != nil {
		return nil, err
	}
	c := &credentials{
		keyFile:    filepath.Join(dir, "key.pem"),
		certFile:   filepath.Join(dir, "cert.pem"),
		tokensFile: filepath.Join(dir, "tokens.txt"),
		token:      token,
		keyDesc:    desc,
	}
	files := []struct {
		path string
		data []byte
	}{
		{c.keyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER})},
		{c.certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: certDER})},
		{c.tokensFile, []byte(token + "\n")},
	}
	for _, f := range files {
		if err := os.WriteFile(f.path, f.data, 0o600); err != nil {
			return nil, fmt.Errorf("write %s: %w", f.path, err)
		}
	}
	return c, nil
}

func generateKey(keyType string) (crypto.Signer, string, error) {
	switch keyType {
	case "ecdsa":
		k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			return nil, "", fmt.Errorf("generate ECDSA P-256 key: %w", err)
		}
		return k, "ecdsa-p256", nil
	default:
		k, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			return nil, "", fmt.Errorf("generate RSA-2048 key: %w", err)
		}
		return k, "rsa-2048", nil
	}
}

// selfSigned returns a DER certificate for key, valid for one year.
func selfSigned(key crypto.Signer) ([]byte, error) {
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		return nil, fmt.Errorf("certificate serial: %w", err)
	}
	notBefore := time.Now().Add(-time.Hour).UTC().Truncate(time.Second)
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		Subject: pkix.Name{
			CommonName:   "Тестовый подписант Kartograf",
			Organization: []string{"Kartograf load test"},
		},
		NotBefore:             notBefore,
		NotAfter:              notBefore.AddDate(1, 0, 0),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageContentCommitment,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageEmailProtection},
		BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		return nil, fmt.Errorf("create test certificate: %w", err)
	}
	return der, nil
}

func randomToken() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("random token: %w", err)
	}
	return hex.EncodeToString(b), nil
}
