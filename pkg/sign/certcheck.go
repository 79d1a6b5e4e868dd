package sign

import (
	"crypto/x509"
	"encoding/asn1"
	"fmt"
	"time"
)

// CertProblem names what is wrong with a signing certificate.
type CertProblem int

// The certificate problems CheckCertificate reports.
const (
	CertExpired     CertProblem = iota + 1 // NotAfter is before the signing time
	CertNotYetValid                        // NotBefore is after the signing time
	CertKeyUsage                           // neither digitalSignature nor nonRepudiation
)

// CertificateError is a signing certificate that must not sign at the
// given time: expired, not yet valid, or not meant for signatures. The
// CLI answers it with exit 1, the service with HTTP 422.
type CertificateError struct {
	Problem   CertProblem
	Owner     string // the subject's common name, or the whole subject
	Serial    string // hex
	NotBefore time.Time
	NotAfter  time.Time
	At        time.Time // the signing time the certificate was checked at
	// NoKeyUsage: CertKeyUsage because the keyUsage extension is absent.
	NoKeyUsage bool
}

const dateFmt = "02.01.2006 15:04:05 UTC"

func (e *CertificateError) Error() string {
	who := fmt.Sprintf("сертификат подписи «%s» (серийный номер %s)", e.Owner, e.Serial)
	switch e.Problem {
	case CertExpired:
		return fmt.Sprintf("%s истёк %s, время подписи %s", who, e.NotAfter.UTC().Format(dateFmt), e.At.UTC().Format(dateFmt))
	case CertNotYetValid:
		return fmt.Sprintf("%s ещё не действует: действителен с %s, время подписи %s", who, e.NotBefore.UTC().Format(dateFmt), e.At.UTC().Format(dateFmt))
	}
	if e.NoKeyUsage {
		return who + " не предназначен для электронной подписи: в нём нет расширения keyUsage с digitalSignature или nonRepudiation (contentCommitment)"
	}
	return who + " не предназначен для электронной подписи: в расширении keyUsage нет ни digitalSignature, ни nonRepudiation (contentCommitment)"
}

var oidExtKeyUsage = asn1.ObjectIdentifier{2, 5, 29, 15}

// CheckCertificate reports whether cert may sign at time at: it must be
// valid then, and its keyUsage extension must allow digitalSignature or
// nonRepudiation (contentCommitment). A certificate without keyUsage is
// refused too: a signing certificate states what its key is for. The
// error is a *CertificateError.
func CheckCertificate(cert *x509.Certificate, at time.Time) error {
	e := &CertificateError{Owner: ownerName(cert), Serial: fmt.Sprintf("%X", cert.SerialNumber),
		NotBefore: cert.NotBefore, NotAfter: cert.NotAfter, At: at}
	switch {
	case at.After(cert.NotAfter):
		e.Problem = CertExpired
	case at.Before(cert.NotBefore):
		e.Problem = CertNotYetValid
	case !signingKeyUsage(cert):
		e.Problem, e.NoKeyUsage = CertKeyUsage, !hasKeyUsage(cert)
	default:
		return nil
	}
	return e
}

func signingKeyUsage(cert *x509.Certificate) bool {
	return hasKeyUsage(cert) && cert.KeyUsage&(x509.KeyUsageDigitalSignature|x509.KeyUsageContentCommitment) != 0
}

func hasKeyUsage(cert *x509.Certificate) bool {
	for _, ext := range cert.Extensions {
		if ext.Id.Equal(oidExtKeyUsage) {
			return true
		}
	}
	return false
}

func ownerName(cert *x509.Certificate) string {
	if cert.Subject.CommonName != "" {
		return cert.Subject.CommonName
	}
	return cert.Subject.String()
}

// AllowInvalidCertificate wraps s so that SignPDF signs with it even when
// its certificate is expired, not yet valid or not meant for signatures:
// for test keys only (the CLI's and the service's --allow-invalid-cert).
func AllowInvalidCertificate(s Signer) Signer { return uncheckedSigner{s} }

type uncheckedSigner struct{ Signer }
