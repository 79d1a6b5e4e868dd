package xlsx

// The writer. It follows the layout documented in layout.go; what it adds:
//
//   - Plan sheet: the letterhead takes no blank rows (spacing is added to
//     row heights); stamps follow one another in document order, each on
//     its side, so that a printout reads them in order; a document without a plan block gets a plan sheet with
//     the letterhead only (no header row, no keys) and no «Сводка». Only the
//     first plan block goes to the plan sheet; further plan blocks are
//     printed in «Текст» as tables (they round-trip through the JSON).
//     The hidden key column also holds ColKey in the header row.
//   - Every sheet is written with excelize's StreamWriter (one code path;
//     a stream spills to a temporary file beyond 16 MiB, so a large plan
//     does not stay in memory as cells). The stream writer cannot hide a
//     column, so the zip writer (orderedZip) adds hidden="1" to the key
//     column's <col> element of the plan sheet as it is copied out, and it
//     writes the streamed sheets in a fixed order (the plan sheet first,
//     then the others by part name): excelize writes its streams in map
//     order, which would make the output differ from run to run. The zip
//     goes straight to the caller's writer.
//   - SheetMeta: A1 FormatTag, A2 template id@version, A3 input hash, then
//     the document's JSON (json.Marshal) from A4 down, cut into pieces of at
//     most MaxCellRunes UTF-16 code units at rune boundaries; the cell after
//     the last piece is empty, so a reader concatenates A4, A5, … up to the
//     first empty cell. A JSON that fits stays whole in A4.
//   - «Сводка» counts by COUNTIFS over whole columns of the plan sheet:
//     the key column (wildcard "m<si>.*") and the status column (the
//     label); «Всего» is COUNTIFS on the key alone and «Без статуса» is
//     «Всего» minus the five statuses (an empty or unknown status). Each
//     formula cell carries its value computed from the document as the
//     cached result, and the workbook asks for a full recalculation on load.

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"kartograf/fonts"
	"kartograf/pkg/document"
	"kartograf/pkg/typo"
	"kartograf/templates"
)

// Meta is what the workbook records about its making.
type Meta struct {
	Template  string // id@version; empty: the template version's Ref
	InputHash string // sha256:<hex> of the document's canonical JSON
	Creator   string // kartograf <version>
}

// Writer renders documents as XLSX workbooks. It caches the text measurers
// used to size rows; create one per process and reuse it. It is safe for
// concurrent use.
type Writer struct {
	lib *fonts.Library

	once sync.Once
	err  error
	reg  *typo.Measurer // Liberation Serif (Times New Roman metrics) 11 pt
	bold *typo.Measurer

	flates flatePool
}

// NewWriter returns a writer that loads its measuring fonts through lib (a
// nil lib gets a private one).
func NewWriter(lib *fonts.Library) *Writer {
	if lib == nil {
		lib = new(fonts.Library)
	}
	return &Writer{lib: lib, flates: make(flatePool, 8)}
}

// Workbook typography: every cell is Times New Roman 11 pt; rows are sized
// with Liberation Serif, which has the same metrics.
const (
	fontName   = "Times New Roman"
	fontSize   = 11.0
	lineHeight = fontSize * 1.25 // pt per wrapped line
	rowPad     = 3.0             // pt added to each row
	cellPad    = 2.5             // pt of padding on each side of a cell's text
	maxRowHt   = 409.0           // Excel's limit
	pxPerChar  = 7.0             // maximum digit width of the default font, px
	pxPerMM    = 96 / 25.4
	ptPerPx    = 0.75
)

// maxLines is the number of wrapped lines a row can show.
var maxLines = int(math.Floor((maxRowHt - rowPad) / lineHeight))

// fixedTime stands for "now" in the document properties: the output
// depends only on the input.
const fixedTime = "1980-01-01T00:00:00Z"

func (w *Writer) measurers() error {
	w.once.Do(func() {
		load := func(s fonts.Style) (*typo.Measurer, error) {
			f, err := w.lib.LoadBuiltin(fonts.DefaultName(s))
			if err != nil {
				return nil, err
			}
			fb, err := w.lib.LoadBuiltin(fonts.FallbackName(s))
			if err != nil {
				return nil, err
			}
			return typo.NewMeasurer(typo.Font{Faces: []*fonts.Face{f, fb}, Size: fontSize}), nil
		}
		if w.reg, w.err = load(fonts.Regular); w.err != nil {
			return
		}
		w.bold, w.err = load(fonts.Bold)
	})
	return w.err
}

// Render writes d, laid out with template v, as an XLSX workbook to out.
// The document must have passed validation. The same input gives the same
// bytes.
func (w *Writer) Render(ctx context.Context, out io.Writer, d *document.Document, v *templates.Version, meta Meta) error {
	if d == nil || v == nil {
		return errors.New("xlsx: нет документа или шаблона")
	}
	if err := w.measurers(); err != nil {
		return fmt.Errorf("xlsx: шрифт для расчёта высоты строк: %w", err)
	}
	if meta.Template == "" {
		meta.Template = v.Ref()
	}
	b := &book{
		ctx: ctx, w: w, d: d, m: &v.Manifest, meta: meta,
		f:      excelize.NewFile(),
		styles: map[styleKey]int{},
	}
	defer b.f.Close()
	if err := b.build(); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	zr := zip.NewWriter(out)
	zr.RegisterCompressor(zip.Deflate, w.flates.newFlate)
	zw := &orderedZip{zw: zr, deferred: map[string]bool{}}
	for _, s := range b.streams {
		path := "xl/worksheets/sheet" + strconv.Itoa(s.sw.SheetID) + ".xml"
		if s.name == SheetPlan {
			zw.plan = path
			if b.keyCol > 0 {
				zw.old = []byte(fmt.Sprintf(`<col min="%d" max="%d" width="%s" customWidth="1"/>`, b.keyCol, b.keyCol, strconv.FormatFloat(keyWidth, 'f', -1, 64)))
				zw.new = append(bytes.TrimSuffix(slices.Clone(zw.old), []byte("/>")), ` hidden="1"/>`...)
			}
		} else {
			zw.deferred[path] = true
		}
	}
	b.f.SetZipWriter(func(io.Writer) excelize.ZipWriter { return zw })
	if _, err := b.f.WriteToBuffer(); err != nil {
		return fmt.Errorf("xlsx: запись: %w", err)
	}
	return nil
}

