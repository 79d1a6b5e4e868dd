package sign_test

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kartograf-ru/kartograf/internal/testtool"
	"github.com/kartograf-ru/kartograf/pkg/sign"
)

var signTime = time.Date(2024, 8, 31, 9, 0, 0, 0, time.UTC)

// contentsSpan is where the /Contents hex digits of the (only)
// signature are: between its < and >.
func contentsSpan(t testing.TB, pdf []byte) (start, end int) {
	t.Helper()
	m := regexp.MustCompile(`/ByteRange\s*\[\s*0\s+(\d+)\s+(\d+)`).FindSubmatch(pdf)
	if m == nil {
		t.Fatal("no ByteRange")
	}
	b, _ := strconv.Atoi(string(m[1]))
	c, _ := strconv.Atoi(string(m[2]))
	return b + 1, c - 1
}

// cmsOf is the CMS DER of the signature, without the zero padding.
func cmsOf(t testing.TB, pdf []byte) []byte {
	t.Helper()
	s, e := contentsSpan(t, pdf)
	raw, err := hex.DecodeString(string(pdf[s:e]))
	if err != nil {
		t.Fatal(err)
	}
	n := 2 + int(raw[1]&0x7f) // tag, length of length, length
	if raw[1]&0x80 == 0 {
		return raw[:2+int(raw[1])]
	}
	l := 0
	for _, b := range raw[2:n] {
		l = l<<8 | int(b)
	}
	return raw[:n+l]
}

// withCMS puts der into the signature's /Contents, zero-padded as SignPDF does.
func withCMS(t testing.TB, pdf, der []byte) []byte {
	t.Helper()
	s, e := contentsSpan(t, pdf)
	out := bytes.Clone(pdf)
	h := hex.EncodeToString(der)
	if len(h) > e-s {
		t.Fatal("CMS does not fit")
	}
	copy(out[s:e], h+strings.Repeat("0", e-s-len(h)))
	return out
}

// replaceNth replaces the n-th (0-based) occurrence of old with new (same length).
func replaceNth(t testing.TB, b, old, new []byte, n int) []byte {
	t.Helper()
	if len(old) != len(new) {
		t.Fatal("replacement must keep the length")
	}
	out := bytes.Clone(b)
	at := 0
	for i := 0; ; i++ {
		j := bytes.Index(out[at:], old)
		if j < 0 {
			t.Fatalf("occurrence %d of %q not found", n, old)
		}
		if i == n {
			copy(out[at+j:], new)
			return out
		}
		at += j + len(old)
	}
}

