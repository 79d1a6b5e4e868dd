package xlsximport

// Workbooks with chart blocks: the chart parts are not read, the chart's
// data cells are the chart block's, and the stored copy gives the chart
// back.

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/kartograf-ru/kartograf/internal/testtool/testtpl"
	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/render/view"
	"github.com/kartograf-ru/kartograf/pkg/render/xlsx"
)

// chartRender writes d through its view, charts drawn whatever the
// template's features.
func chartRender(t *testing.T, d *document.Document) []byte {
	t.Helper()
	if err := document.Validate(d); err != nil {
		t.Fatal(err)
	}
	v, err := view.Build(context.Background(), d, writeTemplate(t, d), view.Meta{})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := writeShared.RenderView(context.Background(), &buf, v); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// A workbook with charts reads back to the document it was written from,
// with and without a plan; an edit of a chart's data cell is refused at
// that cell (the chart block comes from the stored copy, and the edit
// would be lost), not taken silently.
func TestChartRoundTrip(t *testing.T) {
	for name, mk := range map[string]func() *document.Document{
		"analysis": testtpl.AnalysisChartsDoc,
		"with plan": func() *document.Document {
			d := testtpl.TypographyDoc()
			d.Body = append(d.Body, testtpl.AnalysisChartsDoc().Body...)
			return d
		},
	} {
		t.Run(name, func(t *testing.T) {
			data := chartRender(t, mk())
			got, err := readBytes(data)
			if err != nil {
				t.Fatal(err)
			}
			want, _ := json.Marshal(mk())
			if js, _ := json.Marshal(got); !bytes.Equal(js, want) {
				t.Fatalf("read back differs:\n%s", readDocDiff(got, mk()))
			}
		})
	}
	data := chartRender(t, testtpl.AnalysisChartsDoc())
	f := writeOpen(t, data)
	_, row, col := findCell(t, f, xlsx.SheetText, "Раздел 2")
	edited := editBook(t, data, func(f *excelize.File) {
		f.SetCellValue(xlsx.SheetText, writeCell(col+1, row), 9)
	})
	_, err := readBytes(edited)
	wantReadError(t, err, xlsx.SheetText, row, col+1, "изменения вне таблицы мероприятий не переносятся")
}