// book is the state of one rendering.
type book struct {
	ctx  context.Context
	w    *Writer
	d    *document.Document
	m    *templates.Manifest
	meta Meta
	f    *excelize.File

	styles  map[styleKey]int
	streams []*sheet
	lines   []typo.Line // scratch for measuring
	keyCol  int         // column of the hidden key on the plan sheet, 0 if none
	err     error
}

// blocks of the document by role.
type parts struct {
	plan      *document.Plan
	passports []*document.Passport
	narrative []*document.Block // headings, paragraphs, lists, tables, signatures, further plans
}

func (b *book) parts() parts {
	var p parts
	for i := range b.d.Body {
		bl := &b.d.Body[i]
		switch {
		case bl.Plan != nil && p.plan == nil:
			p.plan = bl.Plan
		case bl.Passport != nil:
			p.passports = append(p.passports, bl.Passport)
		case bl.Type() != "":
			p.narrative = append(p.narrative, bl)
		}
	}
	return p
}

func (b *book) build() error {
	f := b.f
	p := b.parts()
	// Sheets print in tab order, so the passport — with the letterhead —
	// comes before the plan as in the document; the plan sheet is active.
	var names []string
	if len(p.passports) > 0 {
		names = append(names, SheetPassport)
	}
	names = append(names, SheetPlan)
	if err := f.SetSheetName("Sheet1", names[0]); err != nil {
		return err
	}
	if len(p.narrative) > 0 {
		names = append(names, SheetText)
	}
	if p.plan != nil {
		names = append(names, SheetSummary)
	}
	names = append(names, SheetMeta)
	for _, n := range names[1:] {
		if _, err := f.NewSheet(n); err != nil {
			return err
		}
	}
	if idx, err := f.GetSheetIndex(SheetPlan); err == nil {
		f.SetActiveSheet(idx)
	}
	if err := f.SetSheetVisible(SheetMeta, false, true); err != nil {
		return err
	}
	if err := f.SetDefaultFont(fontName); err != nil {
		return err
	}
	if err := b.properties(); err != nil {
		return err
	}
	if err := b.planSheet(p.plan); err != nil {
		return fmt.Errorf("лист «%s»: %w", SheetPlan, err)
	}
	if len(p.passports) > 0 {
		if err := b.passportSheet(p.passports); err != nil {
			return fmt.Errorf("лист «%s»: %w", SheetPassport, err)
		}
	}
	if len(p.narrative) > 0 {
		if err := b.textSheet(p.narrative); err != nil {
			return fmt.Errorf("лист «%s»: %w", SheetText, err)
		}
	}
	if p.plan != nil {
		if err := b.summarySheet(p.plan); err != nil {
			return fmt.Errorf("лист «%s»: %w", SheetSummary, err)
		}
	}
	if err := b.metaSheet(); err != nil {
		return fmt.Errorf("лист «%s»: %w", SheetMeta, err)
	}
	return nil
}

// properties sets the document properties; no clock is read.
func (b *book) properties() error {
	f, d := b.f, b.d
	when := fixedTime
	if t, err := document.ParseDate(d.Date); d.Date != "" && err == nil {
		when = t.Format("2006-01-02") + "T00:00:00Z"
	}
	desc := b.meta.Creator
	if desc == "" {
		desc = "kartograf"
	}
	if err := f.SetDocProps(&excelize.DocProperties{
		Title:          d.Title,
		Creator:        d.Organization.FullName,
		LastModifiedBy: d.Organization.FullName,
		Subject:        b.meta.Template,
		Keywords:       b.meta.InputHash,
		Language:       "ru-RU",
		Description:    desc,
		Created:        when,
		Modified:       when,
	}); err != nil {
		return err
	}
	if err := f.SetCustomProps(excelize.CustomProperty{Name: "KartografTemplate", Value: b.meta.Template}); err != nil {
		return err
	}
	if err := f.SetCustomProps(excelize.CustomProperty{Name: "KartografInputSHA256", Value: b.meta.InputHash}); err != nil {
		return err
	}
	t := true
	return f.SetCalcProps(&excelize.CalcPropsOptions{FullCalcOnLoad: &t})
}

// ---- styles ----

type styleKey struct {
	bold   bool
	border bool
	fill   bool
	halign string // left, center, right, justify
	valign string // top, center
	indent int
}

func (b *book) style(k styleKey) int {
	if id, ok := b.styles[k]; ok {
		return id
	}
	if k.valign == "" {
		k.valign = "top"
	}
	s := &excelize.Style{
		Font:      &excelize.Font{Family: fontName, Size: fontSize, Bold: k.bold},
		Alignment: &excelize.Alignment{Horizontal: k.halign, Vertical: k.valign, WrapText: true, Indent: k.indent},
	}
	if k.border {
		for _, side := range []string{"left", "top", "right", "bottom"} {
			s.Border = append(s.Border, excelize.Border{Type: side, Color: "000000", Style: 1})
		}
	}
	if k.fill {
		s.Fill = excelize.Fill{Type: "pattern", Color: []string{"F2F2F2"}, Pattern: 1}
	}
	id, err := b.f.NewStyle(s)
	if err != nil && b.err == nil {
		b.err = err
	}
	b.styles[k] = id
	return id
}

