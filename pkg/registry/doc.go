// Package registry reads the registry of schools (ШНОР) that a municipal
// methodologist gives for the yearly batch run: one row per school with its
// identifier, names, district, director and the requisites of the approval
// order and of the teachers' council protocol.
//
// The registry comes as CSV, XLSX or JSON (ReadFile chooses by extension)
// and is read into validated []School in source order. Every problem found
// is collected into one *Error, sorted by row, whose text is Russian and
// meant for the methodologist:
//
//	schools.csv, строка 7, столбец «id»: повторяется идентификатор «12» (впервые в строке 3)
//
// # Columns
//
// Columns are matched by header (CSV, XLSX) or key (JSON) against the
// canonical keys id, short_name, full_name, district, director (required)
// and director_position, approval_order_number, approval_order_date,
// council_protocol_number, council_protocol_date (optional), or against
// their Russian names («Код ОО», «Полное наименование», «Дата приказа»…).
// Matching ignores case and surrounding spaces, folds «ё» into «е», treats
// spaces, underscores and hyphens alike and ignores a trailing «*» or «:».
// Unknown columns of a table are ignored; unknown keys of JSON are an error,
// because there they are almost always typos.
//
// # Formats
//
// CSV is UTF-8 (with or without BOM) or the Windows-1251 text that Russian
// Excel saves: input that is not valid UTF-8 is decoded as Windows-1251 and
// accepted only when the decoded header has a known column. UTF-16 is
// refused with advice to save as «CSV UTF-8». The delimiter is the most
// frequent of «;», «,» and tab outside quotes in the header line. Quoting
// follows RFC 4180 strictly; blank lines are skipped, a row with fewer
// values than the header, or with non-empty values beyond it, is an error.
//
// XLSX is read from the sheet named «Школы», «Реестр» or «schools», else
// from the first sheet; the header is the first non-empty row and values
// are taken as Excel displays them, except that in a date column a number
// cell shown in another date format (a long date, date and time) comes out
// as ДД.ММ.ГГГГ. A number shown as a plain number («45900») is not taken
// for a date.
//
// JSON is an array of objects or {"schools": [...]} with no other key;
// values are strings or null (not given), and the identifier and the order
// and protocol numbers may also be JSON numbers, taken as decimal text.
//
// Every format is limited to MaxFileSize bytes and MaxRows rows; the
// unpacked size of a workbook is limited too (zip-bomb guard).
//
// # Rows
//
// School.Row and Problem.Row are 1-based and count as a spreadsheet does:
// the header is row 1 when it is the first line. In CSV, a value spanning
// several lines counts as one row (the row Excel shows); without such values
// Row is the line number. In JSON, Row is the line on which the school's
// object begins and messages also give the record's number. Row 0 in a
// Problem means the file or the header as a whole.
//
// # Values
//
// Every value is trimmed and its internal runs of white space (including
// line breaks) are collapsed to one space; nothing else in the text is
// changed (quotes stay as written). Dates are accepted as ДД.ММ.ГГГГ,
// Д.М.ГГГГ or ГГГГ-ММ-ДД, must exist in the calendar with a year from 1900
// to 2100, and are normalised to ДД.ММ.ГГГГ. The identifier
// becomes a file name, so it may hold only letters, digits, «-», «_» and
// «.», may not begin with a dot and is at most 64 characters long;
// identifiers are unique regardless of case.
package registry
