package registry

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Unpacked-size limits of a workbook (zip-bomb guard).
const (
	maxUnzipSize = 200 << 20 // all parts
	maxUnzipXML  = 50 << 20  // one part
)

// ReadXLSX reads a registry from an Excel workbook of size bytes: the sheet
// named «Школы», «Реестр» or «schools», else the first one, header in its
// first non-empty row. Problems with the content are an *Error.
func ReadXLSX(r io.ReaderAt, size int64) (schools []School, err error) {
	switch {
	case size <= 0:
		return nil, fileError("файл пуст")
	case size > MaxFileSize:
		return nil, tooLarge(size)
	}
	var sig [8]byte
	n, _ := r.ReadAt(sig[:], 0)
	switch {
	case n == 8 && bytes.Equal(sig[:], []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}):
		return nil, fileError("это книга Excel старого формата (.xls) или книга, защищённая паролем: сохраните реестр как «Книга Excel (.xlsx)» без пароля")
	case n < 4 || !bytes.Equal(sig[:4], []byte("PK\x03\x04")):
		return nil, fileError("это не книга Excel (.xlsx): файл повреждён или имеет другой формат")
	}
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, fileError("книга Excel повреждена: " + err.Error())
	}
	var total uint64
	for _, zf := range zr.File {
		if zf.UncompressedSize64 > maxUnzipXML {
			return nil, fileError(fmt.Sprintf("книга слишком большая: часть «%s» после распаковки больше %d МиБ", zf.Name, maxUnzipXML>>20))
		}
		total += zf.UncompressedSize64
	}
	if total > maxUnzipSize {
		return nil, fileError(fmt.Sprintf("книга слишком большая: после распаковки больше %d МиБ", maxUnzipSize>>20))
	}
	// excelize is a large parser of untrusted input; whatever it does on a
	// malformed workbook must end as an error, never as a crash.
	defer func() {
		if v := recover(); v != nil {
			schools, err = nil, fileError(fmt.Sprintf("книга Excel повреждена: %v", v))
		}
	}()
	f, err := excelize.OpenReader(io.NewSectionReader(r, 0, size), excelize.Options{
		UnzipSizeLimit:    maxUnzipSize,
		UnzipXMLSizeLimit: maxUnzipXML,
		// Dates in the locale's short format (built-in format 14) come out
		// as Russian Excel shows them.
		ShortDatePattern: "dd.mm.yyyy",
	})
	if err != nil {
		return nil, fileError("книга Excel повреждена или защищена паролем: " + err.Error())
	}
	defer f.Close()
	return readSheet(f)
}

// pickSheet is the registry's sheet: the first one named «Школы», «Реестр»
// or «schools» (in any case), else the first.
func pickSheet(names []string) string {
	for _, n := range names {
		switch normHeader(n) {
		case "школы", "реестр", "schools":
			return n
		}
	}
	if len(names) == 0 {
		return ""
	}
	return names[0]
}

// sheetRow is a non-empty row of the sheet.
type sheetRow struct {
	num   int // 1-based
	cells []string
}

func readSheet(f *excelize.File) ([]School, error) {
	sheet := pickSheet(f.GetSheetList())
	if sheet == "" {
		return nil, fileError("в книге нет листов")
	}
	it, err := f.Rows(sheet)
	if err != nil {
		return nil, fileError("лист «" + sheet + "» не читается: " + err.Error())
	}
	var rows []sheetRow
	num := 0
	for it.Next() {
		num++
		// The iterator yields every empty row up to the next row's number,
		// so a row numbered 99999999999 would keep it busy for hours; Excel
		// has no rows past TotalRows.
		if num > excelize.TotalRows {
			it.Close()
			return nil, fileError(fmt.Sprintf("на листе «%s» есть строка с номером больше %d: такой книги Excel не бывает, файл повреждён", sheet, excelize.TotalRows))
		}
		cells, err := it.Columns()
		if err != nil {
			it.Close()
			return nil, &Error{Problems: []Problem{{Row: num, Message: "строка листа «" + sheet + "» не читается: " + err.Error()}}}
		}
		blank := true
		for _, c := range cells {
			if strings.TrimSpace(c) != "" {
				blank = false
				break
			}
		}
		if blank {
			continue
		}
		if num > MaxRows {
			it.Close()
			return nil, fileError(fmt.Sprintf("на листе «%s» больше %d строк", sheet, MaxRows))
		}
		rows = append(rows, sheetRow{num, cells})
	}
	err = it.Error()
	it.Close()
	if err != nil {
		return nil, fileError("лист «" + sheet + "» не читается: " + err.Error())
	}
	if len(rows) == 0 {
		return nil, fileError("лист «" + sheet + "» пуст")
	}

	var p problems
	cols := columns()
	h, _ := mapHeader(rows[0].cells, cols, &p)
	recs := make([]record, 0, len(rows)-1)
	date1904 := false
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		date1904 = *props.Date1904
	}
	for _, row := range rows[1:] {
		for k := range numKeys {
			if i := h.idx[k]; cols[k].date && i >= 0 && i < len(row.cells) {
				row.cells[i] = excelDate(f, sheet, i, row.num, row.cells[i], date1904)
			}
		}
		recs = append(recs, tableRecord(row.num, row.cells, &h))
	}
	if len(recs) == 0 {
		p.add(0, "", "реестр пуст: после заголовка нет ни одной строки со школой")
	}
	return finish(recs, p)
}

// excelDate is the text of a date cell: shown as it is displayed when that
// is a date Kartograf reads, else, for a number cell formatted as anything
// (a date format other than the short one, date and time), the date of its
// serial number as ДД.ММ.ГГГГ. Other cells (text, a number shown as is)
// stay as they are and fail validation with the text the person sees.
func excelDate(f *excelize.File, sheet string, col, row int, shown string, date1904 bool) string {
	v := normValue(shown)
	if v == "" {
		return shown
	}
	if _, msg := normDate(v); msg == "" {
		return shown
	}
	cell, err := excelize.CoordinatesToCellName(col+1, row)
	if err != nil {
		return shown
	}
	if t, err := f.GetCellType(sheet, cell); err != nil || (t != excelize.CellTypeNumber && t != excelize.CellTypeUnset) {
		return shown
	}
	raw, err := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
	if err != nil || raw == shown {
		return shown
	}
	serial, err := strconv.ParseFloat(raw, 64)
	// 1 is 01.01.1900; 2958465 is 31.12.9999.
	if err != nil || math.IsNaN(serial) || serial < 1 || serial >= 2958466 {
		return shown
	}
	t, err := excelize.ExcelDateToTime(math.Floor(serial), date1904)
	if err != nil {
		return shown
	}
	return t.Format("02.01.2006")
}
