package sign_test

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/kartograf-ru/kartograf/internal/testtool"
	"github.com/kartograf-ru/kartograf/pkg/sign"

	"software.sslmate.com/src/go-pkcs12"
)

// fuzzKeys are the fixed ECDSA and RSA keys of testdata/fuzz-keys.pem.
func fuzzKeys(t testing.TB) (*ecdsa.PrivateKey, *rsa.PrivateKey) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "fuzz-keys.pem"))
	if err != nil {
		t.Fatal(err)
	}
	var ec *ecdsa.PrivateKey
	var rk *rsa.PrivateKey
	for rest := data; ; {
		var b *pem.Block
		if b, rest = pem.Decode(rest); b == nil {
			break
		}
		k, err := x509.ParsePKCS8PrivateKey(b.Bytes)
		if err != nil {
			t.Fatal(err)
		}
		switch k := k.(type) {
		case *ecdsa.PrivateKey:
			ec = k
		case *rsa.PrivateKey:
			rk = k
		}
	}
	if ec == nil || rk == nil {
		t.Fatal("testdata/fuzz-keys.pem: want an ECDSA and an RSA key")
	}
	return ec, rk
}

// fuzzCert is the same certificate for key in every process: a nil
// random source makes ECDSA sign deterministically (RFC 6979), so the
// fuzzing workers and the coordinator agree on the original files.
func fuzzCert(t testing.TB, key crypto.Signer) *x509.Certificate {
	t.Helper()
	return testtool.IssueCertificate(t, key, testtool.CertSpec{Owner: pkix.Name{CommonName: "Багова Мария Владимировна"}, Serial: 0x5A17,
		NotBefore: time.Date(2023, 8, 1, 0, 0, 0, 0, time.UTC), NotAfter: time.Date(2033, 8, 1, 0, 0, 0, 0, time.UTC),
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageContentCommitment, Deterministic: true})
}

// sameUpToHexCase: b equals orig, or differs only in the letter case of
// the hex digits of a /Contents — another spelling of the same bytes,
// which the PDF format allows.
func sameUpToHexCase(b, orig []byte, s sign.Signature) bool {
	if len(b) != len(orig) {
		return false
	}
	lo, hi := s.ByteRange[1]+1, s.ByteRange[2]-1
	for i := range b {
		x, y := b[i], orig[i]
		if i >= lo && i < hi && x >= 'A' && x <= 'F' {
			x += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

// FuzzVerify feeds Verify signed PDFs and their damaged variants. Beyond
// not panicking: a verdict is consistent (Valid needs Integrity and the
// whole file; a content change is never Valid; Trusted needs Integrity),
// and nothing but an original signed file verifies as Valid.
func FuzzVerify(f *testing.F) {
	ec, rk := fuzzKeys(f)
	roots := x509.NewCertPool()
	var originals [][]byte
	for _, c := range []struct {
		key crypto.Signer
		sf  string
	}{{ec, sign.PAdES}, {rk, sign.PKCS7D}} {
		s := &sign.KeySigner{Key: c.key, Cert: fuzzCert(f, c.key)}
		roots.AddCert(s.Cert)
		signed := signedSeed(f, s, sign.Options{SubFilter: c.sf, ContentsSize: 2048})
		originals = append(originals, signed)
		f.Add(signed)
		f.Add(signed[:len(signed)/2])
		f.Add(append(bytes.Clone(signed), "\n% после подписи\n"...))
		lo, _ := contentsSpan(f, signed)
		bad := bytes.Clone(signed)
		bad[lo+200] ^= 0x01
		f.Add(bad)
	}
	// The originals must be the same in every fuzzing process.
	if again := signedSeed(f, &sign.KeySigner{Key: ec, Cert: fuzzCert(f, ec)}, sign.Options{ContentsSize: 2048}); !bytes.Equal(again, originals[0]) {
		f.Fatal("signing the seed is not deterministic: the fuzzing workers would disagree on the originals")
	}
	f.Add(seedPDF(f))
	f.Add([]byte("%PDF-1.7\n/ByteRange [0 10 20 5] /Contents <3082>\n%%EOF\n"))
	f.Add([]byte("/ByteRange [0 1 3 0]<>"))
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, pdf []byte) {
		if len(pdf) > 1<<20 {
			return
		}
		sigs, err := sign.VerifyWith(pdf, sign.VerifyOptions{Roots: roots})
		if err != nil {
			if len(sigs) != 0 {
				t.Fatal("an error with signatures")
			}
			return
		}
		for _, s := range sigs {
			if s.Valid && (!s.Integrity || !s.WholeFile || s.ContentChanged || !s.CertValidAtTime || !s.KeyUsageOK || s.Problem != "") {
				t.Fatalf("inconsistent verdict: %+v", s)
			}
			if !s.Valid && s.Problem == "" {
				t.Fatalf("not valid without a reason: %+v", s)
			}
			if s.Trusted && !s.Integrity {
				t.Fatalf("trusted without integrity: %+v", s)
			}
			if !s.Valid {
				continue
			}
			known := false
			for _, o := range originals {
				known = known || sameUpToHexCase(pdf, o, s)
			}
			if !known {
				t.Fatalf("a file that is not an original signed file verifies as valid: %+v", s)
			}
		}
	})
}

// fuzzKeyFiles are PEM and PKCS #12 encodings of the fixed keys.
func fuzzKeyFiles(f *testing.F) (pems [][2][]byte, p12s [][]byte) {
	ec, rk := fuzzKeys(f)
	for _, k := range []crypto.Signer{ec, rk} {
		cert := fuzzCert(f, k)
		certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Raw})
		p8, _ := x509.MarshalPKCS8PrivateKey(k)
		pems = append(pems, [2][]byte{pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: p8}), certPEM})
		switch k := k.(type) {
		case *ecdsa.PrivateKey:
			sec1, _ := x509.MarshalECPrivateKey(k)
			pems = append(pems, [2][]byte{pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: sec1}), certPEM})
		case *rsa.PrivateKey:
			pems = append(pems, [2][]byte{pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(k)}), certPEM})
		}
		// Few KDF iterations: the fuzzer is to explore the parser, not PBKDF2.
		for _, enc := range []*pkcs12.Encoder{pkcs12.Modern.WithIterations(1), pkcs12.LegacyDES.WithIterations(1)} {
			p12, err := enc.Encode(k, cert, nil, "пароль")
			if err != nil {
				f.Fatal(err)
			}
			p12s = append(p12s, p12)
		}
	}
	return pems, p12s
}

