package xlsx

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/kartograf-ru/kartograf/fonts"
	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/render/view"
	"github.com/kartograf-ru/kartograf/pkg/typo"
	"github.com/kartograf-ru/kartograf/templates"
)

// writeLoad decodes a document from a path relative to the module root.
func writeLoad(tb testing.TB, parts ...string) *document.Document {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join(append([]string{"..", "..", ".."}, parts...)...))
	if err != nil {
		tb.Fatal(err)
	}
	d, err := document.DecodeBytes(data)
	if err != nil {
		tb.Fatal(err)
	}
	return d
}

// writeSeed001 is the school roadmap seed.
const writeSeed001 = "001_49fbf96383fe353c.json"

// writeUnpack inflates the stored copy of the meta sheet (MetaPacked and
// the base64 of the raw-deflated JSON).
func writeUnpack(s string) ([]byte, error) {
	b64, ok := strings.CutPrefix(s, MetaPacked)
	if !ok {
		return nil, fmt.Errorf("the stored copy does not start with %q", MetaPacked)
	}
	z, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		return nil, err
	}
	return io.ReadAll(flate.NewReader(bytes.NewReader(z)))
}

// writePlanIndex is the index in d.Body of its first plan.
func writePlanIndex(tb testing.TB, d *document.Document) int {
	tb.Helper()
	for i, b := range d.Body {
		if b.Plan != nil {
			return i
		}
	}
	tb.Fatal("no plan")
	return -1
}

// writeDocs lists both seeds and testdata/documents/*.json.
func writeDocs(tb testing.TB) []string {
	tb.Helper()
	root := filepath.Join("..", "..", "..", "testdata")
	seeds, _ := filepath.Glob(filepath.Join(root, "seeds", "*.json"))
	docs, _ := filepath.Glob(filepath.Join(root, "documents", "*.json"))
	if len(seeds) < 2 || len(docs) == 0 {
		tb.Fatalf("test documents missing: %v %v", seeds, docs)
	}
	var out []string
	for _, f := range append(seeds, docs...) {
		rel, _ := filepath.Rel(filepath.Join("..", "..", ".."), f)
		out = append(out, filepath.ToSlash(rel))
	}
	return out
}

var writeRegistry = func() func(testing.TB) *templates.Registry {
	var reg *templates.Registry
	var err error
	return func(tb testing.TB) *templates.Registry {
		tb.Helper()
		if reg == nil && err == nil {
			reg, err = templates.New()
		}
		if err != nil {
			tb.Fatal(err)
		}
		return reg
	}
}()

// writeTemplate resolves the template of d as the engine does.
func writeTemplate(tb testing.TB, d *document.Document) *templates.Version {
	tb.Helper()
	reg := writeRegistry(tb)
	var v *templates.Version
	var err error
	if d.Template != "" {
		v, err = reg.Resolve(d.Template)
	} else {
		v, err = reg.Default(string(d.Kind))
	}
	if err != nil {
		tb.Fatal(err)
	}
	return v
}

// writeBigPlan builds a plan of n measures in sections of 25.
func writeBigPlan(n int) *document.Document {
	d := &document.Document{
		Kind:         document.KindRoadmap,
		Template:     "school-roadmap",
		Organization: document.Organization{FullName: "Муниципальное казенное общеобразовательное учреждение «Средняя общеобразовательная школа № 1»"},
		Title:        "ДОРОЖНАЯ КАРТА",
		Subtitle:     "по повышению качества образования",
	}
	plan := &document.Plan{}
	statuses := append(document.Statuses(), document.StatusNone)
	for i := range n {
		if i%25 == 0 {
			plan.Sections = append(plan.Sections, document.Section{Title: fmt.Sprintf("РАЗДЕЛ %d. МЕТОДИЧЕСКАЯ ПОДДЕРЖКА ПЕДАГОГОВ", i/25+1)})
		}
		s := &plan.Sections[len(plan.Sections)-1]
		title := "Анкетирование педагогических работников с целью оценки текущих и перспективных потребностей в компетенциях"
		if i%3 == 1 {
			title = "Проведение совещания по итогам мониторинга"
		}
		s.Items = append(s.Items, document.Measure{Status: statuses[i%len(statuses)], Cells: map[string]document.Content{
			"title":       document.Text(fmt.Sprintf("%s (мероприятие %d)", title, i+1)),
			"deadline":    document.Text("Февраль 2024г."),
			"responsible": document.Text("Зам. директора по УВР"),
			"actions":     document.Text("Выявление обучающихся с низкими образовательными результатами, построение индивидуального маршрута обучения"),
			"product":     document.Text("Аналитическая справка"),
		}})
	}
	d.Body = []document.Block{{Plan: plan}}
	return d
}

