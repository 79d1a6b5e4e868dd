package service

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"mime"
	"mime/multipart"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/kartograf-ru/kartograf"
)

// The web page is for methodologists and deputy directors who will never
// write JSON by hand: the same engine, limits, tokens and problems as the
// API, served as HTML in Russian from the same binary. It needs no
// JavaScript build, no web fonts and no CDN; its one script only polls a
// job's progress. Pages live in web/templates, assets in web/static.

//go:embed web/templates/*.html web/static/*
var webFiles embed.FS

// contentSecurityPolicy forbids everything the page does not use: no
// inline script or style, nothing from another origin, no framing, forms
// only to this server.
const contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

// csrfCookie holds the token every form sends back (double submit): a page
// of another site can make a browser post to this one, but cannot read the
// cookie to put it into the form.
const csrfCookie = "kartograf_csrf"

// maxFormParts bounds the parts of a posted form, whatever their size.
const maxFormParts = 16

// webUI is the parsed pages and the static assets.
type webUI struct {
	pages  map[string]*template.Template
	static map[string]staticFile
	asset  string // a digest of the assets, in their URLs, so that a new build is fetched anew
}

type staticFile struct {
	data  []byte
	ctype string
	etag  string
}

func newWebUI() (*webUI, error) {
	w := &webUI{pages: map[string]*template.Template{}, static: map[string]staticFile{}}
	layout, err := template.ParseFS(webFiles, "web/templates/layout.html")
	if err != nil {
		return nil, fmt.Errorf("service: web layout: %w", err)
	}
	names, err := fs.Glob(webFiles, "web/templates/*.html")
	if err != nil {
		return nil, err
	}
	for _, n := range names {
		name := strings.TrimSuffix(path.Base(n), ".html")
		if name == "layout" {
			continue
		}
		t, err := template.Must(layout.Clone()).ParseFS(webFiles, n)
		if err != nil {
			return nil, fmt.Errorf("service: web page %s: %w", name, err)
		}
		w.pages[name] = t
	}
	all := sha256.New()
	files, err := fs.Glob(webFiles, "web/static/*")
	if err != nil {
		return nil, err
	}
	for _, n := range files {
		data, err := webFiles.ReadFile(n)
		if err != nil {
			return nil, err
		}
		sum := sha256.Sum256(data)
		all.Write(sum[:])
		ctype := mime.TypeByExtension(path.Ext(n))
		switch path.Ext(n) {
		case ".css":
			ctype = "text/css; charset=utf-8"
		case ".js":
			ctype = "text/javascript; charset=utf-8"
		}
		w.static[path.Base(n)] = staticFile{data: data, ctype: ctype, etag: `"` + hex.EncodeToString(sum[:8]) + `"`}
	}
	w.asset = hex.EncodeToString(all.Sum(nil)[:6])
	return w, nil
}

// webRoutes adds the page's routes. They are not part of the API and not
// in openapi.json; isWebRoute tells the two apart.
func (s *Server) webRoutes(r *gin.Engine) {
	g := r.Group("", s.webHeaders)
	get := func(p string, h gin.HandlerFunc) {
		g.GET(p, h)
		g.HEAD(p, h)
	}
	get("/", s.pageDocument)
	get("/static/:name", s.staticAsset)
	g.POST("/document", s.postDocument)
	g.POST("/download", s.postDownload)
	get("/year", s.pageYear)
	g.POST("/year", s.postYear)
	get("/jobs/:id", s.pageJob)
	get("/jobs/:id/status", s.jobStatusJSON)
	get("/jobs/:id/result", s.webJobResult)
	g.POST("/jobs/:id/start", s.postStart)
	get("/analysis", s.pageAnalysis)
	g.POST("/analysis", s.postAnalysis)
	get("/templates", s.pageTemplates)
	get("/templates/:ref", s.pageTemplate)
	get("/templates/:ref/template.docx", s.templateDOCX)
}

// isWebRoute reports whether a route path belongs to the page, not the API.
func isWebRoute(p string) bool {
	switch {
	case strings.HasPrefix(p, "/v1/"), p == "/healthz", p == "/readyz", p == "/metrics", p == "/openapi.json":
		return false
	}
	return true
}

// wantsHTML: a browser navigating to a page, not an API client.
func wantsHTML(r *http.Request) bool {
	return (r.Method == http.MethodGet || r.Method == http.MethodHead) && !strings.HasPrefix(r.URL.Path, "/v1/") &&
		strings.Contains(r.Header.Get("Accept"), "text/html")
}

