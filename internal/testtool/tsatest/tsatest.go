// Package tsatest runs an RFC 3161 time-stamping authority on loopback
// for tests: its own test CA, a TSA certificate for time-stamping, and
// modes that misbehave (hang, garbage, another imprint or nonce, 503).
// Its ASN.1 is written here, apart from pkg/sign's, so that the signing
// code is checked against an independent encoder.
package tsatest

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/pem"
	"io"
	"math/big"
	"net/http"
	"net/http/httptest"
	"sort"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Mode is how the TSA answers.
type Mode int32

// The modes.
const (
	OK           Mode = iota // a valid token for the request
	Hang                     // no answer until the client gives up
	Garbage                  // 200 application/timestamp-reply with bytes that are not DER
	WrongImprint             // a valid token over another digest
	WrongNonce               // a valid token with another nonce
	Unavailable              // HTTP 503
	Rejection                // PKIStatus rejection
)

// TSA is a running test time-stamping authority.
type TSA struct {
	URL    string
	Root   *x509.Certificate // the test CA: trust it to trust the TSA
	Cert   *x509.Certificate // the TSA's certificate, issued by Root
	key    crypto.Signer
	mode   atomic.Int32
	serial atomic.Int64
	// Requests counts the requests received.
	Requests atomic.Int64
	now      func() time.Time
	mu       sync.Mutex
	last     [2][]byte // the last token issued and its imprint
}

// ekuTimeStamping is SEQUENCE { id-kp-timeStamping }.
var ekuTimeStamping = []byte{0x30, 0x0A, 0x06, 0x08, 0x2B, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x08}

// KeyPEM is the TSA's private key and CertPEM its certificate, for
// another TSA implementation (openssl ts -reply) with the same identity.
func (ts *TSA) KeyPEM(t testing.TB) []byte {
	t.Helper()
	der, err := x509.MarshalPKCS8PrivateKey(ts.key)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})
}

// CertPEM is the TSA's certificate in PEM.
func (ts *TSA) CertPEM() []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: ts.Cert.Raw})
}

// Last is the last token the TSA issued and the digest it stamped.
func (ts *TSA) Last() (token, digest []byte) {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	return ts.last[0], ts.last[1]
}

// Start runs a TSA on loopback, closed when the test ends.
func Start(t testing.TB) *TSA {
	t.Helper()
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	from := time.Now().Add(-time.Hour)
	ca := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "Тестовый УЦ меток времени"},
		NotBefore: from, NotAfter: from.AddDate(5, 0, 0), IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageCRLSign}
	caDER, err := x509.CreateCertificate(rand.Reader, ca, ca, caKey.Public(), caKey)
	if err != nil {
		t.Fatal(err)
	}
	root, _ := x509.ParseCertificate(caDER)
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	leaf := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "Тестовая служба меток времени"},
		NotBefore: from, NotAfter: from.AddDate(5, 0, 0), KeyUsage: x509.KeyUsageDigitalSignature,
		// RFC 3161: the only extended key usage, critical (OpenSSL insists).
		ExtraExtensions: []pkix.Extension{{Id: asn1.ObjectIdentifier{2, 5, 29, 37}, Critical: true, Value: ekuTimeStamping}}}
	leafDER, err := x509.CreateCertificate(rand.Reader, leaf, root, key.Public(), caKey)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(leafDER)
	ts := &TSA{Root: root, Cert: cert, key: key, now: time.Now}
	srv := httptest.NewServer(http.HandlerFunc(ts.serve))
	t.Cleanup(srv.Close)
	ts.URL = srv.URL
	return ts
}

// SetMode changes how the TSA answers from the next request on.
func (ts *TSA) SetMode(m Mode) { ts.mode.Store(int32(m)) }

// RootPEM is the test CA in PEM, for `verify --roots`.
func (ts *TSA) RootPEM() []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: ts.Root.Raw})
}

type algID struct {
	Algorithm  asn1.ObjectIdentifier
	Parameters asn1.RawValue `asn1:"optional"`
}

type imprint struct {
	Alg    algID
	Hashed []byte
}

type request struct {
	Version int
	Imprint imprint
	Policy  asn1.ObjectIdentifier `asn1:"optional"`
	Nonce   *big.Int              `asn1:"optional"`
	CertReq bool                  `asn1:"optional"`
}

type tstInfo struct {
	Version int
	Policy  asn1.ObjectIdentifier
	Imprint imprint
	Serial  *big.Int
	GenTime time.Time `asn1:"generalized"`
	Nonce   *big.Int  `asn1:"optional"`
}

type attr struct {
	Type   asn1.ObjectIdentifier
	Values asn1.RawValue
}

var (
	oidSHA256       = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 1}
	oidECDSASHA256  = asn1.ObjectIdentifier{1, 2, 840, 10045, 4, 3, 2}
	oidSignedData   = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 2}
	oidTSTInfo      = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 1, 4}
	oidContentType  = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 3}
	oidMsgDigest    = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 4}
	oidSigningCert2 = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 2, 47}
	// Policy is the TSA policy the test TSA states.
	Policy = asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 99999, 1}
)

