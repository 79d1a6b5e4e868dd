package view

import "errors"

// ErrChartNotDrawn is what a renderer answers for a chart block it cannot
// draw yet; no released template accepts charts (template feature
// "charts"), so a document only meets it through a renderer called
// directly with a view.
var ErrChartNotDrawn = errors.New("диаграмму этот формат пока не рисует")
