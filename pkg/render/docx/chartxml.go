package docx

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/render/view"
)

// The chart part (word/charts/chartN.xml) in the element order of the
// DrawingML chart schema (CT_ChartSpace, CT_Chart, CT_BarChart, CT_BarSer,
// CT_CatAx, CT_ValAx…): Word refuses a part whose children come out of
// order, where LibreOffice forgives it. Every series refers to its column
// of the embedded workbook and caches its values, so the chart draws
// without the workbook and «Изменить данные» finds the same numbers. The
// axis, colours and number of decimals are the view's.

const (
	chartSheet = "Лист1" // Word's own name for a Russian chart's sheet
	// Axis ids: any two numbers, one chart has one pair.
	catAxID = "111111111"
	valAxID = "222222222"
	// targetColor draws the target line: a dark red that reads as
	// «норматив» and keeps apart from the palette's blues and browns.
	targetColor = "C00000"
	chartFontSz = 1000 // hundredths of a point
	labelFontSz = 900
	lineWidth   = 28575 // EMU, 2.25 pt
)

// sheetRef is an absolute reference to cells of the chart's sheet.
func sheetRef(col string, from, to int) string {
	r := "'" + chartSheet + "'!$" + col + "$" + strconv.Itoa(from)
	if to != from {
		r += ":$" + col + "$" + strconv.Itoa(to)
	}
	return r
}

// sheetCol is the column letter of the workbook's i-th column (0 = A):
// categories, then the series, then the target; at most 10 columns.
func sheetCol(i int) string { return string(rune('A' + i)) }

// numFormat is the Excel number format of d decimals with digit groups
// in the Russian locale ([$-419]): Word and LibreOffice print it with a
// decimal comma and spaced groups, as view.ChartNumber writes them,
// whatever the reader's own locale.
func numFormat(d int) string {
	if d <= 0 {
		return "[$-419]#,##0"
	}
	return "[$-419]#,##0." + strings.Repeat("0", d)
}