func halign(a string) string {
	switch a {
	case "center", "right", "justify":
		return a
	}
	return "left"
}

// ---- measuring ----

// linesOf counts the lines text wraps to in a cell of widthPx pixels.
// longestCellWordPx is the widest word in a plan column's cells, in pixels.
func (b *book) longestCellWordPx(p *document.Plan, key string) float64 {
	w := 0.0
	for si := range p.Sections {
		for ii, m := range p.Sections[si].Items {
			text := CellText(m.Cells[key])
			if key == document.NumberKey {
				text = p.ItemNumber(si, ii)
			}
			w = max(w, b.longestWordPx(text, false))
		}
	}
	return w
}

// longestWordPx is the width in pixels of the widest word of text.
func (b *book) longestWordPx(text string, bold bool) float64 {
	m := b.w.reg
	if bold {
		m = b.w.bold
	}
	w := 0.0
	for _, word := range strings.Fields(text) {
		// Viewers wrap after a hyphen: «психолого-медико-…» is not one word.
		for len(word) > 0 {
			part := word
			if i := strings.IndexByte(word, '-'); i >= 0 && i < len(word)-1 {
				part = word[:i+1]
			}
			w = max(w, m.Width(part))
			word = word[len(part):]
		}
	}
	return w / ptPerPx
}

func (b *book) linesOf(text string, bold bool, widthPx float64) int {
	m := b.w.reg
	if bold {
		m = b.w.bold
	}
	b.lines = typo.AppendWrap(b.lines[:0], m, text, innerPt(widthPx))
	return max(len(b.lines), 1)
}

func lastRune(s string) string {
	_, n := utf8.DecodeLastRuneInString(s)
	return s[len(s)-n:]
}

func innerPt(px float64) float64 { return max(px*ptPerPx-2*cellPad, fontSize) }

func heightOf(lines int) float64 {
	return min(float64(lines)*lineHeight+rowPad, maxRowHt)
}

// chunks cuts text into pieces of at most maxLines wrapped lines, at line
// ends: for the display-only sheets, where a long value continues in the
// next row instead of being cut off by the row height limit.
func (b *book) chunks(text string, bold bool, widthPx float64) []string {
	if b.linesOf(text, bold, widthPx) <= maxLines {
		return []string{text}
	}
	m := b.w.reg
	if bold {
		m = b.w.bold
	}
	var out []string
	var cur strings.Builder
	n := 0
	emit := func() {
		if n > 0 {
			out = append(out, cur.String())
			cur.Reset()
			n = 0
		}
	}
	for para := range strings.SplitSeq(text, "\n") {
		ls := typo.Wrap(m, para, innerPt(widthPx))
		if n+len(ls) <= maxLines {
			if n > 0 {
				cur.WriteByte('\n')
			}
			cur.WriteString(para)
			n += len(ls)
			continue
		}
		for i, ln := range ls {
			if n == maxLines {
				emit()
			}
			switch {
			case n == 0:
			case i == 0:
				cur.WriteByte('\n')
			case !ls[i-1].Hyphen && !strings.ContainsAny(lastRune(ls[i-1].Text), "-/‐–—"):
				cur.WriteByte(' ')
			}
			t := ln.Text
			if ln.Hyphen && n+1 < maxLines {
				t = strings.TrimSuffix(t, "-")
			}
			cur.WriteString(t)
			n++
		}
	}
	emit()
	return out
}

// ---- streamed sheets ----

// sheet writes one worksheet row by row.
type sheet struct {
	b    *book
	name string
	sw   *excelize.StreamWriter
	row  int
	vals []any
}

func (b *book) stream(name string) (*sheet, error) {
	sw, err := b.f.NewStreamWriter(name)
	if err != nil {
		return nil, err
	}
	s := &sheet{b: b, name: name, sw: sw}
	b.streams = append(b.streams, s)
	return s, nil
}

// put writes the next row: cells from column 1 (nil leaves a cell out).
func (s *sheet) put(height float64, cells []any) error {
	s.row++
	var opts []excelize.RowOpts
	if height > 0 {
		opts = append(opts, excelize.RowOpts{Height: math.Round(min(height, maxRowHt)*100) / 100})
	}
	return s.sw.SetRow(cell(1, s.row), cells, opts...)
}

// widths sets the widths of columns 1, 2, …, a run of equal widths at a
// time. The stream writer puts each new <col> first and writes them
// unsorted, so the runs are set last to first.
func (s *sheet) widths(w []float64) error {
	for hi := len(w) - 1; hi >= 0; {
		lo := hi
		for lo > 0 && w[lo-1] == w[hi] {
			lo--
		}
		if err := s.sw.SetColWidth(lo+1, hi+1, w[hi]); err != nil {
			return err
		}
		hi = lo - 1
	}
	return nil
}

func (s *sheet) merge(c1, r1, c2, r2 int) error {
	if c1 == c2 && r1 == r2 {
		return nil
	}
	return s.sw.MergeCell(cell(c1, r1), cell(c2, r2))
}

func cell(col, row int) string {
	name, _ := excelize.ColumnNumberToName(col)
	return name + strconv.Itoa(row)
}

func colName(col int) string {
	name, _ := excelize.ColumnNumberToName(col)
	return name
}

func str(style int, s string) excelize.Cell {
	if s == "" {
		return excelize.Cell{StyleID: style}
	}
	return excelize.Cell{StyleID: style, Value: s}
}

// widthChars converts pixels to an Excel column width (characters of the
// default font's maximum digit width, padding included: px = 7 × width).
func widthChars(px float64) float64 { return math.Round(px/pxPerChar*100) / 100 }

func pxOf(width float64) float64 { return width * pxPerChar }

func mmToPx(mm float64) float64 { return mm * pxPerMM }

