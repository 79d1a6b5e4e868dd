package sign

import (
	"bytes"
	"crypto/sha256"
	"crypto/x509"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"time"

	"github.com/kartograf-ru/kartograf/internal/lazyre"
)

// Signature is one signature found in a PDF and the verdict of each
// check. Valid says the signature is intact and binds the file as signed;
// Trusted says separately whether its certificate chains to a trusted root.
type Signature struct {
	SubFilter string
	Signer    string // the certificate's subject common name (or whole subject)
	Serial    string // certificate serial number, hex
	NotBefore time.Time
	NotAfter  time.Time
	Time      string            // /M as written
	Cert      *x509.Certificate // the signer's certificate, nil when the CMS has none
	ByteRange [4]int

	// Integrity: the digest over the ByteRange, the signature over the
	// signed attributes with the certificate's key, the ESS
	// signing-certificate-v2 hash of the embedded certificate, and a CMS
	// that is strict DER with nothing but zero padding after it.
	Integrity        bool
	IntegrityProblem string

	// CheckedAt is the signing time the certificate was checked at, and
	// TimeSource where it came from: "signing-time" (the signed CMS
	// attribute), "/M" (the signature dictionary, covered by the digest),
	// "timestamp" (a valid, trusted RFC 3161 time-stamp's genTime),
	// "verify" (VerifyOptions.Time) or "now" (no usable time in the file).
	CheckedAt  time.Time
	TimeSource string
	// CertValidAtTime: the certificate was valid at CheckedAt.
	CertValidAtTime bool
	// KeyUsageOK: keyUsage allows digitalSignature or nonRepudiation.
	KeyUsageOK  bool
	CertProblem string // why CertValidAtTime or KeyUsageOK is false

	// Trusted: the certificate chains to VerifyOptions.Roots (or the
	// system roots) at CheckedAt; TrustProblem says why not.
	Trusted      bool
	TrustProblem string

	WholeFile bool // the ByteRange covers the whole file but /Contents
	// Updates are the objects that incremental updates after the signed
	// revision define; ContentChanged is set when any of them changes
	// what the pages show (a page, a content stream, the page tree, the
	// catalog, an annotation) or cannot be inspected.
	Updates        []Update
	ContentChanged bool

	Valid   bool   // Integrity, CertValidAtTime, KeyUsageOK, WholeFile, no content change, no broken time-stamp
	Problem string // why not Valid, in Russian

	// Revocation is what the file's DSS (PAdES B-LT, MakeLT) says of the
	// signer's chain, checked offline: RevocationChecked when every
	// certificate of the chain but the root has an OCSP response or a
	// CRL in it, signed by its issuer, that shows it not revoked at the
	// signing time; RevocationProblem why not ("" with no DSS at all).
	RevocationChecked bool
	RevocationProblem string
	// LongTerm: the file has a DSS.
	LongTerm bool

	chain []*x509.Certificate // the other certificates of the CMS

	// TimeStamp is the verdict on the signature's RFC 3161 time-stamp
	// (PAdES B-T); nil when it has none. A token that is not Valid makes
	// the signature not Valid (Integrity, which the token is outside of,
	// stays); one whose TSA is not trusted does not.
	TimeStamp *TimeStampInfo
}

// Update is one object defined after the signed revision.
type Update struct {
	Object      int
	What        string // in Russian: «страница», «содержимое страницы», …
	PageContent bool   // it changes or may change what the pages show
}

// VerifyOptions tune VerifyWith.
type VerifyOptions struct {
	// Roots are the trusted root certificates; nil means the system's.
	Roots *x509.CertPool
	// Time, when set, replaces the signing time the file states as the
	// time certificates are checked at.
	Time time.Time
}

var (
	byteRangeRE = regexp.MustCompile(`/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]`)
	subFilterRE = regexp.MustCompile(`/SubFilter\s*/([A-Za-z0-9.]+)`)
	mRE         = regexp.MustCompile(`/M\s*\(([^)]*)\)`)
)

// ErrNoSignature is returned when a PDF has no signature dictionary.
var ErrNoSignature = errors.New("в PDF нет электронной подписи")

// Verify is VerifyWith against the system's trusted roots.
func Verify(pdf []byte) ([]Signature, error) { return VerifyWith(pdf, VerifyOptions{}) }

