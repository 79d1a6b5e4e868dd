// Package signtest signs PDFs for tests that need a signed file and not
// the signature itself: reading an archived PDF back, a batch over last
// year's signed documents. (pkg/sign's own tests sign with the keys they
// check.)
package signtest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509/pkix"
	"testing"
	"time"

	"github.com/kartograf-ru/kartograf/internal/testtool"
	"github.com/kartograf-ru/kartograf/pkg/sign"
)

// SignedPDF is pdf signed as `kartograf render --sign` signs it — an
// incremental update after the original — with a fresh test key.
func SignedPDF(t testing.TB, pdf []byte) []byte {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s := &sign.KeySigner{Key: key, Cert: testtool.Certificate(t, key, pkix.Name{CommonName: "Жилов А.Х."}, 7, time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC))}
	out, err := sign.SignPDF(pdf, s, sign.Options{Time: time.Date(2024, 8, 30, 9, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
