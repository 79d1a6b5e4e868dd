package service

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/kartograf-ru/kartograf"
	"github.com/kartograf-ru/kartograf/internal/lazyre"
	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/sign"
	"github.com/kartograf-ru/kartograf/templates"
)

// Response headers naming what was rendered.
const (
	HeaderTemplate     = "X-Kartograf-Template"      // id@version used
	HeaderTemplateHash = "X-Kartograf-Template-Hash" // sha256 of the template version's files
	HeaderInputHash    = "X-Kartograf-Input-Hash"    // sha256 of the document's canonical JSON
	HeaderSigned       = "X-Kartograf-Signed"        // "true" when the PDF carries a signature
	HeaderVersion      = "X-Kartograf-Version"       // Kartograf's version
)

// templateRef is id or id@MAJOR.MINOR.PATCH: nothing that could walk a path.
var templateRef = lazyre.New(`^[a-z0-9][a-z0-9-]{0,63}(@[0-9]{1,6}\.[0-9]{1,6}\.[0-9]{1,6})?$`)

// renderParams are the query parameters of /v1/render.
type renderParams struct {
	format      kartograf.Format
	template    string
	sign        bool
	conformance string // RenderOptions.Conformance: "" is the template's
}

// query checks the query string against the allowed parameters, so that a
// typo («fromat») is an error rather than a silently different document.
func query(c *gin.Context, allowed ...string) (map[string]string, *Problem) {
	q := c.Request.URL.Query()
	out := map[string]string{}
	var errs []document.Problem
	for k, vs := range q {
		ok := false
		for _, a := range allowed {
			ok = ok || k == a
		}
		switch {
		case !ok:
			errs = append(errs, document.Problem{Path: k, Message: "неизвестный параметр; допустимы: " + strings.Join(allowed, ", ")})
		case len(vs) > 1:
			errs = append(errs, document.Problem{Path: k, Message: "параметр указан несколько раз"})
		default:
			out[k] = vs[0]
		}
	}
	if errs != nil {
		slices.SortFunc(errs, func(a, b document.Problem) int { return strings.Compare(a.Path, b.Path) })
		return nil, newProblem(http.StatusBadRequest, KindInvalidParameter, "недопустимые параметры запроса", errs...)
	}
	return out, nil
}

func parseTemplate(v string) (string, *Problem) {
	if v == "" || templateRef.MatchString(v) {
		return v, nil
	}
	return "", newProblem(http.StatusBadRequest, KindInvalidParameter,
		"недопустимое имя шаблона: ожидается ID или ID@ВЕРСИЯ, например school-roadmap@1.1.0",
		document.Problem{Path: "template", Message: "недопустимое имя шаблона"})
}

func parseRenderParams(c *gin.Context) (renderParams, *Problem) {
	q, p := query(c, "format", "template", "sign", "pdfa")
	if p != nil {
		return renderParams{}, p
	}
	var rp renderParams
	rp.format = kartograf.PDF
	if v, ok := q["format"]; ok {
		f, err := kartograf.ParseFormat(v)
		if err != nil || v == "" {
			return rp, newProblem(http.StatusBadRequest, KindUnsupportedFormat,
				fmt.Sprintf("формат «%s» не поддерживается; доступны: pdf, docx, xlsx", v),
				document.Problem{Path: "format", Message: "неподдерживаемый формат"})
		}
		rp.format = f
	}
	if rp.template, p = parseTemplate(q["template"]); p != nil {
		return rp, p
	}
	if v, ok := q["sign"]; ok {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return rp, newProblem(http.StatusBadRequest, KindInvalidParameter, "параметр sign принимает true или false",
				document.Problem{Path: "sign", Message: "ожидается true или false"})
		}
		rp.sign = b
	}
	if v, ok := q["pdfa"]; ok {
		c, known := map[string]string{"2u": kartograf.PDFA2u, "3u": kartograf.PDFA3u, "none": kartograf.ConformanceNone}[v]
		if !known {
			return rp, newProblem(http.StatusBadRequest, KindInvalidParameter, "параметр pdfa принимает 2u (PDF/A-2u), 3u (PDF/A-3u с исходным JSON внутри) или none",
				document.Problem{Path: "pdfa", Message: "ожидается 2u, 3u или none"})
		}
		if rp.format != kartograf.PDF {
			return rp, newProblem(http.StatusBadRequest, KindUnsupportedFormat, "архивный PDF (pdfa) возможен только для format=pdf",
				document.Problem{Path: "pdfa", Message: "только для format=pdf"})
		}
		rp.conformance = c
	}
	if rp.sign && rp.format != kartograf.PDF {
		return rp, newProblem(http.StatusBadRequest, KindUnsupportedFormat, kartograf.ErrSignFormat.Error(),
			document.Problem{Path: "sign", Message: "подпись возможна только для format=pdf"})
	}
	return rp, nil
}

