package preflight_test

import (
	"testing"

	"github.com/kartograf-ru/kartograf/internal/preflight"
	"github.com/kartograf-ru/kartograf/internal/preflight/preflighttest"
)

// The valid fixtures also pass qpdf --check and pdfcpu's strict
// validation, the two outside opinions the issue asks for.
func TestPreflight_FixturesPassQPDFAndPDFCPU(t *testing.T) {
	for _, part := range []int{2, 3} {
		preflighttest.Run(t, preflight.Fixture(t, part), part)
	}
}
