package sign_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"math/big"
	"os"
	"time"

	"github.com/kartograf-ru/kartograf/pkg/sign"
)

// Sign a rendered roadmap (PAdES B-B) and verify it. With the engine,
// kartograf.RenderOptions.Signer does both steps and also draws the
// visible mark from the certificate (kartograf.MarkFor).
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

	pdf, _ := os.ReadFile("testdata/seed-001.pdf") // as kartograf render wrote it
	signed, err := sign.SignPDF(pdf, signer, sign.Options{Time: time.Date(2024, 8, 31, 9, 0, 0, 0, time.UTC)})
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
