package xlsx

// The writer. It follows the layout documented in layout.go; what it adds:
//
//   - The letterhead takes no blank rows (spacing is added to row
//     heights). A document without a plan block has no plan sheet and no
//     «Сводка». Only the first plan block goes to the plan sheet; further
//     plan blocks are printed on a text sheet as tables (they round-trip
//     through the JSON).
//     The hidden key column also holds ColKey in the header row.
//   - Every sheet's rows are written as XML as they come (rows.go) and
//     spill to a temporary file beyond 16 MiB, so a large plan does not
//     stay in memory; the rest of the package is written around them
//     (book.go) as excelize wrote it, without excelize (its styles and
//     theme are made once and cached, its charts drawn once per shape):
//     the plan sheet first, then the other sheets by part name, then the
//     other parts; the key column hidden and the Normal style's size set
//     (normalSize). The zip goes straight to the caller's writer.
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
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"sync"

	"github.com/xuri/excelize/v2"

	"github.com/kartograf-ru/kartograf/fonts"
	"github.com/kartograf-ru/kartograf/internal/zipx"
	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/render/view"
	"github.com/kartograf-ru/kartograf/pkg/typo"
	"github.com/kartograf-ru/kartograf/templates"
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

	// phase, when set (by tests), is told when each stage of a render
	// begins: measure, rows, summary, meta, zip.
	phase func(name string)

	// parts holds the deflated parts workbooks repeat (theme, styles, a
	// batch's shared plan sheet): see partCache.
	parts *zipx.PartCache
	// styleTrie holds the style sheets workbooks make (stylecache.go).
	styleTrie *styleTrie
	// charts holds the charts drawn (chartcache.go).
	charts *chartCache
}

// NewWriter returns a writer that loads its measuring fonts through lib (a
// nil lib gets a private one).
func NewWriter(lib *fonts.Library) *Writer {
	if lib == nil {
		lib = new(fonts.Library)
	}
	return &Writer{lib: lib, parts: newPartCache(), styleTrie: newStyleTrie(), charts: newChartCache()}
}

// Workbook typography: every cell is Times New Roman 11 pt; rows are sized
// with Liberation Serif, which has the same metrics.
//
// Rows are as tall as the viewers draw the wrapped text (row heights are
// what a printout's page count comes from). Measured by printing rows of
// the seeds' texts at several column widths with LibreOffice
// (TestRowHeightsFitLibreOffice): it advances 12.2 pt a line (the face's
// ascent + descent, 1.107 em) and wraps within the column's width less
// 1.2–1.3 pt a side (less, and it wraps lines the row has no room for;
// more, and rows get a line too many). Rows were sized at 13.75 pt a
// line, a third too tall; 12.25 pt a line keeps every row within one
// line of what LibreOffice shows (Excel, which rounds a line to whole
// pixels, could not be measured here). Columns are 7 px a character in
// both viewers (normalSize).
const (
	fontName   = "Times New Roman"
	fontSize   = 11.0
	lineHeight = 12.25 // pt per wrapped line
	rowPad     = 2.5   // pt added to each row
	cellPad    = 1.25  // pt of padding on each side of a cell's text
	maxRowHt   = 409.0 // Excel's limit
	pxPerChar  = 7.0   // maximum digit width of the default font, px
	pxPerMM    = 96 / 25.4
	ptPerPx    = 0.75
)

// maxLines is the number of wrapped lines a row can show.
var maxLines = int(math.Floor((maxRowHt - rowPad) / lineHeight))

// ctxEvery is how many rows a loop handles between looks at the context:
// a cancelled render (its client went away) stops within a few
// milliseconds, at the cost of one atomic load per 64 rows.
const ctxEvery = 64

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
// bytes. It builds the presentation model (view.Build) and writes that
// (RenderView).
func (w *Writer) Render(ctx context.Context, out io.Writer, d *document.Document, v *templates.Version, meta Meta) error {
	if d == nil || v == nil {
		return errNoDocument
	}
	vw, err := view.Build(ctx, d, v, view.Meta{Template: meta.Template, InputHash: meta.InputHash, Creator: meta.Creator})
	if err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	return w.render(ctx, out, vw, nil)
}

// RenderView writes the view v as an XLSX workbook to out. Everything the
// sheets show comes from v; v.Doc is stored on the meta sheet so that the
// importer (pkg/xlsximport) can start from it. The same view gives the
// same bytes.
func (w *Writer) RenderView(ctx context.Context, out io.Writer, v *view.View) error {
	return w.render(ctx, out, v, nil)
}

var errNoDocument = errors.New("xlsx: нет документа или шаблона")

