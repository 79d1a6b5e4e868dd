package kartograf_test

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kartograf-ru/kartograf"
	"github.com/kartograf-ru/kartograf/internal/testtool/extract"
	"github.com/kartograf-ru/kartograf/internal/testtool/testtpl"
	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/templates"
)

// The cross-format table (issue 12): one row per manifest option and per
// document option that affects layout. Each row renders PDF, DOCX and
// XLSX and asserts the same outcome in all three — the texts and their
// order, the alignment of paragraphs and headings, list markers, and the
// relative widths of table columns within 1 % — read back from the files
// themselves (internal/testtool/extract), not from the renderers' code.
// The DOCX is also converted by LibreOffice, in one soffice call for the
// whole table, and its text, order and alignment are read from that PDF:
// that is what a reader of the DOCX sees.

// xfBase is the released version every row starts from.
const xfBase = "school-roadmap@1.1.0"

// xfID is the id of the rows' edited copies: not a built-in id, so that
// no released version is shadowed.
const xfID = "xf-school"

const (
	xfOrgSource = `МКОУ "Средняя школа № 7"`
	xfOrg       = "МКОУ «Средняя школа №\u00a07»" // as typography prints it
	xfTitle     = "Дорожная карта развития школы"
)

// xfRow is one row of the table.
type xfRow struct {
	name string
	// edit changes a copy of the released manifest; nil renders the
	// released version itself.
	edit func(m *templates.Manifest)
	doc  *document.Document
	want xfWant
	// extra holds checks that are not the same in every format (say so
	// where it is used).
	extra func(t *testing.T, o *xfOut)
}

// xfWant is a row's outcome, the same in every format.
type xfWant struct {
	order  []string  // printed in this order (as typography prints them)
	absent []string  // printed nowhere
	align  []xfAlign // alignment of paragraphs, headings and cells
	// widths are the plan's column weights; the columns must be printed
	// in that ratio within 1 %. cols names their titles.
	widths []float64
	cols   []string
}

// xfAlign is a text's expected alignment; indentMM, when not NaN, is
// its first-line indent.
type xfAlign struct {
	text     string
	align    string
	indentMM float64
}

var noIndent = math.NaN()

// xfOut is one row's rendered files, read back; a format whose reader is
// missing is nil (its subtest is skipped, or fails under
// KARTOGRAF_REQUIRE_TOOLS=1).
type xfOut struct {
	m    *templates.Manifest
	pdf  *extract.PDFText
	docx *extract.DocxText
	lo   *extract.PDFText // the DOCX as LibreOffice prints it
	xlsx *extract.XLSXText
}

func xfDoc(body ...document.Block) *document.Document {
	return &document.Document{
		Kind:         document.KindRoadmap,
		Organization: document.Organization{FullName: xfOrgSource},
		Title:        xfTitle,
		Body:         body,
	}
}

// xfLong is a paragraph of about four lines on the landscape page, made
// of short words so that no line is hyphenated.
func xfLong(first string) string {
	var b strings.Builder
	b.WriteString(first)
	words := []string{"план", "работы", "школы", "на", "год", "включает", "меры", "по", "учёту", "итогов", "и", "сроки"}
	for i := range 80 {
		b.WriteString(" ")
		b.WriteString(words[(i*7)%len(words)])
	}
	b.WriteString(".")
	return b.String()
}

func xfPara(text, align string) document.Block {
	return document.Block{Paragraph: &document.Paragraph{Text: text, Align: align}}
}

func xfHeading(text string, level int, align string) document.Block {
	return document.Block{Heading: &document.Heading{Text: text, Level: level, Align: align}}
}

