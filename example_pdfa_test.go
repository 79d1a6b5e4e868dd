package kartograf_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"

	"github.com/kartograf-ru/kartograf"
	"github.com/kartograf-ru/kartograf/pkg/document"
)

// Render an archival PDF/A-3u that carries its own source JSON.
func ExampleRenderOptions_conformance() {
	doc, err := document.Decode(strings.NewReader(`{"kind": "roadmap",
	  "organization": {"full_name": "МКОУ «СОШ № 2» с.п. Урожайное"}, "title": "ДОРОЖНАЯ КАРТА",
	  "body": [{"plan": {"sections": [{"title": "МЕРОПРИЯТИЯ", "items": [
	    {"title": "Создание рабочей группы", "deadline": "Сентябрь 2024г.", "responsible": "Директор"}]}]}}]}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	eng, err := kartograf.New(kartograf.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	var pdf bytes.Buffer
	if _, err := eng.Render(context.Background(), &pdf, doc, kartograf.RenderOptions{Conformance: kartograf.PDFA3u}); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(bytes.Contains(pdf.Bytes(), []byte("<pdfaid:part>3</pdfaid:part>")))
	fmt.Println(bytes.Contains(pdf.Bytes(), []byte("/AFRelationship /Source")))
	// Output:
	// true
	// true
}
