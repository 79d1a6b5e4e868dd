// Package config holds the settings of Kartograf's HTTP service
// (service.Config is this Config) and their defaults, apart from the
// service itself: a program can then state a service's settings — as the
// kartograf CLI's serve command parses its flags into them — without
// linking the router, the metrics and the web page, whose packages cost a
// CLI process milliseconds to initialise at every start (issue 16). It
// imports only what the fields need — the engine, sign, slog, time — and
// pkg/jobs (standard library only) for the job queue's default.
package config

import (
	"log/slog"
	"time"

	"github.com/kartograf-ru/kartograf"
	"github.com/kartograf-ru/kartograf/pkg/jobs"
	"github.com/kartograf-ru/kartograf/pkg/sign"
)

// Defaults of Config.
const (
	DefaultMaxBodyBytes    = 5 << 20
	DefaultMaxRows         = 5000
	DefaultRenderTimeout   = 30 * time.Second
	DefaultQueueTimeout    = 10 * time.Second
	DefaultShutdownTimeout = 30 * time.Second
	DefaultBatchTimeout    = 5 * time.Minute
	DefaultMaxBatchSchools = 1000
	DefaultBodyTimeout     = 30 * time.Second
	DefaultMinBodyRate     = 1024
	DefaultDrainDelay      = 5 * time.Second
)

// Defaults of the job settings of Config.
const (
	DefaultJobTTL  = 24 * time.Hour
	DefaultMaxJobs = jobs.DefaultMaxQueued
)

// Config configures a service.Server (service.New). Only Engine is
// required.
type Config struct {
	Engine *kartograf.Engine

	// Signer signs PDFs asked for with sign=true; nil: signing is not
	// offered (501).
	Signer sign.Signer
	// TSA, with Signer, time-stamps signatures (PAdES B-T). A TSA that
	// fails — no answer within its own timeout, which bounds how long a
	// signed render holds its slot waiting for it — makes the signed
	// render answer 503 tsa-unavailable with Retry-After. Unsigned
	// renders do not use it.
	TSA sign.TimeStamper
	// LongTerm, with Signer, makes signed PDFs long-term (PAdES B-LT): the
	// chain and its OCSP answers or CRLs appended as a DSS. A certificate
	// that cannot be shown unrevoked, or a responder that does not answer
	// within its timeout, makes the signed render answer 503
	// revocation-unavailable. nil: no DSS.
	LongTerm *sign.LTOptions
	// Tokens are the accepted bearer tokens. sign=true always needs one;
	// with RequireAuth every /v1 route does.
	Tokens      []string
	RequireAuth bool

	// MaxBodyBytes bounds the request body (413 above it).
	MaxBodyBytes int64
	// MaxRows bounds the rows of a document: plan measures, table and
	// passport rows together (413 above it).
	MaxRows int
	// RenderTimeout bounds one render (503 when exceeded).
	RenderTimeout time.Duration
	// MaxInFlight renders run at once (default: one per CPU); MaxQueue
	// more requests may wait up to QueueTimeout for a slot (0: 8 per
	// render slot; negative: none). Beyond that: 429 with Retry-After.
	MaxInFlight  int
	MaxQueue     int
	QueueTimeout time.Duration
	// MaxBatchSchools bounds the schools of one /v1/batch request (413
	// above it); BatchTimeout bounds the whole request.
	MaxBatchSchools int
	BatchTimeout    time.Duration
	// JobsDir keeps the zips of background jobs (POST /v1/jobs); by
	// default a temporary directory removed by Close. Job files found
	// there at start belong to jobs of an earlier process and are deleted.
	JobsDir string
	// JobTTL is how long a finished job and its zip are kept (default
	// 24 h). A job the web page prepared waits to be started the smaller
	// of JobTTL and one hour, since it holds its input in memory.
	JobTTL time.Duration
	// MaxJobs background jobs may wait while one runs (default 8); beyond
	// that POST /v1/jobs answers 429.
	MaxJobs int
	// BodyTimeout bounds the time to receive a request body (408 when
	// exceeded; default 30 s). MinBodyRate is the slowest average rate, in
	// bytes a second, at which a body may arrive once two seconds have
	// passed (408 below it; default 1024; negative: no minimum).
	BodyTimeout time.Duration
	MinBodyRate int64
	// MaxBodyMemory bounds the bytes of request bodies held in memory at
	// once, counted as they arrive (429 beyond it; default the larger of
	// 64 MiB and four bodies of MaxBodyBytes).
	MaxBodyMemory int64
	// TrustedProxies are the addresses or CIDR ranges of reverse proxies
	// whose X-Forwarded-For and X-Real-Ip are believed for the client
	// address in the access log; by default none is, since any client can
	// send those headers.
	TrustedProxies []string
	// DrainDelay is how long Serve keeps accepting and serving after its
	// context is done, with /readyz answering 503, before it stops the
	// listener: the time a load balancer needs to notice (default 5 s;
	// negative: none).
	DrainDelay time.Duration
	// ShutdownTimeout bounds how long Serve waits for in-flight requests
	// after its context is done.
	ShutdownTimeout time.Duration

	// Logger receives the access log and errors; nil discards them.
	Logger *slog.Logger
	// Now is the clock for signing times and the times of jobs; nil
	// means time.Now.
	Now func() time.Time
}