// xfPlan is a plan with one section and a measure per row; cells are
// given in column order.
func xfPlan(cols []document.Column, rows ...[]string) document.Block {
	p := &document.Plan{Columns: cols, Sections: []document.Section{{Title: "Организация работы"}}}
	keys := []string{"title", "deadline", "responsible"}
	if cols != nil {
		keys = keys[:0]
		for _, c := range cols {
			keys = append(keys, c.Key)
		}
	}
	for _, r := range rows {
		m := document.Measure{Cells: map[string]document.Content{}}
		for i, v := range r {
			if keys[i] != document.NumberKey {
				m.Cells[keys[i]] = document.Text(v)
			}
		}
		p.Sections[0].Items = append(p.Sections[0].Items, m)
	}
	return document.Block{Plan: p}
}

func xfCols(widths ...float64) []document.Column {
	all := []document.Column{
		{Key: "title", Title: "Мероприятие"}, {Key: "deadline", Title: "Срок"},
		{Key: "responsible", Title: "Исполнитель"}, {Key: "product", Title: "Итог"},
	}
	out := all[:len(widths)]
	for i := range out {
		out[i].Width = widths[i]
	}
	return out
}

func xfTitles(cs []document.Column) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Title)
	}
	return out
}

func xfRows() []xfRow {
	var rows []xfRow

	// Column widths: mixed and omitted, from the document and from the
	// template. Cells hold short words (see checkWidths for XLSX).
	short := [][]string{{"Сбор", "Май", "Завуч"}}
	for _, w := range [][]float64{{2, 0, 0}, {0, 0, 0}} {
		cols := xfCols(w...)
		rows = append(rows, xfRow{
			name: fmt.Sprintf("widths %v", w),
			doc:  xfDoc(xfPlan(cols, short...)),
			want: xfWant{order: []string{"Мероприятие", "Срок", "Исполнитель", "Сбор", "Май", "Завуч"},
				widths: w, cols: xfTitles(cols)},
		})
	}
	numbered := append([]document.Column{{Key: document.NumberKey, Title: "№", Width: 8}}, xfCols(52, 18, 22)...)
	rows = append(rows, xfRow{
		name: "widths [8 52 18 22]",
		doc:  xfDoc(xfPlan(numbered, []string{"", "Сбор", "Май", "Завуч"})),
		want: xfWant{order: []string{"Мероприятие", "Сбор", "Май", "Завуч"},
			widths: []float64{8, 52, 18, 22}, cols: xfTitles(numbered)},
	})
	tcols := []document.Column{
		{Key: "title", Title: "Мероприятие", Width: 3, Required: true},
		{Key: "deadline", Title: "Срок"},
		{Key: "responsible", Title: "Исполнитель", Width: 1},
	}
	rows = append(rows, xfRow{
		name: "template widths [3 0 1]",
		edit: func(m *templates.Manifest) { m.Plan.Columns = tcols },
		doc:  xfDoc(xfPlan(nil, short...)),
		want: xfWant{order: []string{"Мероприятие", "Сбор"}, widths: []float64{3, 0, 1}, cols: xfTitles(tcols)},
	})

	// Paragraph alignment: the template's default and the paragraph's own.
	indent := 12.5
	justified, leftText := xfLong("Первый абзац по ширине:"), xfLong("Второй абзац слева:")
	rows = append(rows, xfRow{
		name: "paragraph default, narrative.justify=true",
		doc:  xfDoc(xfPara(justified, ""), xfPara(leftText, "left")),
		want: xfWant{order: []string{justified, leftText}, align: []xfAlign{
			{justified, "justify", indent}, {leftText, "left", indent}}},
	})
	plainLeft, ownJustify := xfLong("Абзац без выравнивания:"), xfLong("Абзац по ширине явно:")
	rows = append(rows, xfRow{
		name: "paragraph default, narrative.justify=false",
		edit: func(m *templates.Manifest) { m.Narrative.Justify = false },
		doc:  xfDoc(xfPara(plainLeft, ""), xfPara(ownJustify, "justify")),
		want: xfWant{order: []string{plainLeft, ownJustify}, align: []xfAlign{
			{plainLeft, "left", indent}, {ownJustify, "justify", indent}}},
	})
	flat, flatLeft := xfLong("Абзац без отступа:"), xfLong("Абзац слева без отступа:")
	noIndentPara := func(text, align string) document.Block {
		b := xfPara(text, align)
		off := false
		b.Paragraph.Indent = &off
		return b
	}
	rows = append(rows, xfRow{
		name: "paragraph indent false",
		doc:  xfDoc(noIndentPara(flat, ""), noIndentPara(flatLeft, "left"), xfPara(justified, "")),
		want: xfWant{order: []string{flat, flatLeft, justified}, align: []xfAlign{
			{flat, "justify", 0}, {flatLeft, "left", 0}, {justified, "justify", indent}}},
	})
	right, centre := xfLong("Абзац справа:"), xfLong("Абзац по центру:")
	rows = append(rows, xfRow{
		name: "paragraph right and center",
		doc:  xfDoc(xfPara(right, "right"), xfPara(centre, "center")),
		want: xfWant{order: []string{right, centre}, align: []xfAlign{
			{right, "right", 0}, {centre, "center", 0}}},
	})

	// Headings: levels 1 and 2 centred, 3 left, unless they say otherwise.
	rows = append(rows, xfRow{
		name: "heading levels and align",
		doc: xfDoc(xfHeading("Раздел первый", 1, ""), xfHeading("Подраздел второй", 2, ""),
			xfHeading("Пункт третий", 3, ""), xfHeading("Раздел слева", 1, "left"),
			xfHeading("Пункт по центру", 3, "center"), xfPara("Текст.", "")),
		want: xfWant{
			order: []string{"Раздел первый", "Подраздел второй", "Пункт третий", "Раздел слева", "Пункт по центру"},
			align: []xfAlign{
				{"Раздел первый", "center", noIndent}, {"Подраздел второй", "center", noIndent},
				{"Пункт третий", "left", noIndent}, {"Раздел слева", "left", noIndent},
				{"Пункт по центру", "center", noIndent},
			}},
		extra: func(t *testing.T, o *xfOut) {
			// DOCX names the level with the heading style (outline level
			// for Word's navigation); PDF and XLSX show it only by the
			// alignment checked above.
			if o.docx == nil {
				return
			}
			for text, style := range map[string]string{"Раздел первый": "Heading1", "Подраздел второй": "Heading2",
				"Пункт третий": "Heading3", "Раздел слева": "Heading1", "Пункт по центру": "Heading3"} {
				if p := o.docx.Find(text); p == nil || p.Style != style {
					t.Errorf("docx: heading %q: style %v, want %s", text, p, style)
				}
			}
		},
	})

	// Letterhead: organisation on and off, the title as written and in
	// capitals.
	upper := strings.ToUpper(xfTitle)
	rows = append(rows, xfRow{
		name: "header.organization on, title_upper off",
		doc:  xfDoc(xfPara("Текст документа.", "")),
		want: xfWant{order: []string{xfOrg, xfTitle, "Текст документа."}, absent: []string{upper}},
	})
	rows = append(rows, xfRow{
		name: "header.organization off",
		edit: func(m *templates.Manifest) { m.Header.Organization = false },
		doc:  xfDoc(xfPara("Текст документа.", "")),
		want: xfWant{order: []string{xfTitle, "Текст документа."}, absent: []string{xfOrg, "Средняя школа"}},
	})
	rows = append(rows, xfRow{
		name: "header.title_upper on",
		edit: func(m *templates.Manifest) { m.Header.TitleUpper = true },
		doc:  xfDoc(xfPara("Текст документа.", "")),
		want: xfWant{order: []string{xfOrg, upper, "Текст документа."}, absent: []string{xfTitle}},
	})

	// Typography of what the user wrote: quotes, «№», initials, «г.»,
	// in a heading, a paragraph and a plan cell alike. The no-break
	// spaces are compared as U+00A0 in every format, the PDF too:
	// pdftotext would print them as spaces, so extract.PDF reads the
	// text with pdftohtml, which keeps them.
	rows = append(rows, xfRow{
		name: "typography",
		doc: xfDoc(xfHeading(`Итоги "года"`, 1, ""),
			xfPara(`Текст "кавычки", № 5, Л.П. Шидукова, 2023 г.`, "left"),
			xfPlan(xfCols(0, 0, 0), []string{`Приказ № 12 "О плане"`, "2023 г.", "Л.П. Шидукова"})),
		want: xfWant{order: []string{
			xfOrg, "Итоги «года»",
			"Текст «кавычки», №\u00a05, Л.П.\u00a0Шидукова, 2023\u00a0г.",
			"Приказ №\u00a012 «О плане»", "2023\u00a0г.", "Л.П.\u00a0Шидукова",
		}, absent: []string{`"`, "№ 5", "Л.П. Шидукова", "2023 г."}},
	})

	// Lists: an ordered list from 3, a bullet the template maps, one it
	// does not.
	rows = append(rows, xfRow{
		name: "lists: start 3 and custom bullets",
		doc: xfDoc(
			document.Block{List: &document.List{Ordered: true, Start: 3, Items: []document.ListItem{{Text: "Третий пункт"}, {Text: "Четвёртый пункт"}}}},
			document.Block{List: &document.List{Marker: "•", Items: []document.ListItem{{Text: "Пункт с точкой"}}}},
			document.Block{List: &document.List{Items: []document.ListItem{{Text: "Пункт с тире"}}}},
		),
		want: xfWant{order: []string{"3. Третий пункт", "4. Четвёртый пункт", "• Пункт с точкой", "– Пункт с тире"},
			absent: []string{"1. Третий пункт"}},
		extra: func(t *testing.T, o *xfOut) {
			if o.docx == nil {
				return
			}
			// The markers are Word's own numbering (w:num with
			// w:startOverride 3 on an ordered abstract numbering), not
			// text typed into the paragraph.
			for text, marker := range map[string]string{"Третий пункт": "3.", "Четвёртый пункт": "4.", "Пункт с точкой": "•", "Пункт с тире": "–"} {
				if p := o.docx.Find(text); p == nil || p.Marker != marker {
					t.Errorf("docx: list item %q: %+v, want marker %q", text, p, marker)
				}
			}
		},
	})
	rows = append(rows, xfRow{
		name: "lists: a bullet the template does not map",
		doc:  xfDoc(document.Block{List: &document.List{Marker: "→", Items: []document.ListItem{{Text: "Пункт со стрелкой"}}}}),
		want: xfWant{order: []string{"→ Пункт со стрелкой"}},
	})

	// Statuses: only the workbook prints them (a status column beside
	// the plan); the released templates' PDF and DOCX print the plan
	// without one.
	statusPlan := xfPlan(xfCols(0, 0, 0), []string{"Сбор", "Май", "Завуч"}, []string{"Отчёт", "Июнь", "Директор"}, []string{"Анализ", "Июль", "Педагог"})
	statusPlan.Plan.Sections[0].Items[0].Status = document.StatusDone
	statusPlan.Plan.Sections[0].Items[1].Status = document.StatusInProgress
	rows = append(rows, xfRow{
		name: "statuses",
		doc:  xfDoc(statusPlan),
		want: xfWant{order: []string{"Сбор", "Отчёт", "Анализ"}},
		extra: func(t *testing.T, o *xfOut) {
			for name, p := range map[string]*extract.PDFText{"pdf": o.pdf, "docx-libreoffice": o.lo} {
				if p != nil && strings.Contains(p.Text(), "Выполнено") {
					t.Errorf("%s: prints a status, the released template has no status column", name)
				}
			}
			if o.docx != nil && strings.Contains(o.docx.Text(), "Выполнено") {
				t.Errorf("docx: prints a status, the released template has no status column")
			}
			if o.xlsx == nil {
				return
			}
			for measure, label := range map[string]string{"Сбор": "Выполнено", "Отчёт": "В работе", "Анализ": ""} {
				sh, c := o.xlsx.Find(measure)
				if c == nil {
					t.Errorf("xlsx: no cell %q", measure)
					continue
				}
				status := xlsxColumn(sh, "Статус")
				got := ""
				for _, rc := range sh.Row(c.Row) {
					if rc.Col == status {
						got = rc.Value
					}
				}
				if status == 0 || got != label {
					t.Errorf("xlsx: %q has status %q in column %d, want %q in the «Статус» column", measure, got, status, label)
				}
			}
		},
	})

	// Column alignment: omitted is left.
	acols := []document.Column{
		{Key: "title", Title: "Мероприятие"}, {Key: "deadline", Title: "Срок", Align: "center"},
		{Key: "responsible", Title: "Исполнитель", Align: "right"},
	}
	rows = append(rows, xfRow{
		name: "column align",
		doc:  xfDoc(xfPlan(acols, []string{"Сбор", "Май", "Завуч"})),
		want: xfWant{order: []string{"Сбор", "Май", "Завуч"}, align: []xfAlign{
			{"Сбор", "left", noIndent}, {"Май", "center", noIndent}, {"Завуч", "right", noIndent}}},
	})
	return rows
}

