package testtool

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"math/big"
	"sync"
	"testing"
	"time"
)

// Certificate is a self-signed signing certificate for key, valid from
// «from» for ten years, with the given owner and serial number.
func Certificate(t testing.TB, key crypto.Signer, owner pkix.Name, serial int64, from time.Time) *x509.Certificate {
	t.Helper()
	return IssueCertificate(t, key, CertSpec{Owner: owner, Serial: serial, NotBefore: from, NotAfter: from.AddDate(10, 0, 0),
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageContentCommitment})
}

// CertSpec describes a test certificate: the expired, not yet valid,
// wrong-usage and CA-issued ones the signing tests need.
type CertSpec struct {
	Owner               pkix.Name
	Serial              int64
	NotBefore, NotAfter time.Time
	KeyUsage            x509.KeyUsage // 0: no keyUsage extension at all
	IsCA                bool
	// Parent and ParentKey issue the certificate; nil: self-signed.
	Parent    *x509.Certificate
	ParentKey crypto.Signer
	// Deterministic signs with a nil random source, which makes ECDSA
	// sign per RFC 6979 (RSA PKCS #1 v1.5 always is): the same key and
	// spec give the same certificate in every process, as fuzzing
	// workers and their coordinator need.
	Deterministic bool
	// OCSPServer is the certificate's OCSP responder (AIA).
	OCSPServer []string
}

// IssueCertificate makes the certificate spec describes for key.
func IssueCertificate(t testing.TB, key crypto.Signer, spec CertSpec) *x509.Certificate {
	t.Helper()
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(spec.Serial),
		Subject:      spec.Owner,
		NotBefore:    spec.NotBefore,
		NotAfter:     spec.NotAfter,
		KeyUsage:     spec.KeyUsage,
		OCSPServer:   spec.OCSPServer,
	}
	if spec.IsCA {
		tmpl.IsCA, tmpl.BasicConstraintsValid = true, true
	}
	parent, parentKey := tmpl, key
	if spec.Parent != nil {
		parent, parentKey = spec.Parent, spec.ParentKey
	}
	random := rand.Reader
	if spec.Deterministic {
		random = nil
	}
	der, err := x509.CreateCertificate(random, tmpl, parent, key.Public(), parentKey)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return cert
}

// SyncBuffer is an io.Writer that can be read while another goroutine
// writes to it: a server's log under test.
type SyncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *SyncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *SyncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// RemoteSigner stands in for an HSM or a signing service: a sign.Signer
// that is not a sign.KeySigner, so the signing code never gets its key
// and only asks it to sign digests, which it keeps for a test to count.
// The PDF signer's and the engine's tests share it.
type RemoteSigner struct {
	Cert    *x509.Certificate
	Key     *ecdsa.PrivateKey
	Digests [][]byte
}

func (r *RemoteSigner) Certificate() *x509.Certificate { return r.Cert }
func (r *RemoteSigner) Chain() []*x509.Certificate     { return nil }

// Sign signs a SHA-256 digest and refuses anything else.
func (r *RemoteSigner) Sign(digest []byte, hash crypto.Hash) ([]byte, error) {
	if hash != crypto.SHA256 || len(digest) != 32 {
		return nil, errors.New("remote signer: SHA-256 digests only")
	}
	r.Digests = append(r.Digests, bytes.Clone(digest))
	return ecdsa.SignASN1(rand.Reader, r.Key, digest)
}
