package sign

import (
	"crypto"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"

	"software.sslmate.com/src/go-pkcs12"
)

// LoadPKCS12 reads a key and its certificate chain from a PKCS #12 (.p12,
// .pfx) file.
func LoadPKCS12(data []byte, password string) (*KeySigner, error) {
	key, cert, chain, err := pkcs12.DecodeChain(data, password)
	if err != nil {
		return nil, fmt.Errorf("PKCS #12: %w", err)
	}
	signer, ok := key.(crypto.Signer)
	if !ok {
		return nil, errors.New("PKCS #12: ключ не подходит для подписи")
	}
	ks := &KeySigner{Key: signer, Cert: cert, Inter: chain}
	if err := ks.check(); err != nil {
		return nil, fmt.Errorf("PKCS #12: %w", err)
	}
	return ks, nil
}

// LoadPEM reads a private key (PKCS #8, PKCS #1 or SEC 1) and a certificate
// chain (the signer's certificate first) from PEM.
func LoadPEM(keyPEM, certPEM []byte) (*KeySigner, error) {
	var key crypto.Signer
	for rest := keyPEM; ; {
		var b *pem.Block
		b, rest = pem.Decode(rest)
		if b == nil {
			break
		}
		var k any
		var err error
		switch b.Type {
		case "PRIVATE KEY":
			k, err = x509.ParsePKCS8PrivateKey(b.Bytes)
		case "RSA PRIVATE KEY":
			k, err = x509.ParsePKCS1PrivateKey(b.Bytes)
		case "EC PRIVATE KEY":
			k, err = x509.ParseECPrivateKey(b.Bytes)
		default:
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("ключ PEM: %w", err)
		}
		s, ok := k.(crypto.Signer)
		if !ok {
			return nil, errors.New("ключ PEM не подходит для подписи")
		}
		key = s
		break
	}
	if key == nil {
		return nil, errors.New("в файле ключа нет закрытого ключа PEM")
	}
	var certs []*x509.Certificate
	for rest := certPEM; ; {
		var b *pem.Block
		b, rest = pem.Decode(rest)
		if b == nil {
			break
		}
		if b.Type != "CERTIFICATE" {
			continue
		}
		c, err := x509.ParseCertificate(b.Bytes)
		if err != nil {
			return nil, fmt.Errorf("сертификат PEM: %w", err)
		}
		certs = append(certs, c)
	}
	if len(certs) == 0 {
		return nil, errors.New("в файле сертификатов нет сертификата PEM")
	}
	ks := &KeySigner{Key: key, Cert: certs[0], Inter: certs[1:]}
	if err := ks.check(); err != nil {
		return nil, err
	}
	return ks, nil
}

// check makes sure the key belongs to the certificate.
func (k *KeySigner) check() error {
	if k.Key == nil || k.Cert == nil {
		return errors.New("нет ключа или сертификата")
	}
	type equaler interface{ Equal(crypto.PublicKey) bool }
	pub, ok := k.Key.Public().(equaler)
	if !ok || !pub.Equal(k.Cert.PublicKey) {
		return errors.New("ключ не соответствует сертификату")
	}
	if _, err := signatureAlgorithm(k.Cert); err != nil {
		return err
	}
	return nil
}
