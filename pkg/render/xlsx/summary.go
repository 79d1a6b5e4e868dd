package xlsx

// «Сводка»: counts per section and status, with a chart.

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/xuri/excelize/v2"

	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/render/view"
)

// ---- summary ----

// summarySheet counts measures per section and status with formulas over
// the plan sheet and draws them as a clustered bar chart.
func (b *book) summarySheet(p *view.Plan) error {
	// The counts and the chart on one page while they stay legible.
	scale := fitWidth
	if len(p.Sections) <= 12 {
		scale = fitOne
	}
	if err := b.page(SheetSummary, true, false, scale); err != nil {
		return err
	}
	s, err := b.stream(SheetSummary)
	if err != nil {
		return err
	}
	labels := append(statusLabels(), "Без статуса", "Всего")
	widths := []float64{8, 44}
	for range labels {
		widths = append(widths, 12)
	}
	if err := s.widths(widths); err != nil {
		return err
	}
	hdr := b.style(styleKey{bold: true, border: true, fill: true, halign: "center", valign: "center"})
	numSt := b.style(styleKey{border: true, halign: "center"})
	titleSt := b.style(styleKey{border: true, halign: "left"})
	totSt := b.style(styleKey{bold: true, border: true, halign: "center"})
	totTitle := b.style(styleKey{bold: true, border: true, halign: "left"})

	header := append([]string{"№", "Раздел"}, labels...)
	row := make([]any, len(header))
	lines := 1
	for i, h := range header {
		row[i] = str(hdr, h)
		lines = max(lines, b.linesOf(h, true, pxOf(widths[i])))
	}
	if err := s.put(heightOf(lines), row); err != nil {
		return err
	}

	keyRange := fmt.Sprintf("'%s'!$%s:$%s", SheetPlan, colName(b.keyCol), colName(b.keyCol))
	st := b.keyCol - 2 // status column: the plan sheet's columns are not measured again
	statusRange := fmt.Sprintf("'%s'!$%s:$%s", SheetPlan, colName(st), colName(st))
	nStat := len(document.Statuses())
	totals := make([]int, nStat+2)
	first := s.row + 1
	for si, sec := range p.Sections {
		if si%ctxEvery == 0 {
			if err := b.ctx.Err(); err != nil {
				return err
			}
		}
		r := s.row + 1
		counts := make([]int, nStat+2)
		for _, ms := range sec.Items {
			if k := slices.Index(document.Statuses(), ms.Status); k >= 0 {
				counts[k]++
			} else {
				counts[nStat]++
			}
		}
		counts[nStat+1] = len(sec.Items)
		pattern := "m" + strconv.Itoa(si) + ".*"
		row[0] = str(numSt, sec.Number)
		row[1] = str(titleSt, sec.Title)
		for k := range nStat {
			row[2+k] = excelize.Cell{StyleID: numSt, Value: counts[k],
				Formula: fmt.Sprintf(`COUNTIFS(%s,"%s",%s,"%s")`, keyRange, pattern, statusRange, labels[k])}
		}
		row[2+nStat] = excelize.Cell{StyleID: numSt, Value: counts[nStat],
			Formula: fmt.Sprintf("%s-SUM(%s:%s)", cell(3+nStat+1, r), cell(3, r), cell(2+nStat, r))}
		row[3+nStat] = excelize.Cell{StyleID: numSt, Value: counts[nStat+1],
			Formula: fmt.Sprintf(`COUNTIFS(%s,"%s")`, keyRange, pattern)}
		for k, c := range counts {
			totals[k] += c
		}
		lines := max(b.linesOf(sec.Number, false, pxOf(widths[0])), b.linesOf(sec.Title, false, pxOf(widths[1])))
		if err := s.put(heightOf(lines), row); err != nil {
			return err
		}
	}
	lastSec := s.row
	row[0] = excelize.Cell{StyleID: totSt}
	row[1] = str(totTitle, "Итого")
	for k, t := range totals {
		c := 3 + k
		row[c-1] = excelize.Cell{StyleID: totSt, Value: t, Formula: fmt.Sprintf("SUM(%s:%s)", cell(c, first), cell(c, lastSec))}
	}
	if err := s.put(heightOf(1), row); err != nil {
		return err
	}

	// The chart: one series per status, a category per section.
	colors := []string{"BFBFBF", "4F81BD", "9BBB59", "C0504D", "7F7F7F", "FAC090"}
	var series []excelize.ChartSeries
	for k := range nStat + 1 {
		c := colName(3 + k)
		series = append(series, excelize.ChartSeries{
			Name:       fmt.Sprintf("'%s'!$%s$1", SheetSummary, c),
			Categories: fmt.Sprintf("'%s'!$A$%d:$A$%d", SheetSummary, first, lastSec),
			Values:     fmt.Sprintf("'%s'!$%s$%d:$%s$%d", SheetSummary, c, first, c, lastSec),
			Fill:       excelize.Fill{Type: "pattern", Color: []string{colors[k]}, Pattern: 1},
		})
	}
	height := uint(min(max(120+len(p.Sections)*70, 320), 4000))
	font := excelize.Font{Family: fontName, Size: 10}
	noVary := false
	// Everything the chart shows follows from the number of sections
	// (the sheet, its columns, the rows and colours are fixed).
	known := "summary/" + strconv.Itoa(len(p.Sections))
	if err := b.addChart(known, s, cell(1, s.row+2), &excelize.Chart{
		Type:       excelize.Bar,
		VaryColors: &noVary,
		Series:     series,
		Title:      []excelize.RichTextRun{{Text: "Статусы мероприятий по разделам", Font: &excelize.Font{Family: fontName, Size: 12, Bold: true}}},
		Legend:     excelize.ChartLegend{Position: "bottom", Font: &font},
		Dimension:  excelize.ChartDimension{Width: 900, Height: height},
		XAxis:      excelize.ChartAxis{ReverseOrder: true, Font: font},
		YAxis:      excelize.ChartAxis{MajorGridLines: true, Font: font},
	}, nil, false, nil); err != nil {
		return err
	}
	return b.err
}