// page sets up printing of a sheet: A4, fit to one page wide.
func (b *book) page(name string, landscape bool, footer bool) error {
	f := b.f
	t := true
	if err := f.SetSheetProps(name, &excelize.SheetPropsOptions{FitToPage: &t}); err != nil {
		return err
	}
	size, one, zero := 9, 1, 0
	orient := "portrait"
	if landscape {
		orient = "landscape"
	}
	if err := f.SetPageLayout(name, &excelize.PageLayoutOptions{Size: &size, Orientation: &orient, FitToWidth: &one, FitToHeight: &zero}); err != nil {
		return err
	}
	mg := b.m.Page.Margins
	in := func(mm float64) *float64 { v := math.Round(mm/25.4*1000) / 1000; return &v }
	if err := f.SetPageMargins(name, &excelize.PageLayoutMarginsOptions{
		Top: in(mg.Top), Right: in(mg.Right), Bottom: in(mg.Bottom), Left: in(mg.Left),
		Header: in(8), Footer: in(8),
	}); err != nil {
		return err
	}
	if footer {
		return f.SetHeaderFooter(name, &excelize.HeaderFooterOptions{OddFooter: "&CСтраница &P из &N"})
	}
	return nil
}

// printablePx is the text width of an A4 page with the template's
// side margins.
func (b *book) printablePx(landscape bool) float64 {
	w := 210.0
	if landscape {
		w = 297
	}
	mg := b.m.Page.Margins
	return mmToPx(max(w-mg.Left-mg.Right, 100))
}

// ---- plan sheet ----

// Widths of the monitoring columns and of the key column, in characters.
const (
	statusWidth = 14.0
	noteWidth   = 24.0
	keyWidth    = 12.0
	planPrintMM = 260.0 // the plan's printable width on landscape A4
	maxWordMM   = 42.0  // widest a column grows to keep a word whole
)

type planCol struct {
	key, title, align string
	px                float64
}

// planColumns lays out the plan columns, then Статус and Отметка.
func (b *book) planColumns(p *document.Plan) []planCol {
	cs := p.Columns
	if len(cs) == 0 {
		cs = b.m.Plan.Columns
	}
	avail := mmToPx(planPrintMM) - pxOf(statusWidth) - pxOf(noteWidth)
	total := 0.0
	for _, c := range cs {
		total += weight(c.Width)
	}
	// Each column gets its share of the width, but at least the width of
	// the longest word of its bold title and of its cells (plus a margin
	// for the viewer's rounding) — narrower, Excel and LibreOffice break
	// words in the middle. What the widened columns take comes out of the
	// columns that have room, so the sheet keeps the page's width.
	base := make([]float64, len(cs))
	least := make([]float64, len(cs))
	for i, c := range cs {
		base[i] = weight(c.Width) / total * avail
		word := max(b.longestWordPx(c.Title, true), b.longestCellWordPx(p, c.Key))
		// Capped near the longest ordinary Russian word at 11 pt
		// («общеобразовательными»): longer tokens (numbers, URLs) break anyway.
		least[i] = min(word*1.15+2*cellPad/ptPerPx, mmToPx(maxWordMM))
	}
	final := make([]float64, len(cs))
	excess, room := 0.0, 0.0
	for i := range cs {
		final[i] = max(base[i], least[i])
		excess += final[i] - base[i]
		room += final[i] - least[i]
	}
	if excess > 0 && room > 0 {
		take := min(excess, room)
		for i := range cs {
			final[i] -= (final[i] - least[i]) / room * take
		}
	}
	cols := make([]planCol, 0, len(cs)+2)
	for i, c := range cs {
		cols = append(cols, planCol{key: c.Key, title: c.Title, align: halign(c.Align), px: pxOf(widthChars(final[i]))})
	}
	return append(cols,
		planCol{key: "status", title: ColStatus, align: "center", px: pxOf(statusWidth)},
		planCol{key: "note", title: ColNote, align: "left", px: pxOf(noteWidth)})
}

func weight(w float64) float64 {
	if w <= 0 {
		return 1
	}
	return w
}

func sumPx(cols []planCol) float64 {
	s := 0.0
	for _, c := range cols {
		s += c.px
	}
	return s
}

func (b *book) planSheet(p *document.Plan) error {
	var cols []planCol
	if p != nil {
		cols = b.planColumns(p)
	} else {
		// Letterhead only: the template's columns give the page its width.
		cols = b.planColumns(&document.Plan{})
	}
	nVis := len(cols) // visible columns
	nPlan := nVis - 2 // plan columns
	statusCol := nPlan + 1
	keyCol := nVis + 1 // hidden

	// Rows: letterhead, then header and plan.
	caption := ""
	if p != nil {
		caption = b.planCaption()
	}
	head := b.letterhead(cols, caption)
	headerRow := len(head) + 1
	last := headerRow
	if p != nil {
		for _, s := range p.Sections {
			last += 1 + len(s.Items)
		}
	}

	f := b.f
	if p != nil {
		b.keyCol = keyCol
		// AutoFilter replaces sheetPr, so it comes before the page setup.
		if err := f.AutoFilter(SheetPlan, cell(1, headerRow)+":"+cell(keyCol, last), nil); err != nil {
			return err
		}
	}
	if err := b.page(SheetPlan, true, true); err != nil {
		return err
	}
	if p != nil {
		if err := f.SetDefinedName(&excelize.DefinedName{
			Name: "_xlnm.Print_Titles", Scope: SheetPlan,
			RefersTo: fmt.Sprintf("'%s'!$%d:$%d", SheetPlan, headerRow, headerRow),
		}); err != nil {
			return err
		}
		if last > headerRow {
			dv := excelize.NewDataValidation(true)
			dv.Sqref = cell(statusCol, headerRow+1) + ":" + cell(statusCol, last)
			if err := dv.SetDropList(statusLabels()); err != nil {
				return err
			}
			dv.SetError(excelize.DataValidationErrorStyleStop, ColStatus, "Выберите статус из списка: "+strings.Join(statusLabels(), ", "))
			if err := f.AddDataValidation(SheetPlan, dv); err != nil {
				return err
			}
		}
	}

	s, err := b.stream(SheetPlan)
	if err != nil {
		return err
	}
	widths := make([]float64, len(cols), len(cols)+1)
	for i, c := range cols {
		widths[i] = widthChars(c.px)
	}
	if p != nil {
		widths = append(widths, keyWidth)
	}
	if err := s.widths(widths); err != nil {
		return err
	}
	if p != nil {
		if err := s.sw.SetPanes(&excelize.Panes{
			Freeze: true, YSplit: headerRow, TopLeftCell: cell(1, headerRow+1), ActivePane: "bottomLeft",
			Selection: []excelize.Selection{{SQRef: cell(1, headerRow+1), ActiveCell: cell(1, headerRow+1), Pane: "bottomLeft"}},
		}); err != nil {
			return err
		}
	}
	for _, r := range head {
		if err := s.put(r.height, r.cells); err != nil {
			return err
		}
		for _, m := range r.merges {
			if err := s.merge(m[0], s.row, m[1], s.row); err != nil {
				return err
			}
		}
	}
	if p != nil {
		if err := b.planRows(s, p, cols); err != nil {
			return err
		}
	}
	if b.err != nil {
		return b.err
	}
	return s.sw.Flush()
}

