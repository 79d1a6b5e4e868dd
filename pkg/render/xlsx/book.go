package xlsx

// The workbook's parts, written here. excelize.NewFile parsed its default
// parts (the theme, the styles, the workbook) with encoding/xml on every
// render, and the workbook, its relationships and properties were
// marshalled again on every write: with the sheets' rows, half a
// workbook's cost. What a workbook holds is recorded as the sheets are
// laid out (wbook, wsheet) and written as the XML excelize wrote for it,
// part for part and byte for byte (TestSnapshotWorkbooks compares every
// test document's workbook with the writer before; the styles and the
// theme are still made by excelize, once per template version, see
// stylecache.go and partcache.go; a chart is drawn by excelize once per
// shape, see chartcache.go).

import (
	"bytes"
	"context"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/kartograf-ru/kartograf/internal/zipx"
)

// wbook is what the workbook holds besides its sheets' rows.
type wbook struct {
	sheets  []*wsheet // in tab order
	active  int       // index of the active sheet
	defined []definedName
	props   docProps
	custom  [][2]string // name, value
	// charts in the order they were added; each on a sheet's drawing.
	charts []*chartDraw
}

type definedName struct {
	name, refersTo string
	sheet          int // localSheetId
	hidden         bool
}

type docProps struct {
	title, subject, creator, keywords, description, lastModifiedBy, language, created, modified string
}

// wsheet is a worksheet's settings.
type wsheet struct {
	name     string
	id       int // sheetId, from 1 in order of creation
	hidden   bool
	paged    bool // page set up: sheetPr, sheetFormatPr and the print settings
	fit      bool
	filter   string // autoFilter ref
	pageSize int
	orient   string
	fitW     *int
	fitH     *int
	scale    *uint
	margins  [6]float64 // left, right, top, bottom, header, footer
	footer   string
	dv       string // the dataValidations element
	cols     []colWidth
	pane     int // rows frozen above the pane, 0: none
	merges   []byte
	nMerges  int
	breaks   []byte // the rowBreaks element
	drawing  int    // the drawing's number, 0: none
	drawn    []*chartDraw
	rows     *rowData
}

type colWidth struct {
	min, max int
	width    float64
	hidden   bool
}

// chartDraw is a chart as placed in its sheet's drawing.
type chartDraw struct {
	num    int    // chart number in the package
	anchor string // the twoCellAnchor, with id and relationship of the first chart of a drawing
	xml    []byte // the chart part, finished
	sheet  *wsheet
}

func (wb *wbook) sheet(name string) *wsheet {
	for _, s := range wb.sheets {
		if s.name == name {
			return s
		}
	}
	return nil
}

func (wb *wbook) index(name string) int {
	for i, s := range wb.sheets {
		if s.name == name {
			return i
		}
	}
	return -1
}

func (wb *wbook) addSheet(name string) *wsheet {
	s := &wsheet{name: name, id: len(wb.sheets) + 1}
	wb.sheets = append(wb.sheets, s)
	return s
}

func (s *wsheet) merge(ref string) {
	s.merges = append(s.merges, `<mergeCell ref="`...)
	s.merges = append(s.merges, ref...)
	s.merges = append(s.merges, `"/>`...)
	s.nMerges++
}

// addChart places chart c on sheet s.
func (wb *wbook) addChart(s *wsheet, c *chartDraw) {
	if s.drawing == 0 {
		n := 0
		for _, o := range wb.sheets {
			if o.drawing > 0 {
				n++
			}
		}
		s.drawing = n + 1
	}
	c.num = len(wb.charts) + 1
	c.sheet = s
	wb.charts = append(wb.charts, c)
	s.drawn = append(s.drawn, c)
}

func (s *wsheet) path() string { return "xl/worksheets/sheet" + strconv.Itoa(s.id) + ".xml" }

// ---- writing ----

const xmlHeader = `<?xml version="1.0" encoding="UTF-8"?>` + "\n"

