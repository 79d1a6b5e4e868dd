package xlsx

// The workbook shows the presentation model: the view's typographed text,
// its alignment, the template's letterhead options and the view's column
// fractions. (xlsximport's TestViewTypographedRoundTrip reads what it
// shows back to the stored document.)

import (
	"bytes"
	"context"
	"math"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/kartograf-ru/kartograf/internal/testtool/testtpl"
	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/render/view"
	"github.com/kartograf-ru/kartograf/templates"
)

func viewRender(t *testing.T, d *document.Document, tv *templates.Version) []byte {
	t.Helper()
	if err := document.Validate(d); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := writeShared.Render(context.Background(), &buf, d, tv, Meta{}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// viewCells maps every non-empty cell text of sheet to its cell name.
func viewCells(t *testing.T, f *excelize.File, sheet string) map[string]string {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for r, row := range rows {
		for c, s := range row {
			if s != "" {
				out[s] = writeCell(c+1, r+1)
			}
		}
	}
	return out
}

func viewAlign(t *testing.T, f *excelize.File, sheet, cell string) string {
	t.Helper()
	id, err := f.GetCellStyle(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil || st.Alignment == nil {
		t.Fatalf("%s!%s: style %d: %v", sheet, cell, id, err)
	}
	return st.Alignment.Horizontal
}

func TestViewCellsAreTypographed(t *testing.T) {
	d := testtpl.TypographyDoc()
	f := writeOpen(t, viewRender(t, d, writeTemplate(t, d)))
	// The letterhead is on the first sheet, «Паспорт»; a side's stamps
	// share a cell, a line each.
	want := map[string][]string{
		SheetPlan: {
			"Встреча «клуба» №\u00a05",
			"Май 2023\u00a0г.",
			"Л.П.\u00a0Шидукова",
			"Сделано «в срок»",
			"№\u00a01",
		},
		SheetPassport: {
			"МКОУ «СОШ №\u00a05»",
			"План «кавычки» для школы №\u00a05 на 2023\u00a0г.",
			"____________ Л.П.\u00a0Шидукова",
			"Л.П.\u00a0Шидукова, школа №\u00a05",
		},
		SheetText: {"Абзац «с кавычками» о 2023\u00a0г."},
	}
	for sheet, texts := range want {
		cells := viewCells(t, f, sheet)
		lines := map[string]bool{}
		for s := range cells {
			for l := range strings.SplitSeq(s, "\n") {
				lines[l] = true
			}
		}
		for _, s := range texts {
			if _, ok := cells[s]; !ok && !lines[s] {
				t.Errorf("%s: no cell %q", sheet, s)
			}
		}
		for s, at := range cells {
			if strings.ContainsAny(s, `"`) || strings.Contains(s, "№ ") || strings.Contains(s, "Л.П. ") || strings.Contains(s, "2023 г.") {
				t.Errorf("%s!%s = %q: not typographed", sheet, at, s)
			}
		}
	}
}

func TestViewLetterheadOptions(t *testing.T) {
	d := testtpl.TypographyDoc()
	f := writeOpen(t, viewRender(t, d, testtpl.Edited(t, "school-roadmap@1.1.0", "options", func(m *templates.Manifest) {
		m.Header.Organization = false
		m.Header.TitleUpper = true
	})))
	for _, sheet := range []string{SheetPlan, SheetPassport} {
		cells := viewCells(t, f, sheet)
		for s, at := range cells {
			if strings.Contains(s, "СОШ") {
				t.Errorf("%s!%s = %q: the template prints no organisation", sheet, at, s)
			}
		}
		// The letterhead is on the first sheet only.
		_, ok := cells["ПЛАН «КАВЫЧКИ» ДЛЯ ШКОЛЫ №\u00a05 НА 2023 Г."]
		if want := sheet == SheetPassport; ok != want {
			t.Errorf("%s: title in capitals, typographed: %v, want %v", sheet, ok, want)
		}
	}
}

// Narrative cells take the view's alignment: a paragraph's own, else
// justify or left as the template says; a level-3 heading is left.
func TestViewNarrativeAlignment(t *testing.T) {
	for _, justify := range []bool{true, false} {
		d := testtpl.TypographyDoc()
		f := writeOpen(t, viewRender(t, d, testtpl.Edited(t, "school-roadmap@1.1.0", "options", func(m *templates.Manifest) { m.Narrative.Justify = justify })))
		def := "left"
		if justify {
			def = "justify"
		}
		// «Подраздел» is the plan's caption, above the table.
		for text, want := range map[string]string{"Абзац «с кавычками» о 2023\u00a0г.": def, "Справа": "right", "Подраздел": "left"} {
			sheet := SheetText
			if text == "Подраздел" {
				sheet = SheetPlan
			}
			at, ok := viewCells(t, f, sheet)[text]
			if !ok {
				t.Fatalf("justify %v: no cell %q", justify, text)
			}
			if got := viewAlign(t, f, sheet, at); got != want {
				t.Errorf("justify %v: %q aligned %q, want %q", justify, text, got, want)
			}
		}
	}
}

// Plan columns start from the view's fractions: widths 2, omitted,
// omitted are 2:1:1 when no word needs a column wider.
func TestViewColumnFractions(t *testing.T) {
	d := testtpl.TypographyDoc()
	p := d.Body[4].Plan
	p.Columns = []document.Column{{Key: "title", Title: "А", Width: 2}, {Key: "deadline", Title: "Б"}, {Key: "responsible", Title: "В"}}
	p.Sections[0].Items[0].Cells = map[string]document.Content{"title": document.Text("да"), "deadline": document.Text("май"), "responsible": document.Text("он")}
	f := writeOpen(t, viewRender(t, d, writeTemplate(t, d)))
	var w [3]float64
	for i := range w {
		var err error
		if w[i], err = f.GetColWidth(SheetPlan, colName(i+1)); err != nil {
			t.Fatal(err)
		}
	}
	if math.Abs(w[0]-2*w[1]) > 0.03 || math.Abs(w[1]-w[2]) > 0.01 {
		t.Errorf("column widths %v, want 2:1:1", w)
	}
}

// RenderView of the view Render builds writes the same bytes.
func TestRenderViewIsRender(t *testing.T) {
	d := testtpl.TypographyDoc()
	tv := writeTemplate(t, d)
	meta := Meta{Template: tv.Ref(), InputHash: "sha256:1", Creator: "kartograf test"}
	var a, b bytes.Buffer
	if err := writeShared.Render(context.Background(), &a, d, tv, meta); err != nil {
		t.Fatal(err)
	}
	v, err := view.Build(context.Background(), d, tv, view.Meta{Template: meta.Template, InputHash: meta.InputHash, Creator: meta.Creator})
	if err != nil {
		t.Fatal(err)
	}
	if err := writeShared.RenderView(context.Background(), &b, v); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("RenderView and Render differ")
	}
	if err := writeShared.RenderView(context.Background(), &b, nil); err == nil {
		t.Error("RenderView of nil: no error")
	}
}
