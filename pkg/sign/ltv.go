package sign

import (
	"bytes"
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"golang.org/x/crypto/ocsp"
)

// LTOptions tune MakeLT.
type LTOptions struct {
	// Client makes the requests to OCSP responders and CRL distribution
	// points; nil: a client of its own.
	Client *http.Client
	// Timeout bounds each request (default 10 s); ctx bounds them all.
	Timeout time.Duration
	// Issuers are certificates to build chains with beyond those the
	// signatures carry, typically the root.
	Issuers []*x509.Certificate
}

// maxRevocationBytes bounds an OCSP response or a CRL read from the
// network: a responder is not trusted to be small.
const maxRevocationBytes = 4 << 20

// RevocationError says a certificate of a chain cannot be shown not
// revoked: revoked, unknown to its responder, or the responder failed.
type RevocationError struct {
	Subject string // the certificate's subject
	URL     string // the responder or CRL asked
	Revoked bool
	At      time.Time // when revoked
	Err     error
}

func (e *RevocationError) Error() string {
	switch {
	case e.Revoked:
		return fmt.Sprintf("сертификат «%s» отозван %s", e.Subject, e.At.UTC().Format("02.01.2006 15:04 UTC"))
	case e.URL == "":
		return fmt.Sprintf("сертификат «%s»: %v", e.Subject, e.Err)
	}
	return fmt.Sprintf("сертификат «%s»: проверка отзыва по %s: %v", e.Subject, e.URL, e.Err)
}

func (e *RevocationError) Unwrap() error { return e.Err }

// MakeLT makes a signed PDF long-term (PAdES B-LT): for every signature
// it asks the OCSP responder (or, without one, the CRL distribution
// point) of each certificate of the signer's chain but the root whether
// it is revoked, and appends the chain and the answers as a DSS
// (AddDSS). A revoked certificate, an unknown one or a responder that
// does not answer within the timeout is a *RevocationError: the file is
// not made long-term on doubtful data.
func MakeLT(ctx context.Context, pdf []byte, opt LTOptions) ([]byte, error) {
	sigs, err := VerifyWith(pdf, VerifyOptions{Roots: x509.NewCertPool()})
	if err != nil {
		return nil, err
	}
	client := opt.Client
	if client == nil {
		client = &http.Client{}
	}
	if opt.Timeout <= 0 {
		opt.Timeout = 10 * time.Second
	}
	var v LTV
	for i, s := range sigs {
		if !s.Integrity || s.Cert == nil {
			return nil, fmt.Errorf("подпись %d: %s", i+1, s.IntegrityProblem)
		}
		pool := append(append([]*x509.Certificate{s.Cert}, s.chain...), opt.Issuers...)
		for c := s.Cert; c != nil; {
			v.Certs = append(v.Certs, c.Raw)
			issuer := issuerOf(c, pool)
			if issuer == nil {
				if !bytes.Equal(c.RawIssuer, c.RawSubject) {
					return nil, &RevocationError{Subject: c.Subject.String(), Err: errors.New("не найден сертификат издателя: укажите его")}
				}
				break // a root: nothing above it vouches for it
			}
			if bytes.Equal(issuer.Raw, c.Raw) {
				break
			}
			raw, kind, err := revocationOf(ctx, client, opt.Timeout, c, issuer)
			if err != nil {
				return nil, err
			}
			if kind == "ocsp" {
				v.OCSPs = append(v.OCSPs, raw)
			} else {
				v.CRLs = append(v.CRLs, raw)
			}
			c = issuer
		}
	}
	return AddDSS(pdf, v)
}

// issuerOf finds the certificate in pool that signed c.
func issuerOf(c *x509.Certificate, pool []*x509.Certificate) *x509.Certificate {
	for _, p := range pool {
		if bytes.Equal(p.RawSubject, c.RawIssuer) && c.CheckSignatureFrom(p) == nil {
			return p
		}
	}
	return nil
}