// sentence starts a message with a capital letter, as the page shows it.
func sentence(s string) string {
	for i, r := range s {
		return strings.ToUpper(string(r)) + s[i+len(string(r)):]
	}
	return s
}

// webHeaders sets the headers every page and asset carries.
func (s *Server) webHeaders(c *gin.Context) {
	h := c.Writer.Header()
	h.Set("Content-Security-Policy", contentSecurityPolicy)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Cross-Origin-Resource-Policy", "same-origin")
}

func (s *Server) staticAsset(c *gin.Context) {
	f, ok := s.web.static[c.Param("name")]
	if !ok {
		s.webError(c, http.StatusNotFound, "Не найдено", "Такого файла нет.", "not-found")
		return
	}
	h := c.Writer.Header()
	h.Set("Content-Type", f.ctype)
	h.Set("ETag", f.etag)
	h.Set("Cache-Control", "no-cache")
	http.ServeContent(c.Writer, c.Request, "", time.Time{}, bytes.NewReader(f.data))
}

// page is what every page template reads.
type page struct {
	Title, Section string
	Version, Asset string
	CSRF           string
	AuthAll        bool
	TokenSuffix    string
	MaxBody        string

	Templates []templateOption
	Template  string

	Problems      *problemTable
	ProblemTitle  string
	ProblemDetail string

	Result  *docResult
	Preview *previewPages

	Catalogue []catalogueRow
	Ref       string

	Year     *yearForm
	Job      *jobPage
	Analysis *analysisForm

	// error pages
	Heading, Message, ErrorID, Back string
}

// WithSuffix is p with the ids of its token field made distinct, for a
// second form on the same page.
func (p page) WithSuffix(s string) page { p.TokenSuffix = s; return p }

type templateOption struct{ Ref, Short string }

// newPage starts a page: the common fields, and the CSRF cookie.
func (s *Server) newPage(c *gin.Context, section, title string) *page {
	p := &page{
		Title: title, Section: section,
		Version: kartograf.Version, Asset: s.web.asset,
		CSRF:    s.csrfToken(c),
		AuthAll: s.cfg.RequireAuth,
		MaxBody: humanBytes(s.cfg.MaxBodyBytes),
	}
	for _, v := range s.cfg.Engine.Templates().List() {
		short, _, _ := strings.Cut(v.Manifest.Description, ":")
		p.Templates = append(p.Templates, templateOption{Ref: v.Ref(), Short: short})
	}
	return p
}

// html writes a page with status.
func (s *Server) html(c *gin.Context, status int, name string, p *page) {
	t, ok := s.web.pages[name]
	if !ok {
		panic("service: no web page " + name)
	}
	var b bytes.Buffer
	if err := t.ExecuteTemplate(&b, "layout", p); err != nil {
		pr := newProblem(http.StatusInternalServerError, KindInternal, "внутренняя ошибка страницы; номер запроса "+c.GetString(keyRequestID))
		pr.cause = err
		c.Set(keyProblem, pr)
		c.Data(http.StatusInternalServerError, "text/plain; charset=utf-8", []byte(pr.Detail))
		return
	}
	h := c.Writer.Header()
	h.Set("Cache-Control", "no-store")
	c.Data(status, "text/html; charset=utf-8", b.Bytes())
}

// webError answers with a short error page.
func (s *Server) webError(c *gin.Context, status int, heading, message, id string) {
	p := s.newPage(c, "", heading)
	p.Heading, p.Message, p.ErrorID, p.Back = heading, message, id, "/"
	s.html(c, status, "error", p)
}

// webProblem logs and counts a problem like the API does and shows it on
// the error page.
func (s *Server) webProblem(c *gin.Context, pr *Problem, back string) {
	c.Set(keyProblem, pr)
	s.metrics.errors.WithLabelValues(string(pr.kind)).Inc()
	if pr.retryAfter > 0 {
		c.Header("Retry-After", fmt.Sprint(pr.retryAfter))
	}
	p := s.newPage(c, "", pr.Title)
	p.Heading, p.Message, p.ErrorID, p.Back = pr.Title, sentence(pr.Detail), "problem", back
	if pr.kind == KindCSRF {
		p.ErrorID = "csrf-error"
	}
	status := pr.Status
	if status == 499 {
		status = http.StatusBadRequest
	}
	s.html(c, status, "error", p)
}