func (w *Writer) render(ctx context.Context, out io.Writer, v *view.View, onCell TraceFunc) error {
	if v == nil || v.Doc == nil || v.Version == nil {
		return errNoDocument
	}
	if err := w.measurers(); err != nil {
		return fmt.Errorf("xlsx: шрифт для расчёта высоты строк: %w", err)
	}
	meta := v.Meta
	if meta.Template == "" {
		meta.Template = v.Version.Ref()
	}
	if err := checkCellLengths(ctx, v); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	b := &book{
		ctx: ctx, w: w, v: v, m: v.Manifest(), meta: meta, onCell: onCell,
		wb:     &wbook{},
		styles: map[styleKey]int{},
	}
	if w.styleTrie != nil {
		b.styleAt = w.styleTrie.root
	} else {
		// Without the trie the book makes its styles on a workbook of
		// its own.
		f, _, err := replayStyles(nil)
		if err != nil {
			return fmt.Errorf("xlsx: стили: %w", err)
		}
		b.styleFile = f
	}
	defer func() {
		// A plan of many thousand rows is streamed through a temporary
		// file, and unlinking tens of megabytes takes 50–150 ms on some
		// file systems. A render its caller gave up on returns at once
		// and leaves the removal to a goroutine; a finished one removes
		// the file before it returns, so nothing outlives a success.
		if ctx.Err() != nil {
			go b.close()
			return
		}
		b.close()
	}()
	if err := b.build(); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	for _, s := range b.streams {
		if s.name == SheetPlan && b.keyCol > 0 {
			// The key column is hidden.
			for i := range s.ws.cols {
				if c := &s.ws.cols[i]; c.min == b.keyCol && c.max == b.keyCol {
					c.hidden = true
				}
			}
		}
		s.ws.breaks = rowBreaksXML(s.breaks)
	}
	styles, err := b.stylesXML()
	if err != nil {
		return fmt.Errorf("xlsx: стили: %w", err)
	}
	theme, err := themeXML()
	if err != nil {
		return fmt.Errorf("xlsx: тема: %w", err)
	}
	b.enter("zip")
	// Zipping a large plan sheet takes seconds: zipx looks at the context
	// on every write and every MiB, so a cancelled render stops here too.
	zw := zipx.NewWriter(ctx, out, w.zipOptions()...)
	if err := b.wb.write(zw, ctx, SheetPlan, styles, theme); err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("xlsx: %w", ctx.Err())
		}
		return fmt.Errorf("xlsx: запись: %w", err)
	}
	if err := zw.Close(); err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("xlsx: %w", ctx.Err())
		}
		return fmt.Errorf("xlsx: запись: %w", err)
	}
	return ctx.Err()
}

// book is the state of one rendering.
type book struct {
	ctx  context.Context
	w    *Writer
	v    *view.View
	m    *templates.Manifest // page geometry only; the rest is in v
	meta view.Meta
	wb   *wbook

	styles    map[styleKey]int
	styleAt   *styleNode     // the style trie's node for the styles asked so far; nil: made on styleFile
	styleFile *excelize.File // past the style trie's bound: the book's styles
	streams   []*sheet
	lines     []typo.Line // scratch for measuring
	keyCol    int         // column of the hidden key on the plan sheet, 0 if none
	onCell    TraceFunc
	err       error
}

// blocks of the view by role, and the sheets in the order the body first
// shows them.
type parts struct {
	plan      *view.Plan
	caption   *view.Heading // the heading right before the plan, printed above the table
	passports []*view.Passport
	// narrative are the headings, paragraphs, lists, tables, signatures
	// and further plans, a run per text sheet (TextSheet(i) has
	// narrative[i]): a run that follows a plan or passport sheet goes on a
	// text sheet of its own after it, so that the sheets read in order
	// read the body in order.
	narrative [][]*view.Block
	sheets    []string // SheetPassport, SheetPlan, TextSheet(i) in body order
}

func (b *book) parts() parts {
	var p parts
	// The caption is the body element right before the first plan, when
	// it is a heading («План мероприятий …»): it prints above the table
	// and nowhere else.
	caption := -1
	for i := range b.v.Blocks {
		if bl := &b.v.Blocks[i]; bl.Kind == view.KindPlan {
			if i > 0 && b.v.Blocks[i-1].Index == bl.Index-1 && b.v.Blocks[i-1].Kind == view.KindHeading {
				caption = i - 1
			}
			break
		}
	}
	sheet := func(name string) {
		if !slices.Contains(p.sheets, name) {
			p.sheets = append(p.sheets, name)
		}
	}
	for i := range b.v.Blocks {
		bl := &b.v.Blocks[i]
		switch {
		case i == caption:
			p.caption = bl.Heading
		case bl.Kind == view.KindPlan && p.plan == nil:
			p.plan = bl.Plan
			sheet(SheetPlan)
		case bl.Kind == view.KindPassport:
			p.passports = append(p.passports, bl.Passport)
			sheet(SheetPassport)
		default:
			// A new text sheet unless the last sheet is a text sheet.
			if n := len(p.narrative); n == 0 || p.sheets[len(p.sheets)-1] != TextSheet(n-1) {
				p.narrative = append(p.narrative, nil)
				sheet(TextSheet(len(p.narrative) - 1))
			}
			p.narrative[len(p.narrative)-1] = append(p.narrative[len(p.narrative)-1], bl)
		}
	}
	if len(p.sheets) == 0 {
		// Nothing but the letterhead: it goes on «Текст».
		p.sheets = []string{SheetText}
	}
	return p
}

