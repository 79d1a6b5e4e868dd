package pdf

import "github.com/kartograf-ru/kartograf/pkg/render/view"

// Chart draws a chart block; see view.ErrChartNotDrawn.
func (l *layout) Chart(*view.Chart) error { return view.ErrChartNotDrawn }
