package pdf_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"

	"github.com/kartograf-ru/kartograf/fonts"
	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/render/pdf"
	"github.com/kartograf-ru/kartograf/pkg/render/view"
	"github.com/kartograf-ru/kartograf/templates"
)

// The pages of a document as SVG, laid out exactly as its PDF, for a
// browser without a PDF viewer.
func ExampleRenderer_Preview() {
	reg, _ := templates.New()
	v, _ := reg.Resolve("analysis@1.0.0")
	d := &document.Document{
		Kind:         document.KindAnalysis,
		Organization: document.Organization{FullName: "Информационно-методический центр"},
		Title:        "АНАЛИТИЧЕСКАЯ СПРАВКА",
		Body:         []document.Block{{Paragraph: &document.Paragraph{Text: "Все мероприятия выполнены в срок."}}},
	}
	cov, _ := v.Coverage(new(fonts.Library))
	if err := v.Rules(cov).Validate(d); err != nil {
		fmt.Println(err)
		return
	}
	vw, err := view.Build(context.Background(), d, v, view.Meta{})
	if err != nil {
		fmt.Println(err)
		return
	}
	pv, err := pdf.NewRenderer(new(fonts.Library)).Preview(context.Background(), vw)
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
	fmt.Printf("%d page(s), %.0f×%.0f pt\n", pv.Pages(), w, h)
	fmt.Println(strings.HasPrefix(svg.String(), `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 595.28 841.89"`))
	fmt.Println(pv.WriteSVG(&svg, 1))
	// Output:
	// 1 page(s), 595×842 pt
	// true
	// предпросмотр: нет страницы 2, в документе страниц: 1
}