func statusLabels() []string {
	var out []string
	for _, st := range document.Statuses() {
		out = append(out, st.Label())
	}
	return out
}

type headRow struct {
	height float64
	cells  []any
	merges [][2]int // column ranges merged in this row
}

// letterhead lays out the rows above the table: the organisation, the
// stamps (agreements left, approvals right, one line a row, one stamp
// after another), the title and the subtitle.
func (b *book) letterhead(cols []planCol, caption string) []headRow {
	d, m := b.d, b.m
	n := len(cols)
	all := sumPx(cols)
	var rows []headRow
	full := func(text string, bold bool, gap float64) {
		cells := make([]any, n)
		cells[0] = str(b.style(styleKey{bold: bold, halign: "center", valign: "center"}), text)
		rows = append(rows, headRow{
			height: heightOf(b.linesOf(text, bold, all)) + gap,
			cells:  cells, merges: [][2]int{{1, n}},
		})
	}
	if m.Header.Organization {
		if d.Organization.Parent != "" {
			full(d.Organization.Parent, false, 0)
		}
		full(d.Organization.FullName, true, 6)
	}
	if len(d.Approvals) > 0 {
		// Stamp blocks: the fewest columns from each edge as wide as the
		// template's stamp (at most half the page).
		stamp := min(mmToPx(m.Header.StampWidthMM), all/2-mmToPx(5))
		a, acc := 0, 0.0
		for a < n && acc < stamp*0.95 {
			acc += cols[a].px
			a++
		}
		bIdx, acc := n, 0.0 // right block starts at column bIdx (1-based)
		for bIdx > 1 && acc < stamp*0.95 {
			acc += cols[bIdx-1].px
			bIdx--
		}
		bIdx++ // 1-based first column of the right block
		if a >= bIdx {
			a = n / 2
			bIdx = a + 1
		}
		lw := sumPx(cols[:a])
		rw := sumPx(cols[bIdx-1:])
		st := b.style(styleKey{halign: "left"})
		// The stamps follow one another in document order, each on its
		// side, so the printed sheet reads them in order (side by side,
		// their lines would interleave row by row).
		for _, ap := range d.Approvals {
			col, span, width := 1, [2]int{1, a}, lw
			if ap.Placement() != "left" {
				col, span, width = bIdx, [2]int{bIdx, n}, rw
			}
			lines := m.Labels.StampLines(ap)
			for i, line := range lines {
				cells := make([]any, n)
				cells[col-1] = str(st, line)
				gap := 0.0
				if i == len(lines)-1 {
					gap = 6
				}
				rows = append(rows, headRow{
					height: heightOf(b.linesOf(line, false, width)) + gap,
					cells:  cells, merges: [][2]int{span},
				})
			}
		}
	}
	title := d.Title
	if m.Header.TitleUpper {
		title = strings.ToUpper(title)
	}
	if d.Subtitle == "" {
		full(title, true, 6)
	} else {
		full(title, true, 0)
		full(d.Subtitle, true, 6)
	}
	if caption != "" {
		full(caption, true, 3)
	}
	return rows
}

// planCaption is the heading right before the plan in the document («План
// мероприятий …»), printed above the table.
func (b *book) planCaption() string {
	for i := range b.d.Body {
		if b.d.Body[i].Plan != nil {
			if i > 0 && b.d.Body[i-1].Heading != nil {
				return b.d.Body[i-1].Heading.Text
			}
			return ""
		}
	}
	return ""
}