var writeShared = NewWriter(new(fonts.Library))

func writeRender(tb testing.TB, d *document.Document, meta Meta) []byte {
	tb.Helper()
	if err := document.Validate(d); err != nil {
		tb.Fatal(err)
	}
	var buf bytes.Buffer
	if err := writeShared.Render(context.Background(), &buf, d, writeTemplate(tb, d), meta); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func writeOpen(tb testing.TB, data []byte) *excelize.File {
	tb.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { f.Close() })
	return f
}

func writePart(tb testing.TB, data []byte, name string) (string, bool) {
	tb.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		tb.Fatal(err)
	}
	for _, zf := range zr.File {
		if zf.Name == name {
			rc, err := zf.Open()
			if err != nil {
				tb.Fatal(err)
			}
			b, err := io.ReadAll(rc)
			rc.Close()
			if err != nil {
				tb.Fatal(err)
			}
			return string(b), true
		}
	}
	return "", false
}

func writeFirstPlan(d *document.Document) *document.Plan {
	for _, b := range d.Body {
		if b.Plan != nil {
			return b.Plan
		}
	}
	return nil
}

func writeCell(col, row int) string {
	n, _ := excelize.ColumnNumberToName(col)
	return n + strconv.Itoa(row)
}

// writeMeasurer measures as the PDF does: Liberation Serif 11 pt.
func writeMeasurer(tb testing.TB, style fonts.Style) *typo.Measurer {
	tb.Helper()
	lib := new(fonts.Library)
	f, err := lib.LoadBuiltin(fonts.DefaultName(style))
	if err != nil {
		tb.Fatal(err)
	}
	return typo.NewMeasurer(typo.Font{Faces: []*fonts.Face{f}, Size: 11})
}

func TestWriteDocuments(t *testing.T) {
	reg := writeMeasurer(t, fonts.Regular)
	for _, path := range writeDocs(t) {
		t.Run(filepath.Base(path), func(t *testing.T) {
			d := writeLoad(t, strings.Split(path, "/")...)
			v := writeTemplate(t, d)
			meta := Meta{Template: v.Ref(), InputHash: "sha256:feed", Creator: "kartograf test"}
			data := writeRender(t, d, meta)
			f := writeOpen(t, data)
			plan := writeFirstPlan(d)

			// Sheets, in the order the body first shows them (the plan's
			// caption is the plan's); narrative after a plan or passport
			// sheet on a further text sheet; no plan sheet without a plan;
			// the plan sheet, when there is one, is active.
			var want []string
			add := func(name string) {
				if !slices.Contains(want, name) {
					want = append(want, name)
				}
			}
			narrative := false
			passport := false
			texts := 0
			for i, b := range d.Body {
				switch {
				case b.Passport != nil:
					passport = true
					add(SheetPassport)
				case b.Plan != nil && b.Plan == plan:
					add(SheetPlan)
				case b.Heading != nil && i+1 < len(d.Body) && d.Body[i+1].Plan != nil && d.Body[i+1].Plan == plan:
				default:
					narrative = true
					if texts == 0 || want[len(want)-1] != TextSheet(texts-1) {
						add(TextSheet(texts))
						texts++
					}
				}
			}
			if len(want) == 0 {
				want = append(want, SheetText)
			}
			if plan != nil {
				want = append(want, SheetSummary)
			}
			want = append(want, SheetMeta)
			if got := f.GetSheetList(); !slices.Equal(got, want) {
				t.Fatalf("sheets %q, want %q", got, want)
			}
			if active := slices.Index(want, SheetPlan); plan != nil && f.GetActiveSheetIndex() != active {
				t.Errorf("active sheet %d, want %d", f.GetActiveSheetIndex(), active)
			}
			writeCheckMeta(t, f, data, d, meta)
			writeCheckProps(t, f, d, meta)
			// Every sheet prints as the document: the template's
			// orientation, within the page's width.
			orient := v.Manifest.Page.Orientation
			vw, err := view.Build(context.Background(), d, v, view.Meta{})
			if err != nil {
				t.Fatal(err)
			}
			turned := false // a wide table the template turns turns «Текст»
			for i := range vw.Blocks {
				turned = turned || vw.Blocks[i].Kind == view.KindTable && vw.Blocks[i].Landscape()
			}
			for _, name := range want[:len(want)-1] {
				switch {
				case name == SheetText && turned:
					writeCheckPage(t, f, name, "landscape")
				case name != SheetSummary:
					writeCheckPage(t, f, name, orient)
				}
				if hf, err := f.GetHeaderFooter(name); name != SheetSummary && (err != nil || hf.OddFooter != "&CСтраница &P из &N") {
					t.Errorf("%s: footer %+v, %v", name, hf, err)
				}
			}
			if passport {
				writeCheckPassport(t, f, d)
			}
			if narrative {
				writeCheckText(t, f, d)
			}
			if plan != nil {
				writeCheckPlan(t, f, data, d, v, reg)
			}
		})
	}
}

