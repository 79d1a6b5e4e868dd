package sign

import (
	"bytes"
	"context"
	"crypto"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"
)

// HTTPSigner is an AlgorithmSigner whose key stays in a signing service
// (КриптоПро DSS behind an adapter, an HSM gateway): Kartograf sends it
// digests and never holds the key. The service speaks this contract
// (docs/signatures.md):
//
//	POST {URL}/sign    {"digest_algorithm": "<OID>", "signature_algorithm": "<OID>",
//	                    "digest": "<base64>"}
//	                -> {"signature": "<base64>"}  (the value as CMS carries it)
//	POST {URL}/digest  the bytes to hash, header X-Digest-Algorithm: <OID>
//	                -> the digest, raw (only for a digest Go lacks: ГОСТ Р 34.11-2012)
//
// Both with Authorization: Bearer <Token> when Token is set, answered with
// 200 and application/json or application/octet-stream; anything else is
// an error that names the status. Each call is bounded by Timeout.
type HTTPSigner struct {
	URL                string
	Token              string // sent, never logged or put in an error
	Cert               *x509.Certificate
	Intermediates      []*x509.Certificate
	DigestAlgorithm    asn1.ObjectIdentifier // default SHA-256
	SignatureAlgorithm asn1.ObjectIdentifier // default: by the certificate's key
	Client             *http.Client          // default: a client of its own
	Timeout            time.Duration         // per call, default 30 s
	// MaxHashed bounds what one /digest call may send (default 256 MiB).
	MaxHashed int
}

// Certificate implements Signer.
func (h *HTTPSigner) Certificate() *x509.Certificate { return h.Cert }

// Chain implements Signer.
func (h *HTTPSigner) Chain() []*x509.Certificate { return h.Intermediates }

// Algorithms implements AlgorithmSigner: SHA-256 is computed here, any
// other digest by the service.
func (h *HTTPSigner) Algorithms() Algorithms {
	digest := h.DigestAlgorithm
	if len(digest) == 0 {
		digest = oidSHA256
	}
	a := Algorithms{Digest: pkix.AlgorithmIdentifier{Algorithm: digest}}
	if len(h.SignatureAlgorithm) > 0 {
		a.Signature = pkix.AlgorithmIdentifier{Algorithm: h.SignatureAlgorithm}
	} else if h.Cert != nil {
		a.Signature, _ = signatureAlgorithm(h.Cert)
	}
	if digest.Equal(oidSHA256) {
		a.Sum, a.Hash = sha256Sum, crypto.SHA256
	} else {
		a.Sum = func(parts ...[]byte) ([]byte, error) { return h.digest(digest, parts) }
	}
	return a
}

// Sign implements Signer: the service signs digest.
func (h *HTTPSigner) Sign(digest []byte, _ crypto.Hash) ([]byte, error) {
	a := h.Algorithms()
	body, _ := json.Marshal(map[string]string{
		"digest_algorithm":    a.Digest.Algorithm.String(),
		"signature_algorithm": a.Signature.Algorithm.String(),
		"digest":              base64.StdEncoding.EncodeToString(digest),
	})
	resp, err := h.call("/sign", "application/json", body, nil, 64<<10)
	if err != nil {
		return nil, err
	}
	var out struct {
		Signature string `json:"signature"`
	}
	if err := json.Unmarshal(resp, &out); err != nil || out.Signature == "" {
		return nil, errors.New("сервис подписи: ответ без поля signature")
	}
	sig, err := base64.StdEncoding.DecodeString(out.Signature)
	if err != nil {
		return nil, errors.New("сервис подписи: поле signature не в base64")
	}
	return sig, nil
}

// call posts body to the service and returns at most limit bytes of a
// 200 answer.
func (h *HTTPSigner) call(path, ctype string, body []byte, header http.Header, limit int64) ([]byte, error) {
	timeout := h.Timeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	client := h.Client
	if client == nil {
		client = &http.Client{}
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, h.URL+path, bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("сервис подписи: %w", err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	req.Header.Set("Content-Type", ctype)
	if h.Token != "" {
		req.Header.Set("Authorization", "Bearer "+h.Token)
	}
	resp, err := client.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("сервис подписи не ответил за %s", timeout)
		}
		return nil, fmt.Errorf("сервис подписи недоступен: %w", errors.Unwrap(err))
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, fmt.Errorf("сервис подписи: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("сервис подписи ответил HTTP %d", resp.StatusCode)
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("сервис подписи: ответ больше %d байт", limit)
	}
	return data, nil
}

// digest asks the service for the digest of the concatenation of parts.
func (h *HTTPSigner) digest(oid asn1.ObjectIdentifier, parts [][]byte) ([]byte, error) {
	limit := h.MaxHashed
	if limit <= 0 {
		limit = 256 << 20
	}
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	if n > limit {
		return nil, fmt.Errorf("сервис подписи: для хеширования %d байт, допустимо не больше %d", n, limit)
	}
	body := make([]byte, 0, n)
	for _, p := range parts {
		body = append(body, p...)
	}
	d, err := h.call("/digest", "application/octet-stream", body, http.Header{"X-Digest-Algorithm": {oid.String()}}, 1<<10)
	if err != nil {
		return nil, err
	}
	if len(d) == 0 {
		return nil, errors.New("сервис подписи: пустой хеш")
	}
	return d, nil
}
