package service

import (
	"errors"
	"net/http"

	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/sign"
)

// KindTSAUnavailable: the time-stamping authority (Config.TSA) did not
// give a time-stamp for a signed render — no answer within its timeout,
// unreachable, refused, or answered wrongly. Unsigned renders do not use
// it.
const KindTSAUnavailable Kind = "tsa-unavailable"

// tsaRetryAfter is the Retry-After of a TSA failure, in seconds: long
// enough for a TSA under load to recover, short for a client to wait.
const tsaRetryAfter = 30

// tsaProblem is the 503 of a TSA failure, or nil for other errors. The
// message names the TSA without credentials (sign.TSAError.URL).
func tsaProblem(err error) *Problem {
	var te *sign.TSAError
	if !errors.As(err, &te) {
		return nil
	}
	p := newProblem(http.StatusServiceUnavailable, KindTSAUnavailable,
		"служба меток времени не выдала метку для подписи: "+te.Error()+"; повторите позже",
		document.Problem{Path: "sign", Message: te.Err.Error()})
	p.Title = "Служба меток времени недоступна"
	p.retryAfter = tsaRetryAfter
	return p
}

// KindRevocationUnavailable: a long-term signature (Config.LongTerm) could
// not show the signer's chain unrevoked — a certificate revoked or
// unknown to its responder, or a responder that did not answer in time.
const KindRevocationUnavailable Kind = "revocation-unavailable"

// revocationProblem is the 503 of a failed revocation check, or nil for
// other errors.
func revocationProblem(err error) *Problem {
	var re *sign.RevocationError
	if !errors.As(err, &re) {
		return nil
	}
	p := newProblem(http.StatusServiceUnavailable, KindRevocationUnavailable,
		"не удалось подтвердить, что сертификат подписи не отозван: "+re.Error(),
		document.Problem{Path: "sign", Message: re.Error()})
	p.Title = "Проверка отзыва сертификата не удалась"
	if !re.Revoked {
		p.retryAfter = tsaRetryAfter
	}
	return p
}
