package kartograf

import (
	"errors"
	"fmt"
	"io"

	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/pdfsource"
)

// MaxPDFSize bounds the PDF that ImportPDF reads into memory (256 MiB):
// the attachment is at most pdfsource.MaxSize, and the pages of a
// 10 000-row plan add far less than the rest.
const MaxPDFSize = 256 << 20

// IsPDF reports whether r starts as a PDF file does ("%PDF-").
func IsPDF(r io.ReaderAt) bool {
	var head [5]byte
	n, _ := r.ReadAt(head[:], 0)
	return pdfsource.IsPDF(head[:n])
}

// ImportPDF reads the source JSON a PDF/A-3u rendered by Kartograf carries
// (an archived or signed copy: see package pdfsource), decodes it as Decode
// does and validates it against its template, as Import does a workbook.
// A PDF without it gives a *pdfsource.MissingError, which lists the
// attachments the file has; the document's problems a
// *document.ValidationError.
func (e *Engine) ImportPDF(r io.ReaderAt, size int64) (*document.Document, error) {
	if size < 0 || size > MaxPDFSize {
		return nil, fmt.Errorf("PDF размером %d байт больше допустимых %d МиБ", size, MaxPDFSize>>20)
	}
	pdf := make([]byte, size)
	// ReadAt fails whenever it reads less, and may say io.EOF when it
	// reads exactly up to the end.
	if n, err := r.ReadAt(pdf, 0); n < len(pdf) {
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		return nil, fmt.Errorf("чтение PDF: %w", err)
	}
	data, err := pdfsource.Source(pdf)
	if err != nil {
		return nil, err
	}
	d, err := e.Decode(data, "")
	if err != nil {
		var ve *document.ValidationError
		if errors.As(err, &ve) {
			return nil, err
		}
		return nil, fmt.Errorf("исходные данные в PDF (%s): %w", pdfsource.FileName, err)
	}
	if err := e.Validate(d, ""); err != nil {
		return nil, err
	}
	return d, nil
}
