package docx_test

import (
	"bytes"
	"context"
	"fmt"

	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/render/docx"
	"github.com/kartograf-ru/kartograf/templates"
)

// Fill a template version's Word template with a document.
func ExampleRenderer_Render() {
	reg, _ := templates.New()
	v, _ := reg.Resolve("analysis") // the latest version, which has a DOCX
	d := &document.Document{
		Kind:         document.KindAnalysis,
		Organization: document.Organization{FullName: "Информационно-методический центр"},
		Title:        "АНАЛИТИЧЕСКАЯ СПРАВКА",
		Body:         []document.Block{{Paragraph: &document.Paragraph{Text: "Все мероприятия выполнены в срок."}}},
	}
	r := docx.NewRenderer() // one per process: templates are compiled once
	var out bytes.Buffer
	err := r.Render(context.Background(), &out, d, v, docx.Meta{Template: v.Ref()})
	fmt.Println(err, v.Ref(), bytes.HasPrefix(out.Bytes(), []byte("PK")))
	// Output: <nil> analysis@1.1.0 true
}
