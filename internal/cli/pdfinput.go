package cli

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/kartograf-ru/kartograf"
	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/pdfsource"
)

// readSource reads a document's JSON from path ("-": stdin). From a PDF
// (it starts with %PDF-, whatever its name) it is the source JSON a
// PDF/A-3u rendered by Kartograf carries, so that an archived or signed
// PDF is the input of rollover and batch as its JSON would be.
func (c *cli) readSource(path string) ([]byte, error) {
	r, done, err := c.open(path)
	if err != nil {
		return nil, err
	}
	defer done()
	br := bufio.NewReader(r)
	if head, _ := br.Peek(5); !pdfsource.IsPDF(head) {
		return document.ReadInput(br)
	}
	pdf, err := io.ReadAll(io.LimitReader(br, kartograf.MaxPDFSize+1))
	if err != nil {
		return nil, fmt.Errorf("чтение PDF: %w", err)
	}
	if len(pdf) > kartograf.MaxPDFSize {
		return nil, fmt.Errorf("PDF больше допустимых %d МиБ", kartograf.MaxPDFSize>>20)
	}
	return pdfsource.Source(pdf)
}

// pdfShadowed names the schools of a --plan directory whose PDF is to be
// passed over: the folder may be last year's batch output, where ИД.pdf
// stands beside ИД.xlsx (or ИД.json) rendered from the same data, and the
// workbook holds the school's edits since.
func pdfShadowed(entries []os.DirEntry) map[string]bool {
	out := map[string]bool{}
	for _, e := range entries {
		if ext := strings.ToLower(filepath.Ext(e.Name())); !e.IsDir() && (ext == ".json" || ext == ".xlsx") {
			out[strings.TrimSuffix(e.Name(), filepath.Ext(e.Name()))] = true
		}
	}
	return out
}