func (ts *TSA) serve(w http.ResponseWriter, r *http.Request) {
	ts.Requests.Add(1)
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<16))
	mode := Mode(ts.mode.Load())
	switch mode {
	case Hang:
		<-r.Context().Done()
		return
	case Unavailable:
		http.Error(w, "busy", http.StatusServiceUnavailable)
		return
	case Garbage:
		w.Header().Set("Content-Type", "application/timestamp-reply")
		w.Write([]byte("<html>not a time-stamp</html>"))
		return
	}
	var req request
	if r.Method != http.MethodPost || r.Header.Get("Content-Type") != "application/timestamp-query" {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	if _, err := asn1.Unmarshal(body, &req); err != nil {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	var resp []byte
	var err error
	if mode == Rejection {
		var rej struct{ Status struct{ Status int } }
		rej.Status.Status = 2 // rejection
		resp, err = asn1.Marshal(rej)
	} else {
		if mode == WrongImprint {
			req.Imprint.Hashed = append([]byte{}, req.Imprint.Hashed...)
			req.Imprint.Hashed[0] ^= 0xFF
		}
		if mode == WrongNonce && req.Nonce != nil {
			req.Nonce = new(big.Int).Add(req.Nonce, big.NewInt(1))
		}
		resp, err = ts.response(req)
	}
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/timestamp-reply")
	w.Write(resp)
}

// response is a granted TimeStampResp with a token: a SignedData
// (version 3) over the TSTInfo, with ESS signing-certificate-v2.
func (ts *TSA) response(req request) ([]byte, error) {
	info, err := asn1.Marshal(tstInfo{Version: 1, Policy: Policy, Imprint: req.Imprint,
		Serial: big.NewInt(ts.serial.Add(1)), GenTime: ts.now().UTC().Truncate(time.Second), Nonce: req.Nonce})
	if err != nil {
		return nil, err
	}
	infoSum := sha256.Sum256(info)
	certSum := sha256.Sum256(ts.Cert.Raw)
	ct, _ := asn1.Marshal(oidTSTInfo)
	md, _ := asn1.Marshal(infoSum[:])
	ess, _ := asn1.Marshal(struct{ Certs []struct{ Hash []byte } }{Certs: []struct{ Hash []byte }{{Hash: certSum[:]}}})
	var enc [][]byte
	for _, a := range []attr{{oidContentType, set(ct)}, {oidMsgDigest, set(md)}, {oidSigningCert2, set(ess)}} {
		b, err := asn1.Marshal(a)
		if err != nil {
			return nil, err
		}
		enc = append(enc, b)
	}
	sort.Slice(enc, func(i, j int) bool { return string(enc[i]) < string(enc[j]) })
	var attrs []byte
	for _, e := range enc {
		attrs = append(attrs, e...)
	}
	toSign, _ := asn1.Marshal(set(attrs))
	h := sha256.Sum256(toSign)
	sig, err := ts.key.Sign(rand.Reader, h[:], crypto.SHA256)
	if err != nil {
		return nil, err
	}
	type signerInfo struct {
		Version int
		SID     struct {
			Issuer asn1.RawValue
			Serial *big.Int
		}
		Digest      algID
		SignedAttrs asn1.RawValue
		SigAlg      algID
		Signature   []byte
	}
	si := signerInfo{Version: 1, Digest: algID{Algorithm: oidSHA256},
		SignedAttrs: asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 0, IsCompound: true, Bytes: attrs},
		SigAlg:      algID{Algorithm: oidECDSASHA256}, Signature: sig}
	si.SID.Issuer = asn1.RawValue{FullBytes: ts.Cert.RawIssuer}
	si.SID.Serial = ts.Cert.SerialNumber
	octets, _ := asn1.Marshal(info)
	eContent := asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 0, IsCompound: true, Bytes: octets}
	sd, err := asn1.Marshal(struct {
		Version int
		Digests []algID `asn1:"set"`
		Encap   struct {
			Type    asn1.ObjectIdentifier
			Content asn1.RawValue
		}
		Certs       asn1.RawValue
		SignerInfos []signerInfo `asn1:"set"`
	}{Version: 3, Digests: []algID{{Algorithm: oidSHA256}},
		Encap: struct {
			Type    asn1.ObjectIdentifier
			Content asn1.RawValue
		}{oidTSTInfo, eContent},
		Certs:       asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 0, IsCompound: true, Bytes: append(append([]byte{}, ts.Cert.Raw...), ts.Root.Raw...)},
		SignerInfos: []signerInfo{si}})
	if err != nil {
		return nil, err
	}
	token, err := asn1.Marshal(struct {
		Type    asn1.ObjectIdentifier
		Content asn1.RawValue
	}{oidSignedData, asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 0, IsCompound: true, Bytes: sd}})
	if err != nil {
		return nil, err
	}
	ts.mu.Lock()
	ts.last = [2][]byte{token, req.Imprint.Hashed}
	ts.mu.Unlock()
	return asn1.Marshal(struct {
		Status struct{ Status int }
		Token  asn1.RawValue
	}{Token: asn1.RawValue{FullBytes: token}})
}

func set(b []byte) asn1.RawValue {
	return asn1.RawValue{Class: asn1.ClassUniversal, Tag: asn1.TagSet, IsCompound: true, Bytes: b}
}