// worksheetHead is the start tag excelize's stream writer writes for a
// worksheet (its namespaces), taken once from a blank workbook.
var worksheetHead = sync.OnceValues(func() (string, error) {
	data, err := blankStreamSheet()
	if err != nil {
		return "", err
	}
	i := bytes.Index(data, []byte("<worksheet"))
	j := bytes.IndexByte(data[max(i, 0):], '>')
	if i < 0 || j < 0 {
		return "", errBlank
	}
	return string(data[i : i+j+1]), nil
})

func esc(b *bytes.Buffer, s string) { escapeText(b, s, true) }

// writeSheet writes worksheet s whole, its rows in place.
func (wb *wbook) writeSheet(b *bytes.Buffer, s *wsheet, active bool) (head, tail []byte, err error) {
	ws, err := worksheetHead()
	if err != nil {
		return nil, nil, err
	}
	b.WriteString(xmlHeader)
	b.WriteString(ws)
	if s.paged {
		b.WriteString(`<sheetPr`)
		if s.filter != "" {
			b.WriteString(` filterMode="true"`)
		}
		b.WriteString(`><pageSetUpPr`)
		if s.fit {
			b.WriteString(` fitToPage="true"`)
		}
		b.WriteString(`></pageSetUpPr></sheetPr>`)
	}
	b.WriteString(`<dimension ref="A1"></dimension><sheetViews><sheetView`)
	if active {
		b.WriteString(` tabSelected="true"`)
	}
	b.WriteString(` workbookViewId="0">`)
	if s.pane > 0 {
		top := "A" + strconv.Itoa(s.pane+1)
		b.WriteString(`<pane activePane="bottomLeft" state="frozen" topLeftCell="` + top + `" ySplit="` + strconv.Itoa(s.pane) + `"></pane><selection activeCell="` + top + `" pane="bottomLeft" sqref="` + top + `"></selection>`)
	}
	b.WriteString(`</sheetView></sheetViews>`)
	if s.paged {
		b.WriteString(`<sheetFormatPr defaultRowHeight="15"></sheetFormatPr>`)
	}
	if len(s.cols) > 0 {
		b.WriteString(`<cols>`)
		for _, c := range s.cols {
			b.WriteString(`<col min="` + strconv.Itoa(c.min) + `" max="` + strconv.Itoa(c.max) + `" width="` + strconv.FormatFloat(c.width, 'f', -1, 64) + `" customWidth="1"`)
			if c.hidden {
				b.WriteString(` hidden="1"`)
			}
			b.WriteString(`/>`)
		}
		b.WriteString(`</cols>`)
	}
	b.WriteString(`<sheetData>`)
	head = slices.Clone(b.Bytes())
	b.Reset()
	b.WriteString(`</sheetData>`)
	if s.filter != "" {
		b.WriteString(`<autoFilter ref="` + s.filter + `"></autoFilter>`)
	}
	if s.nMerges > 0 {
		b.WriteString(`<mergeCells count="` + strconv.Itoa(s.nMerges) + `">`)
		b.Write(s.merges)
		b.WriteString(`</mergeCells>`)
	}
	b.WriteString(s.dv)
	if s.paged {
		m := func(name string, v float64) string {
			return ` ` + name + `="` + strconv.FormatFloat(v, 'f', -1, 64) + `"`
		}
		b.WriteString(`<pageMargins` + m("left", s.margins[0]) + m("right", s.margins[1]) + m("top", s.margins[2]) + m("bottom", s.margins[3]) + m("header", s.margins[4]) + m("footer", s.margins[5]) + `></pageMargins>`)
		b.WriteString(`<pageSetup`)
		if s.fitH != nil {
			b.WriteString(` fitToHeight="` + strconv.Itoa(*s.fitH) + `"`)
		}
		if s.fitW != nil {
			b.WriteString(` fitToWidth="` + strconv.Itoa(*s.fitW) + `"`)
		}
		b.WriteString(` orientation="` + s.orient + `" paperSize="` + strconv.Itoa(s.pageSize) + `"`)
		if s.scale != nil {
			b.WriteString(` scale="` + strconv.FormatUint(uint64(*s.scale), 10) + `"`)
		}
		b.WriteString(`></pageSetup>`)
		if s.footer != "" {
			b.WriteString(`<headerFooter><oddFooter>`)
			esc(b, s.footer)
			b.WriteString(`</oddFooter></headerFooter>`)
		}
	}
	b.Write(s.breaks)
	if s.drawing > 0 {
		b.WriteString(`<drawing xmlns:relationships="http://schemas.openxmlformats.org/officeDocument/2006/relationships" relationships:id="rId1"></drawing>`)
	}
	b.WriteString(`</worksheet>`)
	return head, slices.Clone(b.Bytes()), nil
}