func signedSeed(t testing.TB, s sign.Signer, opt sign.Options) []byte {
	t.Helper()
	if opt.Time.IsZero() {
		opt.Time = signTime
	}
	out, err := sign.SignPDF(seedPDF(t), s, opt)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func ecKey(t testing.TB) *ecdsa.PrivateKey {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// A certificate edited after signing — another owner's name, no key
// needed — must not verify: the ESS signing-certificate-v2 hash binds it.
func TestVerifyForgedCertificate(t *testing.T) {
	signer := testSigner(t, ecKey(t))
	signed := signedSeed(t, signer, sign.Options{})
	der := cmsOf(t, signed)
	orig, forged := []byte("Багова Мария Владимировна"), []byte("Жукова Мария Владимировна")
	// Self-signed: the name is in the issuer (occurrence 0), then in the
	// subject; only the subject is forged, so the CMS still finds the
	// certificate by issuer and serial.
	forgedCert := replaceNth(t, signer.Cert.Raw, orig, forged, 1)
	forgedDER := replaceNth(t, der, signer.Cert.Raw, forgedCert, 0)
	bad := withCMS(t, signed, forgedDER)

	sigs, err := sign.Verify(bad)
	if err != nil || len(sigs) != 1 {
		t.Fatalf("verify: %v %+v", err, sigs)
	}
	if sigs[0].Valid || !strings.Contains(sigs[0].Problem, "сертификат в подписи изменён после подписания") || !strings.Contains(sigs[0].Problem, "ESS signing-certificate-v2") {
		t.Errorf("forged certificate: Valid=%v Problem=%q", sigs[0].Valid, sigs[0].Problem)
	}
	if sigs[0].Integrity {
		t.Error("forged certificate: Integrity is true")
	}
	p := filepath.Join(t.TempDir(), "forged.pdf")
	if err := os.WriteFile(p, bad, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("pdfsig on the forged certificate (for comparison only):\n%s", runAllowFail(t, "pdfsig", p))

	// The forger also rewrites the ESS hash to the forged certificate's:
	// now the signed attributes changed and the signature over them fails.
	oldSum, newSum := sha256.Sum256(signer.Cert.Raw), sha256.Sum256(forgedCert)
	bad2 := withCMS(t, signed, replaceNth(t, forgedDER, oldSum[:], newSum[:], 0))
	sigs, _ = sign.Verify(bad2)
	if len(sigs) != 1 || sigs[0].Valid || !strings.Contains(sigs[0].Problem, "подпись над подписанными атрибутами не верна") {
		t.Errorf("forged certificate with its ESS hash: %+v", sigs)
	}
}

// Trust is a verdict of its own: an intact signature by an unknown or
// self-signed certificate is Valid but not Trusted.
func TestVerifyTrust(t *testing.T) {
	caKey, leafKey := ecKey(t), ecKey(t)
	from, to := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	ca := testtool.IssueCertificate(t, caKey, testtool.CertSpec{Owner: pkix.Name{CommonName: "Тестовый УЦ"}, Serial: 1,
		NotBefore: from, NotAfter: to, KeyUsage: x509.KeyUsageCertSign, IsCA: true})
	leaf := testtool.IssueCertificate(t, leafKey, testtool.CertSpec{Owner: pkix.Name{CommonName: "Кулиева Аминат"}, Serial: 2,
		NotBefore: from, NotAfter: to, KeyUsage: x509.KeyUsageDigitalSignature, Parent: ca, ParentKey: caKey})
	issued := signedSeed(t, &sign.KeySigner{Key: leafKey, Cert: leaf}, sign.Options{})
	selfSigner := testSigner(t, ecKey(t))
	self := signedSeed(t, selfSigner, sign.Options{})

	caPool, selfPool, otherPool := x509.NewCertPool(), x509.NewCertPool(), x509.NewCertPool()
	caPool.AddCert(ca)
	selfPool.AddCert(selfSigner.Cert)
	otherPool.AddCert(testSigner(t, ecKey(t)).Cert)
	for _, c := range []struct {
		name    string
		pdf     []byte
		roots   *x509.CertPool
		trusted bool
		problem string
	}{
		{"issued, CA trusted", issued, caPool, true, ""},
		{"issued, unknown CA", issued, otherPool, false, "издатель «CN=Тестовый УЦ» неизвестен"},
		{"self-signed, system roots", self, nil, false, "самоподписанный сертификат «Багова Мария Владимировна»"},
		{"self-signed, given as root", self, selfPool, true, ""},
	} {
		sigs, err := sign.VerifyWith(c.pdf, sign.VerifyOptions{Roots: c.roots})
		if err != nil || len(sigs) != 1 {
			t.Fatalf("%s: %v", c.name, err)
		}
		s := sigs[0]
		if !s.Valid || !s.Integrity || s.Trusted != c.trusted || !strings.Contains(s.TrustProblem, c.problem) ||
			(!c.trusted && !strings.Contains(s.TrustProblem, "сертификат не доверенный")) {
			t.Errorf("%s: Valid=%v Trusted=%v TrustProblem=%q Problem=%q", c.name, s.Valid, s.Trusted, s.TrustProblem, s.Problem)
		}
		if s.TimeSource != "/M" || !s.CheckedAt.Equal(signTime) {
			t.Errorf("%s: checked at %v from %q, want the /M time %v", c.name, s.CheckedAt, s.TimeSource, signTime)
		}
	}
}

// badCerts are certificates that must not sign at signTime.
func badCerts(t testing.TB, key crypto.Signer) map[string]struct {
	cert    *x509.Certificate
	problem sign.CertProblem
	text    string
} {
	owner := pkix.Name{CommonName: "Хапова Залина"}
	spec := func(from, to time.Time, ku x509.KeyUsage) *x509.Certificate {
		return testtool.IssueCertificate(t, key, testtool.CertSpec{Owner: owner, Serial: 0x11, NotBefore: from, NotAfter: to, KeyUsage: ku})
	}
	sig := x509.KeyUsageDigitalSignature
	return map[string]struct {
		cert    *x509.Certificate
		problem sign.CertProblem
		text    string
	}{
		"expired":      {spec(time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC), sig), sign.CertExpired, "истёк 01.01.2023"},
		"not yet":      {spec(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC), sig), sign.CertNotYetValid, "ещё не действует: действителен с 01.01.2025"},
		"wrong usage":  {spec(time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC), x509.KeyUsageKeyEncipherment), sign.CertKeyUsage, "не предназначен для электронной подписи"},
		"no key usage": {spec(time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC), 0), sign.CertKeyUsage, "нет расширения keyUsage"},
	}
}