// xlsxColumn is the column whose header cell is title, 0 when none.
func xlsxColumn(sh *extract.XLSXSheet, title string) int {
	for _, c := range sh.Cells {
		if c.Value == title {
			return c.Col
		}
	}
	return 0
}

// xfTemplates writes, for every row that edits the manifest, a copy of
// the released version with the edited manifest as xf-school@9.0.N into
// dir, and returns each row's template reference. A version read from a
// directory gets its Hash from its files, so the renderers, which cache
// by Hash, see each copy as a template of its own.
func xfTemplates(t *testing.T, dir string, rows []xfRow) []string {
	reg, err := templates.New()
	if err != nil {
		t.Fatal(err)
	}
	base, err := reg.Resolve(xfBase)
	if err != nil {
		t.Fatal(err)
	}
	refs := make([]string, len(rows))
	for i, r := range rows {
		if r.edit == nil {
			refs[i] = xfBase
			continue
		}
		m := base.Manifest
		m.Plan.Columns = append([]document.Column(nil), m.Plan.Columns...)
		m.ID, m.Version = xfID, fmt.Sprintf("9.0.%d", i)
		r.edit(&m)
		testtpl.WriteVersion(t, dir, base, &m)
		refs[i] = m.Ref()
	}
	return refs
}

func TestCrossFormat(t *testing.T) {
	rows := xfRows()
	tdir := t.TempDir()
	refs := xfTemplates(t, tdir, rows)
	eng, err := kartograf.New(kartograf.Options{TemplateDirs: []string{tdir}})
	if err != nil {
		t.Fatal(err)
	}
	// KARTOGRAF_CROSSFORMAT_DIR keeps the rendered files (rowNN.pdf, .docx,
	// .xlsx, lo/rowNN.pdf) for a look at a failing row.
	out := os.Getenv("KARTOGRAF_CROSSFORMAT_DIR")
	if out == "" {
		out = t.TempDir()
	} else if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	files := make([]map[kartograf.Format]string, len(rows))
	var docxs []string
	for i, r := range rows {
		files[i] = map[kartograf.Format]string{}
		for _, f := range kartograf.Formats() {
			var buf bytes.Buffer
			if _, err := eng.Render(context.Background(), &buf, r.doc, kartograf.RenderOptions{Format: f, Template: refs[i]}); err != nil {
				t.Fatalf("%s: %s: %v", r.name, f, err)
			}
			p := filepath.Join(out, fmt.Sprintf("row%02d.%s", i, f))
			if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			files[i][f] = p
		}
		docxs = append(docxs, files[i][kartograf.DOCX])
	}
	// LibreOffice takes seconds to start: one call converts every row's
	// DOCX. Without soffice only this part is skipped.
	var converted []string
	t.Run("libreoffice", func(t *testing.T) {
		converted = extract.ConvertDOCXToPDF(t, filepath.Join(out, "lo"), docxs...)
	})

	for i, r := range rows {
		t.Run(r.name, func(t *testing.T) {
			v, err := eng.Templates().Resolve(refs[i])
			if err != nil {
				t.Fatal(err)
			}
			o := &xfOut{m: &v.Manifest}
			t.Run("pdf", func(t *testing.T) {
				o.pdf = extract.PDF(t, files[i][kartograf.PDF])
				p := o.pdf.Pages[0]
				frame := extract.FrameMM(p.Width, o.m.Page.Margins.Left, o.m.Page.Margins.Right)
				checkPDF(t, o.pdf, frame, r.want, true)
			})
			t.Run("docx", func(t *testing.T) {
				data, err := os.ReadFile(files[i][kartograf.DOCX])
				if err != nil {
					t.Fatal(err)
				}
				o.docx = extract.DOCX(t, data)
				checkDOCX(t, o.docx, r.want)
			})
			t.Run("docx-libreoffice", func(t *testing.T) {
				if converted == nil {
					t.Skip("LibreOffice did not convert the DOCX files")
				}
				o.lo = extract.PDF(t, converted[i])
				if o.docx == nil {
					t.Skip("the DOCX was not read")
				}
				// The frame is the DOCX's own page and margins: what
				// LibreOffice lays the text out in.
				const twip = 1.0 / 20
				frame := extract.Frame{Left: float64(o.docx.MarginLeft) * twip,
					Right: float64(o.docx.PageWidth-o.docx.MarginRight) * twip}
				checkPDF(t, o.lo, frame, r.want, false)
			})
			t.Run("xlsx", func(t *testing.T) {
				data, err := os.ReadFile(files[i][kartograf.XLSX])
				if err != nil {
					t.Fatal(err)
				}
				o.xlsx = extract.XLSX(t, data)
				checkXLSX(t, o.xlsx, r.want)
			})
			if r.extra != nil {
				r.extra(t, o)
			}
		})
	}
}

