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