func (s *Server) render(c *gin.Context) {
	rp, p := parseRenderParams(c)
	if p != nil {
		s.fail(c, p)
		return
	}
	c.Set(keyFormat, string(rp.format))
	// Authorisation comes before anything about the server's signing
	// set-up is revealed and before the body is read.
	if rp.sign {
		res := s.tokens.check(c.Request)
		c.Set(keyAuth, string(res))
		if res != authOK {
			why := ""
			if len(s.cfg.Tokens) == 0 {
				why = "на сервере не настроены токены, подпись недоступна"
			}
			s.fail(c, unauthorized(res, why))
			return
		}
		if s.cfg.Signer == nil {
			s.fail(c, newProblem(http.StatusNotImplemented, KindSigningOff, "на сервере не настроен ключ электронной подписи (--p12 или --key/--cert)"))
			return
		}
	}
	doc, release, p := s.readDocument(c)
	if p != nil {
		s.fail(c, p)
		return
	}
	defer release()

	if p := s.renderFile(c, doc, rp); p != nil {
		s.fail(c, p)
	}
}

// renderFile renders doc as rp asks and sends the file with its name and
// the headers that say what made it; the API and the web page both answer
// with it. Nothing is written when it returns a problem.
func (s *Server) renderFile(c *gin.Context, doc *document.Document, rp renderParams) *Problem {
	out := s.bufs.Get().(*bytes.Buffer)
	out.Reset()
	defer s.putBuf(out)
	opts := kartograf.RenderOptions{Format: rp.format, Template: rp.template, Conformance: rp.conformance}
	if rp.sign {
		opts.Signer = s.cfg.Signer
		opts.SignTime = s.cfg.Now()
		opts.TSA = s.cfg.TSA
		opts.LongTerm = s.cfg.LongTerm
	}
	res, p := s.run(c, func(ctx context.Context) (*kartograf.Result, error) {
		return s.cfg.Engine.Render(ctx, out, doc, opts)
	}, rp)
	if p != nil {
		return p
	}
	c.Set(keyTemplate, res.Template)
	h := c.Writer.Header()
	h.Set("Content-Type", rp.format.ContentType())
	h.Set("Content-Length", strconv.Itoa(out.Len()))
	h.Set("Content-Disposition", contentDisposition(kartograf.FileName(doc, rp.format)))
	h.Set("Cache-Control", "no-store")
	h.Set(HeaderTemplate, res.Template)
	if v, err := s.cfg.Engine.Templates().Resolve(res.Template); err == nil {
		h.Set(HeaderTemplateHash, v.Hash)
	}
	h.Set(HeaderInputHash, res.InputHash)
	h.Set(HeaderVersion, kartograf.Version)
	if rp.sign {
		h.Set(HeaderSigned, "true")
	}
	c.Writer.WriteHeader(http.StatusOK)
	c.Writer.Write(out.Bytes())
	return nil
}

// run waits for a render slot and runs fn under the render timeout,
// recording its latency.
func (s *Server) run(c *gin.Context, fn func(context.Context) (*kartograf.Result, error), rp renderParams) (*kartograf.Result, *Problem) {
	var res *kartograf.Result
	start := time.Now()
	p := s.work(c, func(ctx context.Context) error {
		start = time.Now()
		var err error
		res, err = fn(ctx)
		return err
	})
	if p != nil {
		return nil, p
	}
	s.metrics.duration.WithLabelValues(string(rp.format), strconv.FormatBool(rp.sign)).Observe(time.Since(start).Seconds())
	return res, nil
}

// work waits for a render slot and runs fn under the render timeout; its
// error becomes the problem the client sees.
func (s *Server) work(c *gin.Context, fn func(context.Context) error) *Problem {
	release, p := s.slot(c)
	if p != nil {
		return p
	}
	defer release()
	ctx, cancel := context.WithTimeout(c.Request.Context(), s.cfg.RenderTimeout)
	defer cancel()
	if err := fn(ctx); err != nil {
		if errors.Is(err, context.DeadlineExceeded) || ctx.Err() == context.DeadlineExceeded {
			p := newProblem(http.StatusServiceUnavailable, KindTimeout,
				fmt.Sprintf("документ не сформирован за %s; уменьшите документ или повторите позже", s.cfg.RenderTimeout))
			p.retryAfter = 1
			return p
		}
		if c.Request.Context().Err() != nil {
			return clientGone(c.Request.Context().Err())
		}
		return s.renderProblem(c, err)
	}
	return nil
}