// planRows writes the header row and a row per section and measure.
func (b *book) planRows(s *sheet, p *document.Plan, cols []planCol) error {
	n := len(cols)
	nPlan := n - 2
	row := make([]any, n+1)
	// Top-aligned like the body: every header cell's first line is on the
	// same printed line, so the header reads left to right.
	hdr := b.style(styleKey{bold: b.m.Plan.HeaderBold, border: true, fill: true, halign: "center", valign: "top"})
	lines := 1
	for i, c := range cols {
		row[i] = str(hdr, c.title)
		lines = max(lines, b.linesOf(c.title, b.m.Plan.HeaderBold, c.px))
	}
	row[n] = ColKey
	if err := s.put(heightOf(lines), row); err != nil {
		return err
	}

	cellStyle := make([]int, n)
	for i, c := range cols {
		cellStyle[i] = b.style(styleKey{border: true, halign: c.align})
	}
	secBold := b.m.Plan.SectionBold
	secNum := b.style(styleKey{bold: secBold, border: true, halign: "center"})
	secTitle := b.style(styleKey{bold: secBold, border: true, halign: "center"})
	blank := b.style(styleKey{border: true})
	titleSpan := cols[1].px
	if nPlan >= 2 {
		titleSpan = sumPx(cols[1:nPlan])
	}
	var key []byte
	count := 0
	for si := range p.Sections {
		sec := &p.Sections[si]
		num := p.SectionNumber(si)
		clear(row)
		row[0] = str(secNum, num)
		row[1] = str(secTitle, sec.Title)
		for i := 2; i < n; i++ {
			row[i] = excelize.Cell{StyleID: blank}
		}
		if nPlan >= 2 {
			// merged title cells keep the title's style for the borders
			for i := 2; i < nPlan; i++ {
				row[i] = excelize.Cell{StyleID: secTitle}
			}
		}
		key = strconv.AppendInt(append(key[:0], 's'), int64(si), 10)
		row[n] = string(key)
		lines := max(b.linesOf(num, secBold, cols[0].px), b.linesOf(sec.Title, secBold, titleSpan))
		if err := s.put(heightOf(lines), row); err != nil {
			return err
		}
		if nPlan >= 3 {
			if err := s.merge(2, s.row, nPlan, s.row); err != nil {
				return err
			}
		}
		for ii := range sec.Items {
			ms := &sec.Items[ii]
			lines := 1
			for ci, c := range cols {
				var text string
				switch {
				case ci >= nPlan && c.key == "status":
					text = ms.Status.Label()
				case ci >= nPlan:
					text = ms.Note
				case c.key == document.NumberKey:
					text = p.ItemNumber(si, ii)
				default:
					text = CellText(ms.Cells[c.key])
				}
				row[ci] = str(cellStyle[ci], text)
				if text != "" {
					lines = max(lines, b.linesOf(text, false, c.px))
				}
			}
			key = strconv.AppendInt(append(strconv.AppendInt(append(key[:0], 'm'), int64(si), 10), '.'), int64(ii), 10)
			row[n] = string(key)
			if err := s.put(heightOf(lines), row); err != nil {
				return err
			}
			if count++; count%512 == 0 {
				if err := b.ctx.Err(); err != nil {
					return err
				}
			}
		}
	}
	return b.ctx.Err()
}

// ---- passport ----

func (b *book) passportSheet(ps []*document.Passport) error {
	if err := b.page(SheetPassport, false, true); err != nil {
		return err
	}
	s, err := b.stream(SheetPassport)
	if err != nil {
		return err
	}
	all := b.printablePx(false)
	share := b.m.Passport.LabelWidth
	if share <= 0 || share >= 1 {
		share = 0.25
	}
	lw := widthChars(all * share)
	vw := widthChars(all * (1 - share))
	if err := s.widths([]float64{lw, vw}); err != nil {
		return err
	}
	// The passport sheet opens the workbook: the letterhead goes above it.
	for _, r := range b.letterhead([]planCol{{px: pxOf(lw)}, {px: pxOf(vw)}}, "") {
		if err := s.put(r.height, r.cells); err != nil {
			return err
		}
		for _, m := range r.merges {
			if err := s.merge(m[0], s.row, m[1], s.row); err != nil {
				return err
			}
		}
	}
	bold := b.m.Passport.LabelBold
	ls := b.style(styleKey{bold: bold, border: true})
	vs := b.style(styleKey{border: true})
	for _, p := range ps {
		for _, r := range p.Rows {
			value := CellText(r.Value)
			pieces := b.chunks(value, false, pxOf(vw))
			labelLines := b.linesOf(r.Label, bold, pxOf(lw))
			first := s.row + 1
			for i, piece := range pieces {
				lines := b.linesOf(piece, false, pxOf(vw))
				label := excelize.Cell{StyleID: ls}
				if i == 0 {
					label = str(ls, r.Label)
					if len(pieces) == 1 {
						lines = max(lines, labelLines)
					}
				}
				if err := s.put(heightOf(lines), []any{label, str(vs, piece)}); err != nil {
					return err
				}
			}
			if err := s.merge(1, first, 1, s.row); err != nil {
				return err
			}
		}
	}
	if b.err != nil {
		return b.err
	}
	return s.sw.Flush()
}

// ---- narrative ----

