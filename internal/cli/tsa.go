package cli

// The time-stamping authority flags of the commands that sign (render and
// serve): PAdES B-T.

import (
	"errors"
	"fmt"
	"net/url"
	"time"

	"github.com/kartograf-ru/kartograf/pkg/sign"
)

// tsaFlags are --tsa, --tsa-timeout and --tsa-retries.
type tsaFlags struct {
	url     string
	timeout time.Duration
	retries int
}

const (
	tsaUsage        = "адрес службы меток времени RFC 3161 (http:// или https://): подпись с меткой времени, PAdES B-T"
	tsaTimeoutUsage = "сколько ждать службу меток времени, с повторами"
	tsaRetriesUsage = "повторов запроса к службе меток времени, если она недоступна"
	defaultRetries  = 2
)

// stamper is the TimeStamper the flags describe; nil without --tsa.
func (f tsaFlags) stamper() (sign.TimeStamper, error) {
	if f.url == "" {
		return nil, nil
	}
	u, err := url.Parse(f.url)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, errors.New("--tsa: ожидается адрес http:// или https://")
	}
	if f.timeout <= 0 || f.retries < 0 {
		return nil, errors.New("--tsa-timeout должен быть больше нуля, --tsa-retries — не меньше нуля")
	}
	return &sign.HTTPTimeStamper{URL: f.url, Timeout: f.timeout, Retries: f.retries}, nil
}

// tsaForLog is the TSA's address as the start-up log may show it:
// without user, password or query.
func tsaForLog(raw string) string {
	if raw == "" {
		return ""
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "(неверный адрес)"
	}
	return (&url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path}).String()
}

// timeStampLine is verify's «Метка времени» line: the time the TSA
// attests, who attests it, and the verdict.
func timeStampLine(ts *sign.TimeStampInfo) string {
	switch {
	case !ts.Valid:
		return "НЕ ВЕРНА — " + ts.Problem
	case !ts.Trusted:
		return fmt.Sprintf("%s (%s; %s)", ts.Time.UTC().Format("02.01.2006 15:04:05 UTC"), ts.TSA, ts.TrustProblem)
	}
	return fmt.Sprintf("%s (%s; метка верна, служба доверенная)", ts.Time.UTC().Format("02.01.2006 15:04:05 UTC"), ts.TSA)
}
