// Package testdoc builds documents in code for the renderers' tests. It is
// apart from testtool so that the tests which use testtool without
// documents (signing, its fuzz targets) do not link pkg/document.
package testdoc

import (
	"testing"

	"github.com/kartograf-ru/kartograf"
	"github.com/kartograf-ru/kartograf/internal/testtool/plans"
	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/templates"
)

// ShortPlan is a valid roadmap whose plan has n measures with short
// cells: a long render whose time goes to rows, not to text layout.
func ShortPlan(n int) *document.Document { return plans.Short(n) }

// ValidShortPlan is ShortPlan(n) with the template version eng picks for
// it, validated against that version: what a renderer is given.
func ValidShortPlan(t testing.TB, eng *kartograf.Engine, n int) (*document.Document, *templates.Version) {
	t.Helper()
	d := ShortPlan(n)
	v, err := eng.Template(d, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := eng.Validate(d, v.Ref()); err != nil {
		t.Fatal(err)
	}
	return d, v
}
