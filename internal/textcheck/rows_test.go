package textcheck

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/kartograf-ru/kartograf/pkg/document"
)

// A table's header row printed with its cells centred vertically: the
// one-line «Наименование показателя» sits on the middle line of the
// three-line «Базовое значение (2020), %», so «Базовое» is read before
// «№». The cells of one row may begin in any order; those of the next row
// begin after all of them.
const centredHeader = "" +
	"                 Базовое\n" +
	"№ п/п  Наименование показателя  значение\n" +
	"                 (2020), %\n" +
	"1.  Доля обучающихся, не достигших порога  12,5\n" +
	"2.  Доля выпускников  7,0\n"

func TestInOrderRows(t *testing.T) {
	rows := Rows("№ п/п\tНаименование показателя\tБазовое значение (2020), %\n" +
		"1.\tДоля обучающихся, не достигших порога\t12,5\n" +
		"2.\tДоля выпускников\t7,0\n")
	if len(rows) != 3 || len(rows[0]) != 3 {
		t.Fatalf("Rows: %q", rows)
	}
	if err := InOrderRows(rows, centredHeader); err != nil {
		t.Errorf("a row's cells beginning on different lines: %v", err)
	}
	// InOrderUnits, which wants the cells of a row in order, refuses it.
	if err := InOrderUnits(slices.Concat(rows...), centredHeader); err == nil {
		t.Error("InOrderUnits accepts «Базовое» before «№»; the case tests nothing")
	}
	// A cell of a later row printed before a cell of an earlier row is
	// disorder across rows.
	swapped := strings.Replace(centredHeader, "1.  Доля обучающихся, не достигших порога  12,5\n2.  Доля выпускников  7,0\n",
		"2.  Доля выпускников  7,0\n1.  Доля обучающихся, не достигших порога  12,5\n", 1)
	if err := InOrderRows(rows, swapped); err == nil {
		t.Error("rows printed in the wrong order pass")
	}
	// A value printed on the next row's line (units of two rows
	// interleaved) is disorder too.
	across := strings.Replace(centredHeader, "порога  12,5\n2.  Доля выпускников  7,0", "порога\n2.  Доля выпускников  12,5  7,0", 1)
	if err := InOrderRows(rows, across); err == nil {
		t.Error("a cell of row 1 printed after row 2 began passes")
	}
	// A missing word is missing.
	if err := InOrderRows(rows, strings.Replace(centredHeader, "выпускников", "", 1)); err == nil || !strings.Contains(err.Error(), "выпускников") {
		t.Errorf("a missing word: %v", err)
	}
	// Rows of one unit are checked as InOrderUnits checks them.
	narrative := Rows("Первый абзац.\nВторой абзац.")
	if err := InOrderRows(narrative, "Второй абзац.\nПервый абзац."); err == nil {
		t.Error("paragraphs out of order pass")
	}
	if err := InOrderRows(narrative, "Первый абзац.\nВторой абзац."); err != nil {
		t.Error(err)
	}
	if err := InOrderRows(nil, "текст"); err == nil {
		t.Error("nothing to check passes")
	}
}

// DocumentRows holds DocumentText's units, grouped by printed row: a
// table's header and each of its rows, a plan's header and each measure.
func TestDocumentRows(t *testing.T) {
	paths, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "documents", "*.json"))
	seeds, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "seeds", "*.json"))
	if len(paths) == 0 || len(seeds) == 0 {
		t.Fatal("no test documents")
	}
	for _, p := range append(paths, seeds...) {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		d, err := document.DecodeBytes(data)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if got, want := slices.Concat(DocumentRows(d, nil)...), Units(DocumentText(d, nil)); !slices.Equal(got, want) {
			t.Errorf("%s: DocumentRows flattened differs from DocumentText's units", filepath.Base(p))
		}
	}
	d := &document.Document{Body: []document.Block{
		{Paragraph: &document.Paragraph{Text: "Показатели."}},
		{Table: &document.Table{
			Columns: []document.TableColumn{{Title: "Показатель"}, {Title: "2023"}},
			Rows:    [][]document.Content{{document.Text("Доля обучающихся"), document.Text("12,5")}},
		}},
		{Plan: &document.Plan{
			Columns: []document.Column{{Key: "title", Title: "Мероприятия"}, {Key: "term", Title: "Сроки"}},
			Items: []document.Measure{{Cells: map[string]document.Content{
				"title": document.Text("Педсовет"), "term": document.Text("Август"),
			}}},
		}},
	}}
	want := [][]string{{"Показатели."}, {"Показатель", "2023"}, {"Доля обучающихся", "12,5"},
		{"Мероприятия", "Сроки"}, {"Педсовет", "Август"}}
	if got := DocumentRows(d, nil); !reflect.DeepEqual(got, want) {
		t.Errorf("DocumentRows = %q, want %q", got, want)
	}
}

// The stamps stand side by side, each side's lines in order: two stamps
// stacked on the left beside one on the right interleave wherever the
// sides' lines fall (here the right side's last line is level with the
// left's second stamp), but the lines of one side keep their order.
func TestSideBySideRows(t *testing.T) {
	d := &document.Document{
		Organization: document.Organization{FullName: "МБОУ «СОШ № 3»"},
		Title:        "Программа перехода",
		Approvals: []document.Approval{
			{Kind: document.ApprovalReviewed, Heading: new(false), Lines: []string{"Рассмотрено на заседании", "педагогического совета"}},
			{Kind: document.ApprovalAgree, Title: "Согласовано", Lines: []string{"Председатель Управляющего совета", "О.Н. Кравцова"}},
			{Kind: document.ApprovalApprove, Title: "Утверждаю:", Lines: []string{"Директор МБОУ «СОШ № 3»", "«31» августа 2023 г.", "М.п."}},
		},
		Body: []document.Block{{Paragraph: &document.Paragraph{Text: "Текст."}}},
	}
	rows := SideBySideRows(d, nil)
	if len(rows) != 4 || len(rows[1]) != 2 {
		t.Fatalf("rows %q: want the organisation, the stamps as one row of two, the title, the text", rows)
	}
	printed := "МБОУ «СОШ № 3»\n" +
		"Рассмотрено на заседании                 Утверждаю:\n" +
		"педагогического совета                   Директор МБОУ «СОШ № 3»\n" +
		"                                         «31» августа 2023 г.\n" +
		"Согласовано                              М.п.\n" +
		"Председатель Управляющего совета\n" +
		"О.Н. Кравцова\n" +
		"Программа перехода\nТекст.\n"
	if err := InOrderRows(rows, printed); err != nil {
		t.Error(err)
	}
	// The alternation of SideBySideUnits expects «Согласовано» before
	// «31»: it refuses this printout, which is why the rows exist.
	if err := InOrderUnits(SideBySideUnits(d, nil), printed); err == nil {
		t.Error("SideBySideUnits accepts it; the case tests nothing")
	}
	swapped := strings.Replace(printed, "Председатель Управляющего совета\nО.Н. Кравцова", "О.Н. Кравцова\nПредседатель Управляющего совета", 1)
	if err := InOrderRows(rows, swapped); err == nil {
		t.Error("a stamp's lines out of order pass")
	}
	late := strings.Replace(strings.Replace(printed, "Утверждаю:", "", 1), "Текст.", "Текст. Утверждаю:", 1)
	if err := InOrderRows(rows, late); err == nil {
		t.Error("a stamp printed after the title passes")
	}
}
