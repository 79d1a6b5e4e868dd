package batch

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/kartograf-ru/kartograf/internal/zipx"
)

// indexSheet is the index workbook's only sheet.
const indexSheet = "Индекс"

// XLSX is the index table as a workbook: every cell a string cell (a
// school name like «=1+1» stays text, exact), the header row bold and
// frozen. The same index gives the same bytes.
func (idx *Index) XLSX() ([]byte, error) {
	data, err := idx.xlsx()
	if err != nil {
		return nil, fmt.Errorf("index.xlsx: %w", err)
	}
	return data, nil
}

func (idx *Index) xlsx() ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName(f.GetSheetName(0), indexSheet); err != nil {
		return nil, err
	}
	rows := idx.rows()
	width := make([]int, len(rows[0]))
	for r, row := range rows {
		for c, v := range row {
			cell, err := excelize.CoordinatesToCellName(c+1, r+1)
			if err != nil {
				return nil, err
			}
			if err := f.SetCellStr(indexSheet, cell, v); err != nil {
				return nil, err
			}
			width[c] = max(width[c], utf8.RuneCountInString(v))
		}
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return nil, err
	}
	last, err := excelize.CoordinatesToCellName(len(rows[0]), 1)
	if err != nil {
		return nil, err
	}
	if err := f.SetCellStyle(indexSheet, "A1", last, bold); err != nil {
		return nil, err
	}
	for c, w := range width {
		col, err := excelize.ColumnNumberToName(c + 1)
		if err != nil {
			return nil, err
		}
		// Wide enough for ids, names and hashes, but a long error message
		// wraps at the window edge instead of pushing columns off-screen.
		if err := f.SetColWidth(indexSheet, col, col, float64(min(max(w, 6), 60)+2)); err != nil {
			return nil, err
		}
	}
	if err := f.SetPanes(indexSheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}}}); err != nil {
		return nil, err
	}
	if err := f.SetDocProps(&excelize.DocProperties{Title: "Индекс пакета", Creator: "kartograf", Description: idx.Generator,
		Language: "ru-RU", Created: "2000-01-01T00:00:00Z", Modified: "2000-01-01T00:00:00Z"}); err != nil {
		return nil, err
	}
	var parts workbookParts
	f.SetZipWriter(func(io.Writer) excelize.ZipWriter { return &parts })
	if _, err := f.WriteToBuffer(); err != nil {
		return nil, err
	}
	return parts.pack()
}

// workbookParts takes the workbook's parts from excelize, which writes
// them in an order of its own (map order for streamed sheets), so that
// pack can write them in a fixed one.
type workbookParts []workbookPart

type workbookPart struct {
	name string
	data *bytes.Buffer
}

func (p *workbookParts) Create(name string) (io.Writer, error) {
	buf := new(bytes.Buffer)
	*p = append(*p, workbookPart{name, buf})
	return buf, nil
}

func (p *workbookParts) AddFS(fs.FS) error {
	return errors.New("index.xlsx: AddFS не поддерживается")
}

func (p *workbookParts) Close() error { return nil }

// pack zips the parts [Content_Types].xml first, as Office writes it,
// then by name: the index must be byte-identical from run to run like the
// rest of the archive.
func (p workbookParts) pack() ([]byte, error) {
	slices.SortFunc(p, func(a, b workbookPart) int {
		if (a.name == "[Content_Types].xml") != (b.name == "[Content_Types].xml") {
			if a.name == "[Content_Types].xml" {
				return -1
			}
			return 1
		}
		return strings.Compare(a.name, b.name)
	})
	var out bytes.Buffer
	zw := zipx.NewWriter(context.Background(), &out)
	for _, part := range p {
		if err := zw.Deflate(part.name, part.data.Bytes()); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}
