// Package xlsximport reads a workbook written by pkg/render/xlsx — and
// maybe edited in Excel or LibreOffice — back into a document, so that an
// edited plan can be rendered again (Engine.Import, `kartograf import`).
// Reading is not rendering: the package sits above the renderers, and
// uses the writer only to lay the stored document out again for
// comparison (xlsx.Writer.Trace) and for the layout's names (sheets,
// columns, the format tag).
//
// What is read from where (the layout is documented in package xlsx):
//
// The very hidden sheet «_kartograf» (xlsx.SheetMeta) holds the format tag
// (A1), the template id@version (A2), the SHA-256 of the stored JSON (A3)
// and the document's JSON from A4 down to the first empty cell, packed
// (xlsx.MetaPacked) or, from a workbook of an earlier writer, plain. Read
// checks that JSON against A3 (a changed copy is an error; workbooks of
// FormatTagV1 have no such hash), starts from it and takes the plan —
// sections, measures, numbers, cells, statuses and notes — from the plan
// sheet, so edits there win; a cell whose text is unchanged keeps its
// exact stored structure (lists, paragraphs).
//
// The header row is found by its titles or by «_kartograf» in the key
// column: a renamed plan column title is taken into plan.columns when the
// plan declares its own columns, and refused when they are the template
// version's (so are renamed «Статус» and «Отметка о выполнении»). Text in a
// cell of the plan sheet the writer left empty — right of the key column,
// in an inserted column, below the table, under a section's merged title —
// and a key cell that is no key are refused; a copy of the header row is
// skipped.
//
// The other visible cells (letterhead, on the first sheet only, «Паспорт»,
// «Текст» and the further text sheets «Текст (2)», …) are compared
// with a fresh layout of the stored document: an edit of a value shown
// whole in one cell is taken, any other edit is a ReadError naming the
// sheet and cell. A chart block's data cells are such cells (the chart
// comes back from the stored copy); its chart parts are not read.
package xlsximport

// FormatTagV1 marks workbooks of the writer before the stored copy was
// hashed: A3 held the caller's input hash, which need not be the copy's.
// Read accepts them without the check.
const FormatTagV1 = "kartograf-xlsx/1"

// FormatTagV2 marks workbooks of the writer before the sheets followed the
// body (the letterhead on the plan sheet and on «Паспорт», a plan sheet
// without a plan): Read takes their plan, and their display sheets are
// compared word by word with the stored document (compareEarlier).
const FormatTagV2 = "kartograf-xlsx/2"

// FormatTagV3 marks workbooks of the writer before the narrative after a
// plan or passport sheet went on a further text sheet (xlsx.TextSheet):
// all of it was on «Текст». Where the stored document has no such
// narrative the layouts are the same and the workbook is read as today's;
// otherwise its display sheets are compared word by word (compareEarlier).
const FormatTagV3 = "kartograf-xlsx/3"

// Limits of Read, documented in README.
const (
	MaxFileSize  = 20 << 20  // bytes of the .xlsx
	MaxUnzipSize = 200 << 20 // bytes of all parts unpacked (zip-bomb guard)
	MaxUnzipXML  = 50 << 20  // bytes of one XML part unpacked
	MaxRows      = 100_000   // rows of the plan sheet
)