// slot waits for a render slot, counting the wait in the queue gauge.
func (s *Server) slot(c *gin.Context) (release func(), p *Problem) {
	s.metrics.waiting.Inc()
	release, p, err := s.limit.acquire(c.Request.Context())
	s.metrics.waiting.Dec()
	if err != nil {
		return nil, clientGone(err)
	}
	return release, p
}

// clientGone is the outcome of a request whose client left: nothing can be
// sent, but the log and the error counter say what happened.
func clientGone(err error) *Problem {
	p := newProblem(499, KindClientClosed, "клиент закрыл соединение")
	p.cause = err
	return p
}

// KindSigningCertificate: the service's signing certificate cannot sign
// now (expired while running, or not meant for signatures).
const KindSigningCertificate Kind = "signing-certificate"

// renderProblem maps an error from the engine onto a problem.
func (s *Server) renderProblem(c *gin.Context, err error) *Problem {
	var ve *document.ValidationError
	var nf *templates.NotFoundError
	var ce *sign.CertificateError
	switch {
	case errors.As(err, &ve):
		return newProblem(http.StatusUnprocessableEntity, KindInvalidDocument,
			fmt.Sprintf("документ содержит ошибки (%d)", len(ve.Problems)), ve.Problems...)
	case errors.As(err, &nf):
		return newProblem(http.StatusUnprocessableEntity, KindUnknownTemplate, nf.Error(),
			document.Problem{Path: "template", Message: nf.Error()})
	case errors.Is(err, kartograf.ErrNoFormat):
		return newProblem(http.StatusUnprocessableEntity, KindUnsupportedFormat, err.Error(),
			document.Problem{Path: "template", Message: err.Error()})
	case tsaProblem(err) != nil:
		return tsaProblem(err)
	case revocationProblem(err) != nil:
		return revocationProblem(err)
	case errors.As(err, &ce):
		// The key cannot sign at this time (it expired while the service
		// ran): the request is well formed, the server's key is not.
		p := newProblem(http.StatusUnprocessableEntity, KindSigningCertificate, ce.Error(),
			document.Problem{Path: "sign", Message: ce.Error()})
		p.Title = "Сертификат подписи непригоден"
		return p
	}
	p := newProblem(http.StatusInternalServerError, KindInternal, "внутренняя ошибка сервиса; номер запроса "+c.GetString(keyRequestID))
	p.cause = err
	return p
}

// readDocument checks the content type, reads the body (see readBody),
// admits the request and decodes the document. release frees the
// admission slot.
func (s *Server) readDocument(c *gin.Context) (*document.Document, func(), *Problem) {
	if p := checkContentType(c.Request); p != nil {
		return nil, nil, p
	}
	buf := s.bufs.Get().(*bytes.Buffer)
	buf.Reset()
	defer s.putBuf(buf)
	held, p := s.readBody(c, buf)
	if p != nil {
		return nil, nil, p
	}
	// The body's bytes go back to the budget once decoded; from then on
	// the document counts against its admission slot.
	defer held()
	if buf.Len() == 0 {
		return nil, nil, newProblem(http.StatusBadRequest, KindInvalidJSON, "пустое тело запроса: ожидается документ JSON")
	}
	release, p := s.limit.enter()
	if p != nil {
		return nil, nil, p
	}
	// The template query parameter was checked by the handler; a document
	// that breaks the contract is checked against that template's rules
	// too, so that the answer lists every problem at once.
	doc, err := s.cfg.Engine.Decode(buf.Bytes(), c.Query("template"))
	if err != nil {
		release()
		return nil, nil, decodeProblem(err)
	}
	if p := s.rowLimit(doc, "документе"); p != nil {
		release()
		return nil, nil, p
	}
	return doc, release, nil
}

func (s *Server) tooLarge() *Problem {
	return newProblem(http.StatusRequestEntityTooLarge, KindBodyTooLarge,
		fmt.Sprintf("тело запроса больше %d байт", s.cfg.MaxBodyBytes))
}

// putBuf returns a buffer to the pool unless it grew huge: one 10 000-row
// render must not pin its memory for the life of the process.
func (s *Server) putBuf(b *bytes.Buffer) {
	if b.Cap() <= 4<<20 {
		s.bufs.Put(b)
	}
}

