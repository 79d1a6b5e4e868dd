package docx

import (
	"bytes"
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/kartograf-ru/kartograf/internal/lazyre"
	"github.com/kartograf-ru/kartograf/pkg/render/view"
)

// A chart block is a native DrawingML chart: a part word/charts/chartN.xml
// that Word and LibreOffice draw and let the reader edit, with its data in
// an embedded workbook (word/embeddings/Microsoft_Excel_SheetN.xlsx) that
// Word opens on «Изменить данные». The body holds an inline drawing of the
// text width in a paragraph that keeps with the next one, the caption:
// Word and LibreOffice never split an inline drawing, so the chart moves
// to the next page whole and takes its caption along.
//
// Released templates have no slot of their own for a chart, and every
// template prints narrative paragraphs. So the builder gives the template
// a centred paragraph whose Text carries the chart; written alone in its
// paragraph (kxp), that Text becomes the drawing's paragraph and the
// caption's in the template's centred paragraph. A template that wrote it
// inline would print the caption. The parts are added after the template
// ran, for the charts it actually wrote, in the order it wrote them.

const (
	chartRelPrefix = "rIdKartografChart"
	// chartDocPrID numbers the drawings: the QR code's is 31, templates
	// have none of their own.
	chartDocPrID = 5000
	emuPerTwip   = 635
	// chartSpaceBefore separates the drawing from the text above, twips.
	chartSpaceBefore = 120
)

// chartRef is the chart a Text stands for, with the width it is drawn at.
type chartRef struct {
	c     *view.Chart
	width int // twips
	fit   chartFit
}

// drawnChart is a chart the template wrote: its number in the document.
type drawnChart struct {
	ref *chartRef
	n   int
}

// Chart writes a chart block: a centred paragraph that the template prints
// and the engine turns into the drawing and its caption.
func (b *rootBuilder) Chart(c *view.Chart) error {
	w := b.tableWidth(b.landscape)
	ref := &chartRef{c: c, width: w, fit: newChartFit(c, float64(w)*25.4/1440)}
	t := Text{s: c.Title, align: "center", indented: true, chart: ref}
	b.body = append(b.body, Block{Paragraph: &Paragraph{Text: t, Align: "center"}})
	b.charts++
	return nil
}

// errChartInline: a chart needs a paragraph of its own for its drawing.
func errChartInline(t Text) error {
	return fmt.Errorf("диаграмма «%s»: шаблон печатает абзац внутри другого текста, а диаграмме нужен свой абзац", t.s)
}

// chartParas writes the drawing's paragraph and the caption's, the latter
// in the template's paragraph properties, centred and unindented.
func (c *compiled) chartParas(s *state, ctx *pctx, t Text) string {
	n := len(s.charts) + 1
	s.charts = append(s.charts, drawnChart{ref: t.chart, n: n})
	var b strings.Builder
	b.WriteString(`<w:p><w:pPr><w:keepNext/><w:keepLines/>` +
		`<w:spacing w:before="` + strconv.Itoa(chartSpaceBefore) + `" w:after="0" w:line="240" w:lineRule="auto"/>` +
		`<w:ind w:left="0" w:right="0" w:firstLine="0"/><w:jc w:val="center"/></w:pPr>`)
	b.WriteString(chartInline(t.chart, n))
	b.WriteString(`</w:p>`)
	c.paraText(&b, ctx.laidOut(t), ctx.rPr, t.s)
	return b.String()
}

// chartInline is the drawing run: the chart inline, as wide as the text.
func chartInline(r *chartRef, n int) string {
	cx := int64(r.width) * emuPerTwip
	// The plot keeps the view's proportion; turned category labels get
	// the height they need below it.
	cy := int64(float64(cx)*r.c.Aspect+0.5) + int64(r.fit.extraMM*emuPerMM)
	id := strconv.Itoa(chartDocPrID + n)
	return `<w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" distT="0" distB="0" distL="0" distR="0">` +
		`<wp:extent cx="` + strconv.FormatInt(cx, 10) + `" cy="` + strconv.FormatInt(cy, 10) + `"/>` +
		`<wp:effectExtent l="0" t="0" r="0" b="0"/>` +
		`<wp:docPr id="` + id + `" name="Диаграмма ` + strconv.Itoa(n) + `" descr="` + xmlAttr(r.c.Title) + `"/>` +
		`<wp:cNvGraphicFramePr/>` +
		`<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart">` +
		`<c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="` + chartRelPrefix + strconv.Itoa(n) + `"/>` +
		`</a:graphicData></a:graphic></wp:inline></w:drawing></w:r>`
}

