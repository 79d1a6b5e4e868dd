package textcheck

import (
	"testing"

	"github.com/kartograf-ru/kartograf/pkg/document"
)

// A table's expected text is its header as it reads (group titles with the
// ungrouped titles, then the grouped columns' titles; nothing without a
// header) and its rows as printed: numbers with a decimal comma, totals
// computed, the total row appended.
func TestDocumentTextTable(t *testing.T) {
	off := false
	d := &document.Document{Organization: document.Organization{FullName: "Школа"}, Title: "План",
		Body: []document.Block{
			{Table: &document.Table{
				Columns: []document.TableColumn{
					{Title: "Источник"}, {Title: "2021", Type: "money"}, {Title: "2022", Type: "money", Unit: "%"}, {Title: "Всего", Type: "money", Total: true},
				},
				Groups:   []document.TableGroup{{Title: "Объём", From: 2, Span: 3}},
				TotalRow: "Итого",
				Rows:     [][]document.Content{{document.Text("Бюджет"), document.Text("1234.5"), document.Text("1,5"), nil}},
			}},
			{Table: &document.Table{Header: &off, Columns: []document.TableColumn{{Title: "Скрыт"}}, Rows: [][]document.Content{{document.Text("ячейка")}}}},
		}}
	want := "Школа\nПлан\nИсточник\nОбъём\n2021\n2022, %\nВсего\nБюджет\n1\u00a0234,5\n1,5\n1\u00a0236,0\nИтого\n1\u00a0234,5\n1,5\n1\u00a0236,0\nячейка\n"
	if got := DocumentText(d, nil); got != want {
		t.Errorf("got\n%q\nwant\n%q", got, want)
	}
}
