package service

import (
	"crypto/sha256"
	"crypto/subtle"
	"net/http"
	"strings"
)

// tokens holds the SHA-256 of every accepted bearer token. Comparing
// digests makes every comparison the same length, and all tokens are
// compared every time, so timing tells nothing about how much of a token,
// or which one, matched.
type tokens struct {
	digests [][sha256.Size]byte
}

func newTokens(list []string) *tokens {
	t := &tokens{}
	for _, s := range list {
		t.digests = append(t.digests, sha256.Sum256([]byte(s)))
	}
	return t
}

// authResult is what the access log may say about a request's token: never
// the token itself.
type authResult string

const (
	authNone    authResult = "none"
	authOK      authResult = "ok"
	authInvalid authResult = "invalid"
)

// check reads the Authorization header.
func (t *tokens) check(r *http.Request) authResult {
	h := r.Header.Get("Authorization")
	if h == "" {
		return authNone
	}
	scheme, tok, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return authInvalid
	}
	return t.checkValue(tok)
}

// checkValue checks a token given in a form of the web page.
func (t *tokens) checkValue(tok string) authResult {
	tok = strings.TrimSpace(tok)
	if tok == "" {
		return authInvalid
	}
	sum := sha256.Sum256([]byte(tok))
	match := 0
	for i := range t.digests {
		match |= subtle.ConstantTimeCompare(sum[:], t.digests[i][:])
	}
	if match == 1 {
		return authOK
	}
	return authInvalid
}

// unauthorized is the 401 for a missing or a wrong token; the detail does
// not say which tokens exist or how close the given one was.
func unauthorized(res authResult, why string) *Problem {
	detail := "нужен токен доступа: заголовок Authorization: Bearer ТОКЕН"
	if res == authInvalid {
		detail = "токен доступа не принят"
	}
	if why != "" {
		detail += " (" + why + ")"
	}
	return newProblem(http.StatusUnauthorized, KindUnauthorized, detail)
}
