package service

import (
	"bytes"
	"errors"
	"net/http"

	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/pdfsource"
)

// pdfType is the media type of a PDF body: an archived or signed
// PDF/A-3u whose source JSON Engine.Import reads back, so that last
// year's file is this year's input.
const pdfType = "application/pdf"

// importPDF reads the source JSON of an uploaded PDF/A-3u into a
// document, validated against its template.
func (s *Server) importPDF(data []byte) (*document.Document, *Problem) {
	d, err := s.cfg.Engine.Import(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, pdfProblem(err)
	}
	return d, nil
}

// pdfProblem is importProblem for a PDF: its document's problems as a
// JSON document's, anything else (no source attached, a broken or
// oversized attachment) under the file.
func pdfProblem(err error) *Problem {
	var ve *document.ValidationError
	if errors.As(err, &ve) {
		return decodeProblem(err)
	}
	return newProblem(http.StatusUnprocessableEntity, KindInvalidDocument, "PDF не читается как документ Картографа: "+err.Error(),
		document.Problem{Path: "file", Message: err.Error()})
}

// importProblemFor is the problem of an import of data, a PDF or a
// workbook.
func importProblemFor(data []byte, err error) *Problem {
	if pdfsource.IsPDF(data) {
		return pdfProblem(err)
	}
	return importProblem(err)
}
