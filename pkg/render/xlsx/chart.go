package xlsx

// Chart blocks on a text sheet: the chart's data as a small table of
// cells, a native chart over those cells below it, and the caption under
// the chart, kept on one printed page.

import (
	"fmt"
	"math"

	"github.com/xuri/excelize/v2"

	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/render/view"
)

// chartCols is the number of sheet columns a chart's data takes: the
// categories, a column per series, and the target's.
func chartCols(c *view.Chart) int {
	n := 1 + len(c.Series)
	if c.Target != nil {
		n++
	}
	return n
}

// Geometry of the rows a chart covers. The chart is anchored from the top
// left of its first row to the top left of the row after its last, so it
// takes exactly the rows reserved for it whatever their height: excelize
// measures rows it does not hold (a streamed sheet's) at the sheet's
// default height (excelizeRowPx), and a chart that many pixels × rows
// tall ends on that row's edge.
const (
	chartRowPt    = 15.0 // height of each row under a chart
	chartExtraPx  = 70.0 // category labels and axis under the plot
	chartLegendPx = 28.0 // one line of legend below the plot
	// pageSlack is the share of the printed page height planned with:
	// viewers round row heights (LibreOffice to 1/100 mm), and a chart
	// that is cut by a rounding is cut all the same.
	pageSlack = 0.97
)

// chartLegend reports whether the chart shows a legend: as the view
// says, and always with a target line, whose name is printed nowhere else
// in the chart.
func chartLegend(c *view.Chart) bool { return c.Legend || c.Target != nil }

// chartHeightPx is the height of the chart drawn widthPx wide: the plot
// in the view's proportion plus room for the category labels and the
// legend (a pie: its circle and legend).
func chartHeightPx(c *view.Chart, widthPx float64) float64 {
	h := widthPx*c.Aspect + chartExtraPx
	if c.Type == document.ChartPie {
		h = widthPx * c.Aspect
	}
	if chartLegend(c) {
		// Legend entries wrap onto further lines past about six.
		n := len(c.Series)
		if c.Type == document.ChartPie {
			n = len(c.Categories)
		}
		if c.Target != nil {
			n++
		}
		h += chartLegendPx * math.Ceil(float64(n)/6)
	}
	return h
}

// chartNumFmt is the number format of values with d decimals, marked
// Russian ([$-419]) so that a viewer in any locale prints a decimal comma
// and spaces between thousands, as the other formats do.
func chartNumFmt(d int) string { return "[$-419]" + numFmt(d) }

// chartLabels reports whether the chart's values fit as labels on its
// bars, points or slices without running into each other.
func chartLabels(c *view.Chart) bool {
	switch {
	case c.Type == document.ChartPie:
		return len(c.Categories) <= 12
	case c.Type == document.ChartLine:
		return len(c.Categories) <= 12 && len(c.Series) <= 3
	case c.Stacked:
		return len(c.Categories) <= 12
	}
	return len(c.Categories)*len(c.Series) <= 24
}

