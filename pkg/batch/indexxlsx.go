package batch

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
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
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, err
	}
	return repack(buf.Bytes())
}

// repack rewrites a workbook with its parts in a fixed order
// ([Content_Types].xml first, as Office writes it, then by name) and fixed
// dates: excelize writes parts in map order, and the index must be
// byte-identical from run to run like the rest of the archive.
func repack(data []byte) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, err
	}
	files := slices.Clone(zr.File)
	slices.SortFunc(files, func(a, b *zip.File) int {
		if (a.Name == "[Content_Types].xml") != (b.Name == "[Content_Types].xml") {
			if a.Name == "[Content_Types].xml" {
				return -1
			}
			return 1
		}
		return strings.Compare(a.Name, b.Name)
	})
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range files {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Deflate, Modified: zipTime})
		if err != nil {
			return nil, err
		}
		rc, err := f.Open()
		if err != nil {
			return nil, err
		}
		_, err = io.Copy(w, rc)
		rc.Close()
		if err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}
