package service

import (
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/kartograf-ru/kartograf/pkg/document"
)

// Kind names a class of error: the last part of a problem's type URI and
// the label of kartograf_errors_total.
type Kind string

// Error kinds.
const (
	KindInvalidJSON       Kind = "invalid-json"
	KindInvalidDocument   Kind = "invalid-document"
	KindInvalidParameter  Kind = "invalid-parameter"
	KindUnsupportedFormat Kind = "unsupported-format"
	KindUnsupportedMedia  Kind = "unsupported-media-type"
	KindBodyTooLarge      Kind = "body-too-large"
	KindTooManyRows       Kind = "too-many-rows"
	KindUnknownTemplate   Kind = "unknown-template"
	KindUnauthorized      Kind = "unauthorized"
	KindSigningOff        Kind = "signing-not-configured"
	KindOverloaded        Kind = "overloaded"
	KindTimeout           Kind = "timeout"
	KindBodyTimeout       Kind = "body-timeout"
	KindNotFound          Kind = "not-found"
	KindMethodNotAllowed  Kind = "method-not-allowed"
	KindInternal          Kind = "internal"
	// KindCSRF: a form of the web page came without its CSRF token, or
	// from another site.
	KindCSRF Kind = "csrf"
	// KindClientClosed is logged and counted, never sent: the client left.
	KindClientClosed Kind = "client-closed"
)

// problemTypePrefix makes kinds into stable, dereference-free type URIs.
const problemTypePrefix = "urn:kartograf:problem:"

// Problem is an RFC 9457 problem details body.
type Problem struct {
	Type      string             `json:"type"`
	Title     string             `json:"title"`
	Status    int                `json:"status"`
	Detail    string             `json:"detail"`
	Instance  string             `json:"instance,omitempty"`
	RequestID string             `json:"request_id,omitempty"`
	Errors    []document.Problem `json:"errors"`

	kind       Kind
	retryAfter int // seconds; 0: no Retry-After header
	cause      error
	// places, when set, say where each of Errors is in the words of the
	// page (a workbook's sheet, row and column); else the page places
	// them with document.Place.
	places []string
}

// Kind is the problem's error class.
func (p *Problem) Kind() Kind { return p.kind }

func (p *Problem) Error() string { return p.Detail }

// title is the short Russian summary of a kind.
func title(k Kind) string {
	switch k {
	case KindInvalidJSON:
		return "Некорректный JSON"
	case KindInvalidDocument:
		return "Документ не прошёл проверку"
	case KindInvalidParameter:
		return "Недопустимый параметр запроса"
	case KindUnsupportedFormat:
		return "Неподдерживаемый формат"
	case KindUnsupportedMedia:
		return "Неподдерживаемый тип содержимого"
	case KindBodyTooLarge:
		return "Слишком большой запрос"
	case KindTooManyRows:
		return "Слишком много строк"
	case KindUnknownTemplate:
		return "Шаблон не найден"
	case KindUnauthorized:
		return "Требуется авторизация"
	case KindSigningOff:
		return "Подпись не настроена"
	case KindOverloaded:
		return "Сервис перегружен"
	case KindTimeout:
		return "Время формирования истекло"
	case KindBodyTimeout:
		return "Тело запроса не получено вовремя"
	case KindNotFound:
		return "Не найдено"
	case KindMethodNotAllowed:
		return "Метод не поддерживается"
	case KindInternal:
		return "Внутренняя ошибка"
	case KindCSRF:
		return "Форма устарела"
	}
	return "Ошибка"
}

func newProblem(status int, kind Kind, detail string, errs ...document.Problem) *Problem {
	if errs == nil {
		errs = []document.Problem{}
	}
	return &Problem{
		Type:   problemTypePrefix + string(kind),
		Title:  title(kind),
		Status: status,
		Detail: detail,
		Errors: errs,
		kind:   kind,
	}
}

// write sends p as application/problem+json.
func (p *Problem) write(w http.ResponseWriter, r *http.Request, requestID string) {
	p.Instance = r.URL.Path
	p.RequestID = requestID
	body, err := json.Marshal(p)
	if err != nil { // cannot happen for these field types
		body = []byte(`{"type":"` + problemTypePrefix + `internal","status":500}`)
	}
	h := w.Header()
	h.Set("Content-Type", "application/problem+json; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	h.Set("Cache-Control", "no-store")
	if p.retryAfter > 0 {
		h.Set("Retry-After", strconv.Itoa(p.retryAfter))
	}
	if p.Status == http.StatusUnauthorized {
		h.Set("WWW-Authenticate", `Bearer realm="kartograf"`)
	}
	w.WriteHeader(p.Status)
	w.Write(body)
}