func (b *book) build() error {
	wb := b.wb
	p := b.parts()
	// Sheets print in tab order: the body's order. The first sheet carries
	// the letterhead; the plan sheet, when there is one, is active.
	names := slices.Clone(p.sheets)
	if p.plan != nil {
		names = append(names, SheetSummary)
	}
	names = append(names, SheetMeta)
	for _, n := range names {
		wb.addSheet(n)
	}
	wb.active = max(wb.index(SheetPlan), 0)
	wb.sheet(SheetMeta).hidden = true
	b.properties()
	texts := 0
	for i, name := range p.sheets {
		head := i == 0
		var err error
		switch name {
		case SheetPlan:
			err = b.planSheet(p.plan, p.caption, head)
		case SheetPassport:
			err = b.passportSheet(p.passports, head)
		default:
			var run []*view.Block
			if texts < len(p.narrative) {
				run = p.narrative[texts]
			}
			err = b.textSheet(name, run, head)
			texts++
		}
		if err != nil {
			return fmt.Errorf("лист «%s»: %w", name, err)
		}
	}
	if p.plan != nil {
		b.enter("summary")
		if err := b.summarySheet(p.plan); err != nil {
			return fmt.Errorf("лист «%s»: %w", SheetSummary, err)
		}
	}
	if err := b.ctx.Err(); err != nil {
		return err
	}
	b.enter("meta")
	if err := b.metaSheet(); err != nil {
		return fmt.Errorf("лист «%s»: %w", SheetMeta, err)
	}
	return nil
}

// close removes the temporary files of the sheets' rows.
func (b *book) close() {
	if b.styleFile != nil {
		_ = b.styleFile.Close()
	}
	for _, s := range b.streams {
		s.rows.close()
	}
}

func (b *book) enter(phase string) {
	if b.w.phase != nil {
		b.w.phase(phase)
	}
}

// properties sets the document properties; no clock is read. Title and
// author are the view's (title and subtitle, the organisation), as in the
// other formats; the subject is the template reference, as this format has
// always recorded it.
func (b *book) properties() {
	d := b.v.Doc
	when := fixedTime
	// The document's date as written («30.08.2023г.», ««15» мая 2023 г.»);
	// text that is not one date leaves the fixed time.
	if t, err := document.ParseWrittenDate(d.Date); d.Date != "" && err == nil {
		when = t.Time().Format("2006-01-02") + "T00:00:00Z"
	}
	desc := b.meta.Creator
	if desc == "" {
		desc = "kartograf"
	}
	b.wb.props = docProps{
		title:          b.meta.Title,
		creator:        b.meta.Author,
		lastModifiedBy: b.meta.Author,
		subject:        b.meta.Template,
		keywords:       b.meta.InputHash,
		language:       "ru-RU",
		description:    desc,
		created:        when,
		modified:       when,
	}
	b.wb.custom = [][2]string{{"KartografTemplate", b.meta.Template}, {"KartografInputSHA256", b.meta.InputHash}}
}

// ---- styles ----

type styleKey struct {
	bold   bool
	border bool
	fill   bool
	halign string // left, center, right, justify
	valign string // top, center
	indent int
	numFmt string // a number format («#,##0.0») for numeric cells, "" for text
}

func (b *book) style(k styleKey) int {
	if id, ok := b.styles[k]; ok {
		return id
	}
	key := k
	if k.valign == "" {
		k.valign = "top"
	}
	if id, ok := b.cachedStyle(k); ok {
		b.styles[key] = id
		return id
	}
	id, err := 0, errBlank
	if b.styleFile != nil {
		id, err = b.styleFile.NewStyle(excelizeStyle(k))
	}
	if err != nil && b.err == nil {
		b.err = err
	}
	b.styles[key] = id
	return id
}

// excelizeStyle is the style k stands for (valign already defaulted).
func excelizeStyle(k styleKey) *excelize.Style {
	s := &excelize.Style{
		Font:      &excelize.Font{Family: fontName, Size: fontSize, Bold: k.bold},
		Alignment: &excelize.Alignment{Horizontal: k.halign, Vertical: k.valign, WrapText: true, Indent: k.indent},
	}
	if k.numFmt != "" {
		s.CustomNumFmt = &k.numFmt
	}
	if k.border {
		for _, side := range []string{"left", "top", "right", "bottom"} {
			s.Border = append(s.Border, excelize.Border{Type: side, Color: "000000", Style: 1})
		}
	}
	if k.fill {
		s.Fill = excelize.Fill{Type: "pattern", Color: []string{"F2F2F2"}, Pattern: 1}
	}
	return s
}

func halign(a string) string {
	switch a {
	case "center", "right", "justify":
		return a
	}
	return "left"
}