// xfTol is how far, in points, a line may be from an edge it is aligned
// to: the renderers place text to a hundredth of a point; LibreOffice's
// justified lines, as pdftohtml boxes their last word, end up to 1.9 pt
// short of the margin (a paragraph with no first-line indent showed
// 1.55 and 1.85); a line that is not aligned to an edge misses it by at
// least a space (about 3.5 pt at 14 pt).
const xfTol = 2.0

// checkOrder finds every text of want.order, in that order, in one of
// flows, and none of want.absent anywhere. A format that puts parts of
// the document on different sheets gives one flow per sheet; the order is
// then checked within each (the workbook keeps the plan on its own sheet
// and the narrative on another, by design).
func checkOrder(t *testing.T, flows []string, want xfWant) {
	t.Helper()
	norm := make([]string, len(flows))
	for i, f := range flows {
		norm[i] = unhyphenated(f)
	}
	at := make([]int, len(flows))
	for _, s := range want.order {
		s = unhyphenated(s)
		found := false
		for i, f := range norm {
			if k := strings.Index(f[at[i]:], s); k >= 0 {
				at[i] += k + len(s)
				found = true
				break
			}
		}
		if !found {
			where := "nowhere"
			for _, f := range norm {
				if strings.Contains(f, s) {
					where = "out of order"
				}
			}
			t.Errorf("%q: %s in\n%s", xfLabel(s), where, xfShort(flows))
		}
	}
	for _, s := range want.absent {
		for _, f := range norm {
			if strings.Contains(f, extract.Normalize(s)) {
				t.Errorf("%q is printed, it should not be", s)
			}
		}
	}
}

