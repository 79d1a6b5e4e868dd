package service

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/kartograf-ru/kartograf/pkg/jobs"
)

// Server is the HTTP service. Build it with New; it is safe for concurrent
// use and holds no per-request state between requests.
type Server struct {
	cfg     Config
	router  *gin.Engine
	tokens  *tokens
	limit   *limiter
	bodies  *budget // bytes of request bodies held in memory
	metrics *metrics
	bufs    sync.Pool // *bytes.Buffer for bodies and rendered files
	spec    []byte    // /openapi.json
	web     *webUI    // the web page (web.go)
	jobs    *jobs.Store
	// draining is set when shutdown begins: /readyz answers 503 so that a
	// load balancer stops sending new requests while in-flight ones finish.
	draining atomic.Bool
}

// New builds a server from cfg.
func New(cfg Config) (*Server, error) {
	c, err := withDefaults(&cfg)
	if err != nil {
		return nil, err
	}
	s := &Server{
		cfg:     c,
		tokens:  newTokens(c.Tokens),
		limit:   newLimiter(c.MaxInFlight, c.MaxQueue, c.QueueTimeout),
		bodies:  &budget{max: c.MaxBodyMemory},
		metrics: newMetrics(),
		bufs:    sync.Pool{New: func() any { return new(bytes.Buffer) }},
	}
	s.metrics.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "kartograf_request_body_bytes",
		Help: "Bytes of request bodies being received or decoded now, counted against --max-body-memory.",
	}, func() float64 { return float64(s.bodies.inUse()) }))
	if s.spec, err = OpenAPI(); err != nil {
		return nil, err
	}
	if s.web, err = newWebUI(); err != nil {
		return nil, err
	}
	if s.router, err = s.routes(); err != nil {
		return nil, err
	}
	if s.jobs, err = newJobStore(c); err != nil {
		return nil, err
	}
	return s, nil
}

// Handler is the server's router, for tests and for mounting under another
// server.
func (s *Server) Handler() http.Handler { return s.router }

// routes builds the router. Every route is listed in openapi.json; a test
// walks the router to keep the two in step.
func (s *Server) routes() (*gin.Engine, error) {
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	// gin believes X-Forwarded-For from any peer unless told otherwise;
	// nil trusts none.
	if err := r.SetTrustedProxies(s.cfg.TrustedProxies); err != nil {
		return nil, fmt.Errorf("service: TrustedProxies: %w", err)
	}
	r.HandleMethodNotAllowed = true
	r.RedirectTrailingSlash = false
	r.RedirectFixedPath = false
	r.ContextWithFallback = true
	r.Use(s.accessLog, s.recover, s.checkQuery)
	r.NoRoute(func(c *gin.Context) {
		// A person who mistyped a page address gets a page, not JSON.
		if wantsHTML(c.Request) {
			s.webHeaders(c)
			s.webError(c, http.StatusNotFound, "Страница не найдена", "Нет такого адреса: "+c.Request.URL.Path, "not-found")
			return
		}
		s.fail(c, newProblem(http.StatusNotFound, KindNotFound, "нет такого адреса: "+c.Request.URL.Path))
	})
	r.NoMethod(func(c *gin.Context) {
		s.fail(c, newProblem(http.StatusMethodNotAllowed, KindMethodNotAllowed, "метод "+c.Request.Method+" не поддерживается для "+c.Request.URL.Path))
	})

	// Every GET route answers HEAD too (net/http drops the body), as
	// probes and caches expect.
	get := func(g gin.IRoutes, path string, h gin.HandlerFunc) {
		g.GET(path, h)
		g.HEAD(path, h)
	}
	get(r, "/healthz", s.healthz)
	get(r, "/readyz", s.readyz)
	get(r, "/metrics", gin.WrapH(s.metrics.handler()))
	get(r, "/openapi.json", s.openapi)

	v1 := r.Group("/v1", s.authAll)
	v1.POST("/render", s.render)
	v1.POST("/validate", s.validate)
	v1.POST("/import", s.importDocument)
	v1.POST("/batch", s.batch)
	v1.POST("/analyze", s.analyze)
	v1.POST("/analyze/district", s.analyzeDistrict)
	get(v1, "/templates", s.listTemplates)
	get(v1, "/templates/:id", s.getTemplate)
	s.jobRoutes(v1, get)
	s.webRoutes(r)
	return r, nil
}

