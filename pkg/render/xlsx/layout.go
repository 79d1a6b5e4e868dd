// Package xlsx writes a document as an Excel workbook people can print and
// work in. The workbook also carries the document itself, so that package
// xlsximport can read a workbook edited in Excel or LibreOffice back into
// a document (round trip) to render again.
//
// # Workbook layout (the contract between the writer and xlsximport)
//
// The writer reads the presentation model (package view): every text in a
// visible cell is the view's, typographed (typo.Typograph: «ёлочки», a
// no-break space after «№», between initials and surname, before «г.»);
// the stored JSON keeps the author's text. The importer maps a cell that
// shows the typographed stored value back to the stored value itself;
// Trace tells which cells show a value whole.
//
// The visible sheets follow the body: «Паспорт», «План мероприятий» and
// «Текст» in the order the body first shows a passport, the (first) plan
// and any other block; the narrative that follows a plan or passport sheet
// goes on a text sheet of its own after it, «Текст (2)», «Текст (3)», …
// (TextSheet), so that reading the sheets in order reads the body in
// order. The first sheet carries the letterhead
// (organisation, the stamps side by side as view.Letterhead.Side places
// them — each side's stamps in one cell, their lines in order — title,
// subtitle, merged over the printed columns). A sheet prints in the
// template's orientation, at the template's table (plan, passport) or text
// size, within the margins; column widths are in the Normal style's digit,
// Times New Roman 10.5 pt, 7 px in Excel and LibreOffice alike.
//
// Sheet «План мероприятий» (SheetPlan, active), only when the body has a
// plan:
//   - rows 1…: the letterhead when the sheet is first, then the plan's
//     caption (the heading right before the plan) when there is one;
//   - the header row (the plan's column titles in plan order, then
//     «Статус» and «Отметка о выполнении»), frozen, repeated on every printed
//     page (_xlnm.Print_Titles), with an autofilter;
//   - then one row per section (its number in the first column, its title
//     in the second column merged to the last plan column) followed by a row
//     per measure (a cell per plan column, then status and note);
//   - a hidden last column «_kartograf» (ColKey) with the row's key:
//     "s<si>" for section si and "m<si>.<ii>" for measure ii of section si,
//     as they were written; rows a person adds have none.
//
// The plan's columns share the printed width as the view's fractions say;
// «Статус» and «Отметка о выполнении» print only when a measure has a
// status or a note (otherwise the print area, _xlnm.Print_Area, ends at
// the last plan column).
//
// Sheet «Паспорт» when the document has a passport; sheet «Текст» (and
// its further sheets) with the narrative blocks in a readable form (or the
// letterhead alone, for a document with nothing else), every one laid out
// alike. A chart block there is its data — a header row with the series'
// names (and the target's), then a row per category: its name, merged over
// the columns the values leave, and the values as numbers — a native chart
// whose series refer to those cells, covering the rows under them across
// the sheet's width, and its caption in a merged row under the chart; the
// block starts a printed page when it would not fit in the rest of one.
// Sheet «Сводка», after them, when there is a
// plan, with counts per section and status by COUNTIFS formulas and a
// native chart.
//
// Very hidden sheet «_kartograf» (SheetMeta): A1 = FormatTag, A2 = the
// template id@version, A3 = the SHA-256 of the stored JSON, A4… = the
// document's JSON as written: MetaPacked followed by the base64 of the
// raw-deflated JSON, in cells of at most MaxCellRunes characters down to
// the first empty cell. Packed, it is a few kilobytes of ASCII that
// spreadsheet programs keep as they are, instead of tens of kilobytes of
// escaped quotes. What the importer takes from which cell, and which edits
// it refuses, is documented in package xlsximport. The writer refuses a
// value longer than one cell holds (CellTooLongError) rather than let it
// be cut.
package xlsx

import "strconv"

// Names of the workbook's sheets.
const (
	SheetPlan     = "План мероприятий"
	SheetPassport = "Паспорт"
	SheetText     = "Текст"
	SheetSummary  = "Сводка"
	SheetMeta     = "_kartograf"
)

// FormatTag marks a workbook written by Kartograf (in SheetMeta!A1). In
// this format A3 is "sha256:<hex>" of the stored JSON (inflated, as
// json.Marshal wrote it — the same as the engine's input hash), and the
// importer refuses a copy that does not match it.
//
// kartograf-xlsx/4: the narrative after a plan or passport sheet is on a
// further text sheet (TextSheet); /3 had all of it on «Текст». /3: the
// sheets follow the body and the letterhead is on the first of them; /2
// had it on the plan sheet and on «Паспорт».
const FormatTag = "kartograf-xlsx/4"

// MetaPacked starts the packed document in SheetMeta!A4.
const MetaPacked = "deflate+base64:"

// Column titles of the monitoring columns and of the hidden key column.
const (
	ColStatus = "Статус"
	ColNote   = "Отметка о выполнении"
	ColKey    = "_kartograf"
)

// MaxCellRunes is Excel's limit for one cell, in UTF-16 code units.
const MaxCellRunes = 32_767

// TextSheet is the name of the i-th text sheet (from 0): SheetText, then
// «Текст (2)», «Текст (3)», … — short, and with none of the characters
// Excel refuses in a sheet name.
func TextSheet(i int) string {
	if i == 0 {
		return SheetText
	}
	return SheetText + " (" + strconv.Itoa(i+1) + ")"
}
