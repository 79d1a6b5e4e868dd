package service

import (
	"archive/zip"
	"bytes"
	"errors"
	"net/http"
	"path"
	"strings"

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

// pdfShadowed names the schools of an archive of last year's documents
// whose PDF is passed over: last year's output holds ИД.pdf beside the
// ИД.xlsx (or ИД.json) it was rendered from, and the workbook holds the
// school's edits since.
func pdfShadowed(files []*zip.File) map[string]bool {
	out := map[string]bool{}
	for _, e := range files {
		base := path.Base(e.Name)
		if ext := strings.ToLower(path.Ext(base)); !e.FileInfo().IsDir() && (ext == ".json" || ext == ".xlsx") {
			out[strings.TrimSuffix(base, path.Ext(base))] = true
		}
	}
	return out
}
