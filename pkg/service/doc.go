// Package service is Kartograf's HTTP interface: a thin gin router over a
// kartograf.Engine. Integrating systems POST a document as JSON and get the
// rendered — and, with a configured key, signed — file back.
//
// Routes (see openapi.json, served at /openapi.json):
//
//	POST /v1/render?format=pdf|docx|xlsx&template=ID@VERSION&sign=true
//	POST /v1/analyze?date=ДД.ММ.ГГГГ&format=pdf|docx|xlsx|json
//	POST /v1/validate?template=ID@VERSION
//	GET  /v1/templates, /v1/templates/{id}
//	POST /v1/jobs; GET, DELETE /v1/jobs/{id}; GET /v1/jobs/{id}/result
//	GET  /healthz, /readyz, /metrics, /openapi.json
//
// The web page for methodologists (web*.go, pages and assets embedded from
// web/) is served at / with its forms and job pages (/document, /download,
// /year, /jobs/{id}, /templates/…); it is not in openapi.json, uses the same
// limits, tokens and problems, and answers HTML.
//
// The service is stateless but for background jobs (/v1/jobs: a batch run
// in the background, its zip kept for JobTTL; see jobs.go), which live in
// memory and in JobsDir and are gone after a restart. Every API error is
// application/problem+json (RFC 9457) with a Russian detail and, for documents, the list of problems
// with their JSON paths. Memory is bounded: bodies are limited in size and
// rows, at most MaxInFlight renders run at once and at most MaxQueue
// requests wait for one; beyond that the answer is 429 with Retry-After.
// A render that takes longer than RenderTimeout answers 503.
//
// Routes live here; rendering lives in the engine and the renderers.
package service
