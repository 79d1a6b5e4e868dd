package sign

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"fmt"
	"io"
	"math/big"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// TimeStamper obtains an RFC 3161 time-stamp token for a digest: SignPDF
// asks one for the SHA-256 digest of the signature value and puts the
// token into the CMS (PAdES B-T). An implementation other than
// HTTPTimeStamper must return a token whose message imprint is that
// digest; SignPDF checks it and the token's signature.
type TimeStamper interface {
	TimeStamp(ctx context.Context, digest []byte) (token []byte, err error)
}

// Defaults of HTTPTimeStamper.
const (
	DefaultTSATimeout     = 10 * time.Second
	DefaultTSAMaxResponse = 64 << 10
	// tsaContentsSize is /Contents' room when a token is added: the
	// signature's CMS plus a token with the TSA's chain (3–6 KiB usually).
	tsaContentsSize = 32 << 10
)

// HTTPTimeStamper asks a time-stamping authority over HTTP (RFC 3161
// section 3.4): a POST of application/timestamp-query answered with
// application/timestamp-reply.
type HTTPTimeStamper struct {
	// URL of the TSA. User and password in it are sent as HTTP basic
	// authentication and never appear in errors.
	URL string
	// Timeout bounds the whole exchange, retries included (default
	// DefaultTSATimeout): a TSA that hangs costs the caller no more.
	Timeout time.Duration
	// Retries are further attempts after a failure that may pass — no
	// connection, HTTP 5xx or 429 — each after a short pause, within
	// Timeout. A refusal or a malformed answer is not retried.
	Retries int
	// MaxResponse bounds the answer in bytes (default
	// DefaultTSAMaxResponse).
	MaxResponse int64
	// Client is the HTTP client (nil: a client without redirects).
	Client *http.Client
}

// Errors a *TSAError wraps.
var (
	// ErrTSATimeout: the TSA did not answer within HTTPTimeStamper.Timeout.
	ErrTSATimeout = errors.New("служба меток времени не ответила вовремя")
	// ErrTSAUnavailable: no connection, or HTTP 5xx or 429, after all retries.
	ErrTSAUnavailable = errors.New("служба меток времени недоступна")
	// ErrTSARefused: the TSA answered but did not grant a time-stamp.
	ErrTSARefused = errors.New("служба меток времени отказала в метке")
	// ErrTSABadResponse: the answer is not a valid time-stamp for the
	// request (not DER, wrong content type, another imprint or nonce, a
	// token whose signature does not verify, too large).
	ErrTSABadResponse = errors.New("ответ службы меток времени неверен")
)

// TSAError is a failure to obtain a time-stamp. URL is the TSA's address
// without user, password or query, so that it can be logged.
type TSAError struct {
	URL    string
	Status int    // HTTP status of the last answer; 0 when there was none
	Detail string // what exactly went wrong, in Russian
	Err    error  // one of ErrTSATimeout, ErrTSAUnavailable, ErrTSARefused, ErrTSABadResponse
}

func (e *TSAError) Error() string {
	msg := e.Err.Error()
	if e.URL != "" {
		msg += " (" + e.URL + ")"
	}
	if e.Detail != "" {
		msg += ": " + e.Detail
	}
	return msg
}

func (e *TSAError) Unwrap() error { return e.Err }

// Temporary says whether asking again later may succeed.
func (e *TSAError) Temporary() bool {
	return e.Err == ErrTSATimeout || e.Err == ErrTSAUnavailable
}

var (
	oidTSTInfo                 = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 1, 4}
	oidSignatureTimeStampToken = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 2, 14}
	errTSAResponseNotDER       = errors.New("ответ не является TimeStampResp DER")
	tsaContentTypes            = []string{"application/timestamp-reply", "application/timestamp-response"}
)

const (
	pkiStatusGranted         = 0
	pkiStatusGrantedWithMods = 1
	// The pause before a retry doubles from tsaBackoff up to tsaMaxBackoff.
	tsaBackoff    = 200 * time.Millisecond
	tsaMaxBackoff = 2 * time.Second
)

var _ TimeStamper = (*HTTPTimeStamper)(nil)

type messageImprint struct {
	HashAlgorithm pkix.AlgorithmIdentifier
	HashedMessage []byte
}

// timeStampReq is RFC 3161's TimeStampReq without policy and extensions.
type timeStampReq struct {
	Version        int
	MessageImprint messageImprint
	Nonce          *big.Int `asn1:"optional"`
	CertReq        bool     `asn1:"optional"`
}

type pkiStatusInfo struct {
	Status       int
	StatusString []string       `asn1:"optional"`
	FailInfo     asn1.BitString `asn1:"optional"`
}

type timeStampResp struct {
	Status pkiStatusInfo
	Token  asn1.RawValue `asn1:"optional"`
}

