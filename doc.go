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
package kartograf