// unhyphenated is text compared for order: LibreOffice hyphenates the DOCX
// (w:autoHyphenation), so a word may end a line with a hyphen; without
// hyphens at all, a hyphenated word and a compound one («ГИА-2024») wrapped
// at its hyphen both compare equal to the source.
func unhyphenated(s string) string {
	s = strings.ReplaceAll(s, "-\n", "")
	return extract.Normalize(strings.ReplaceAll(s, "-", ""))
}

// xfShort is what a failure shows of the printed text: enough to see
// what came instead, not pages of it.
func xfShort(flows []string) string {
	var b strings.Builder
	for i, f := range flows {
		if i > 0 {
			b.WriteString("\n--\n")
		}
		if r := []rune(f); len(r) > 600 {
			f = string(r[:600]) + "…"
		}
		b.WriteString(f)
	}
	return b.String()
}

// fractions are weights as shares of their sum; an omitted (zero) weight
// counts as 1, as the document model says.
func fractions(ws []float64) []float64 {
	sum := 0.0
	for _, w := range ws {
		sum += max(w, 0)
		if w <= 0 {
			sum++
		}
	}
	out := make([]float64, len(ws))
	for i, w := range ws {
		if w <= 0 {
			w = 1
		}
		out[i] = w / sum
	}
	return out
}

