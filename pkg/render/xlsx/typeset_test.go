package xlsx

import (
	"context"
	"testing"

	"github.com/kartograf-ru/kartograf/internal/testtool/testtpl"
	"github.com/kartograf-ru/kartograf/pkg/render/view"
	"github.com/kartograf-ru/kartograf/pkg/typo"
	"github.com/kartograf-ru/kartograf/templates"
)

// A version that breaks optimally sizes each row for the lines the PDF
// sets its text in (view.Setting, the same breaks at the column's width)
// and never below what Excel's own wrap needs; a released version sizes
// rows by the greedy wrap alone, as before.
func TestRowHeightsFollowTheSetting(t *testing.T) {
	d := writeLoad(t, "testdata", "seeds", "001_49fbf96383fe353c.json")
	var texts []string
	for _, bl := range d.Body {
		if bl.Plan != nil {
			for _, s := range bl.Plan.Sections {
				for _, m := range s.Items {
					for _, k := range []string{"title", "responsible", "actions", "product"} {
						if s := CellText(m.Cells[k]); s != "" {
							texts = append(texts, s)
						}
					}
				}
			}
		}
	}
	book := func(optimal bool) *book {
		tv := testtpl.Edited(t, d.Template, "", func(m *templates.Manifest) {
			if optimal {
				m.Version = "9.9.9"
			}
		})
		v, err := view.Build(context.Background(), d, tv, view.Meta{})
		if err != nil {
			t.Fatal(err)
		}
		if v.Setting.Optimal() != optimal {
			t.Fatalf("%s: optimal %v", tv.Ref(), v.Setting.Optimal())
		}
		b := &book{w: writeShared, v: v}
		if err := b.w.measurers(); err != nil {
			t.Fatal(err)
		}
		return b
	}
	legacy, optimal := book(false), book(true)
	differ := 0
	for _, px := range []float64{pxOf(16), pxOf(28), pxOf(50)} {
		for _, text := range texts {
			wrap := len(typo.AppendWrap(nil, writeShared.reg, text, innerPt(px)))
			set := len(optimal.v.Setting.Cell(nil, writeShared.reg, text, innerPt(px)))
			if set != wrap {
				differ++
			}
			if got := legacy.linesOf(text, false, px); got != max(wrap, 1) {
				t.Errorf("released version: %d lines for %q, the greedy wrap has %d", got, text, wrap)
			}
			if got := optimal.linesOf(text, false, px); got < set || got < wrap || got != max(set, wrap, 1) {
				t.Errorf("optimal version: %d lines for %q at %.0f px: the PDF's breaks have %d, Excel's wrap %d", got, text, px, set, wrap)
			}
		}
	}
	if differ == 0 {
		t.Error("the setting and the greedy wrap never differ: the test cannot tell which the rows follow")
	}
	t.Logf("%d of %d cell × width cases break differently", differ, 3*len(texts))
}
