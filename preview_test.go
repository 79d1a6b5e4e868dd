package kartograf_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kartograf-ru/kartograf"
	"github.com/kartograf-ru/kartograf/internal/testtool/testdoc"
	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/render/view"
)

// Preview a document's pages as SVG, for a web page, from the same
// preparation that renders its PDF.
func ExampleEngine_Preview() {
	doc, err := document.DecodeBytes([]byte(`{
	  "kind": "roadmap",
	  "organization": {"full_name": "МКОУ «Средняя общеобразовательная школа № 2»"},
	  "title": "ДОРОЖНАЯ КАРТА",
	  "body": [{"plan": {"sections": [{"title": "ОРГАНИЗАЦИОННЫЕ МЕРОПРИЯТИЯ", "items": [
	    {"title": "Создание рабочей группы", "deadline": "Сентябрь 2024г.", "responsible": "Директор"}
	  ]}]}}]
	}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	eng, err := kartograf.New(kartograf.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()
	p, err := eng.Prepare(ctx, doc, "")
	if err != nil {
		fmt.Println(err)
		return
	}
	pv, err := eng.Preview(ctx, p)
	if err != nil {
		fmt.Println(err)
		return
	}
	var svg bytes.Buffer
	if err := pv.WriteSVG(&svg, 0); err != nil {
		fmt.Println(err)
		return
	}
	w, h := pv.PageSize(0)
	fmt.Printf("%d page(s), the first %.0f×%.0f pt\n", pv.Pages(), w, h)
	fmt.Println(strings.HasPrefix(svg.String(), "<svg "), strings.Contains(svg.String(), "Создание рабочей группы"))
	// Output:
	// 1 page(s), the first 842×595 pt
	// true true
}

// The preview has the pages of the PDF rendered from the same Prepared.
func TestEnginePreviewMatchesPDFPages(t *testing.T) {
	eng := testdoc.Engine(t)
	ctx := context.Background()
	p, err := eng.Prepare(ctx, testdoc.Seed(t, testdoc.Seed001), "")
	if err != nil {
		t.Fatal(err)
	}
	pv, err := eng.Preview(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	var pdf bytes.Buffer
	if _, err := eng.RenderPrepared(ctx, &pdf, p, kartograf.RenderOptions{}); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "seed001.pdf")
	if err := os.WriteFile(file, pdf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if n := pdfPages(t, file); pv.Pages() < 2 || pv.Pages() != n {
		t.Fatalf("preview has %d pages, the PDF %d", pv.Pages(), n)
	}
	if _, err := eng.Preview(ctx, nil); !errors.Is(err, view.ErrNoDocument) {
		t.Errorf("Preview(nil): %v", err)
	}
}