const (
	relsHead  = xmlHeader + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`
	relsTail  = `</Relationships>`
	relNS     = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
	ctWorksh  = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
	ctHead    = xmlHeader + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">`
	rootRels  = relsHead + `<Relationship Id="rId3" Target="docProps/app.xml" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties"></Relationship><Relationship Id="rId2" Target="docProps/core.xml" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"></Relationship><Relationship Id="rId1" Target="xl/workbook.xml" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"></Relationship><Relationship Id="rId4" Target="/docProps/custom.xml" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"></Relationship>` + relsTail
	appXML    = xmlHeader + `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><TotalTime>0</TotalTime><Application>Go Excelize</Application></Properties>`
	wbHead    = xmlHeader + `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="x15" xmlns:x15="http://schemas.microsoft.com/office/spreadsheetml/2010/11/main"><fileVersion appName="xl" lastEdited="6" lowestEdited="6" rupBuild="14420"></fileVersion><workbookPr filterPrivacy="true" defaultThemeVersion="164011"></workbookPr><bookViews><workbookView xWindow="0" yWindow="0" windowWidth="14805" windowHeight="8010"`
	chartDefs = `<Default Extension="bmp" ContentType="image/bmp"></Default><Default Extension="emf" ContentType="image/x-emf"></Default><Default Extension="emz" ContentType="image/x-emz"></Default><Default Extension="gif" ContentType="image/gif"></Default><Default Extension="jpeg" ContentType="image/jpeg"></Default><Default Extension="png" ContentType="image/png"></Default><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"></Default><Default Extension="svg" ContentType="image/svg"></Default><Default Extension="tiff" ContentType="image/tiff"></Default><Default Extension="wmf" ContentType="image/x-wmf"></Default><Default Extension="wmz" ContentType="image/x-wmz"></Default><Default Extension="xml" ContentType="application/xml"></Default>`
	plainDefs = `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"></Default><Default Extension="xml" ContentType="application/xml"></Default>`
)

func override(b *bytes.Buffer, part, ct string) {
	b.WriteString(`<Override PartName="/` + part + `" ContentType="` + ct + `"></Override>`)
}

func rel(b *bytes.Buffer, id int, target, typ string) {
	b.WriteString(`<Relationship Id="rId` + strconv.Itoa(id) + `" Target="` + target + `" Type="` + typ + `"></Relationship>`)
}

// wbRID is the relationship id of sheet i (from 0) in the workbook's
// relationships: excelize's blank workbook has its first sheet, the
// styles and the theme; further sheets follow.
func wbRID(i int) int {
	if i == 0 {
		return 1
	}
	return i + 3
}

func (wb *wbook) contentTypes() []byte {
	var b bytes.Buffer
	b.WriteString(ctHead)
	if len(wb.charts) > 0 {
		b.WriteString(chartDefs)
	} else {
		b.WriteString(plainDefs)
	}
	override(&b, "xl/theme/theme1.xml", "application/vnd.openxmlformats-officedocument.theme+xml")
	override(&b, "xl/styles.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml")
	override(&b, "xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml")
	override(&b, "docProps/app.xml", "application/vnd.openxmlformats-officedocument.extended-properties+xml")
	override(&b, "xl/worksheets/sheet1.xml", ctWorksh)
	override(&b, "docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml")
	for _, s := range wb.sheets[1:] {
		override(&b, s.path(), ctWorksh)
	}
	override(&b, "docProps/custom.xml", "application/vnd.openxmlformats-officedocument.custom-properties+xml")
	for _, c := range wb.charts {
		override(&b, "xl/charts/chart"+strconv.Itoa(c.num)+".xml", "application/vnd.openxmlformats-officedocument.drawingml.chart+xml")
		if c.sheet.drawn[0] == c {
			override(&b, "xl/drawings/drawing"+strconv.Itoa(c.sheet.drawing)+".xml", "application/vnd.openxmlformats-officedocument.drawing+xml")
		}
	}
	b.WriteString(`</Types>`)
	return b.Bytes()
}

