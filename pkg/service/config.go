package service

import (
	"errors"
	"log/slog"
	"runtime"
	"time"

	"github.com/kartograf-ru/kartograf/pkg/service/config"
)

// Config configures a Server. Only Engine is required. It is defined in
// pkg/service/config, so that a program can state a service's settings
// without linking the service (the kartograf CLI does).
type Config = config.Config

// Defaults of Config.
const (
	DefaultMaxBodyBytes    = config.DefaultMaxBodyBytes
	DefaultMaxRows         = config.DefaultMaxRows
	DefaultRenderTimeout   = config.DefaultRenderTimeout
	DefaultQueueTimeout    = config.DefaultQueueTimeout
	DefaultShutdownTimeout = config.DefaultShutdownTimeout
	DefaultBatchTimeout    = config.DefaultBatchTimeout
	DefaultMaxBatchSchools = config.DefaultMaxBatchSchools
	DefaultBodyTimeout     = config.DefaultBodyTimeout
	DefaultMinBodyRate     = config.DefaultMinBodyRate
	DefaultDrainDelay      = config.DefaultDrainDelay
)

// withDefaults is c with every unset setting at its default, or the
// reason c cannot make a server. (A function, not a method: Config is an
// alias of a type of another package.)
func withDefaults(c *Config) (Config, error) {
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
