package xlsximport

import (
	"reflect"
	"testing"

	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/render/xlsx"
)

func TestCellTextRoundTrip(t *testing.T) {
	cases := []document.Content{
		document.Text("Февраль 2024г."),
		{{Text: "Участие в мониторинге:"}, {List: &document.List{Marker: "-", Items: []document.ListItem{{Text: "подготовка отчета;"}, {Text: "анализ ГИА-2022"}}}}},
		{{List: &document.List{Marker: "•", Items: []document.ListItem{{Text: "первый", List: &document.List{Ordered: true, Start: 3, Items: []document.ListItem{{Text: "третий"}}}}, {Text: "второй"}}}}},
		{{Text: "абзац 1"}, {Text: "абзац 2"}},
	}
	for _, c := range cases {
		text := xlsx.CellText(c)
		if got := ParseCellText(text); !reflect.DeepEqual(got, c) {
			t.Errorf("%q: parsed back as %#v, want %#v", text, got, c)
		}
	}
	if ParseCellText("  ") != nil {
		t.Error("blank text must be empty content")
	}
}
