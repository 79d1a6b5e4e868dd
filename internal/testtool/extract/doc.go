// Package extract reduces a PDF, a DOCX and an XLSX to what the
// cross-format tests compare: text in order, alignment, list markers and
// relative column widths. It reads PDFs with poppler (pdftohtml) and qpdf,
// DOCX parts with encoding/xml, workbooks with excelize, and converts DOCX
// with LibreOffice; a missing tool skips the test, or fails it under
// KARTOGRAF_REQUIRE_TOOLS=1 (testtool.Require). It is apart from testtool
// so that the tests which only need a tool do not link excelize.
package extract
