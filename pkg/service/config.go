package service

import (
	"errors"
	"log/slog"
	"runtime"
	"time"

	"github.com/kartograf-ru/kartograf"
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

// Config configures a Server. Only Engine is required.
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

func (c *Config) withDefaults() (Config, error) {
	out := *c
	if out.Engine == nil {
		return out, errors.New("service: Config.Engine is required")
	}
	if out.RequireAuth && len(out.Tokens) == 0 {
		return out, errors.New("service: RequireAuth without any token would refuse every request")
	}
	for _, t := range out.Tokens {
		if t == "" {
			return out, errors.New("service: empty token")
		}
	}
	if out.MaxBodyBytes <= 0 {
		out.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if out.BodyTimeout <= 0 {
		out.BodyTimeout = DefaultBodyTimeout
	}
	if out.MinBodyRate == 0 {
		out.MinBodyRate = DefaultMinBodyRate
	} else if out.MinBodyRate < 0 {
		out.MinBodyRate = 0
	}
	if out.MaxBodyMemory <= 0 {
		out.MaxBodyMemory = max(64<<20, 4*out.MaxBodyBytes)
	}
	if out.MaxBodyMemory < out.MaxBodyBytes {
		return out, errors.New("service: MaxBodyMemory is smaller than MaxBodyBytes, so the largest body allowed could never be read")
	}
	if out.MaxRows <= 0 {
		out.MaxRows = DefaultMaxRows
	}
	if out.RenderTimeout <= 0 {
		out.RenderTimeout = DefaultRenderTimeout
	}
	if out.MaxInFlight <= 0 {
		out.MaxInFlight = runtime.GOMAXPROCS(0)
	}
	if out.MaxQueue < 0 {
		out.MaxQueue = 0
	} else if out.MaxQueue == 0 {
		out.MaxQueue = 8 * out.MaxInFlight
	}
	if out.QueueTimeout <= 0 {
		out.QueueTimeout = DefaultQueueTimeout
	}
	if out.MaxBatchSchools <= 0 {
		out.MaxBatchSchools = DefaultMaxBatchSchools
	}
	if out.BatchTimeout <= 0 {
		out.BatchTimeout = DefaultBatchTimeout
	}
	if out.JobTTL <= 0 {
		out.JobTTL = DefaultJobTTL
	}
	if out.MaxJobs <= 0 {
		out.MaxJobs = DefaultMaxJobs
	}
	if out.DrainDelay == 0 {
		out.DrainDelay = DefaultDrainDelay
	} else if out.DrainDelay < 0 {
		out.DrainDelay = 0
	}
	if out.ShutdownTimeout <= 0 {
		out.ShutdownTimeout = DefaultShutdownTimeout
	}
	if out.Logger == nil {
		out.Logger = slog.New(slog.DiscardHandler)
	}
	if out.Now == nil {
		out.Now = time.Now
	}
	return out, nil
}
