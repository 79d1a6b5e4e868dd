package xlsximport

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/render/xlsx"
)

// editPlan opens a workbook, lets edit change its plan sheet and returns
// the saved bytes.
func editPlan(t *testing.T, data []byte, edit func(f *excelize.File, header int)) []byte {
	t.Helper()
	f := writeOpen(t, data)
	rows, err := f.GetRows(xlsx.SheetPlan)
	if err != nil {
		t.Fatal(err)
	}
	header := -1
	for r, row := range rows {
		for _, c := range row {
			if c == xlsx.ColKey {
				header = r + 1
			}
		}
		if header > 0 {
			break
		}
	}
	if header < 0 {
		t.Fatal("no header row")
	}
	edit(f, header)
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// A plan of measures without sections, edited in its workbook, comes back
// as measures without sections: an edited cell is read, a row a person
// adds below is a new measure — not «a measure above the first section».
func TestReadPlanWithoutSectionsEdited(t *testing.T) {
	want := readRepo(t, "testdata", "documents", "plan-no-sections.json")
	data := editPlan(t, readFixture(t, readRepo(t, "testdata", "documents", "plan-no-sections.json")), func(f *excelize.File, header int) {
		n := len(want.Body[1].Plan.Items)
		if err := f.SetCellValue(xlsx.SheetPlan, writeCell(1, header+2), "Анкетирование руководителей школ"); err != nil {
			t.Fatal(err)
		}
		if err := f.SetCellValue(xlsx.SheetPlan, writeCell(1, header+n+1), "Совещание руководителей по итогам года"); err != nil {
			t.Fatal(err)
		}
	})
	got, err := readBytes(data)
	if err != nil {
		t.Fatal(err)
	}
	p := got.Body[1].Plan
	if len(p.Sections) != 0 {
		t.Fatalf("read back with %d sections, want measures without sections", len(p.Sections))
	}
	wp := want.Body[1].Plan
	wp.Items[1].Cells["title"] = document.Text("Анкетирование руководителей школ")
	wp.Items = append(wp.Items, document.Measure{Cells: map[string]document.Content{"title": document.Text("Совещание руководителей по итогам года")}})
	if !reflect.DeepEqual(got, want) {
		t.Errorf("read back differs:\n%s", readDocDiff(got, want))
	}
}

// A section without title and number prints no row; its measures, found
// by their keys, come back in a section of their own, and the numbers
// written as such stay as written (none generated).
func TestReadUntitledSectionRoundTrip(t *testing.T) {
	want := readRepo(t, "testdata", "documents", "plan-numbered-as-written.json")
	got, err := readBytes(readFixture(t, readRepo(t, "testdata", "documents", "plan-numbered-as-written.json")))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("read back differs:\n%s", readDocDiff(got, want))
	}
	s := got.Body[0].Plan.Sections
	if len(s) != 3 || s[2].Title != "" || s[2].Number != "" || len(s[2].Items) != 2 || s[2].Items[1].Number != "34)" {
		t.Errorf("untitled section read back as %+v", s[len(s)-1])
	}
}

// A one-column plan with sections prints number and title in its one
// cell and reads them back.
func TestReadOneColumnSections(t *testing.T) {
	d := readRepo(t, "testdata", "documents", "plan-no-sections.json")
	p := d.Body[1].Plan
	p.Sections = []document.Section{
		{Number: "1.", Title: "Организационные мероприятия", Items: p.Items[:3]},
		{Title: "Методическая поддержка", Items: p.Items[3:]},
	}
	p.Items = nil
	if err := document.Validate(d); err != nil {
		t.Fatal(err)
	}
	data := readFixture(t, d)
	f := writeOpen(t, data)
	rows, err := f.GetRows(xlsx.SheetPlan)
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, row := range rows {
		if len(row) > 0 {
			texts = append(texts, row[0])
		}
	}
	for _, w := range []string{"1. Организационные мероприятия", "2. Методическая поддержка"} {
		found := false
		for _, s := range texts {
			found = found || s == w
		}
		if !found {
			t.Errorf("no cell %q in the first column: %q", w, texts)
		}
	}
	got, err := readBytes(data)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, d) {
		t.Errorf("read back differs:\n%s", readDocDiff(got, d))
	}
}