func writeCheckMeta(t *testing.T, f *excelize.File, data []byte, d *document.Document, meta Meta) {
	t.Helper()
	wb, _ := writePart(t, data, "xl/workbook.xml")
	if !strings.Contains(wb, `name="`+SheetMeta+`" sheetId="`) || !strings.Contains(wb, `state="veryHidden"`) {
		t.Errorf("meta sheet is not very hidden: %s", wb)
	}
	raw, _ := json.Marshal(d)
	sum := sha256.Sum256(raw)
	for i, want := range []string{FormatTag, meta.Template, "sha256:" + hex.EncodeToString(sum[:])} {
		if got, _ := f.GetCellValue(SheetMeta, writeCell(1, i+1)); got != want {
			t.Errorf("%s!A%d = %q, want %q", SheetMeta, i+1, got, want)
		}
	}
	var js strings.Builder
	for r := 4; ; r++ {
		s, err := f.GetCellValue(SheetMeta, writeCell(1, r))
		if err != nil {
			t.Fatal(err)
		}
		if s == "" {
			break
		}
		if n := len(utf16Units(s)); n > MaxCellRunes {
			t.Errorf("A%d holds %d UTF-16 units", r, n)
		}
		js.WriteString(s)
	}
	if !strings.HasPrefix(js.String(), MetaPacked) {
		t.Errorf("stored document is not packed: %.40q", js.String())
	}
	stored, err := writeUnpack(js.String())
	if err != nil {
		t.Fatal(err)
	}
	want, _ := json.Marshal(d)
	if string(stored) != string(want) {
		t.Errorf("stored JSON differs (%d vs %d bytes)", len(stored), len(want))
	}
	back, err := document.DecodeBytes(stored)
	if err != nil {
		t.Fatalf("stored JSON does not decode: %v", err)
	}
	if b2, _ := json.Marshal(back); !bytes.Equal(b2, want) {
		t.Error("stored JSON does not decode to the same document")
	}
}

func utf16Units(s string) []int {
	var out []int
	for _, r := range s {
		out = append(out, 0)
		if r >= 0x10000 {
			out = append(out, 0)
		}
	}
	return out
}

func writeCheckProps(t *testing.T, f *excelize.File, d *document.Document, meta Meta) {
	t.Helper()
	p, err := f.GetDocProps()
	if err != nil {
		t.Fatal(err)
	}
	// Title and subtitle, as the view gives them for properties.
	if p.Title != strings.TrimSpace(d.Title+" "+d.Subtitle) || p.Creator != d.Organization.FullName || p.LastModifiedBy != d.Organization.FullName ||
		p.Subject != meta.Template || p.Keywords != meta.InputHash || p.Language != "ru-RU" || !strings.HasPrefix(p.Description, "kartograf") {
		t.Errorf("doc props %+v", p)
	}
	if p.Created == "" || p.Created != p.Modified || (d.Date == "" && p.Created != fixedTime) {
		t.Errorf("created %q modified %q", p.Created, p.Modified)
	}
	cp, err := f.GetCustomProps()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]any{}
	for _, c := range cp {
		got[c.Name] = c.Value
	}
	if got["KartografTemplate"] != meta.Template || got["KartografInputSHA256"] != meta.InputHash {
		t.Errorf("custom props %v", got)
	}
}