// revocationOf fetches an OCSP response for c, or a CRL without a
// responder, and checks it says c is not revoked.
func revocationOf(ctx context.Context, client *http.Client, timeout time.Duration, c, issuer *x509.Certificate) ([]byte, string, error) {
	subject := c.Subject.String()
	switch {
	case len(c.OCSPServer) > 0:
		url := c.OCSPServer[0]
		raw, err := FetchOCSP(ctx, client, timeout, url, c, issuer)
		if err != nil {
			return nil, "", err
		}
		return raw, "ocsp", nil
	case len(c.CRLDistributionPoints) > 0:
		url := c.CRLDistributionPoints[0]
		raw, err := fetch(ctx, client, timeout, http.MethodGet, url, "", nil)
		if err != nil {
			return nil, "", &RevocationError{Subject: subject, URL: url, Err: err}
		}
		if err := checkCRL(raw, c, issuer, time.Time{}); err != nil {
			var re *RevocationError
			if errors.As(err, &re) {
				re.URL = url
			}
			return nil, "", err
		}
		return raw, "crl", nil
	}
	return nil, "", &RevocationError{Subject: subject, Err: errors.New("в сертификате нет ни адреса OCSP, ни точки распространения CRL")}
}

// FetchOCSP asks the responder at url about c and returns its DER answer
// once it says, signed by issuer or a responder issuer delegated to, that
// c is good.
func FetchOCSP(ctx context.Context, client *http.Client, timeout time.Duration, url string, c, issuer *x509.Certificate) ([]byte, error) {
	fail := func(err error) error { return &RevocationError{Subject: c.Subject.String(), URL: url, Err: err} }
	req, err := ocsp.CreateRequest(c, issuer, nil)
	if err != nil {
		return nil, fail(err)
	}
	raw, err := fetch(ctx, client, timeout, http.MethodPost, url, "application/ocsp-request", req)
	if err != nil {
		return nil, fail(err)
	}
	if err := checkOCSP(raw, c, issuer, time.Time{}); err != nil {
		var re *RevocationError
		if errors.As(err, &re) {
			re.URL = url
			return nil, re
		}
		return nil, fail(err)
	}
	return raw, nil
}

// fetch makes one bounded request.
func fetch(ctx context.Context, client *http.Client, timeout time.Duration, method, url, ctype string, body []byte) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, url, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	resp, err := client.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("нет ответа за %s", timeout)
		}
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("ответ HTTP %d", resp.StatusCode)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxRevocationBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxRevocationBytes {
		return nil, fmt.Errorf("ответ больше %d байт", maxRevocationBytes)
	}
	return data, nil
}

// checkOCSP checks that raw is a response about c signed for issuer that
// says c is good; with at set, that it was produced at or after at (a
// response older than the signature does not show the certificate was
// good when it signed).
func checkOCSP(raw []byte, c, issuer *x509.Certificate, at time.Time) error {
	r, err := ocsp.ParseResponseForCert(raw, c, issuer)
	if err != nil {
		return fmt.Errorf("ответ OCSP не прочитан или не подписан издателем: %w", err)
	}
	switch r.Status {
	case ocsp.Good:
	case ocsp.Revoked:
		if at.IsZero() || !r.RevokedAt.After(at) {
			return &RevocationError{Subject: c.Subject.String(), Revoked: true, At: r.RevokedAt}
		}
	default:
		return &RevocationError{Subject: c.Subject.String(), Err: errors.New("ответчик OCSP не знает этот сертификат")}
	}
	if !at.IsZero() && r.ProducedAt.Before(at.Add(-time.Minute)) {
		return fmt.Errorf("ответ OCSP от %s старше подписи", r.ProducedAt.UTC().Format("02.01.2006 15:04 UTC"))
	}
	return nil
}

// checkCRL checks that raw is a CRL signed by issuer that does not list c
// (or lists it as revoked after at).
func checkCRL(raw []byte, c, issuer *x509.Certificate, at time.Time) error {
	l, err := x509.ParseRevocationList(raw)
	if err != nil {
		return fmt.Errorf("CRL не прочитан: %w", err)
	}
	if err := l.CheckSignatureFrom(issuer); err != nil {
		return fmt.Errorf("CRL не подписан издателем: %w", err)
	}
	for _, e := range l.RevokedCertificateEntries {
		if e.SerialNumber.Cmp(c.SerialNumber) == 0 && (at.IsZero() || !e.RevocationTime.After(at)) {
			return &RevocationError{Subject: c.Subject.String(), Revoked: true, At: e.RevocationTime}
		}
	}
	return nil
}
