package service

import (
	"net/http"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metrics are the server's Prometheus series, in a registry of its own so
// that two servers in one process (tests) do not collide.
type metrics struct {
	reg      *prometheus.Registry
	duration *prometheus.HistogramVec // render latency by format and signing
	errors   *prometheus.CounterVec   // error responses by kind
	requests *prometheus.CounterVec   // responses by route and status
	inFlight prometheus.Gauge         // requests being handled
	waiting  prometheus.Gauge         // requests waiting for a render slot
}

func newMetrics() *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "kartograf_render_duration_seconds",
			Help:    "Time to render (and sign) one document, by output format.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
		}, []string{"format", "signed"}),
		errors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "kartograf_errors_total",
			Help: "Error responses by kind (the last part of the problem type).",
		}, []string{"kind"}),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "kartograf_http_requests_total",
			Help: "HTTP responses by route and status code.",
		}, []string{"route", "method", "code"}),
		inFlight: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "kartograf_requests_in_flight",
			Help: "Requests being handled now.",
		}),
		waiting: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "kartograf_render_queue_waiting",
			Help: "Requests waiting for a free render slot.",
		}),
	}
	m.reg.MustRegister(m.duration, m.errors, m.requests, m.inFlight, m.waiting,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}
