// Package xlsx writes a document as an Excel workbook people can print and
// work in, and reads such a workbook back into a document (round trip), so
// a plan edited in Excel or LibreOffice can be re-rendered.
//
// # Workbook layout (the contract between Write and Read)
//
// The writer reads the presentation model (package view): every text in a
// visible cell is the view's, typographed (typo.Typograph: «ёлочки», a
// no-break space after «№», between initials and surname, before «г.»);
// the stored JSON keeps the author's text. Read maps a cell that shows the
// typographed stored value back to the stored value itself.
//
// Sheet «План мероприятий» (SheetPlan, first and active):
//   - rows 1…: letterhead: organisation, stamps, title, subtitle (merged);
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
// Sheet «Паспорт» when the document has a passport; sheet «Текст» with the
// narrative blocks in a readable form; sheet «Сводка» with counts per
// section and status by COUNTIFS formulas and a native chart.
//
// Very hidden sheet «_kartograf» (SheetMeta): A1 = FormatTag, A2 = the
// template id@version, A3 = the SHA-256 of the stored JSON (checked by Read:
// a changed copy is an error), A4… = the document's JSON as
// written: MetaPacked followed by the base64 of the raw-deflated JSON, in
// cells of at most MaxCellRunes characters down to the first empty cell
// (plain JSON is read too). Packed, it is a few kilobytes of ASCII that
// spreadsheet programs keep as they are, instead of tens of kilobytes of
// escaped quotes. Read checks that JSON against A3, starts from it and
// takes the plan — sections, measures, numbers, cells, statuses and notes —
// from the plan sheet, so edits there win; a cell whose text is unchanged
// keeps its exact stored structure (lists, paragraphs). The header row is
// found by its titles or by «_kartograf» in the key column: a renamed plan
// column title is taken into plan.columns when the plan declares its own
// columns, and refused when they are the template version's (so are
// renamed «Статус» and «Отметка о выполнении»). Text in a cell of the plan
// sheet the writer left empty — right of the key column, in an inserted
// column, below the table, under a section's merged title — and a key
// cell that is no key are refused; a copy of the header row is skipped.
// The other visible cells (letterhead, «Паспорт», «Текст») are compared
// with a fresh layout of
// the stored document: an edit of a value shown whole in one cell is taken,
// any other edit is a ReadError naming the sheet and cell. The writer
// refuses a value longer than one cell holds (CellTooLongError) rather than
// let it be cut.
package xlsx

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
// json.Marshal wrote it — the same as the engine's input hash), and Read
// refuses a copy that does not match it.
const FormatTag = "kartograf-xlsx/2"

// FormatTagV1 marks workbooks of the writer before the stored copy was
// hashed: A3 held the caller's input hash, which need not be the copy's.
// Read accepts them without the check.
const FormatTagV1 = "kartograf-xlsx/1"

// MetaPacked starts the packed document in SheetMeta!A4.
const MetaPacked = "deflate+base64:"

// Column titles of the monitoring columns and of the hidden key column.
const (
	ColStatus = "Статус"
	ColNote   = "Отметка о выполнении"
	ColKey    = "_kartograf"
)

// Limits of Read, documented in README.
const (
	MaxFileSize  = 20 << 20  // bytes of the .xlsx
	MaxUnzipSize = 200 << 20 // bytes of all parts unpacked (zip-bomb guard)
	MaxUnzipXML  = 50 << 20  // bytes of one XML part unpacked
	MaxRows      = 100_000   // rows of the plan sheet
	MaxCellRunes = 32_767    // Excel's limit for one cell
)