// VerifyWith finds every signature of pdf and checks it: integrity, the
// certificate's validity at the signing time and key usage, the chain to
// the trusted roots, and what the file gained after signing. It returns
// an error (ErrNoSignature) only when the file has no signature; each
// signature's verdicts are in its fields.
func VerifyWith(pdf []byte, opt VerifyOptions) ([]Signature, error) {
	var out []Signature
	for _, loc := range byteRangeRE.FindAllSubmatchIndex(pdf, -1) {
		var s Signature
		for i := 0; i < 4; i++ {
			s.ByteRange[i], _ = strconv.Atoi(string(pdf[loc[2+2*i]:loc[3+2*i]]))
		}
		// The dictionary around the ByteRange: search back to its start.
		dictStart := bytes.LastIndex(pdf[:loc[0]], []byte("<<"))
		dictEnd := bytes.Index(pdf[loc[1]:], []byte("endobj"))
		if dictStart >= 0 && dictEnd >= 0 {
			dict := pdf[dictStart : loc[1]+dictEnd]
			if m := subFilterRE.FindSubmatch(dict); m != nil {
				s.SubFilter = string(m[1])
			}
			if m := mRE.FindSubmatch(dict); m != nil {
				s.Time = string(m[1])
			}
		}
		s.check(pdf, opt)
		out = append(out, s)
	}
	if len(out) == 0 {
		return nil, ErrNoSignature
	}
	return out, nil
}

func (s *Signature) check(pdf []byte, opt VerifyOptions) {
	s.Problem = s.checkIntegrity(pdf, opt)
	if s.Cert == nil {
		s.TrustProblem = "не проверялось: сертификат подписанта не прочитан"
		s.CertProblem = s.TrustProblem
		return
	}
	s.checkCertificate()
	if s.Problem == "" && !s.CertValidAtTime || s.Problem == "" && !s.KeyUsageOK {
		s.Problem = s.CertProblem
	}
	// The token lies outside the signature: accepting a broken one would
	// accept bytes anyone may change.
	if ts := s.TimeStamp; s.Problem == "" && ts != nil && !ts.Valid {
		s.Problem = "метка времени неверна: " + ts.Problem
	}
	if s.Problem == "" && !s.WholeFile {
		s.Problem = s.updatesProblem(pdf)
	}
	s.checkRevocation(pdf)
	s.Valid = s.Problem == ""
}

// checkIntegrity checks the bytes and the CMS and returns the problem, if
// any. It also fills the certificate details, the signing time and
// WholeFile.
func (s *Signature) checkIntegrity(pdf []byte, opt VerifyOptions) string {
	a, b, c, d := s.ByteRange[0], s.ByteRange[1], s.ByteRange[2], s.ByteRange[3]
	if a != 0 || b <= 0 || c <= b || d < 0 || c+d > len(pdf) || b >= len(pdf) {
		s.IntegrityProblem = "неверный ByteRange"
		return s.IntegrityProblem
	}
	s.WholeFile = c+d == len(pdf)
	if pdf[b] != '<' || pdf[c-1] != '>' {
		s.IntegrityProblem = "ByteRange не исключает ровно /Contents"
		return s.IntegrityProblem
	}
	raw, err := decodeContents(pdf[b+1 : c-1])
	if err != nil {
		s.IntegrityProblem = err.Error()
		return s.IntegrityProblem
	}
	h := sha256.New()
	h.Write(pdf[a:b])
	h.Write(pdf[c : c+d])
	cms, err := verifyCMS(raw, h.Sum(nil), s.SubFilter == PAdES)
	if cert := cms.cert; cert != nil {
		s.Cert = cert
		s.Signer = ownerName(cert)
		s.Serial = fmt.Sprintf("%X", cert.SerialNumber)
		s.NotBefore, s.NotAfter = cert.NotBefore, cert.NotAfter
	}
	s.setTime(opt.Time, cms.signingTime)
	if err != nil {
		s.IntegrityProblem = err.Error()
		s.TrustProblem = "не проверялось: подпись не цела"
		return s.IntegrityProblem
	}
	if s.SubFilter != PAdES && s.SubFilter != PKCS7D {
		s.IntegrityProblem = fmt.Sprintf("неподдерживаемый SubFilter %q", s.SubFilter)
		return s.IntegrityProblem
	}
	s.Integrity = true
	s.chain = cms.others
	if cms.timeStamp != nil {
		s.TimeStamp = verifyTimeStamp(cms.timeStamp, cms.signature, opt.Roots)
		// A trusted time-stamp is a better signing time than any the
		// signer wrote himself: the certificate is checked at it.
		if ts := s.TimeStamp; ts.Valid && ts.Trusted && opt.Time.IsZero() {
			s.CheckedAt, s.TimeSource = ts.Time, "timestamp"
		}
	}
	if s.Cert != nil {
		s.checkTrust(opt.Roots, append(cms.others, dssCerts(pdf)...))
	}
	return ""
}