// writeCheckPage checks that sheet prints on A4 in orientation orient, at a
// fixed scale at which its columns fit the page's width (7 px a
// character in both viewers: the Normal style is Times New Roman
// 10.5 pt).
func writeCheckPage(t *testing.T, f *excelize.File, sheet, orient string) {
	t.Helper()
	pl, err := f.GetPageLayout(sheet)
	if err != nil {
		t.Fatal(err)
	}
	if *pl.Orientation != orient || *pl.Size != 9 || pl.AdjustTo == nil || *pl.AdjustTo < 10 || *pl.AdjustTo > 100 {
		t.Fatalf("%s: page %s size %d scale %v", sheet, *pl.Orientation, *pl.Size, pl.AdjustTo)
	}
	mg, err := f.GetPageMargins(sheet)
	if err != nil {
		t.Fatal(err)
	}
	page := 210.0
	if orient == "landscape" {
		page = 297
	}
	printable := page - (*mg.Left+*mg.Right)*25.4
	last := 0
	if sheet == SheetPlan {
		// The print area, when set, leaves out the empty monitoring
		// columns.
		for _, dn := range f.GetDefinedName() {
			if dn.Name == "_xlnm.Print_Area" && dn.Scope == sheet {
				col := strings.Split(strings.Split(dn.RefersTo, ":$")[1], "$")[0]
				last, _ = excelize.ColumnNameToNumber(col)
			}
		}
	}
	cols, _ := f.GetCols(sheet)
	n := max(len(cols), 1)
	if sheet == SheetPlan {
		n-- // the hidden key column
	}
	if last > 0 {
		n = last
	}
	total := 0.0
	for c := 1; c <= n; c++ {
		w, _ := f.GetColWidth(sheet, colName(c))
		total += w * 7 * 0.75 / 72 * 25.4
	}
	if scaled := total * float64(*pl.AdjustTo) / 100; scaled > printable+0.5 {
		t.Errorf("%s: %d columns print %.0f mm wide at %d %%, the page has %.0f mm", sheet, n, scaled, *pl.AdjustTo, printable)
	}
}

// writeCheckPlan checks the plan sheet and the summary against the plan.
func TestWriteDeterministic(t *testing.T) {
	for _, path := range writeDocs(t)[:2] {
		d := writeLoad(t, strings.Split(path, "/")...)
		meta := Meta{InputHash: "sha256:1", Creator: "kartograf test"}
		a := writeRender(t, d, meta)
		b := writeRender(t, d, meta)
		var c bytes.Buffer
		if err := NewWriter(nil).Render(context.Background(), &c, d, writeTemplate(t, d), meta); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a, b) || !bytes.Equal(a, c.Bytes()) {
			t.Errorf("%s: output differs between runs", path)
		}
		for _, s := range []string{"2025", "2026", "2027"} {
			if p, _ := writePart(t, a, "docProps/core.xml"); strings.Contains(p, s) {
				t.Errorf("core properties hold a current year: %s", p)
			}
		}
	}
}