// usable: a loaded signer's key belongs to its certificate and signs.
func usable(t *testing.T, s *sign.KeySigner) {
	t.Helper()
	type equaler interface{ Equal(crypto.PublicKey) bool }
	if pub, ok := s.Key.Public().(equaler); !ok || !pub.Equal(s.Cert.PublicKey) {
		t.Fatal("a loaded key does not match its certificate")
	}
	if _, err := sign.CMS(make([]byte, 32), s); err != nil {
		t.Fatalf("a loaded signer cannot sign: %v", err)
	}
}

// FuzzLoadPEM: no panic, and either an error or a usable signer.
func FuzzLoadPEM(f *testing.F) {
	pems, _ := fuzzKeyFiles(f)
	for _, p := range pems {
		f.Add(p[0], p[1])
	}
	f.Add(pems[0][0], pems[2][1]) // a key with another key's certificate
	f.Add([]byte("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"), []byte("-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n"))
	f.Add([]byte{}, []byte{})
	f.Fuzz(func(t *testing.T, keyPEM, certPEM []byte) {
		if len(keyPEM)+len(certPEM) > 64<<10 {
			return
		}
		s, err := sign.LoadPEM(keyPEM, certPEM)
		if err != nil {
			if s != nil {
				t.Fatalf("a signer returned with the error %v", err)
			}
			return
		}
		usable(t, s)
	})
}

// FuzzLoadPKCS12: no panic, and either an error or a usable signer.
func FuzzLoadPKCS12(f *testing.F) {
	_, p12s := fuzzKeyFiles(f)
	for _, p := range p12s {
		f.Add(p, "пароль")
		f.Add(p, "не тот")
	}
	f.Add([]byte{0x30, 0x03, 0x02, 0x01, 0x03}, "")
	f.Add([]byte{}, "")
	f.Fuzz(func(t *testing.T, data []byte, password string) {
		if len(data) > 64<<10 {
			return
		}
		s, err := sign.LoadPKCS12(data, password)
		if err != nil {
			if s != nil {
				t.Fatalf("a signer returned with the error %v", err)
			}
			return
		}
		usable(t, s)
	})
}
