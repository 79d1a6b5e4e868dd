// Package csvsafe writes the CSV files Kartograf produces (the batch
// index) so that a spreadsheet opens every cell as text, in the dialect
// Russian Excel reads by double-click: UTF-8 with a BOM, «;» between
// fields, CRLF line ends.
//
// A cell that begins with «=», «+», «-», «@», a tab, CR or LF (or the
// full-width «＝ ＋ － ＠», which some spreadsheets fold to ASCII) would be
// taken by Excel or LibreOffice as a formula — school names come from a
// registry anyone may have edited, so such a cell is prefixed with an
// apostrophe, as OWASP recommends for CSV injection. The apostrophe is
// visible in the CSV; formats without the risk (JSON, XLSX string cells)
// keep values exact.
package csvsafe

import (
	"bytes"
	"encoding/csv"
	"strings"
	"unicode/utf8"
)

// BOM starts every file: Excel takes a CSV without it for the ANSI code
// page (Windows-1251) and shows the Cyrillic as mojibake.
const BOM = "\ufeff"

// Comma is the field separator Excel expects where the decimal separator
// is a comma (Russian locale): with «,» it shows every row in one column.
const Comma = ';'

// risky lists the first characters that make a spreadsheet evaluate a cell.
const risky = "=+-@\t\r\n＝＋－＠"

// Neutralize returns s prefixed with an apostrophe when a spreadsheet
// would read it as a formula, s itself otherwise.
func Neutralize(s string) string {
	// Only the first character decides: that is where a spreadsheet looks
	// for «=», «+», «-» or «@».
	if r, _ := utf8.DecodeRuneInString(s); s != "" && strings.ContainsRune(risky, r) {
		return "'" + s
	}
	return s
}

// Encode writes rows (the first being the header) as one CSV file: BOM,
// «;», CRLF, every field neutralised and quoted where CSV needs it.
func Encode(rows [][]string) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(BOM)
	w := csv.NewWriter(&b)
	w.Comma = Comma
	w.UseCRLF = true
	field := []string{}
	for _, row := range rows {
		field = field[:0]
		for _, v := range row {
			field = append(field, Neutralize(v))
		}
		if err := w.Write(field); err != nil {
			return nil, err
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