// Text that looks like a formula, a number or a date stays text.
func TestWriteFormulaLookingText(t *testing.T) {
	tricky := []string{"=1+1", "+7 999", "-5", "@SUM(A1)", "=HYPERLINK(\"http://x\")", "0012", "1.5", "01.02.2024", "TRUE", " пробел в начале", "конец "}
	d := writeBigPlan(len(tricky))
	d.Title = "=TITLE()"
	plan := d.Body[0].Plan
	k := 0
	for si := range plan.Sections {
		for ii := range plan.Sections[si].Items {
			m := &plan.Sections[si].Items[ii]
			m.Cells["title"] = document.Text(tricky[k])
			m.Cells["help"] = document.Text(tricky[len(tricky)-1-k])
			m.Note = tricky[k]
			m.Number = tricky[k]
			k++
		}
	}
	plan.Sections[0].Title = "=SUM(1,2)"
	d.Body = append([]document.Block{{Passport: &document.Passport{Rows: []document.PassportRow{{Label: "=A1", Value: document.Text("-1")}}}}},
		append(d.Body, document.Block{Paragraph: &document.Paragraph{Text: "=2*2"}})...)
	f := writeOpen(t, writeRender(t, d, Meta{}))
	checked := 0
	for _, sheet := range []string{SheetPlan, SheetPassport, SheetText} {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		for r, row := range rows {
			for c, v := range row {
				ref := writeCell(c+1, r+1)
				if fm, _ := f.GetCellFormula(sheet, ref); fm != "" {
					t.Errorf("%s!%s holds formula %q", sheet, ref, fm)
				}
				if v == "" {
					continue
				}
				if typ, _ := f.GetCellType(sheet, ref); typ != excelize.CellTypeInlineString && typ != excelize.CellTypeSharedString {
					t.Errorf("%s!%s = %q has type %v, want a string", sheet, ref, v, typ)
				}
				checked++
			}
		}
	}
	// The title is in the letterhead, on the first sheet («Паспорт»).
	var rows [][]string
	for _, sheet := range []string{SheetPlan, SheetPassport} {
		r, _ := f.GetRows(sheet)
		rows = append(rows, r...)
	}
	for _, s := range append(tricky, "=TITLE()", "=SUM(1,2)") {
		found := false
		s = typo.Typograph(s) // the sheet shows the view's text
		for _, row := range rows {
			if slices.Contains(row, s) {
				found = true
			}
		}
		if !found {
			t.Errorf("%q not found as text on the plan or passport sheet", s)
		}
	}
	if checked < 3*len(tricky) {
		t.Errorf("only %d cells checked", checked)
	}
}

func TestWriteLargePlan(t *testing.T) {
	if testing.Short() {
		t.Skip("large plan")
	}
	d := writeBigPlan(10000)
	data := writeRender(t, d, Meta{})
	f := writeOpen(t, data)
	rows, err := f.Rows(SheetPlan)
	if err != nil {
		t.Fatal(err)
	}
	n, keys := 0, 0
	for rows.Next() {
		n++
		cols, err := rows.Columns()
		if err != nil {
			t.Fatal(err)
		}
		if len(cols) == 10 && strings.HasPrefix(cols[9], "m") {
			keys++
		}
	}
	if n < 10000 || keys != 10000 {
		t.Errorf("%d rows, %d measure keys", n, keys)
	}
	if v, _ := f.GetCellValue(SheetSummary, writeCell(9, len(writeFirstPlan(d).Sections)+2)); v != "10000" {
		t.Errorf("summary total %q", v)
	}
}

func TestWriteSplitUTF16(t *testing.T) {
	s := strings.Repeat("я", 5) + "😀" + "ab"
	got := splitUTF16(s, 6)
	if strings.Join(got, "") != s || !slices.Equal(got, []string{"яяяяя", "😀ab"}) {
		t.Errorf("split %q", got)
	}
	if got := splitUTF16("", 10); len(got) != 0 {
		t.Errorf("empty split %q", got)
	}
}

// A document whose JSON is longer than a cell holds is stored over
// several cells of the meta sheet.
func TestWriteLongJSON(t *testing.T) {
	d := writeBigPlan(4000)
	data := writeRender(t, d, Meta{})
	f := writeOpen(t, data)
	want, _ := json.Marshal(d)
	if len(want) < 3*MaxCellRunes {
		t.Fatalf("JSON only %d bytes", len(want))
	}
	var got strings.Builder
	pieces := 0
	for r := 4; ; r++ {
		s, _ := f.GetCellValue(SheetMeta, writeCell(1, r))
		if s == "" {
			break
		}
		pieces++
		got.WriteString(s)
	}
	stored, err := writeUnpack(got.String())
	if err != nil {
		t.Fatal(err)
	}
	// Packed, 400 measures of repetitive text still need several cells.
	if pieces < 2 || string(stored) != string(want) {
		t.Errorf("%d pieces, JSON equal: %v", pieces, string(stored) == string(want))
	}
}

func TestWriteCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	d := writeBigPlan(2000)
	err := writeShared.Render(ctx, io.Discard, d, writeTemplate(t, d), Meta{})
	if err == nil || !strings.Contains(err.Error(), "context canceled") {
		t.Errorf("cancelled render: %v", err)
	}
}