// checkContentType accepts JSON (a missing type is taken as JSON) in UTF-8.
func checkContentType(r *http.Request) *Problem {
	ct := r.Header.Get("Content-Type")
	if ct == "" {
		return nil
	}
	mt, params, err := mime.ParseMediaType(ct)
	if err == nil && (mt == "application/json" || strings.HasSuffix(mt, "+json")) {
		if cs, ok := params["charset"]; !ok || strings.EqualFold(cs, "utf-8") {
			return nil
		}
	}
	return newProblem(http.StatusUnsupportedMediaType, KindUnsupportedMedia,
		fmt.Sprintf("тип содержимого «%s» не поддерживается: ожидается application/json в UTF-8", ct))
}

// decodeProblem maps a decode error onto 400 (not JSON) or 422 (JSON that
// is not a valid document).
func decodeProblem(err error) *Problem {
	var se *document.SyntaxError
	var ve *document.ValidationError
	switch {
	case errors.As(err, &se):
		return newProblem(http.StatusBadRequest, KindInvalidJSON, se.Error(),
			document.Problem{Path: fmt.Sprintf("строка %d, столбец %d", se.Line, se.Column), Message: se.Msg})
	case errors.As(err, &ve):
		return newProblem(http.StatusUnprocessableEntity, KindInvalidDocument,
			fmt.Sprintf("документ содержит ошибки (%d)", len(ve.Problems)), ve.Problems...)
	}
	return newProblem(http.StatusBadRequest, KindInvalidJSON, err.Error())
}

// rowLimit is the 413 for a document (or plan: where names it, in the
// prepositional) with more rows than MaxRows, nil within it.
func (s *Server) rowLimit(d *document.Document, where string) *Problem {
	n := rows(d)
	if n <= s.cfg.MaxRows {
		return nil
	}
	return newProblem(http.StatusRequestEntityTooLarge, KindTooManyRows,
		fmt.Sprintf("в %s %d строк (мероприятий, строк таблиц и паспорта), допускается не более %d", where, n, s.cfg.MaxRows))
}

// rows counts what makes a document big: plan measures, table rows and
// passport rows.
func rows(d *document.Document) int {
	n := 0
	for _, b := range d.Body {
		switch {
		case b.Plan != nil:
			n += b.Plan.Measures() + len(b.Plan.Sections)
		case b.Table != nil:
			n += len(b.Table.Rows)
		case b.Passport != nil:
			n += len(b.Passport.Rows)
		}
	}
	return n
}

// validationResult is the body of /v1/validate.
type validationResult struct {
	Valid     bool               `json:"valid"`
	Template  string             `json:"template,omitempty"`
	InputHash string             `json:"input_hash,omitempty"`
	Errors    []document.Problem `json:"errors"`
}

func (s *Server) validate(c *gin.Context) {
	q, p := query(c, "template")
	if p != nil {
		s.fail(c, p)
		return
	}
	ref, p := parseTemplate(q["template"])
	if p != nil {
		s.fail(c, p)
		return
	}
	out := validationResult{Errors: []document.Problem{}}
	doc, release, p := s.readDocument(c)
	if p != nil {
		// A document that is JSON but breaks the schema is an answer,
		// not a failed request.
		if p.kind != KindInvalidDocument {
			s.fail(c, p)
			return
		}
		out.Errors = p.Errors
		c.JSON(http.StatusOK, out)
		return
	}
	defer release()
	v, err := s.cfg.Engine.Template(doc, ref)
	if err != nil {
		s.fail(c, s.renderProblem(c, err))
		return
	}
	out.Template = v.Ref()
	if err := s.cfg.Engine.Validate(doc, v.Ref()); err != nil {
		var ve *document.ValidationError
		if !errors.As(err, &ve) {
			s.fail(c, s.renderProblem(c, err))
			return
		}
		out.Errors = ve.Problems
		c.JSON(http.StatusOK, out)
		return
	}
	out.Valid = true
	if out.InputHash, err = kartograf.InputHash(doc); err != nil {
		s.fail(c, s.renderProblem(c, err))
		return
	}
	c.JSON(http.StatusOK, out)
}

func (s *Server) healthz(c *gin.Context) {
	c.JSON(http.StatusOK, gin.H{"status": "ok", "version": kartograf.Version})
}

// readyz is 503 while draining, so that new traffic goes elsewhere.
func (s *Server) readyz(c *gin.Context) {
	if s.draining.Load() {
		p := newProblem(http.StatusServiceUnavailable, KindOverloaded, "сервис останавливается")
		p.retryAfter = 1
		s.fail(c, p)
		return
	}
	c.JSON(http.StatusOK, gin.H{"status": "ready", "templates": len(s.cfg.Engine.Templates().List())})
}