// checkRatio compares printed widths with the weights: each column's
// share of the table within 1 % of the expected share.
func checkRatio(t *testing.T, format string, got []float64, weights []float64) {
	t.Helper()
	if len(got) != len(weights) {
		t.Errorf("%s: %d columns %v, want %d", format, len(got), got, len(weights))
		return
	}
	want := fractions(weights)
	have := fractions(got)
	for i := range want {
		if math.Abs(have[i]/want[i]-1) > 0.01 {
			t.Errorf("%s: column widths %v are shares %.4f, want %.4f (weights %v)", format, got, have, want, weights)
			return
		}
	}
}

func checkPDF(t *testing.T, p *extract.PDFText, frame extract.Frame, want xfWant, widths bool) {
	checkOrder(t, []string{p.Text()}, want)
	for _, a := range want.align {
		lines := p.Find(a.text)
		if lines == nil {
			t.Errorf("%q: not found", xfLabel(a.text))
			continue
		}
		if _, left, right, ok := p.Cell(lines[0]); ok {
			if got := cellAlign(lines[0], left, right); got != a.align {
				t.Errorf("%q: aligned %s in its column [%.2f, %.2f] (line %.2f–%.2f), want %s",
					xfLabel(a.text), got, left, right, lines[0].Left, lines[0].Right, a.align)
			}
			continue
		}
		got, indent := extract.Alignment(lines, frame, xfTol)
		if got != a.align {
			t.Errorf("%q: aligned %s in the frame [%.2f, %.2f], want %s; lines %v", xfLabel(a.text), got, frame.Left, frame.Right, a.align, lineBoxes(lines))
		}
		const mm = 72 / 25.4
		if !math.IsNaN(a.indentMM) && got == a.align && math.Abs(indent-a.indentMM*mm) > xfTol {
			t.Errorf("%q: first-line indent %.2f mm, want %.2f mm", xfLabel(a.text), indent/mm, a.indentMM)
		}
	}
	if !widths || want.widths == nil {
		return
	}
	// The plan is the page's first ruled table; it fills the frame.
	tables := p.Tables(1)
	if len(tables) == 0 {
		t.Errorf("no ruled table on page 1")
		return
	}
	e := tables[0].Edges
	if math.Abs(e[0]-frame.Left) > xfTol || math.Abs(e[len(e)-1]-frame.Right) > xfTol {
		t.Errorf("the table spans [%.2f, %.2f], the frame is [%.2f, %.2f]", e[0], e[len(e)-1], frame.Left, frame.Right)
	}
	var ws []float64
	for k := 1; k < len(e); k++ {
		ws = append(ws, e[k]-e[k-1])
	}
	checkRatio(t, "pdf", ws, want.widths)
}