// ExampleWriter_Render writes a small plan and lists the workbook's sheets.
func ExampleWriter_Render() {
	d := &document.Document{
		Kind:         document.KindRoadmap,
		Organization: document.Organization{FullName: "МКОУ СОШ № 1"},
		Title:        "ДОРОЖНАЯ КАРТА",
		Body: []document.Block{{Plan: &document.Plan{Sections: []document.Section{{
			Title: "Организационные мероприятия",
			Items: []document.Measure{{Status: document.StatusDone, Cells: map[string]document.Content{
				"title": document.Text("Создание рабочей группы"), "deadline": document.Text("Сентябрь 2023г."),
			}}},
		}}}}},
	}
	reg, _ := templates.New()
	v, _ := reg.Default(string(d.Kind))
	var buf bytes.Buffer
	w := NewWriter(nil) // one per process; it caches the measuring fonts
	if err := w.Render(context.Background(), &buf, d, v, Meta{InputHash: "sha256:…"}); err != nil {
		fmt.Println(err)
		return
	}
	f, _ := excelize.OpenReader(&buf)
	defer f.Close()
	fmt.Println(f.GetSheetList())
	done, _ := f.GetCellValue(SheetSummary, "E2")
	fmt.Println("Выполнено:", done)
	// Output:
	// [План мероприятий Сводка _kartograf]
	// Выполнено: 1
}

// Text longer than a row can show (409 pt) continues in the next rows of
// the display-only sheets instead of being cut off.
func TestWriteLongTextContinues(t *testing.T) {
	words := strings.Fields(strings.Repeat("Анализ результатов мониторинга показывает устойчивую положительную динамику ", 120))
	long := strings.Join(words, " ")
	d := writeBigPlan(3)
	d.Body = append(d.Body,
		document.Block{Passport: &document.Passport{Rows: []document.PassportRow{{Label: "Задачи", Value: document.Text(long)}}}},
		document.Block{Paragraph: &document.Paragraph{Text: long}})
	f := writeOpen(t, writeRender(t, d, Meta{}))
	// The letterhead is on the plan sheet, the first.
	for _, c := range []struct {
		sheet, col string
		from       int
	}{{SheetText, "A", 0}, {SheetPassport, "B", 0}} {
		rows, err := f.GetRows(c.sheet)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) < 2 {
			t.Fatalf("%s: %d rows", c.sheet, len(rows))
		}
		var got []string
		for r := c.from; r < len(rows); r++ {
			v, _ := f.GetCellValue(c.sheet, fmt.Sprintf("%s%d", c.col, r+1))
			got = append(got, strings.Fields(v)...)
			if ht, _ := f.GetRowHeight(c.sheet, r+1); ht > 409 {
				t.Errorf("%s row %d: height %.1f", c.sheet, r+1, ht)
			}
		}
		if !slices.Equal(got, words) {
			t.Errorf("%s: text not kept whole across rows (%d words, want %d)", c.sheet, len(got), len(words))
		}
	}
	mcs, _ := f.GetMergeCells(SheetPassport)
	merged := false
	for _, mc := range mcs {
		if mc.GetStartAxis() == "A1" && mc.GetCellValue() == "Задачи" && mc.GetEndAxis() != "A1" {
			merged = true
		}
	}
	if !merged {
		t.Errorf("passport label not merged over its rows: %v", mcs)
	}
}

// One Writer serves concurrent renders with identical results.
func TestWriteConcurrent(t *testing.T) {
	d := writeLoad(t, "testdata", "seeds", "001_49fbf96383fe353c.json")
	v := writeTemplate(t, d)
	w := NewWriter(nil)
	out := make([][]byte, 4)
	var wg sync.WaitGroup
	for i := range out {
		wg.Go(func() {
			var buf bytes.Buffer
			if err := w.Render(context.Background(), &buf, d, v, Meta{}); err != nil {
				t.Error(err)
			}
			out[i] = buf.Bytes()
		})
	}
	wg.Wait()
	for i := range out {
		if !bytes.Equal(out[i], out[0]) {
			t.Errorf("render %d differs", i)
		}
	}
}