// chart writes chart block c from the next row of s: its data (a header
// row with the series' names, a row per category), the chart over those
// cells, and the caption. px are the sheet's column widths; the
// categories take the columns the values leave. The block starts a
// printed page when it would not fit in the rest of the current one, and
// the chart with its caption starts one when the data took the room.
func (b *book) chart(s *sheet, c *view.Chart, px []float64) error {
	n, k := len(px), chartCols(c)
	if k > n {
		return fmt.Errorf("диаграмма «%s»: на листе %d столбцов, а данным нужно %d", c.Title, n, k)
	}
	catCols := n - k + 1                          // the category column spans 1…catCols
	col := func(i int) int { return catCols + i } // sheet column of value column i (1-based)
	catPx := 0.0
	for _, w := range px[:catCols] {
		catPx += w
	}
	hs := b.style(styleKey{border: true, bold: true, fill: true, halign: "center", valign: "center"})
	cs := b.style(styleKey{border: true, halign: "left"})
	vs := b.style(styleKey{border: true, halign: "right", numFmt: chartNumFmt(c.Decimals)})

	// The rows, measured before any is written: where the block starts
	// depends on its height.
	type row struct {
		height float64
		cells  []any
	}
	rows := make([]row, 0, len(c.Categories)+1)
	blank := func(st int) []any {
		cells := make([]any, n)
		for i := range cells {
			cells[i] = excelize.Cell{StyleID: st}
		}
		return cells
	}
	head := blank(hs)
	lines := 1
	names := make([]string, 0, k-1)
	for _, sr := range c.Series {
		names = append(names, sr.Name)
	}
	if c.Target != nil {
		names = append(names, c.Target.Name)
	}
	for i, name := range names {
		head[col(i+1)-1] = str(hs, name)
		lines = max(lines, b.linesOf(name, true, px[col(i+1)-1]))
	}
	rows = append(rows, row{heightOf(lines), head})
	for ci, cat := range c.Categories {
		cells := blank(cs)
		cells[0] = str(cs, cat)
		for si, sr := range c.Series {
			cells[col(si+1)-1] = excelize.Cell{StyleID: vs, Value: sr.Values[ci]}
		}
		if c.Target != nil {
			cells[n-1] = excelize.Cell{StyleID: vs, Value: c.Target.Value}
		}
		rows = append(rows, row{heightOf(b.linesOf(cat, false, catPx)), cells})
	}
	dataPt := 0.0
	for _, r := range rows {
		dataPt += r.height
	}
	widthPx := 0.0
	anchorPx := 0 // the sheet's width as excelize counts it
	for _, w := range px {
		widthPx += w
		anchorPx += int(widthChars(w)*8 + 0.5)
	}
	turn, labelPx := b.turnCategories(c, widthPx)
	captionPt := heightOf(b.linesOf(c.Title, false, widthPx))
	chartRows := int(math.Ceil((chartHeightPx(c, widthPx) + labelPx) * ptPerPx / chartRowPt))
	if s.pageHt > 0 {
		// The chart and its caption on one page, however long the turned
		// labels: the viewer fits them in.
		chartRows = max(min(chartRows, int((s.pageHt*pageSlack-captionPt)/chartRowPt)), 1)
	}
	chartPt := float64(chartRows) * chartRowPt

	s.keep(dataPt + chartPt + captionPt)
	first := s.row + 1
	for _, r := range rows {
		if err := s.put(r.height, r.cells); err != nil {
			return err
		}
		if catCols > 1 {
			if err := s.merge(1, s.row, catCols, s.row); err != nil {
				return err
			}
		}
	}
	last := s.row
	s.keep(chartPt + captionPt)
	top := s.row + 1

	ref := func(col, r1, r2 int) string {
		c := colName(col)
		return fmt.Sprintf("'%s'!$%s$%d:$%s$%d", s.name, c, r1, c, r2)
	}
	cats := ref(1, first+1, last)
	var series, target []excelize.ChartSeries
	// Labels stand inside the pie's slices and the stacked segments,
	// where a zero has no room and is left out.
	inside := c.Type == document.ChartPie || c.Stacked
	labelFmt := chartNumFmt(c.Decimals)
	if inside {
		labelFmt += ";-" + numFmt(c.Decimals) + ";;"
	}
	for si := range c.Series {
		sr := excelize.ChartSeries{
			Name:       fmt.Sprintf("'%s'!$%s$%d", s.name, colName(col(si+1)), first),
			Categories: cats,
			Values:     ref(col(si+1), first+1, last),
		}
		if inside {
			// On the view's dark fills.
			sr.DataLabel.Font = excelize.Font{Family: fontName, Size: axisFontPt, Color: "FFFFFF"}
			sr.DataLabelPosition = excelize.ChartDataLabelsPositionCenter
		} else {
			sr.DataLabel.Font = excelize.Font{Family: fontName, Size: axisFontPt, Color: "000000"}
		}
		if c.Type != document.ChartPie {
			fill := excelize.Fill{Type: "pattern", Color: []string{c.Colors[si]}, Pattern: 1}
			sr.Fill = fill
			if c.Type == document.ChartLine {
				sr.Line = excelize.ChartLine{Width: 2.25}
				sr.Marker = excelize.ChartMarker{Symbol: "circle", Size: 6, Fill: fill}
			}
		}
		series = append(series, sr)
	}
	if c.Target != nil {
		red := excelize.Fill{Type: "pattern", Color: []string{targetColor}, Pattern: 1}
		target = []excelize.ChartSeries{{
			Name:       fmt.Sprintf("'%s'!$%s$%d", s.name, colName(n), first),
			Categories: cats,
			Values:     ref(n, first+1, last),
			Line:       excelize.ChartLine{Width: 1.5, Dash: excelize.ChartDashDash, Fill: red},
			Fill:       red,
			Marker:     excelize.ChartMarker{Symbol: "none"},
		}}
	}
	font := excelize.Font{Family: fontName, Size: 9, Color: "000000"}
	legend := excelize.ChartLegend{Position: "none"}
	if chartLegend(c) {
		legend = excelize.ChartLegend{Position: "bottom", Font: &font}
	}
	no := false
	ch := &excelize.Chart{
		Series:     series,
		Legend:     legend,
		VaryColors: &no,
		Dimension:  excelize.ChartDimension{Width: uint(anchorPx), Height: uint(chartRows * b.excelizeRowPx(s.name))},
		Format:     excelize.GraphicOptions{PrintObject: boolPtr(true), Locked: boolPtr(false)},
		PlotArea: excelize.ChartPlotArea{
			ShowVal: chartLabels(c),
			NumFmt:  excelize.ChartNumFmt{CustomNumFmt: labelFmt},
		},
		XAxis:        excelize.ChartAxis{Font: font, TickLabelSkip: 1},
		ShowBlanksAs: "gap",
	}
	if turn {
		ch.XAxis.Alignment.TextRotation = -90
		// Upright labels stand side by side: a viewer leaves out every
		// other one when their lines are wider than a category's share.
		ch.XAxis.Font.Size = turnedFontPt(len(c.Categories), widthPx)
	}
	switch {
	case c.Type == document.ChartPie:
		ch.Type = excelize.Pie
		yes := true
		ch.VaryColors = &yes
	case c.Type == document.ChartLine:
		ch.Type = excelize.Line
	case c.Stacked:
		ch.Type = excelize.ColStacked
	default:
		ch.Type = excelize.Col
	}
	if c.Type != document.ChartPie {
		lo, hi := c.Axis.Min, c.Axis.Max
		ch.YAxis = excelize.ChartAxis{
			MajorGridLines: true, Font: font, Minimum: &lo, Maximum: &hi, MajorUnit: c.Axis.Step,
			NumFmt: excelize.ChartNumFmt{CustomNumFmt: chartNumFmt(c.Axis.Decimals)},
		}
		if c.Unit != "" {
			ch.YAxis.Title = []excelize.RichTextRun{{Text: c.Unit, Font: &excelize.Font{Family: fontName, Size: 9, Color: "000000"}}}
		}
		if c.Stacked {
			overlap := 100
			ch.Overlap = &overlap
		}
		gap := uint(60)
		ch.GapWidth = &gap
	}
	// The target is a line of its own chart over the same axes, without
	// value labels: its one value is in its name's legend entry and cells.
	var combo []*excelize.Chart
	if len(target) > 0 {
		combo = append(combo, &excelize.Chart{Type: excelize.Line, Series: target, Legend: legend,
			XAxis: ch.XAxis, YAxis: ch.YAxis, VaryColors: &no, ShowBlanksAs: "gap"})
	}
	// The part is finished with what excelize cannot write (fixChart).
	if err := b.addChart("", s, cell(1, top), ch, combo, true, pieColors(c)); err != nil {
		return fmt.Errorf("диаграмма «%s»: %w", c.Title, err)
	}
	for range chartRows {
		if err := s.put(chartRowPt, nil); err != nil {
			return err
		}
	}
	cells := make([]any, n)
	cells[0] = str(b.style(styleKey{halign: "center"}), c.Title)
	if err := s.put(captionPt, cells); err != nil {
		return err
	}
	return s.merge(1, s.row, n, s.row)
}

