package xlsximport

// The workbook shows the view's typographed text; what it shows reads back
// to the stored document.

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/kartograf-ru/kartograf/internal/testtool/testtpl"
	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/render/xlsx"
	"github.com/kartograf-ru/kartograf/templates"
)

func viewRender(t *testing.T, d *document.Document, tv *templates.Version) []byte {
	t.Helper()
	if err := document.Validate(d); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := writeShared.Render(context.Background(), &buf, d, tv, xlsx.Meta{}); err != nil {
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

func mustJSON(t *testing.T, d *document.Document) []byte {
	t.Helper()
	js, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	return js
}

// The typographed workbook reads back to the stored document exactly; an
// edit of a typographed cell is carried as the person left it; the
// author's plain text typed again is no change.
func TestViewTypographedRoundTrip(t *testing.T) {
	d := testtpl.TypographyDoc()
	data := viewRender(t, d, writeTemplate(t, d))
	wantJSON, _ := json.Marshal(testtpl.TypographyDoc())
	got, err := readBytes(data)
	if err != nil {
		t.Fatal(err)
	}
	if js, _ := json.Marshal(got); !bytes.Equal(js, wantJSON) {
		t.Fatalf("read back differs:\n%s", readDocDiff(got, testtpl.TypographyDoc()))
	}

	// The letterhead is on the first sheet, «Паспорт»; a side's stamps
	// share one cell.
	f := writeOpen(t, data)
	planCell := viewCells(t, f, xlsx.SheetPlan)["Встреча «клуба» №\u00a05"]
	head := viewCells(t, f, xlsx.SheetPassport)
	titleCell := head["План «кавычки» для школы №\u00a05 на 2023\u00a0г."]
	var stampCell, stampText string
	for text, name := range head {
		if strings.Contains(text, "____________ Л.П.\u00a0Шидукова") {
			stampCell, stampText = name, text
		}
	}
	if planCell == "" || titleCell == "" || stampCell == "" {
		t.Fatalf("cells not found: %q %q %q", planCell, titleCell, stampCell)
	}

	edited := editBook(t, data, func(f *excelize.File) {
		f.SetCellStr(xlsx.SheetPlan, planCell, "Встреча «клуба» №\u00a06")
		f.SetCellStr(xlsx.SheetPassport, titleCell, "План «другой» на 2024\u00a0г.")
	})
	got, err = readBytes(edited)
	if err != nil {
		t.Fatal(err)
	}
	want := testtpl.TypographyDoc()
	want.Title = "План «другой» на 2024\u00a0г."
	want.Body[4].Plan.Sections[0].Items[0].Cells["title"] = document.Text("Встреча «клуба» №\u00a06")
	if js, _ := json.Marshal(got); string(js) != string(mustJSON(t, want)) {
		t.Errorf("edits read back wrong:\n%s", readDocDiff(got, want))
	}

	retyped := editBook(t, data, func(f *excelize.File) {
		f.SetCellStr(xlsx.SheetPlan, planCell, `Встреча "клуба" № 5`)
		f.SetCellStr(xlsx.SheetPassport, stampCell, strings.ReplaceAll(stampText, "\u00a0", " "))
	})
	got, err = readBytes(retyped)
	if err != nil {
		t.Fatal(err)
	}
	if js, _ := json.Marshal(got); !bytes.Equal(js, wantJSON) {
		t.Errorf("plain text typed again:\n%s", readDocDiff(got, testtpl.TypographyDoc()))
	}
}
