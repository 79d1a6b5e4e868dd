package service

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/kartograf-ru/kartograf/pkg/document"
)

// queryParam is one name=value pair of a query string, unescaped.
type queryParam struct {
	name, value string
}

// queryError is a query string that does not parse; name is the
// parameter it happened in (raw when the name itself is malformed).
type queryError struct {
	name, why string
}

// parseQuery splits a raw query strictly. url.Values drops a pair it
// cannot unescape and Go no longer splits on «;», so «format=%zz» or
// «format=pdf;sign=true» would otherwise become a request with the
// parameter silently missing.
func parseQuery(raw string) ([]queryParam, *queryError) {
	var out []queryParam
	for _, seg := range strings.Split(raw, "&") {
		if seg == "" {
			continue
		}
		rawName, rawValue, _ := strings.Cut(seg, "=")
		if i := strings.IndexByte(rawName, ';'); i >= 0 {
			rawName = rawName[:i]
		}
		name, err := url.QueryUnescape(rawName)
		if err != nil {
			return nil, &queryError{name: rawName, why: "имя параметра содержит недопустимую %-последовательность"}
		}
		if strings.Contains(seg, ";") {
			return nil, &queryError{name: name, why: "«;» не разделяет параметры: используйте «&»"}
		}
		value, err := url.QueryUnescape(rawValue)
		if err != nil {
			return nil, &queryError{name: name, why: "значение содержит недопустимую %-последовательность (символ % записывается как %25)"}
		}
		out = append(out, queryParam{name: name, value: value})
	}
	return out, nil
}

// tokenParams are query parameter names that carry credentials in other
// APIs. A token in an address ends up in proxy and server logs and in
// browser history, so such a request is refused rather than served.
var tokenParams = []string{"token", "access_token", "access-token", "api_key", "api-key", "apikey", "key", "auth", "authorization", "bearer"}

func isTokenParam(name string) bool {
	for _, t := range tokenParams {
		if strings.EqualFold(name, t) {
			return true
		}
	}
	return false
}

// checkQuery refuses, on every route, a query string that does not parse
// and credentials in the query string.
func (s *Server) checkQuery(c *gin.Context) {
	if c.Request.URL.RawQuery == "" {
		return
	}
	params, qe := parseQuery(c.Request.URL.RawQuery)
	if qe != nil {
		s.fail(c, newProblem(http.StatusBadRequest, KindInvalidParameter,
			fmt.Sprintf("строка запроса не разбирается: параметр «%s»: %s", printableName(qe.name), qe.why),
			document.Problem{Path: printableName(qe.name), Message: qe.why}))
		return
	}
	for _, p := range params {
		if isTokenParam(p.name) {
			s.fail(c, newProblem(http.StatusBadRequest, KindInvalidParameter,
				"токен доступа передаётся только в заголовке Authorization: Bearer ТОКЕН, а не в адресе: адрес запроса попадает в журналы и историю браузера; этот токен стоит заменить",
				document.Problem{Path: printableName(p.name), Message: "учётные данные в строке запроса не принимаются"}))
			return
		}
	}
}

// redactedQuery is the query string for the access log: the parameter
// names with every value replaced by «…», so that nothing a client put in
// a value — a token sent by mistake included — is logged.
func redactedQuery(raw string) string {
	if raw == "" {
		return ""
	}
	var b strings.Builder
	for _, seg := range strings.Split(raw, "&") {
		if seg == "" {
			continue
		}
		name, _, _ := strings.Cut(seg, "=")
		if i := strings.IndexByte(name, ';'); i >= 0 {
			name = name[:i]
		}
		if n, err := url.QueryUnescape(name); err == nil {
			name = n
		}
		if b.Len() > 0 {
			b.WriteByte('&')
		}
		b.WriteString(printableName(name))
		b.WriteString("=…")
	}
	return b.String()
}

// printableName bounds a parameter name for logs and problems: at most 40
// characters, control characters and invalid UTF-8 replaced.
func printableName(s string) string {
	if len(s) > 40 {
		s = s[:40]
		for !utf8.ValidString(s) && len(s) > 0 {
			s = s[:len(s)-1]
		}
		s += "…"
	}
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == utf8.RuneError {
			return '�'
		}
		return r
	}, s)
}