// decodeContents decodes the /Contents hex string strictly: hex digits
// only, an even count, and one letter case — so that no byte of it can
// change while the signature still verifies.
func decodeContents(h []byte) ([]byte, error) {
	if len(h)%2 != 0 {
		return nil, errors.New("значение /Contents: нечётное число шестнадцатеричных цифр")
	}
	lower, upper := false, false
	for i, c := range h {
		switch {
		case c >= '0' && c <= '9':
		case c >= 'a' && c <= 'f':
			lower = true
		case c >= 'A' && c <= 'F':
			upper = true
		default:
			return nil, fmt.Errorf("значение /Contents не шестнадцатеричное: байт %q в позиции %d", c, i)
		}
	}
	if lower && upper {
		return nil, errors.New("значение /Contents записано цифрами разного регистра: его меняли после подписания")
	}
	raw := make([]byte, len(h)/2)
	for i := range raw {
		raw[i] = unhex(h[2*i])<<4 | unhex(h[2*i+1])
	}
	return raw, nil
}

func unhex(c byte) byte {
	switch {
	case c >= 'a':
		return c - 'a' + 10
	case c >= 'A':
		return c - 'A' + 10
	}
	return c - '0'
}

// setTime picks the time certificates are checked at.
func (s *Signature) setTime(override, signingTime time.Time) {
	switch {
	case !override.IsZero():
		s.CheckedAt, s.TimeSource = override, "verify"
	case !signingTime.IsZero():
		s.CheckedAt, s.TimeSource = signingTime, "signing-time"
	default:
		if t, ok := parsePDFDate(s.Time); ok {
			s.CheckedAt, s.TimeSource = t, "/M"
		} else {
			s.CheckedAt, s.TimeSource = time.Now(), "now"
		}
	}
}

func (s *Signature) checkCertificate() {
	s.CertValidAtTime, s.KeyUsageOK = true, true
	var ce *CertificateError
	if err := CheckCertificate(s.Cert, s.CheckedAt); errors.As(err, &ce) {
		s.CertProblem = ce.Error()
		if ce.Problem == CertKeyUsage {
			s.KeyUsageOK = false
		} else {
			s.CertValidAtTime = false
			// Time comes first in CheckCertificate; key usage still matters.
			s.KeyUsageOK = signingKeyUsage(s.Cert)
		}
	}
}

// checkTrust builds a chain to the roots with the CMS's other
// certificates as intermediates, at the signing time. No extended key
// usage is demanded: Go would otherwise ask for TLS server auth.
func (s *Signature) checkTrust(roots *x509.CertPool, others []*x509.Certificate) {
	inter := x509.NewCertPool()
	for _, c := range others {
		inter.AddCert(c)
	}
	_, err := s.Cert.Verify(x509.VerifyOptions{Roots: roots, Intermediates: inter, CurrentTime: s.CheckedAt,
		KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageAny}})
	if err == nil {
		s.Trusted = true
		return
	}
	var ua x509.UnknownAuthorityError
	var ci x509.CertificateInvalidError
	switch {
	case errors.As(err, &ua) && bytes.Equal(s.Cert.RawIssuer, s.Cert.RawSubject):
		s.TrustProblem = fmt.Sprintf("сертификат не доверенный: самоподписанный сертификат «%s» не входит в доверенные корневые", s.Signer)
	case errors.As(err, &ua):
		s.TrustProblem = fmt.Sprintf("сертификат не доверенный: издатель «%s» неизвестен", s.Cert.Issuer.String())
	case errors.As(err, &ci) && ci.Reason == x509.Expired:
		s.TrustProblem = "сертификат не доверенный: цепочка недействительна на время подписи"
	default:
		s.TrustProblem = "сертификат не доверенный: " + err.Error()
	}
}

var pdfDateRE = lazyre.New(`^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(Z|[+-]\d{2}'?(\d{2})?'?)?$`)

// parsePDFDate reads a PDF date string, D:YYYYMMDDHHmmSSOHH'mm.
func parsePDFDate(v string) (time.Time, bool) {
	m := pdfDateRE.FindStringSubmatch(v)
	if m == nil {
		return time.Time{}, false
	}
	n := func(i, def int) int {
		if m[i] == "" {
			return def
		}
		x, _ := strconv.Atoi(m[i])
		return x
	}
	loc := time.UTC
	if z := m[7]; z != "" && z != "Z" {
		hh, _ := strconv.Atoi(z[1:3])
		off := hh*3600 + n(8, 0)*60
		if z[0] == '-' {
			off = -off
		}
		loc = time.FixedZone("", off)
	}
	t := time.Date(n(1, 0), time.Month(n(2, 1)), n(3, 1), n(4, 0), n(5, 0), n(6, 0), 0, loc)
	return t, t.Month() == time.Month(n(2, 1)) && t.Day() == n(3, 1)
}