// TimeStamp implements TimeStamper.
func (h *HTTPTimeStamper) TimeStamp(ctx context.Context, digest []byte) ([]byte, error) {
	safe := safeURL(h.URL)
	fail := func(status int, err error, detail string) error {
		return &TSAError{URL: safe, Status: status, Err: err, Detail: detail}
	}
	if len(digest) != sha256.Size {
		return nil, fail(0, ErrTSABadResponse, "ожидается хеш SHA-256")
	}
	u, err := url.Parse(h.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, &TSAError{URL: safe, Err: ErrTSAUnavailable, Detail: "адрес должен быть http:// или https://"}
	}
	nonce, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 64))
	if err != nil {
		return nil, err
	}
	req, err := asn1.Marshal(timeStampReq{Version: 1, CertReq: true, Nonce: nonce,
		MessageImprint: messageImprint{HashAlgorithm: pkix.AlgorithmIdentifier{Algorithm: oidSHA256, Parameters: asn1NullRaw}, HashedMessage: digest}})
	if err != nil {
		return nil, err
	}
	timeout := h.Timeout
	if timeout <= 0 {
		timeout = DefaultTSATimeout
	}
	tctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	for attempt := 0; ; attempt++ {
		token, status, detail, kind := h.exchange(tctx, req, nonce, digest)
		switch {
		case kind == nil:
			return token, nil
		case ctx.Err() != nil:
			return nil, fmt.Errorf("метка времени: %w", ctx.Err())
		case tctx.Err() != nil:
			return nil, fail(status, ErrTSATimeout, fmt.Sprintf("нет ответа за %s", timeout))
		case kind != ErrTSAUnavailable || attempt >= h.Retries:
			return nil, fail(status, kind, detail)
		}
		pause := time.NewTimer(min(tsaBackoff<<min(attempt, 4), tsaMaxBackoff))
		select {
		case <-pause.C:
		case <-tctx.Done():
			pause.Stop()
			if ctx.Err() != nil {
				return nil, fmt.Errorf("метка времени: %w", ctx.Err())
			}
			return nil, fail(status, kind, detail)
		}
	}
}

// exchange is one request; kind is nil or the sentinel the failure
// belongs to, and only ErrTSAUnavailable is worth another attempt.
func (h *HTTPTimeStamper) exchange(ctx context.Context, body []byte, nonce *big.Int, digest []byte) (token []byte, status int, detail string, kind error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, h.URL, bytes.NewReader(body))
	if err != nil {
		return nil, 0, "запрос не составлен", ErrTSAUnavailable
	}
	req.Header.Set("Content-Type", "application/timestamp-query")
	req.Header.Set("Accept", "application/timestamp-reply")
	client := h.Client
	if client == nil {
		client = noRedirectClient
	}
	resp, err := client.Do(req)
	if err != nil {
		// url.Error repeats the address, query included: keep only the cause.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return nil, 0, "нет соединения: " + err.Error(), ErrTSAUnavailable
	}
	defer resp.Body.Close()
	limit := h.MaxResponse
	if limit <= 0 {
		limit = DefaultTSAMaxResponse
	}
	status = resp.StatusCode
	if status >= 500 || status == http.StatusTooManyRequests {
		io.Copy(io.Discard, io.LimitReader(resp.Body, limit))
		return nil, status, fmt.Sprintf("HTTP %d", status), ErrTSAUnavailable
	}
	if status != http.StatusOK {
		return nil, status, fmt.Sprintf("HTTP %d", status), ErrTSABadResponse
	}
	if mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type")); !containsFold(tsaContentTypes, mt) {
		return nil, status, fmt.Sprintf("тип ответа %q, ожидается application/timestamp-reply", mt), ErrTSABadResponse
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, status, "ответ не дочитан: " + err.Error(), ErrTSAUnavailable
	}
	if int64(len(data)) > limit {
		return nil, status, fmt.Sprintf("ответ больше %d байт", limit), ErrTSABadResponse
	}
	token, err = readTimeStampResp(data, nonce, digest)
	switch {
	case errors.Is(err, errTSARefusedStatus):
		return nil, status, err.Error(), ErrTSARefused
	case err != nil:
		return nil, status, err.Error(), ErrTSABadResponse
	}
	return token, status, "", nil
}

var (
	errTSARefusedStatus = errors.New("статус ответа не «granted»")
	noRedirectClient    = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
)

// readTimeStampResp checks a TimeStampResp against the request: granted,
// a token signed by its certificate over this digest with this nonce.
func readTimeStampResp(data []byte, nonce *big.Int, digest []byte) ([]byte, error) {
	var resp timeStampResp
	if rest, err := asn1.Unmarshal(data, &resp); err != nil || len(rest) != 0 {
		return nil, errTSAResponseNotDER
	}
	if s := resp.Status.Status; s != pkiStatusGranted && s != pkiStatusGrantedWithMods {
		text := strings.Join(resp.Status.StatusString, "; ")
		if text != "" {
			text = ", " + text
		}
		return nil, fmt.Errorf("%w: статус %d%s", errTSARefusedStatus, s, text)
	}
	if len(resp.Token.FullBytes) == 0 {
		return nil, errors.New("в ответе нет метки времени")
	}
	tok, err := parseToken(resp.Token.FullBytes)
	if err != nil {
		return nil, err
	}
	if err := tok.matches(digest); err != nil {
		return nil, err
	}
	if nonce != nil && (tok.info.Nonce == nil || tok.info.Nonce.Cmp(nonce) != 0) {
		return nil, errors.New("nonce в метке не совпадает с запросом: ответ не на этот запрос")
	}
	return resp.Token.FullBytes, nil
}

// safeURL is u without user information and query: what may be logged.
func safeURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(неверный адрес)"
	}
	return (&url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path}).String()
}

func containsFold(list []string, s string) bool {
	for _, v := range list {
		if strings.EqualFold(v, s) {
			return true
		}
	}
	return false
}
