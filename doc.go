// Package kartograf turns structured data about Russian school improvement
// roadmaps («дорожные карты») and their analyses into official documents
// from versioned templates.
//
// The one call most users need:
//
//	eng, err := kartograf.New(kartograf.Options{})
//	doc, err := document.Decode(r)
//	res, err := eng.Render(ctx, w, doc, kartograf.RenderOptions{Format: kartograf.PDF})
//
// Render validates the document against the template (column set, fonts)
// first and returns a *document.ValidationError listing every problem.
// An Engine caches parsed fonts and templates; create one per process.
//
// # Layers
//
// A package imports only packages of its own layer or of a lower one, so
// that a change low down never needs one higher up. From the bottom:
//
//  0. base: pkg/document, fonts, pkg/sign, pkg/jobs, pkg/pdfsource (reads
//     the source JSON attached to a PDF/A-3u), third_party/gopdf/... and
//     internal/... (every internal package not named below: small helpers
//     such as internal/atomicfile and internal/csvsafe that know nothing
//     above them), internal/preflight (the PDF/A rules; it reads files
//     with pdfcpu and internal/pdfobj)
//  1. templates and typography: templates, pkg/typo
//  2. view: pkg/render/view (the presentation model every renderer reads)
//  3. renderers: pkg/render/pdf, pkg/render/docx, pkg/render/xlsx — they
//     never import one another
//  4. importers: pkg/xlsximport (reads an edited workbook back into a
//     document; it lays the stored copy out again with the XLSX writer)
//  5. engine: the root package kartograf
//  6. services: pkg/registry, pkg/rollover, pkg/analysis, pkg/batch,
//     pkg/service, pkg/service/config (the service's settings without
//     the service, for the CLI)
//  7. commands: cmd/kartograf and internal/cli (its commands),
//     cmd/kartograf-serve (the HTTP service; kartograf serve starts it),
//     cmd/kartograf-load, deploy/healthcheck, internal/openapidump,
//     scripts/peerbench (the peers' comparison loop)
//  8. test helpers: internal/testtool/..., internal/csvsafe/csvcheck,
//     internal/textcheck, internal/preflight/preflighttest (imported by
//     tests only)
//
// Test files are exempt: a renderer's tests may use the engine. The test
// TestLayers in layers_test.go holds every non-test import to this order.
package kartograf