// textSheet prints the narrative blocks in one wide column; generic tables
// (and plans after the first) take as many columns as they need, and
// narrative rows are merged across all of them.
func (b *book) textSheet(blocks []*document.Block) error {
	if err := b.page(SheetText, false, true); err != nil {
		return err
	}
	n := 1
	for _, bl := range blocks {
		switch {
		case bl.Table != nil:
			n = max(n, len(bl.Table.Columns))
		case bl.Plan != nil:
			n = max(n, len(b.planColumns(bl.Plan))-2)
		}
	}
	s, err := b.stream(SheetText)
	if err != nil {
		return err
	}
	all := b.printablePx(false)
	colW := widthChars(all / float64(n))
	if err := s.widths(slices.Repeat([]float64{colW}, n)); err != nil {
		return err
	}
	colPx := pxOf(colW)
	fullPx := colPx * float64(n)
	wide := func(text string, k styleKey) error {
		for _, piece := range b.chunks(text, k.bold, fullPx) {
			cells := make([]any, n)
			cells[0] = str(b.style(k), piece)
			if err := s.put(heightOf(b.linesOf(piece, k.bold, fullPx)), cells); err != nil {
				return err
			}
			if err := s.merge(1, s.row, n, s.row); err != nil {
				return err
			}
		}
		return nil
	}
	// grid writes rows of cells, the last cell of a short row spanning the
	// rest of the columns.
	grid := func(rows [][]string, header, spanFirst []bool) error {
		for ri, r := range rows {
			k := styleKey{border: true, bold: header[ri]}
			if header[ri] {
				k.halign, k.fill = "center", true
			}
			st := b.style(k)
			cells := make([]any, n)
			for i := range cells {
				cells[i] = excelize.Cell{StyleID: st}
			}
			lines := 1
			span := len(r)
			if spanFirst != nil && spanFirst[ri] {
				span = 1
			}
			for i := 0; i < span && i < n; i++ {
				text := r[i]
				cells[i] = str(st, text)
				w := colPx
				if i == span-1 {
					w = colPx * float64(n-i)
				}
				lines = max(lines, b.linesOf(text, k.bold, w))
			}
			if err := s.put(heightOf(lines), cells); err != nil {
				return err
			}
			if span < n {
				if err := s.merge(span, s.row, n, s.row); err != nil {
					return err
				}
			}
		}
		return nil
	}
	for _, bl := range blocks {
		var err error
		switch {
		case bl.Heading != nil:
			a := "center"
			if bl.Heading.Align == "left" {
				a = "left"
			}
			err = wide(bl.Heading.Text, styleKey{bold: true, halign: a})
		case bl.Paragraph != nil:
			a := bl.Paragraph.Align
			if a == "" {
				a = "justify"
			}
			err = wide(bl.Paragraph.Text, styleKey{halign: halign(a)})
		case bl.List != nil:
			text := CellText(document.Content{{List: bl.List}})
			for line := range strings.SplitSeq(text, "\n") {
				if err = wide(line, styleKey{halign: "left"}); err != nil {
					break
				}
			}
		case bl.Table != nil:
			t := bl.Table
			rows := [][]string{make([]string, len(t.Columns))}
			header := []bool{true}
			for i, c := range t.Columns {
				rows[0][i] = c.Title
			}
			for _, r := range t.Rows {
				cells := make([]string, len(r))
				for i, c := range r {
					cells[i] = CellText(c)
				}
				rows = append(rows, cells)
				header = append(header, false)
			}
			err = grid(rows, header, nil)
		case bl.Plan != nil:
			cols := b.planColumns(bl.Plan)
			cols = cols[:len(cols)-2]
			rows := [][]string{make([]string, len(cols))}
			header, span := []bool{true}, []bool{false}
			for i, c := range cols {
				rows[0][i] = c.title
			}
			for si, sec := range bl.Plan.Sections {
				rows = append(rows, []string{strings.TrimSpace(bl.Plan.SectionNumber(si) + " " + sec.Title)})
				header, span = append(header, true), append(span, true)
				for ii, ms := range sec.Items {
					cells := make([]string, len(cols))
					for i, c := range cols {
						if c.key == document.NumberKey {
							cells[i] = bl.Plan.ItemNumber(si, ii)
						} else {
							cells[i] = CellText(ms.Cells[c.key])
						}
					}
					rows = append(rows, cells)
					header, span = append(header, false), append(span, false)
				}
			}
			err = grid(rows, header, span)
		case bl.Signature != nil:
			sg := bl.Signature
			text := sg.Position + "    ____________ " + sg.Name
			if sg.Date != "" {
				text += "\n" + sg.Date
			}
			err = wide(text, styleKey{halign: "left"})
		}
		if err != nil {
			return err
		}
		if err := b.ctx.Err(); err != nil {
			return err
		}
	}
	if b.err != nil {
		return b.err
	}
	return s.sw.Flush()
}

// ---- summary ----