// Part names of chart n and of its data.
func chartPart(n int) string     { return "word/charts/chart" + strconv.Itoa(n) + ".xml" }
func chartRelsPart(n int) string { return "word/charts/_rels/chart" + strconv.Itoa(n) + ".xml.rels" }
func chartDataPart(n int) string {
	return "word/embeddings/Microsoft_Excel_Sheet" + strconv.Itoa(n) + ".xlsx"
}

const (
	chartContentType = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
	xlsxContentType  = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	chartRelType     = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart"
	packageRelType   = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/package"
)

// chartFile is one part a chart adds to the package.
type chartFile struct {
	name string
	data []byte
}

// chartFiles are the parts of the charts written: per chart its XML, its
// relationships and its workbook.
func (c *compiled) chartFiles(ctx context.Context, drawn []drawnChart) ([]chartFile, error) {
	var out []chartFile
	for _, d := range drawn {
		// A workbook takes a millisecond or two: many charts take long
		// enough for a caller to give up.
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		data, err := chartWorkbook(ctx, d.ref.c)
		if err != nil {
			return nil, fmt.Errorf("диаграмма «%s»: %w", d.ref.c.Title, err)
		}
		rels := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
			`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="` + packageRelType + `" Target="../embeddings/Microsoft_Excel_Sheet` + strconv.Itoa(d.n) + `.xlsx"/>` +
			`</Relationships>`
		out = append(out,
			chartFile{chartPart(d.n), []byte(chartXML(d.ref.c, d.ref.fit, c.chartFont))},
			chartFile{chartRelsPart(d.n), []byte(rels)},
			chartFile{chartDataPart(d.n), data})
	}
	return out, nil
}

// addCharts rewrites the document's relationships and the content types
// for the charts written, as addQR does for the QR code's picture.
func (c *compiled) addCharts(outs [][]byte, drawn []drawnChart) error {
	for _, p := range c.parts {
		for _, d := range drawn {
			if p.name == chartPart(d.n) || p.name == chartDataPart(d.n) || p.name == chartRelsPart(d.n) {
				return fmt.Errorf("шаблон уже содержит часть %s, которую занимает диаграмма", p.name)
			}
		}
	}
	for i, p := range c.parts {
		src := outs[i]
		if src == nil {
			src = c.pkgParts[p.name]
		}
		var err error
		switch p.name {
		case "word/_rels/document.xml.rels":
			outs[i], err = withChartRels(src, drawn)
		case "[Content_Types].xml":
			outs[i], err = withChartTypes(src, drawn)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func withChartRels(rels []byte, drawn []drawnChart) ([]byte, error) {
	i := bytes.LastIndex(rels, []byte("</Relationships>"))
	if i < 0 {
		return nil, fmt.Errorf("диаграмма: document.xml.rels без Relationships")
	}
	var add strings.Builder
	for _, d := range drawn {
		add.WriteString(`<Relationship Id="` + chartRelPrefix + strconv.Itoa(d.n) + `" Type="` + chartRelType + `" Target="charts/chart` + strconv.Itoa(d.n) + `.xml"/>`)
	}
	return append(append(append([]byte{}, rels[:i]...), add.String()...), rels[i:]...), nil
}

func withChartTypes(types []byte, drawn []drawnChart) ([]byte, error) {
	i := bytes.LastIndex(types, []byte("</Types>"))
	if i < 0 {
		return nil, fmt.Errorf("диаграмма: [Content_Types].xml без Types")
	}
	var add strings.Builder
	if !bytes.Contains(types, []byte(`Extension="xlsx"`)) {
		add.WriteString(`<Default Extension="xlsx" ContentType="` + xlsxContentType + `"/>`)
	}
	for _, d := range drawn {
		add.WriteString(`<Override PartName="/` + chartPart(d.n) + `" ContentType="` + chartContentType + `"/>`)
	}
	return append(append(append([]byte{}, types[:i]...), add.String()...), types[i:]...), nil
}

// docDefaultFont is the document's default typeface from styles.xml, for
// the chart's texts to match the document's.
var docDefaultFontRE = lazyre.New(`(?s)<w:docDefaults>.*?<w:rFonts[^>]*\sw:ascii="([^"]+)"`)

func docDefaultFont(styles []byte) string {
	if m := docDefaultFontRE.FindSubmatch(styles); m != nil {
		return string(m[1])
	}
	return ""
}