// targetColor draws the target line: apart from the palette's fills.
const targetColor = "C00000"

// axisFontPt is the size of the chart's axis and legend text.
const axisFontPt = 9.0

// turnedFontPt is the size of upright category labels: axisFontPt, or
// less so that a line of each (1.25 em) fits a category's share of the
// plot, at least 6 pt.
func turnedFontPt(categories int, widthPx float64) float64 {
	slotPt := widthPx * 0.88 / float64(categories) * ptPerPx
	return max(min(axisFontPt, math.Floor(slotPt/1.25)), 6)
}

// turnCategories reports whether the category labels of a bar or line
// chart widthPx wide are turned upright, because a label would not fit
// its share of the width in three lines broken at spaces; and the height
// in pixels the turned labels need beyond the chart's own.
func (b *book) turnCategories(c *view.Chart, widthPx float64) (bool, float64) {
	if c.Type == document.ChartPie || len(c.Categories) == 0 {
		return false, 0
	}
	// The plot takes about nine tenths of the chart's width; the cells'
	// measurer is 11 pt, the labels axisFontPt.
	slot := widthPx * 0.88 / float64(len(c.Categories)) * fontSize / axisFontPt
	turn := false
	longest := 0.0
	for _, cat := range c.Categories {
		longest = max(longest, b.w.reg.Width(cat)/ptPerPx*axisFontPt/fontSize)
		if b.longestWordPx(cat, false) > slot || b.linesOf(cat, false, slot) > 3 {
			turn = true
		}
	}
	if !turn {
		return false, 0
	}
	// Upright labels take their length below the plot, less the room
	// kept for labels lying down.
	return true, max(longest-chartExtraPx/2, 0)
}

func boolPtr(b bool) *bool { return &b }

// excelizeRowPx is the height in pixels excelize gives a row of a sheet
// it holds no row for: the default row height, 15 pt, in its conversion
// to pixels.
func (b *book) excelizeRowPx(string) int {
	return int(math.Ceil(4.0 / 3.4 * 15))
}

// addChart draws ch (with combo) on sheet s from cell (chartcache.go);
// fix finishes the part (fixChart) with a pie's colors; known, when not
// empty, is a key that names all of these.
func (b *book) addChart(known string, s *sheet, from string, ch *excelize.Chart, combo []*excelize.Chart, fix bool, colors []string) error {
	shape, err := b.w.charts.draw(known, s.name, s.ws.cols, from, ch, combo, fix, colors)
	if err != nil {
		return err
	}
	b.wb.addChart(s.ws, &chartDraw{anchor: shape.anchor, xml: shape.xml})
	return nil
}

// pieColors are a pie's per-slice fills, nil for any other chart.
func pieColors(c *view.Chart) []string {
	if c.Type != document.ChartPie {
		return nil
	}
	return c.Colors
}
