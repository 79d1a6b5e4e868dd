package docx

import (
	"bytes"
	"context"
	"io"

	"github.com/xuri/excelize/v2"

	"github.com/kartograf-ru/kartograf/internal/zipx"
	"github.com/kartograf-ru/kartograf/pkg/render/view"
)

// chartWorkbook is the chart's data as Word keeps it beside a chart: one
// sheet, the categories in column A from row 2, each series in a column
// of its own under its name in row 1, the target line's value in the
// column after them. The chart part's formulas point at these cells
// (chartxml.go), so «Изменить данные» in Word or LibreOffice opens them.
// excelize writes the workbook through zipx, which dates its entries.
func chartWorkbook(ctx context.Context, c *view.Chart) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", chartSheet); err != nil {
		return nil, err
	}
	style, err := f.NewStyle(&excelize.Style{CustomNumFmt: ptr(numFormat(c.Decimals))})
	if err != nil {
		return nil, err
	}
	set := func(col, row int, v any) error {
		cell, err := excelize.CoordinatesToCellName(col, row)
		if err != nil {
			return err
		}
		if err := f.SetCellValue(chartSheet, cell, v); err != nil {
			return err
		}
		if _, isNum := v.(float64); isNum {
			return f.SetCellStyle(chartSheet, cell, cell, style)
		}
		return nil
	}
	for k, cat := range c.Categories {
		if err := set(1, k+2, cat); err != nil {
			return nil, err
		}
	}
	for i, s := range c.Series {
		if err := set(i+2, 1, s.Name); err != nil {
			return nil, err
		}
		for k, v := range s.Values {
			if err := set(i+2, k+2, v); err != nil {
				return nil, err
			}
		}
	}
	if t := c.Target; t != nil && c.Type != "pie" {
		col := len(c.Series) + 2
		if err := set(col, 1, t.Name); err != nil {
			return nil, err
		}
		for k := range c.Categories {
			if err := set(col, k+2, t.Value); err != nil {
				return nil, err
			}
		}
	}
	if err := f.SetColWidth(chartSheet, "A", "A", 40); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	f.SetZipWriter(func(w io.Writer) excelize.ZipWriter { return zipx.NewWriter(ctx, w) })
	if _, err := f.WriteTo(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func ptr[T any](v T) *T { return &v }
