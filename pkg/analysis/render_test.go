package analysis_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kartograf-ru/kartograf"
	"github.com/kartograf-ru/kartograf/internal/testtool/extract"
	"github.com/kartograf-ru/kartograf/pkg/document"
)

// printedTexts renders doc in every format and returns what a reader sees
// of each: the XLSX's cells one per line, the PDF's text, and the DOCX's
// text as LibreOffice prints it.
func printedTexts(t *testing.T, eng *kartograf.Engine, doc *document.Document) (xlsx, pdf, docx string) {
	t.Helper()
	dir := t.TempDir()
	files := map[kartograf.Format]string{}
	for _, f := range kartograf.Formats() {
		var buf bytes.Buffer
		if _, err := eng.Render(context.Background(), &buf, doc, kartograf.RenderOptions{Format: f}); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		files[f] = filepath.Join(dir, "analysis."+string(f))
		if err := os.WriteFile(files[f], buf.Bytes(), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	data, err := os.ReadFile(files[kartograf.XLSX])
	if err != nil {
		t.Fatal(err)
	}
	var cells []string
	for _, s := range extract.XLSX(t, data).Sheets {
		for _, c := range s.Cells {
			cells = append(cells, c.Value)
		}
	}
	printed := extract.ConvertDOCXToPDF(t, filepath.Join(dir, "printed"), files[kartograf.DOCX])
	return strings.Join(cells, "\n"), extract.PDF(t, files[kartograf.PDF]).Text(), extract.PDF(t, printed[0]).Text()
}
