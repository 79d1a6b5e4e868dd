package docx

import "github.com/kartograf-ru/kartograf/pkg/render/view"

// Chart writes a chart block; see view.ErrChartNotDrawn.
func (b *rootBuilder) Chart(*view.Chart) error { return view.ErrChartNotDrawn }
