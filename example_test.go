package kartograf_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/kartograf-ru/kartograf"
	"github.com/kartograf-ru/kartograf/pkg/document"
)

// Render a roadmap from JSON to PDF with the default template of its kind.
func Example() {
	input := `{
	  "kind": "roadmap",
	  "organization": {"full_name": "МКОУ «Средняя общеобразовательная школа № 2» с.п. Урожайное"},
	  "title": "ДОРОЖНАЯ КАРТА",
	  "subtitle": "по повышению качества образования на 2024-2025 учебный год",
	  "approvals": [{"kind": "approve", "position": "Директор", "name": "А.Х. Жилов", "date": "30.08.2024", "number": "112"}],
	  "body": [{"plan": {"sections": [{"title": "ОРГАНИЗАЦИОННЫЕ МЕРОПРИЯТИЯ", "items": [
	    {"title": "Создание рабочей группы", "deadline": "Сентябрь 2024г.", "responsible": "Директор"}
	  ]}]}}]
	}`
	doc, err := document.Decode(strings.NewReader(input))
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
	res, err := eng.Render(context.Background(), &pdf, doc, kartograf.RenderOptions{Format: kartograf.PDF})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.Template, bytes.HasPrefix(pdf.Bytes(), []byte("%PDF-")))

	// The same document as a Word file, from the template's DOCX.
	var doc2 bytes.Buffer
	if _, err := eng.Render(context.Background(), &doc2, doc, kartograf.RenderOptions{Format: kartograf.DOCX}); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(bytes.HasPrefix(doc2.Bytes(), []byte("PK")))
	// Output:
	// school-roadmap@1.1.0 true
	// true
}

// Validation reports every problem at once, each with its JSON path.
func ExampleEngine_Validate() {
	doc, err := document.DecodeBytes([]byte(`{
	  "kind": "roadmap",
	  "organization": {"full_name": "МКОУ СОШ № 2"},
	  "title": "ДОРОЖНАЯ КАРТА",
	  "date": "2024-08-30",
	  "body": [{"plan": {"sections": [{"title": "Раздел", "items": [{"title": "Семинар", "budget": "100"}]}]}}]
	}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	eng, _ := kartograf.New(kartograf.Options{})
	err = eng.Validate(doc, "school-roadmap@1.0.0")
	var ve *document.ValidationError
	if errors.As(err, &ve) {
		for _, p := range ve.Problems {
			fmt.Println(p)
		}
	}
	// Output:
	// date: дата «2024-08-30» не распознана: пишите как 30.08.2023, 30.08.2023 г. или «15» мая 2023 года
	// body[0].plan.sections[0].items[0].budget: колонка «budget» не объявлена в плане; колонки: number, title, deadline, responsible, actions, product, help
	// body[0].plan.sections[0].items[0].deadline: обязательная колонка «Сроки» не заполнена
}

// Templates are versioned; a reference without a version means the latest.
func ExampleEngine_Templates() {
	eng, _ := kartograf.New(kartograf.Options{})
	for _, v := range eng.Templates().List() {
		fmt.Println(v.Ref(), v.Manifest.Page.Orientation)
	}
	// Output:
	// analysis@1.0.0 portrait
	// analysis@1.1.0 portrait
	// analysis-report@1.0.0 portrait
	// municipal-roadmap@1.0.0 portrait
	// municipal-roadmap@1.1.0 portrait
	// programme-appendix@1.0.0 portrait
	// school-programme@1.0.0 portrait
	// school-roadmap@1.0.0 landscape
	// school-roadmap@1.1.0 landscape
}

// Prepare once — template, validation, hash and view — and render the
// prepared document in every format its template version makes.
func ExampleEngine_Prepare() {
	eng, err := kartograf.New(kartograf.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	doc := kartograf.Demos()[1]
	d, err := document.DecodeBytes(doc.JSON)
	if err != nil {
		fmt.Println(err)
		return
	}
	p, err := eng.Prepare(context.Background(), d, "")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range p.Formats() {
		var out bytes.Buffer
		if _, err := eng.RenderPrepared(context.Background(), &out, p, kartograf.RenderOptions{Format: f}); err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(f, f.ContentType(), out.Len() > 1000)
	}
	// Output:
	// pdf application/pdf true
	// docx application/vnd.openxmlformats-officedocument.wordprocessingml.document true
	// xlsx application/vnd.openxmlformats-officedocument.spreadsheetml.sheet true
}