// cellAlign says where a line sits in its column: nearer the left edge,
// nearer the right one, or in the middle (within xfTol).
func cellAlign(l extract.PDFLine, left, right float64) string {
	dl, dr := l.Left-left, right-l.Right
	switch {
	case math.Abs(dl-dr) <= xfTol:
		return "center"
	case dl < dr:
		return "left"
	}
	return "right"
}

// xfLabel names a text in a failure: its first words are enough.
func xfLabel(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}

func lineBoxes(ls []extract.PDFLine) []string {
	var out []string
	for _, l := range ls {
		out = append(out, fmt.Sprintf("%.2f–%.2f", l.Left, l.Right))
	}
	return out
}

func checkDOCX(t *testing.T, d *extract.DocxText, want xfWant) {
	checkOrder(t, []string{d.Text()}, want)
	const twipsPerMM = 1440 / 25.4
	for _, a := range want.align {
		p := d.Find(a.text)
		if p == nil {
			t.Errorf("%q: no such paragraph", xfLabel(a.text))
			continue
		}
		if p.Align != a.align {
			t.Errorf("%q: w:jc %q (style %s, own %q), want %s", xfLabel(a.text), p.Align, p.Style, p.OwnAlign, a.align)
		}
		if !math.IsNaN(a.indentMM) && math.Abs(float64(p.FirstLine)-a.indentMM*twipsPerMM) > 2 {
			t.Errorf("%q: first-line indent %d twips, want %.2f mm (%.0f twips)", xfLabel(a.text), p.FirstLine, a.indentMM, a.indentMM*twipsPerMM)
		}
	}
	if want.widths == nil {
		return
	}
	tb := d.TableWith(want.cols[0])
	if tb == nil {
		t.Errorf("no table with a cell %q", want.cols[0])
		return
	}
	ws := make([]float64, len(tb.Grid))
	for i, g := range tb.Grid {
		ws[i] = float64(g)
	}
	checkRatio(t, "docx w:gridCol", ws, want.widths)
}