func xnum(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// chartXML is the chart part of c, its texts in font.
func chartXML(c *view.Chart, fit chartFit, font string) string {
	w := &chartWriter{c: c, font: font, fit: fit}
	b := &w.b
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n")
	b.WriteString(`<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">`)
	b.WriteString(`<c:date1904 val="0"/><c:lang val="ru-RU"/><c:roundedCorners val="0"/>`)
	b.WriteString(`<c:chart><c:autoTitleDeleted val="1"/><c:plotArea><c:layout/>`)
	switch c.Type {
	case document.ChartPie:
		w.pie()
	case document.ChartLine:
		w.lines(0, c.Series, true)
	default:
		w.bars()
		if c.Target != nil {
			w.lines(len(c.Series), nil, false)
		}
	}
	if c.Type != document.ChartPie {
		w.axes()
	}
	b.WriteString(`</c:plotArea>`)
	if c.Legend {
		b.WriteString(`<c:legend><c:legendPos val="b"/><c:overlay val="0"/>`)
		w.txPr(chartFontSz, "", 0)
		b.WriteString(`</c:legend>`)
	}
	b.WriteString(`<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart>`)
	// No border around the chart: the caption under it frames it.
	b.WriteString(`<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>`)
	w.txPr(chartFontSz, "", 0)
	b.WriteString(`<c:externalData r:id="rId1"><c:autoUpdate val="0"/></c:externalData>`)
	b.WriteString(`</c:chartSpace>`)
	return b.String()
}

type chartWriter struct {
	b    strings.Builder
	c    *view.Chart
	font string
	fit  chartFit
}

func (w *chartWriter) bars() {
	b, c := &w.b, w.c
	grouping := "clustered"
	if c.Stacked {
		grouping = "stacked"
	}
	b.WriteString(`<c:barChart><c:barDir val="col"/><c:grouping val="` + grouping + `"/><c:varyColors val="0"/>`)
	for i := range c.Series {
		w.serHead(i, c.Series[i].Name)
		w.fill(c.Colors[i%len(c.Colors)])
		b.WriteString(`<c:invertIfNegative val="0"/>`)
		w.barLabels(i)
		w.catVal(i, c.Series[i].Values)
		b.WriteString(`</c:ser>`)
	}
	b.WriteString(`<c:gapWidth val="` + strconv.Itoa(w.fit.gap) + `"/>`)
	if c.Stacked {
		b.WriteString(`<c:overlap val="100"/>`)
	}
	b.WriteString(`<c:axId val="` + catAxID + `"/><c:axId val="` + valAxID + `"/></c:barChart>`)
}

// lines writes a line chart of series from index first, and the target
// line when the chart has one. markers: the series' points are marked.
func (w *chartWriter) lines(first int, series []view.ChartSeries, markers bool) {
	b, c := &w.b, w.c
	b.WriteString(`<c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>`)
	for i := range series {
		color := c.Colors[i%len(c.Colors)]
		w.serHead(first+i, series[i].Name)
		b.WriteString(`<c:spPr><a:ln w="` + strconv.Itoa(lineWidth) + `" cap="rnd"><a:solidFill><a:srgbClr val="` + color + `"/></a:solidFill><a:round/></a:ln></c:spPr>`)
		if markers {
			b.WriteString(`<c:marker><c:symbol val="circle"/><c:size val="6"/><c:spPr><a:solidFill><a:srgbClr val="` + color + `"/></a:solidFill><a:ln><a:solidFill><a:srgbClr val="` + color + `"/></a:solidFill></a:ln></c:spPr></c:marker>`)
		}
		w.lineLabels(first + i)
		w.catVal(first+i, series[i].Values)
		b.WriteString(`<c:smooth val="0"/></c:ser>`)
	}
	if t := c.Target; t != nil {
		w.target(first + len(series))
	}
	b.WriteString(`<c:marker val="1"/><c:axId val="` + catAxID + `"/><c:axId val="` + valAxID + `"/></c:lineChart>`)
}

// target is the target line: a dashed series without markers at the
// target's value in every category, its name and value printed once,
// where the values leave room, so that it reads without the legend.
func (w *chartWriter) target(i int) {
	b, c := &w.b, w.c
	w.serHead(i, c.Target.Name)
	b.WriteString(`<c:spPr><a:ln w="19050" cap="flat"><a:solidFill><a:srgbClr val="` + targetColor + `"/></a:solidFill><a:prstDash val="dash"/><a:round/></a:ln></c:spPr>`)
	b.WriteString(`<c:marker><c:symbol val="none"/></c:marker>`)
	b.WriteString(`<c:dLbls><c:dLbl><c:idx val="` + strconv.Itoa(w.fit.targetAt) + `"/>`)
	w.numFmt(c.Decimals)
	b.WriteString(`<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>`)
	w.txPr(labelFontSz, targetColor, 0)
	b.WriteString(`<c:dLblPos val="` + w.fit.targetPos + `"/><c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/><c:showSerName val="1"/><c:showPercent val="0"/><c:showBubbleSize val="0"/><c:separator>: </c:separator></c:dLbl>`)
	// The other points print nothing.
	b.WriteString(`<c:showLegendKey val="0"/><c:showVal val="0"/><c:showCatName val="0"/><c:showSerName val="0"/><c:showPercent val="0"/><c:showBubbleSize val="0"/></c:dLbls>`)
	vals := make([]float64, len(c.Categories))
	for k := range vals {
		vals[k] = c.Target.Value
	}
	w.catVal(i, vals)
	b.WriteString(`<c:smooth val="0"/></c:ser>`)
}

func (w *chartWriter) pie() {
	b, c := &w.b, w.c
	b.WriteString(`<c:pieChart><c:varyColors val="1"/>`)
	s := c.Series[0]
	w.serHead(0, s.Name)
	for k := range c.Categories {
		b.WriteString(`<c:dPt><c:idx val="` + strconv.Itoa(k) + `"/><c:bubble3D val="0"/>`)
		b.WriteString(`<c:spPr><a:solidFill><a:srgbClr val="` + c.Colors[k%len(c.Colors)] + `"/></a:solidFill><a:ln w="12700"><a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill></a:ln></c:spPr></c:dPt>`)
	}
	// A slice too thin for its value keeps it in the legend's order and
	// the data, not on the drawing.
	b.WriteString(`<c:dLbls>`)
	for k, ok := range w.fit.pieLabels {
		if !ok {
			b.WriteString(`<c:dLbl><c:idx val="` + strconv.Itoa(k) + `"/><c:delete val="1"/></c:dLbl>`)
		}
	}
	w.numFmt(c.Decimals)
	b.WriteString(`<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>`)
	w.txPr(labelFontSz, "FFFFFF", 0)
	b.WriteString(`<c:dLblPos val="ctr"/><c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/><c:showSerName val="0"/><c:showPercent val="0"/><c:showBubbleSize val="0"/><c:showLeaderLines val="0"/></c:dLbls>`)
	w.catVal(0, s.Values)
	b.WriteString(`</c:ser><c:firstSliceAng val="0"/></c:pieChart>`)
}

// serHead opens series i with its name from the workbook's first row.
func (w *chartWriter) serHead(i int, name string) {
	b := &w.b
	b.WriteString(`<c:ser><c:idx val="` + strconv.Itoa(i) + `"/><c:order val="` + strconv.Itoa(i) + `"/>`)
	b.WriteString(`<c:tx><c:strRef><c:f>` + plainText(sheetRef(sheetCol(i+1), 1, 1)) + `</c:f><c:strCache><c:ptCount val="1"/><c:pt idx="0"><c:v>` + plainText(name) + `</c:v></c:pt></c:strCache></c:strRef></c:tx>`)
}

func (w *chartWriter) fill(color string) {
	w.b.WriteString(`<c:spPr><a:solidFill><a:srgbClr val="` + color + `"/></a:solidFill></c:spPr>`)
}

// catVal writes the categories (column A) and series i's values (its
// column), both cached.
func (w *chartWriter) catVal(i int, vals []float64) {
	b, c := &w.b, w.c
	n := len(c.Categories)
	b.WriteString(`<c:cat><c:strRef><c:f>` + plainText(sheetRef("A", 2, n+1)) + `</c:f><c:strCache><c:ptCount val="` + strconv.Itoa(n) + `"/>`)
	for k, cat := range c.Categories {
		b.WriteString(`<c:pt idx="` + strconv.Itoa(k) + `"><c:v>` + plainText(cat) + `</c:v></c:pt>`)
	}
	b.WriteString(`</c:strCache></c:strRef></c:cat>`)
	b.WriteString(`<c:val><c:numRef><c:f>` + plainText(sheetRef(sheetCol(i+1), 2, n+1)) + `</c:f><c:numCache><c:formatCode>` + plainText(numFormat(c.Decimals)) + `</c:formatCode><c:ptCount val="` + strconv.Itoa(n) + `"/>`)
	for k, v := range vals {
		if k >= n {
			break
		}
		b.WriteString(`<c:pt idx="` + strconv.Itoa(k) + `"><c:v>` + xnum(v) + `</c:v></c:pt>`)
	}
	b.WriteString(`</c:numCache></c:numRef></c:val>`)
}

func (w *chartWriter) numFmt(d int) {
	w.b.WriteString(`<c:numFmt formatCode="` + xmlAttr(numFormat(d)) + `" sourceLinked="0"/>`)
}

// barLabels are series i's value labels: above a grouped column, inside a
// stacked one (white on the dark fill), each only where it fits.
func (w *chartWriter) barLabels(i int) {
	b, c := &w.b, w.c
	if !w.fit.values {
		b.WriteString(`<c:dLbls><c:delete val="1"/></c:dLbls>`)
		return
	}
	b.WriteString(`<c:dLbls>`)
	for k := range c.Categories {
		if !w.fit.segment(i, k) {
			b.WriteString(`<c:dLbl><c:idx val="` + strconv.Itoa(k) + `"/><c:delete val="1"/></c:dLbl>`)
		}
	}
	w.numFmt(c.Decimals)
	b.WriteString(`<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>`)
	pos, color := "outEnd", ""
	if c.Stacked {
		pos, color = "ctr", "FFFFFF"
	}
	w.txPr(labelFontSz, color, 0)
	b.WriteString(`<c:dLblPos val="` + pos + `"/><c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/><c:showSerName val="0"/><c:showPercent val="0"/><c:showBubbleSize val="0"/></c:dLbls>`)
}

// lineLabels are series i's value labels above its points, when they fit.
func (w *chartWriter) lineLabels(i int) {
	b, c := &w.b, w.c
	if !w.fit.values {
		b.WriteString(`<c:dLbls><c:delete val="1"/></c:dLbls>`)
		return
	}
	b.WriteString(`<c:dLbls>`)
	w.numFmt(c.Decimals)
	b.WriteString(`<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>`)
	w.txPr(labelFontSz, c.Colors[i%len(c.Colors)], 0)
	b.WriteString(`<c:dLblPos val="t"/><c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/><c:showSerName val="0"/><c:showPercent val="0"/><c:showBubbleSize val="0"/></c:dLbls>`)
}

// axes are the category axis below and the view's value axis at the left,
// its title the chart's unit.
func (w *chartWriter) axes() {
	b, c := &w.b, w.c
	grey := `<c:spPr><a:ln w="9525"><a:solidFill><a:srgbClr val="808080"/></a:solidFill></a:ln></c:spPr>`
	b.WriteString(`<c:catAx><c:axId val="` + catAxID + `"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="b"/>`)
	b.WriteString(`<c:numFmt formatCode="General" sourceLinked="0"/><c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="low"/>`)
	b.WriteString(grey)
	w.txPr(w.fit.catSz, "", w.fit.catRot)
	b.WriteString(`<c:crossAx val="` + valAxID + `"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>`)

	a := c.Axis
	b.WriteString(`<c:valAx><c:axId val="` + valAxID + `"/><c:scaling><c:orientation val="minMax"/>`)
	if a.Step > 0 {
		b.WriteString(`<c:max val="` + xnum(a.Max) + `"/><c:min val="` + xnum(a.Min) + `"/>`)
	}
	b.WriteString(`</c:scaling><c:delete val="0"/><c:axPos val="l"/>`)
	b.WriteString(`<c:majorGridlines><c:spPr><a:ln w="6350"><a:solidFill><a:srgbClr val="D9D9D9"/></a:solidFill></a:ln></c:spPr></c:majorGridlines>`)
	if c.Unit != "" {
		b.WriteString(`<c:title><c:tx><c:rich><a:bodyPr rot="-5400000" vert="horz"/><a:lstStyle/><a:p><a:pPr>`)
		w.defRPr(chartFontSz, "")
		b.WriteString(`</a:pPr><a:r><a:rPr lang="ru-RU" sz="` + strconv.Itoa(chartFontSz) + `" b="0"/><a:t>` + plainText(c.Unit) + `</a:t></a:r></a:p></c:rich></c:tx><c:overlay val="0"/></c:title>`)
	}
	b.WriteString(`<c:numFmt formatCode="` + xmlAttr(numFormat(a.Decimals)) + `" sourceLinked="0"/>`)
	b.WriteString(`<c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>`)
	b.WriteString(grey)
	w.txPr(chartFontSz, "", 0)
	b.WriteString(`<c:crossAx val="` + catAxID + `"/><c:crosses val="autoZero"/><c:crossBetween val="between"/>`)
	if a.Step > 0 {
		b.WriteString(`<c:majorUnit val="` + xnum(a.Step) + `"/>`)
	}
	b.WriteString(`</c:valAx>`)
}

// txPr is the text of an element: size in hundredths of a point, colour
// ("" for black), rotation in 60 000ths of a degree.
func (w *chartWriter) txPr(sz int, color string, rot int) {
	b := &w.b
	b.WriteString(`<c:txPr><a:bodyPr`)
	if rot != 0 {
		b.WriteString(` rot="` + strconv.Itoa(rot) + `" vert="horz"`)
	}
	b.WriteString(`/><a:lstStyle/><a:p><a:pPr>`)
	w.defRPr(sz, color)
	b.WriteString(`</a:pPr><a:endParaRPr lang="ru-RU"/></a:p></c:txPr>`)
}

func (w *chartWriter) defRPr(sz int, color string) {
	b := &w.b
	b.WriteString(`<a:defRPr sz="` + strconv.Itoa(sz) + `" b="0">`)
	if color != "" {
		b.WriteString(`<a:solidFill><a:srgbClr val="` + color + `"/></a:solidFill>`)
	}
	if w.font != "" {
		f := xmlAttr(w.font)
		b.WriteString(`<a:latin typeface="` + f + `"/><a:cs typeface="` + f + `"/>`)
	}
	b.WriteString(`</a:defRPr>`)
}

// chartFit is what fits on the drawing, estimated in millimetres from the
// chart's width and the labels' lengths: Word and LibreOffice print a
// label whether it fits or not, so the engine leaves out those that would
// overlap a neighbour or overflow their column or slice.
type chartFit struct {
	c *view.Chart
	// values: the value labels fit across the categories.
	values bool
	// gap is the gap between column groups, percent of a column.
	gap int
	// catRot turns the category labels upright (60 000ths of a degree)
	// when a word of one is wider than its category; catSz is their size
	// and extraMM the height added below the plot for them.
	catRot  int
	catSz   int
	extraMM float64
	// plotH is the plot's height, mm; pieLabels per slice.
	plotH     float64
	pieLabels []bool
	// targetAt is the category whose point carries the target's label,
	// targetPos where the label stands ("t" above, "b" below the line).
	targetAt  int
	targetPos string
}

const (
	labelCharMM = 1.45 // an average character of a serif face at 9 pt
	labelLineMM = 4.0  // a line of 9 pt text
	catCharMM   = 1.6  // at 10 pt
	maxExtraMM  = 110  // turned labels longer than this are cut by the reader
)

func newChartFit(c *view.Chart, widthMM float64) chartFit {
	f := chartFit{c: c, gap: 80, catSz: chartFontSz}
	// The plot is most of the chart: the value axis and its title at the
	// left, the category labels and the legend below.
	plotW := widthMM * 0.85
	f.plotH = widthMM * c.Aspect * 0.65
	n := len(c.Categories)
	longest := 0
	for _, s := range c.Series {
		for _, l := range s.Labels {
			longest = max(longest, utf8.RuneCountInString(l))
		}
	}
	labelW := float64(longest)*labelCharMM + 1
	slot := plotW / float64(max(n, 1)) // one category
	switch c.Type {
	case document.ChartPie:
		total := 0.0
		for _, v := range c.Series[0].Values {
			total += v
		}
		// A slice holds its label when its arc at the label's radius is
		// longer than the label is wide.
		r := f.plotH / 2 * 0.6
		for _, v := range c.Series[0].Values {
			f.pieLabels = append(f.pieLabels, total > 0 && v/total*2*math.Pi*r >= labelW)
		}
		return f
	case document.ChartBar:
		if c.Stacked || len(c.Series) == 1 {
			f.values = slot/1.8 >= labelW // the column with its gap
		} else {
			f.gap = 50
			f.values = slot/(float64(len(c.Series))+0.5) >= labelW
		}
	default:
		f.values = len(c.Series) <= 2 && slot >= labelW
	}
	f.targetAt, f.targetPos = targetLabel(c)
	catWord, catLen := 0, 0
	for _, cat := range c.Categories {
		catLen = max(catLen, utf8.RuneCountInString(cat))
		for _, word := range strings.Fields(cat) {
			catWord = max(catWord, utf8.RuneCountInString(word))
		}
	}
	// A label wraps between words; when its longest word is wider than
	// its category, the labels stand upright, a size smaller, and the
	// drawing grows by their length so that the plot keeps its height.
	if float64(catWord)*catCharMM > slot {
		f.catRot, f.catSz = -5400000, labelFontSz
		f.extraMM = min(float64(catLen)*labelCharMM, maxExtraMM)
	}
	return f
}

// targetLabel places the target's name where it is farthest from the
// values, above the line where they are all below it, else below it.
func targetLabel(c *view.Chart) (int, string) {
	if c.Target == nil {
		return 0, "t"
	}
	best, at, pos := -1.0, 0, "t"
	for k := range c.Categories {
		lo, hi, sum := math.Inf(1), math.Inf(-1), 0.0
		for _, s := range c.Series {
			if k < len(s.Values) {
				lo, hi, sum = min(lo, s.Values[k]), max(hi, s.Values[k]), sum+s.Values[k]
			}
		}
		if c.Stacked {
			lo, hi = sum, sum
		}
		t := c.Target.Value
		d, p := t-hi, "t" // every value below the line
		if lo-t > d {
			d, p = lo-t, "b" // every value above it
		}
		if d > best {
			best, at, pos = d, k, p
		}
	}
	return at, pos
}

// segment reports whether series i's value label fits category k's
// column: always for a grouped column (the label stands above it), in a
// stacked column only when its part is tall enough for a line of text.
func (f chartFit) segment(i, k int) bool {
	if !f.c.Stacked {
		return true
	}
	span := f.c.Axis.Max - f.c.Axis.Min
	if span <= 0 || k >= len(f.c.Series[i].Values) {
		return false
	}
	return f.c.Series[i].Values[k]/span*f.plotH >= labelLineMM
}