func (wb *wbook) workbookXML() []byte {
	var b bytes.Buffer
	b.WriteString(wbHead)
	if wb.active > 0 {
		b.WriteString(` activeTab="` + strconv.Itoa(wb.active) + `"`)
	}
	b.WriteString(`></workbookView></bookViews><sheets>`)
	for i, s := range wb.sheets {
		b.WriteString(`<sheet name="`)
		esc(&b, s.name)
		b.WriteString(`" sheetId="` + strconv.Itoa(s.id) + `" r:id="rId` + strconv.Itoa(wbRID(i)) + `"`)
		if s.hidden {
			b.WriteString(` state="veryHidden"`)
		}
		b.WriteString(`></sheet>`)
	}
	b.WriteString(`</sheets>`)
	if len(wb.defined) > 0 {
		b.WriteString(`<definedNames>`)
		for _, d := range wb.defined {
			b.WriteString(`<definedName`)
			if d.hidden {
				b.WriteString(` hidden="true"`)
			}
			b.WriteString(` localSheetId="` + strconv.Itoa(d.sheet) + `" name="`)
			esc(&b, d.name)
			b.WriteString(`">`)
			esc(&b, d.refersTo)
			b.WriteString(`</definedName>`)
		}
		b.WriteString(`</definedNames>`)
	}
	b.WriteString(`<calcPr calcId="122211" fullCalcOnLoad="true"></calcPr></workbook>`)
	return b.Bytes()
}

func (wb *wbook) workbookRels() []byte {
	var b bytes.Buffer
	b.WriteString(relsHead)
	for i, s := range wb.sheets {
		if i == 1 {
			rel(&b, 2, "styles.xml", relNS+"styles")
			rel(&b, 3, "theme/theme1.xml", relNS+"theme")
		}
		rel(&b, wbRID(i), "worksheets/sheet"+strconv.Itoa(s.id)+".xml", relNS+"worksheet")
	}
	if len(wb.sheets) == 1 {
		rel(&b, 2, "styles.xml", relNS+"styles")
		rel(&b, 3, "theme/theme1.xml", relNS+"theme")
	}
	b.WriteString(relsTail)
	return b.Bytes()
}

func (wb *wbook) coreXML() []byte {
	p := &wb.props
	var b bytes.Buffer
	b.WriteString(xmlHeader + `<coreProperties xmlns="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">`)
	el := func(tag, v string, omit bool) {
		if v == "" && omit {
			return
		}
		b.WriteString(`<` + tag + `>`)
		esc(&b, v)
		b.WriteString(`</` + tag + `>`)
	}
	el("dc:title", p.title, true)
	el("dc:subject", p.subject, true)
	el("dc:creator", p.creator, false)
	el("keywords", p.keywords, true)
	el("dc:description", p.description, true)
	el("lastModifiedBy", p.lastModifiedBy, false)
	el("dc:language", p.language, true)
	for _, t := range [][2]string{{"created", p.created}, {"modified", p.modified}} {
		b.WriteString(`<dcterms:` + t[0] + ` xsi:type="dcterms:W3CDTF">`)
		esc(&b, t[1])
		b.WriteString(`</dcterms:` + t[0] + `>`)
	}
	b.WriteString(`</coreProperties>`)
	return b.Bytes()
}

func (wb *wbook) customXML() []byte {
	var b bytes.Buffer
	b.WriteString(xmlHeader + `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">`)
	for i, p := range wb.custom {
		b.WriteString(`<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="` + strconv.Itoa(i+2) + `" name="`)
		esc(&b, p[0])
		b.WriteString(`"><vt:lpwstr>`)
		esc(&b, p[1])
		b.WriteString(`</vt:lpwstr></property>`)
	}
	b.WriteString(`</Properties>`)
	return b.Bytes()
}