func checkXLSX(t *testing.T, x *extract.XLSXText, want xfWant) {
	var flows []string
	for i := range x.Sheets {
		flows = append(flows, x.Sheets[i].Text())
	}
	checkOrder(t, flows, want)
	for _, a := range want.align {
		_, c := x.Find(a.text)
		if c == nil {
			t.Errorf("%q: no such cell", xfLabel(a.text))
			continue
		}
		if c.Align != a.align {
			t.Errorf("%q: horizontal alignment %s, want %s", xfLabel(a.text), c.Align, a.align)
		}
	}
	if want.widths == nil {
		return
	}
	// A workbook's column is as wide as the plan says only while no word
	// in it is longer than the column (the writer widens a column to its
	// longest word, which Excel cannot wrap); the rows' cells hold short
	// words, so the plan's columns must keep the plan's ratio. The status
	// and note columns beside the plan have widths of their own and are
	// not compared.
	sh, first := x.Find(want.cols[0])
	if first == nil {
		t.Errorf("no header cell %q", want.cols[0])
		return
	}
	var ws []float64
	for _, title := range want.cols {
		col := 0
		for _, c := range sh.Row(first.Row) {
			if c.Value == title {
				col = c.Col
			}
		}
		if col == 0 || col > len(sh.Widths) {
			t.Errorf("no header cell %q in row %d of %s", title, first.Row, sh.Name)
			return
		}
		ws = append(ws, sh.Widths[col-1])
	}
	checkRatio(t, "xlsx column widths", ws, want.widths)
}
