//go:build !race

// The 100 000-row renders here take seconds, and minutes under the race
// detector, whose slowdown would also make their timing meaningless. The
// bounds are generous (a second) because the test machine is shared; a
// render that does not look at its context goes for seconds.

package pdf_test

import (
	"context"
	"io"
	"testing"
	"time"

	"github.com/kartograf-ru/kartograf/internal/testtool"
	"github.com/kartograf-ru/kartograf/internal/testtool/testdoc"
	"github.com/kartograf-ru/kartograf/pkg/render/pdf"
)

// TestCancelledRenderStops renders 100 000 rows to PDF: a cancelled
// context stops the render at once; a live one is looked at often enough
// through layout, drawing and compression that a render stops within a
// fraction of a second of its caller giving up.
func TestCancelledRenderStops(t *testing.T) {
	if testing.Short() {
		t.Skip("renders 100 000 rows")
	}
	d, v := testdoc.ValidShortPlan(t, testdoc.Engine(t), 100_000)
	r := pdf.NewRenderer(nil)
	testtool.CheckRenderStops(t, time.Second, func(ctx context.Context, w io.Writer) error {
		return r.Render(ctx, w, d, v, pdf.Info{})
	})
}