func TestSignRefusesBadCertificate(t *testing.T) {
	key := ecKey(t)
	for name, c := range badCerts(t, key) {
		s := &sign.KeySigner{Key: key, Cert: c.cert}
		_, err := sign.SignPDF(seedPDF(t), s, sign.Options{Time: signTime})
		var ce *sign.CertificateError
		if !errors.As(err, &ce) || ce.Problem != c.problem || !strings.Contains(err.Error(), c.text) || !strings.Contains(err.Error(), "«Хапова Залина»") {
			t.Errorf("%s: got %v, want a CertificateError %d with %q", name, err, c.problem, c.text)
			continue
		}
		// The documented overrides for test keys, and what verify then says.
		for _, signed := range [][]byte{
			signedSeed(t, s, sign.Options{AllowInvalidCertificate: true}),
			signedSeed(t, sign.AllowInvalidCertificate(s), sign.Options{}),
		} {
			sigs, err := sign.Verify(signed)
			if err != nil || len(sigs) != 1 {
				t.Fatalf("%s: %v", name, err)
			}
			v := sigs[0]
			timeOK, usageOK := c.problem == sign.CertKeyUsage, c.problem != sign.CertKeyUsage
			if v.Valid || !v.Integrity || v.CertValidAtTime != timeOK || v.KeyUsageOK != usageOK || !strings.Contains(v.Problem, c.text) {
				t.Errorf("%s, verify: Valid=%v Integrity=%v time=%v usage=%v Problem=%q", name, v.Valid, v.Integrity, v.CertValidAtTime, v.KeyUsageOK, v.Problem)
			}
		}
	}
}

// mutation is one single-byte change inside the /Contents value.
type mutation struct {
	at int
	to byte
}

// contentsMutations are ≥ 500 distinct single-byte changes across the
// whole /Contents value of signed: every hex digit of the CMS changed to
// another hex digit (and every fifth also to a non-hex byte), letter
// case flips, the delimiters, and positions across the zero padding.
func contentsMutations(t testing.TB, signed []byte) []mutation {
	s, e := contentsSpan(t, signed)
	derEnd := s + 2*len(cmsOf(t, signed))
	const digits = "0123456789abcdef"
	nonHex := []byte{'g', ' ', '\n', 'G', 0, '>', ')', 0xff}
	var out []mutation
	for i := s; i < derEnd; i++ {
		v := strings.IndexByte(digits, signed[i])
		out = append(out, mutation{i, digits[(v+1+i%15)%16]})
		if i%5 == 0 {
			out = append(out, mutation{i, nonHex[i%len(nonHex)]})
		}
		if c := signed[i]; c >= 'a' && c <= 'f' && i%7 == 0 {
			out = append(out, mutation{i, c - 'a' + 'A'})
		}
	}
	for i := derEnd; i < e; i += (e - derEnd) / 200 {
		out = append(out, mutation{i, digits[1+i%15]}, mutation{i, 'x'})
	}
	out = append(out, mutation{s - 1, '('}, mutation{e, ')'}, mutation{e - 1, 'f'})
	return out
}

func TestVerifyMutatedContents(t *testing.T) {
	for _, c := range []struct {
		name string
		key  crypto.Signer
		sf   string
	}{{"ecdsa-pades", ecKey(t), sign.PAdES}, {"rsa-pkcs7", newRSAKey(t), sign.PKCS7D}} {
		signed := signedSeed(t, testSigner(t, c.key), sign.Options{SubFilter: c.sf})
		if sigs, err := sign.Verify(signed); err != nil || !sigs[0].Valid {
			t.Fatalf("%s: the original does not verify: %v %+v", c.name, err, sigs)
		}
		muts := contentsMutations(t, signed)
		if len(muts) < 500 {
			t.Fatalf("%s: only %d mutations", c.name, len(muts))
		}
		valid := 0
		for _, m := range muts {
			bad := bytes.Clone(signed)
			if bad[m.at] == m.to {
				t.Fatalf("%s: mutation at %d changes nothing", c.name, m.at)
			}
			bad[m.at] = m.to
			sigs, _ := sign.Verify(bad)
			for _, s := range sigs {
				if s.Valid {
					valid++
					t.Errorf("%s: byte %d %q→%q still verifies", c.name, m.at, signed[m.at], m.to)
				}
			}
		}
		t.Logf("%s: %d mutations inside /Contents, %d verify as valid", c.name, len(muts), valid)

		// pdfsig agrees on a sample in the signature value, the last field
		// of the CMS. (It does not on the certificate: poppler does not
		// check the ESS hash and takes an edited certificate as valid.)
		s, _ := contentsSpan(t, signed)
		derHex := 2 * len(cmsOf(t, signed))
		dir := t.TempDir()
		for k, off := range []int{derHex - 5, derHex - 20, derHex - 41, derHex - 66, derHex - 90} {
			bad := bytes.Clone(signed)
			bad[s+off] = "0123456789abcdef"[(strings.IndexByte("0123456789abcdef", bad[s+off])+3)%16]
			p := filepath.Join(dir, fmt.Sprintf("m%d.pdf", k))
			if err := os.WriteFile(p, bad, 0o644); err != nil {
				t.Fatal(err)
			}
			if out := runAllowFail(t, "pdfsig", p); strings.Contains(out, "Signature is Valid.") {
				t.Errorf("%s: pdfsig accepts the mutation at %d:\n%s", c.name, off, out)
			}
		}
	}
}