// csrfToken is the browser's CSRF token, set as a cookie when it has none.
func (s *Server) csrfToken(c *gin.Context) string {
	if ck, err := c.Request.Cookie(csrfCookie); err == nil && isID(ck.Value) {
		return ck.Value
	}
	tok := newID()
	http.SetCookie(c.Writer, &http.Cookie{
		Name: csrfCookie, Value: tok, Path: "/",
		HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: c.Request.TLS != nil,
	})
	// A page that sets the cookie also reads it back on this request.
	c.Request.AddCookie(&http.Cookie{Name: csrfCookie, Value: tok})
	return tok
}

// csrfOK checks a posted form's token against the cookie, and refuses a
// post the browser says comes from another site.
func csrfOK(r *http.Request, field string) bool {
	if site := r.Header.Get("Sec-Fetch-Site"); site == "cross-site" || site == "same-site" {
		return false
	}
	ck, err := r.Cookie(csrfCookie)
	if err != nil || !isID(ck.Value) || !isID(field) {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(ck.Value), []byte(field)) == 1
}

// newID is 128 random bits in hex.
func newID() string {
	var b [16]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// isID reports whether s looks like newID's output, before it is used.
func isID(s string) bool {
	if len(s) != 32 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// formPart is one field or file of a posted form.
type formPart struct {
	file string // the file name the browser gave, base name only; "" for a field
	data []byte
}

// form is a posted multipart form, read within the body limits.
type form map[string][]formPart

func (f form) value(name string) string {
	if v := f[name]; len(v) > 0 {
		return strings.TrimSpace(string(v[0].data))
	}
	return ""
}

func (f form) file(name string) (formPart, bool) {
	if v := f[name]; len(v) > 0 && (v[0].file != "" || len(v[0].data) > 0) {
		return v[0], true
	}
	return formPart{}, false
}

// readForm reads a multipart form with the API's body limits, checks its
// CSRF token and, when every route needs one, its access token. The body
// stays in memory only for the request.
func (s *Server) readForm(c *gin.Context) (form, *Problem) {
	mt, params, err := mime.ParseMediaType(c.GetHeader("Content-Type"))
	if err != nil || mt != "multipart/form-data" || params["boundary"] == "" {
		return nil, newProblem(http.StatusUnsupportedMediaType, KindUnsupportedMedia, "форма должна отправляться как multipart/form-data; обновите страницу и отправьте её снова")
	}
	var buf bytes.Buffer
	held, p := s.readBody(c, &buf)
	if p != nil {
		return nil, p
	}
	defer held()
	f := form{}
	mr := multipart.NewReader(bytes.NewReader(buf.Bytes()), params["boundary"])
	for n := 0; ; n++ {
		part, err := mr.NextPart()
		if err != nil {
			if errors.Is(err, io.EOF) {
				break
			}
			return nil, newProblem(http.StatusBadRequest, KindInvalidParameter, "форма не разбирается: "+err.Error())
		}
		if n >= maxFormParts {
			return nil, newProblem(http.StatusBadRequest, KindInvalidParameter, "в форме слишком много полей")
		}
		var b bytes.Buffer
		if _, err := b.ReadFrom(part); err != nil {
			return nil, newProblem(http.StatusBadRequest, KindInvalidParameter, "форма не разбирается: "+err.Error())
		}
		name := part.FormName()
		f[name] = append(f[name], formPart{file: path.Base(strings.ReplaceAll(part.FileName(), `\`, "/")), data: b.Bytes()})
	}
	for k, v := range f {
		for i := range v {
			if v[i].file == "." || v[i].file == "/" {
				f[k][i].file = ""
			}
		}
	}
	if !csrfOK(c.Request, f.value("csrf")) {
		return nil, newProblem(http.StatusForbidden, KindCSRF, "форма устарела или отправлена с другого сайта: обновите страницу и отправьте её снова")
	}
	if s.cfg.RequireAuth {
		if res := s.tokens.checkValue(f.value("token")); res != authOK {
			c.Set(keyAuth, string(res))
			return nil, unauthorized(res, "")
		}
		c.Set(keyAuth, string(authOK))
	}
	return f, nil
}

// humanBytes is a size as a person reads it: «5 МБ».
func humanBytes(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d МБ", n>>20)
	case n >= 1<<20:
		return strings.Replace(fmt.Sprintf("%.1f МБ", float64(n)/(1<<20)), ".", ",", 1)
	case n >= 1<<10:
		return fmt.Sprintf("%d КБ", n>>10)
	}
	return fmt.Sprintf("%d байт", n)
}