func (s *wsheet) drawingXML() []byte {
	var b bytes.Buffer
	b.WriteString(xmlHeader + `<xdr:wsDr xmlns="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing">`)
	for i, c := range s.drawn {
		a := c.anchor
		if i > 0 {
			id := strconv.Itoa(i + 2)
			a = strings.Replace(a, `<xdr:cNvPr id="2" name="Chart 2"`, `<xdr:cNvPr id="`+id+`" name="Chart `+id+`"`, 1)
			a = strings.Replace(a, ` r:id="rId1" `, ` r:id="rId`+strconv.Itoa(i+1)+`" `, 1)
		}
		b.WriteString(a)
	}
	b.WriteString(`</xdr:wsDr>`)
	return b.Bytes()
}

func (s *wsheet) drawingRels() []byte {
	var b bytes.Buffer
	b.WriteString(relsHead)
	for i, c := range s.drawn {
		rel(&b, i+1, "../charts/chart"+strconv.Itoa(c.num)+".xml", relNS+"chart")
	}
	b.WriteString(relsTail)
	return b.Bytes()
}

func (s *wsheet) sheetRels() []byte {
	var b bytes.Buffer
	b.WriteString(relsHead)
	rel(&b, 1, "../drawings/drawing"+strconv.Itoa(s.drawing)+".xml", relNS+"drawing")
	b.WriteString(relsTail)
	return b.Bytes()
}

// part is a part of the package that is not a worksheet.
type part struct {
	name string
	data []byte
}

// write writes the package to z: the plan sheet first, the other sheets by
// part name, then the other parts in reverse order of name, as excelize
// wrote them.
func (wb *wbook) write(z *zipx.Writer, ctx context.Context, plan string, styles, theme []byte) error {
	var buf bytes.Buffer
	sheets := slices.Clone(wb.sheets)
	slices.SortStableFunc(sheets, func(a, b *wsheet) int {
		switch {
		case a.name == plan && b.name != plan:
			return -1
		case b.name == plan && a.name != plan:
			return 1
		}
		return strings.Compare(a.path(), b.path())
	})
	for _, s := range sheets {
		buf.Reset()
		head, tail, err := wb.writeSheet(&buf, s, wb.sheets[wb.active] == s)
		if err != nil {
			return err
		}
		w, err := z.Create(s.path())
		if err != nil {
			return err
		}
		if _, err := w.Write(head); err != nil {
			return err
		}
		if s.rows != nil {
			if err := s.rows.writeTo(ctx, w); err != nil {
				return err
			}
		}
		if _, err := w.Write(tail); err != nil {
			return err
		}
	}
	parts := []part{
		{"[Content_Types].xml", wb.contentTypes()},
		{"_rels/.rels", []byte(rootRels)},
		{"docProps/app.xml", []byte(appXML)},
		{"docProps/core.xml", wb.coreXML()},
		{"docProps/custom.xml", wb.customXML()},
		{"xl/_rels/workbook.xml.rels", wb.workbookRels()},
		{"xl/styles.xml", styles},
		{"xl/theme/theme1.xml", theme},
		{"xl/workbook.xml", wb.workbookXML()},
	}
	for _, s := range wb.sheets {
		if s.drawing == 0 {
			continue
		}
		d := strconv.Itoa(s.drawing)
		parts = append(parts,
			part{"xl/drawings/drawing" + d + ".xml", s.drawingXML()},
			part{"xl/drawings/_rels/drawing" + d + ".xml.rels", s.drawingRels()},
			part{"xl/worksheets/_rels/sheet" + strconv.Itoa(s.id) + ".xml.rels", s.sheetRels()})
	}
	for _, c := range wb.charts {
		parts = append(parts, part{"xl/charts/chart" + strconv.Itoa(c.num) + ".xml", c.xml})
	}
	slices.SortFunc(parts, func(a, b part) int { return strings.Compare(b.name, a.name) })
	for _, p := range parts {
		w, err := z.Create(p.name)
		if err != nil {
			return err
		}
		if _, err := w.Write(p.data); err != nil {
			return err
		}
	}
	return nil
}
