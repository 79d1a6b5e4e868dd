// Package pdf renders a document to PDF through a template version.
//
// The layout reads the document's presentation model (package view):
// columns and their widths, letterhead, alignment, numbers and typography
// are decided there; the template's manifest gives only the page geometry,
// type sizes, fonts and cell padding.
//
// Rendering is paginate-then-draw: the layout step measures every string
// with cached glyph widths (package typo), wraps and hyphenates it into
// lines, splits tables and paragraphs into pages and produces a list of
// drawing operations per page; only then is the PDF written with gopdf.
// Tables repeat their header on every page, section rows stay with their
// first measure, rows taller than the space left split at line boundaries,
// and no glyph is placed outside its cell. Fonts are embedded subsets with a
// ToUnicode map. Output is deterministic: the same document and template
// version give the same bytes.
package pdf
