// Package ocsptest runs a test certification authority whose OCSP
// responder listens on loopback, for the tests of long-term signatures
// (PAdES B-LT): the signing package's and the command's.
package ocsptest

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/crypto/ocsp"

	"github.com/kartograf-ru/kartograf/internal/testtool"
)

// What the responder answers.
const (
	Good     = "good"
	Revoked  = "revoked"
	Hang     = "hang"     // reads the request and waits for the client to leave
	Garbage  = "garbage"  // not an OCSP response
	OtherKey = "otherkey" // a response signed by a key that is not the issuer's
)

// CA is a running test authority.
type CA struct {
	Root    *x509.Certificate
	RootKey crypto.Signer
	URL     string // the OCSP responder
	answer  atomic.Value
	asked   atomic.Int32
	other   crypto.Signer
	serial  atomic.Int64
}

// Start runs a CA whose responder answers Good until told otherwise.
func Start(t testing.TB) *CA {
	t.Helper()
	ca := &CA{RootKey: key(t), other: key(t)}
	ca.answer.Store(Good)
	ca.serial.Store(100)
	from, to := time.Now().Add(-24*time.Hour), time.Now().Add(365*24*time.Hour)
	ca.Root = testtool.IssueCertificate(t, ca.RootKey, testtool.CertSpec{Owner: pkix.Name{CommonName: "Тестовый УЦ"}, Serial: 1,
		NotBefore: from, NotAfter: to, KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature, IsCA: true})
	srv := httptest.NewServer(http.HandlerFunc(ca.respond))
	t.Cleanup(srv.Close)
	ca.URL = srv.URL + "/ocsp"
	return ca
}

// Issue makes a signing key and its certificate, issued by the CA, that
// names the CA's responder.
func (ca *CA) Issue(t testing.TB, owner string) (*ecdsa.PrivateKey, *x509.Certificate) {
	t.Helper()
	k := key(t)
	cert := testtool.IssueCertificate(t, k, testtool.CertSpec{Owner: pkix.Name{CommonName: owner}, Serial: ca.serial.Add(1),
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(365 * 24 * time.Hour), KeyUsage: x509.KeyUsageDigitalSignature,
		Parent: ca.Root, ParentKey: ca.RootKey, OCSPServer: []string{ca.URL}})
	return k, cert
}

// SetAnswer sets what the responder answers from now on.
func (ca *CA) SetAnswer(a string) { ca.answer.Store(a) }

// Asked is how many requests the responder received.
func (ca *CA) Asked() int { return int(ca.asked.Load()) }

func (ca *CA) respond(w http.ResponseWriter, r *http.Request) {
	ca.asked.Add(1)
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<16))
	req, err := ocsp.ParseRequest(body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	tmpl := ocsp.Response{Status: ocsp.Good, SerialNumber: req.SerialNumber, ThisUpdate: time.Now().Add(-time.Minute),
		NextUpdate: time.Now().Add(time.Hour)}
	signer := ca.RootKey
	switch ca.answer.Load() {
	case Revoked:
		tmpl.Status, tmpl.RevokedAt, tmpl.RevocationReason = ocsp.Revoked, time.Now().Add(-time.Hour), ocsp.KeyCompromise
	case Hang:
		select {
		case <-r.Context().Done():
		case <-time.After(10 * time.Second):
		}
		return
	case Garbage:
		w.Write([]byte("не ответ OCSP"))
		return
	case OtherKey:
		signer = ca.other
	}
	resp, err := ocsp.CreateResponse(ca.Root, ca.Root, tmpl, signer)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/ocsp-response")
	w.Write(resp)
}

func key(t testing.TB) *ecdsa.PrivateKey {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return k
}