// summarySheet counts measures per section and status with formulas over
// the plan sheet and draws them as a clustered bar chart.
func (b *book) summarySheet(p *document.Plan) error {
	if err := b.page(SheetSummary, true, false); err != nil {
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
	st := len(b.planColumns(p)) - 1 // status column
	statusRange := fmt.Sprintf("'%s'!$%s:$%s", SheetPlan, colName(st), colName(st))
	nStat := len(document.Statuses())
	totals := make([]int, nStat+2)
	first := s.row + 1
	for si, sec := range p.Sections {
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
		row[0] = str(numSt, p.SectionNumber(si))
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
		lines := max(b.linesOf(p.SectionNumber(si), false, pxOf(widths[0])), b.linesOf(sec.Title, false, pxOf(widths[1])))
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
	if err := b.f.AddChart(SheetSummary, cell(1, s.row+2), &excelize.Chart{
		Type:       excelize.Bar,
		VaryColors: &noVary,
		Series:     series,
		Title:      []excelize.RichTextRun{{Text: "Статусы мероприятий по разделам", Font: &excelize.Font{Family: fontName, Size: 12, Bold: true}}},
		Legend:     excelize.ChartLegend{Position: "bottom", Font: &font},
		Dimension:  excelize.ChartDimension{Width: 900, Height: height},
		XAxis:      excelize.ChartAxis{ReverseOrder: true, Font: font},
		YAxis:      excelize.ChartAxis{MajorGridLines: true, Font: font},
	}); err != nil {
		return err
	}
	// AddChart adds the image content types in map order: sort them.
	if ct := b.f.ContentTypes; ct != nil {
		d := ct.Defaults
		sort.SliceStable(d, func(i, j int) bool { return d[i].Extension < d[j].Extension })
	}
	if b.err != nil {
		return b.err
	}
	return s.sw.Flush()
}

// ---- meta ----

func (b *book) metaSheet() error {
	raw, err := json.Marshal(b.d)
	if err != nil {
		return err
	}
	var packed bytes.Buffer
	fw, err := b.w.flates.newFlate(&packed)
	if err != nil {
		return err
	}
	fw.Write(raw)
	if err := fw.Close(); err != nil {
		return err
	}
	data := []byte(MetaPacked + base64.StdEncoding.EncodeToString(packed.Bytes()))
	s, err := b.stream(SheetMeta)
	if err != nil {
		return err
	}
	for _, v := range []string{FormatTag, b.meta.Template, b.meta.InputHash} {
		if err := s.put(0, []any{v}); err != nil {
			return err
		}
	}
	for len(data) > 0 {
		n := utf16Prefix(data, MaxCellRunes)
		if err := s.put(0, []any{string(data[:n])}); err != nil {
			return err
		}
		data = data[n:]
	}
	return s.sw.Flush()
}

// splitUTF16 cuts s at rune boundaries into pieces of at most n UTF-16
// code units (Excel's measure of a cell's length).
func splitUTF16(s string, n int) []string {
	var out []string
	for len(s) > 0 {
		k := utf16Prefix([]byte(s), n)
		out = append(out, s[:k])
		s = s[k:]
	}
	return out
}

// utf16Prefix is the length in bytes of the longest prefix of b that ends
// at a rune boundary and holds at most n UTF-16 code units (at least one
// rune).
func utf16Prefix(b []byte, n int) int {
	units, i := 0, 0
	for i < len(b) {
		r, size := utf8.DecodeRune(b[i:])
		u := 1
		if r >= 0x10000 {
			u = 2
		}
		if units+u > n && i > 0 {
			break
		}
		units += u
		i += size
	}
	return i
}

// ---- zip ----

// orderedZip is the workbook's zip writer. excelize writes its streamed
// sheets first, in map order; orderedZip writes the plan sheet as it
// comes, holds the other streamed sheets (small) and writes them after it
// sorted by name, so the archive is the same on every run. It also hides
// the plan sheet's key column (old → new in the sheet's <cols>), which the
// stream writer cannot. The archive goes straight to the caller's writer.
type orderedZip struct {
	zw       *zip.Writer
	plan     string
	old, new []byte
	deferred map[string]bool
	pending  []pendingPart
	open     *patcher
}

type pendingPart struct {
	name string
	buf  *bytes.Buffer
}

func (z *orderedZip) Create(name string) (io.Writer, error) {
	if err := z.finish(); err != nil {
		return nil, err
	}
	if z.deferred[name] {
		buf := new(bytes.Buffer)
		z.pending = append(z.pending, pendingPart{name, buf})
		return buf, nil
	}
	if name != z.plan {
		if err := z.flush(); err != nil {
			return nil, err
		}
	}
	w, err := z.create(name)
	if err != nil {
		return nil, err
	}
	if name == z.plan && len(z.old) > 0 {
		z.open = &patcher{w: w, old: z.old, new: z.new}
		return z.open, nil
	}
	return w, nil
}

func (z *orderedZip) finish() error {
	if z.open == nil {
		return nil
	}
	err := z.open.finish()
	z.open = nil
	return err
}

func (z *orderedZip) flush() error {
	slices.SortFunc(z.pending, func(a, b pendingPart) int { return strings.Compare(a.name, b.name) })
	for _, p := range z.pending {
		w, err := z.create(p.name)
		if err != nil {
			return err
		}
		if _, err := p.buf.WriteTo(w); err != nil {
			return err
		}
	}
	z.pending = nil
	return nil
}

// Parts are compressed Huffman-only: workbook XML is a few tens of
// kilobytes, and the other levels cost most of the rendering time for a
// small gain in size. Compressors are kept for reuse per Writer (a
// sync.Pool would lose them at every GC).
type flatePool chan *flate.Writer

type pooledFlate struct {
	*flate.Writer
	pool flatePool
}

func (p pooledFlate) Close() error {
	err := p.Writer.Close()
	select {
	case p.pool <- p.Writer:
	default:
	}
	return err
}

func (pool flatePool) newFlate(w io.Writer) (io.WriteCloser, error) {
	select {
	case fw := <-pool:
		fw.Reset(w)
		return pooledFlate{fw, pool}, nil
	default:
	}
	fw, err := flate.NewWriter(w, flate.HuffmanOnly)
	if err != nil {
		return nil, err
	}
	return pooledFlate{fw, pool}, nil
}

// zipTime dates every part (the zip format cannot say "no date").
var zipTime = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)

func (z *orderedZip) create(name string) (io.Writer, error) {
	return z.zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: zipTime})
}

func (z *orderedZip) AddFS(fsys fs.FS) error { return z.zw.AddFS(fsys) }

func (z *orderedZip) Close() error {
	if err := z.finish(); err != nil {
		return err
	}
	if err := z.flush(); err != nil {
		return err
	}
	return z.zw.Close()
}

// patcher replaces the first occurrence of old with new in the first
// 64 KiB written through it, then passes everything through.
type patcher struct {
	w        io.Writer
	old, new []byte
	head     []byte
	done     bool
}

const patchWindow = 64 << 10

func (p *patcher) Write(b []byte) (int, error) {
	if p.done {
		return p.w.Write(b)
	}
	if len(p.head) == 0 {
		// Usually the whole part comes in one write: patch it in place.
		if i := bytes.Index(b, p.old); i >= 0 {
			p.done = true
			for _, piece := range [][]byte{b[:i], p.new, b[i+len(p.old):]} {
				if _, err := p.w.Write(piece); err != nil {
					return 0, err
				}
			}
			return len(b), nil
		}
	}
	p.head = append(p.head, b...)
	if i := bytes.Index(p.head, p.old); i >= 0 {
		p.head = slices.Concat(p.head[:i], p.new, p.head[i+len(p.old):])
		p.done = true
	} else if len(p.head) >= patchWindow {
		p.done = true
	}
	if p.done {
		if _, err := p.w.Write(p.head); err != nil {
			return 0, err
		}
		p.head = nil
	}
	return len(b), nil
}

func (p *patcher) finish() error {
	if p.done {
		return nil
	}
	p.done = true
	_, err := p.w.Write(p.head)
	p.head = nil
	return err
}