// Serve answers on ln until ctx is done. Then /readyz answers 503 while
// the listener keeps accepting for DrainDelay; then Serve stops taking
// connections, lets in-flight requests finish (up to ShutdownTimeout),
// stops the background jobs (Close) and returns.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	defer func() {
		if err := s.Close(); err != nil {
			s.cfg.Logger.Error("остановка: задания", "error", err.Error())
		}
	}()
	srv := &http.Server{
		Handler:           s.router,
		ReadHeaderTimeout: 5 * time.Second,
		// Handlers that read a body set their own deadline (BodyTimeout
		// and MinBodyRate) and lift it once the body is in; this bounds
		// what is read on every other route.
		ReadTimeout:    5*time.Second + s.cfg.BodyTimeout,
		WriteTimeout:   s.cfg.QueueTimeout + max(s.cfg.RenderTimeout, s.cfg.BatchTimeout) + 60*time.Second,
		IdleTimeout:    120 * time.Second,
		MaxHeaderBytes: 64 << 10,
		ErrorLog:       slog.NewLogLogger(s.cfg.Logger.Handler(), slog.LevelWarn),
		BaseContext:    func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	s.cfg.Logger.Info("сервис запущен", "addr", ln.Addr().String())
	select {
	case err := <-errc:
		return fmt.Errorf("сервис: %w", err)
	case <-ctx.Done():
	}
	// Readiness goes first, while the listener still accepts: a load
	// balancer needs a few probes to stop routing here, and requests it
	// sends meanwhile are served, not refused. Kept-alive connections
	// are closed after their next answer so that clients reconnect
	// elsewhere.
	s.draining.Store(true)
	srv.SetKeepAlivesEnabled(false)
	if s.cfg.DrainDelay > 0 {
		s.cfg.Logger.Info("остановка: готовность снята, приём продолжается", "drain_delay", s.cfg.DrainDelay.String())
		t := time.NewTimer(s.cfg.DrainDelay)
		select {
		case <-t.C:
		case err := <-errc:
			t.Stop()
			return fmt.Errorf("сервис: %w", err)
		}
	}
	s.cfg.Logger.Info("остановка: дожидаемся текущих запросов", "timeout", s.cfg.ShutdownTimeout.String())
	sctx, cancel := context.WithTimeout(context.Background(), s.cfg.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("остановка сервиса: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("сервис: %w", err)
	}
	s.cfg.Logger.Info("сервис остановлен")
	return nil
}

// ListenAndServe listens on addr and calls Serve.
func (s *Server) ListenAndServe(ctx context.Context, addr string) error {
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", addr)
	if err != nil {
		return fmt.Errorf("адрес %s: %w", addr, err)
	}
	return s.Serve(ctx, ln)
}

// Context keys set by the middleware and read by the access log.
const (
	keyRequestID = "kartograf.request_id"
	keyProblem   = "kartograf.problem"
	keyAuth      = "kartograf.auth"
	keyFormat    = "kartograf.format"
	keyTemplate  = "kartograf.template"
)

// accessLog gives every request an id (the client's X-Request-Id when it is
// sane) and logs one line per request. It never logs headers or query
// values, so tokens cannot leak into logs; the client address is the
// peer's unless the peer is a trusted proxy.
func (s *Server) accessLog(c *gin.Context) {
	start := time.Now()
	id := c.GetHeader("X-Request-Id")
	if !saneRequestID(id) {
		id = newRequestID()
	}
	c.Set(keyRequestID, id)
	c.Header("X-Request-Id", id)
	s.metrics.inFlight.Inc()
	c.Next()
	s.metrics.inFlight.Dec()

	route := c.FullPath()
	if route == "" {
		route = "unmatched"
	}
	status := c.Writer.Status()
	s.metrics.requests.WithLabelValues(route, c.Request.Method, strconv.Itoa(status)).Inc()
	attrs := []slog.Attr{
		slog.String("request_id", id),
		slog.String("method", c.Request.Method),
		slog.String("path", c.Request.URL.Path),
		slog.String("query", redactedQuery(c.Request.URL.RawQuery)),
		slog.Int("status", status),
		slog.Int("bytes", c.Writer.Size()),
		slog.Float64("duration_ms", float64(time.Since(start).Microseconds())/1000),
		slog.String("remote", c.ClientIP()),
	}
	for _, k := range []string{keyAuth, keyFormat, keyTemplate} {
		if v := c.GetString(k); v != "" {
			attrs = append(attrs, slog.String(k[len("kartograf."):], v))
		}
	}
	level := slog.LevelInfo
	if p, ok := c.Get(keyProblem); ok {
		pr := p.(*Problem)
		attrs = append(attrs, slog.String("error", string(pr.kind)))
		if pr.cause != nil {
			attrs = append(attrs, slog.String("cause", pr.cause.Error()))
		}
		if status >= 500 {
			level = slog.LevelError
		}
	}
	s.cfg.Logger.LogAttrs(c.Request.Context(), level, "запрос", attrs...)
}

// recover turns a panic into a 500 problem and a logged stack instead of
// a dropped connection.
func (s *Server) recover(c *gin.Context) {
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			p := newProblem(http.StatusInternalServerError, KindInternal, "внутренняя ошибка сервиса; номер запроса "+c.GetString(keyRequestID))
			p.cause = fmt.Errorf("panic: %v\n%s", v, debug.Stack())
			s.fail(c, p)
		}
	}()
	c.Next()
}

// fail answers with p (unless the response has started), counts it and
// stops the handler chain.
func (s *Server) fail(c *gin.Context, p *Problem) {
	c.Set(keyProblem, p)
	s.metrics.errors.WithLabelValues(string(p.kind)).Inc()
	if !c.Writer.Written() {
		p.write(c.Writer, c.Request, c.GetString(keyRequestID))
	}
	c.Abort()
}

// authAll enforces tokens on every /v1 route when RequireAuth is set.
func (s *Server) authAll(c *gin.Context) {
	if !s.cfg.RequireAuth {
		return
	}
	res := s.tokens.check(c.Request)
	c.Set(keyAuth, string(res))
	if res != authOK {
		s.fail(c, unauthorized(res, ""))
	}
}

func saneRequestID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}

func newRequestID() string {
	var b [12]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
