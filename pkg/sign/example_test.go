package sign_test

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"math/big"
	"time"

	"kartograf"
	"kartograf/pkg/document"
	"kartograf/pkg/sign"
)

// Sign a rendered roadmap (PAdES B-B) and verify it.
func ExampleSignPDF() {
	// A key and certificate; in production: sign.LoadPKCS12 or sign.LoadPEM,
	// or an HSM behind the sign.Signer interface.
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(0x5A17), Subject: pkix.Name{CommonName: "М.В. Багова"},
		NotBefore: time.Date(2023, 8, 1, 0, 0, 0, 0, time.UTC), NotAfter: time.Date(2033, 8, 1, 0, 0, 0, 0, time.UTC),
		// A signing certificate must say its key is for signatures.
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageContentCommitment}
	der, _ := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	cert, _ := x509.ParseCertificate(der)
	signer := &sign.KeySigner{Key: key, Cert: cert}

	doc, _ := document.DecodeBytes([]byte(`{"kind":"analysis","organization":{"full_name":"ИМЦ УО"},"title":"СПРАВКА",
	  "body":[{"paragraph":{"text":"Все мероприятия выполнены."}},{"signature":{"position":"Директор","name":"М.В. Багова"}}]}`))
	eng, _ := kartograf.New(kartograf.Options{})
	var pdf bytes.Buffer
	// The visible mark is drawn at render time, from the same certificate.
	eng.Render(context.Background(), &pdf, doc, kartograf.RenderOptions{Mark: kartograf.MarkFor(cert)})

	signed, err := sign.SignPDF(pdf.Bytes(), signer, sign.Options{Time: time.Date(2024, 8, 31, 9, 0, 0, 0, time.UTC)})
	if err != nil {
		fmt.Println(err)
		return
	}
	// Trust is a separate verdict: this self-signed certificate is trusted
	// only when it is one of the roots (nil Roots: the system's).
	roots := x509.NewCertPool()
	roots.AddCert(cert)
	for _, opt := range []sign.VerifyOptions{{}, {Roots: roots}} {
		sigs, _ := sign.VerifyWith(signed, opt)
		for _, s := range sigs {
			fmt.Println(s.SubFilter, s.Signer, s.Serial, "valid:", s.Valid, "trusted:", s.Trusted)
		}
	}
	// Output:
	// ETSI.CAdES.detached М.В. Багова 5A17 valid: true trusted: false
	// ETSI.CAdES.detached М.В. Багова 5A17 valid: true trusted: true
}
