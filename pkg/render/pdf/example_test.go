package pdf_test

import (
	"bytes"
	"context"
	"fmt"

	"github.com/kartograf-ru/kartograf/fonts"
	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/render/pdf"
	"github.com/kartograf-ru/kartograf/templates"
)

// The renderer on its own, for callers that manage templates themselves
// (kartograf.Engine does this for most users).
func ExampleRenderer_Render() {
	reg, _ := templates.New()
	v, _ := reg.Resolve("analysis@1.0.0")
	r := pdf.NewRenderer(new(fonts.Library)) // one per process: fonts are parsed once
	d := &document.Document{
		Kind:         document.KindAnalysis,
		Organization: document.Organization{FullName: "Информационно-методический центр"},
		Title:        "АНАЛИТИЧЕСКАЯ СПРАВКА",
		Body:         []document.Block{{Paragraph: &document.Paragraph{Text: "Все мероприятия выполнены в срок."}}},
	}
	cov, _ := v.Coverage(new(fonts.Library)) // what the template's fonts draw; cache it per version
	if err := v.Rules(cov).Validate(d); err != nil {
		fmt.Println(err)
		return
	}
	var out bytes.Buffer
	err := r.Render(context.Background(), &out, d, v, pdf.Info{Title: d.Title, Template: v.Ref()})
	fmt.Println(err, bytes.HasPrefix(out.Bytes(), []byte("%PDF-1.7")))
	// Output: <nil> true
}
