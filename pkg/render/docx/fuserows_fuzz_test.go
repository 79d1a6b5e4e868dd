package docx

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
	"time"

	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/templates"
)

// FuzzFusedSameBytes compiles fuzzed word/document.xml text with the
// cells and rows fused and without, and renders a document with a
// passport, a plan with and without section rows, and a list with both.
// Property: both fail or both write the same bytes — whatever a user's
// template ranges over, the fused calls write what its ranges write.
func FuzzFusedSameBytes(f *testing.F) {
	f.Add(body)
	builtin, err := os.ReadFile(filepath.Join(builtinDocx, "word", "document.xml"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(builtin))
	const open = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>`
	const close = `<w:sectPr/></w:body></w:document>`
	cell := func(s string) string { return `<w:tc><w:p><w:r><w:t>` + s + `</w:t></w:r></w:p></w:tc>` }
	for _, s := range []string{
		`<w:p><w:r><w:t>{{p range .Body}}</w:t></w:r></w:p><w:tbl><w:tr>` + cell(`{{tr range .Passport.Rows}}`) + `</w:tr><w:tr>` + cell(`{{.Label}}`) + cell(`{{.Value}}`) + `</w:tr><w:tr>` + cell(`{{tr end}}`) + `</w:tr></w:tbl><w:p><w:r><w:t>{{p end}}</w:t></w:r></w:p>`,
		`<w:p><w:r><w:t>{{p range .Body}}</w:t></w:r></w:p><w:tbl><w:tr>` + cell(`{{tr range .Plan.Sections}}`) + `</w:tr><w:tr>` + cell(`{{.Number}}`) + cell(`{{.Title}}`) + `</w:tr><w:tr>` + cell(`{{tr range .Items}}`) + `</w:tr><w:tr>` + cell(`{{tc range .Cells}}{{.Value}}`) + `</w:tr><w:tr>` + cell(`{{tr end}}`) + `</w:tr><w:tr>` + cell(`{{tr end}}`) + `</w:tr></w:tbl><w:p><w:r><w:t>{{p end}}</w:t></w:r></w:p>`,
		`<w:p><w:r><w:t>{{p range .Body}}</w:t></w:r></w:p><w:tbl><w:tr>` + cell(`{{tr range .Plan.Sections}}`) + `</w:tr><w:tr>` + cell(`{{.Title}} {{.Number}}`) + `</w:tr><w:tr>` + cell(`{{tr end}}`) + `</w:tr></w:tbl><w:p><w:r><w:t>{{p end}}</w:t></w:r></w:p>`,
	} {
		f.Add(open + s + close)
	}
	reg, err := templates.New()
	if err != nil {
		f.Fatal(err)
	}
	base, err := reg.Resolve("school-roadmap@1.0.0")
	if err != nil {
		f.Fatal(err)
	}
	m := base.Manifest
	m.Docx = &templates.DocxStyle{Dir: "docx", Lists: templates.ListStyles{Ordered: 1, Default: 2, Bullets: map[string]int{"–": 2}}}
	doc := testDoc()
	doc.Body = append(doc.Body,
		document.Block{Passport: &document.Passport{Rows: []document.PassportRow{{Label: "Цель", Value: document.Text("a<b")}, {Label: "Задачи", Value: document.Content{{List: &document.List{Items: []document.ListItem{{Text: "одна"}}}}}}, {Label: "Срок"}}}},
		document.Block{Plan: &document.Plan{Columns: doc.Body[2].Plan.Columns, Sections: []document.Section{{Items: doc.Body[2].Plan.Sections[1].Items}}}})
	f.Fuzz(func(t *testing.T, src string) {
		if len(src) > 64<<10 {
			return
		}
		v := &templates.Version{Manifest: m, Hash: "fuzz", Source: "fuzz", Files: fstest.MapFS{
			"docx/[Content_Types].xml":          {Data: []byte(ctTypes)},
			"docx/_rels/.rels":                  {Data: []byte(rels)},
			"docx/word/_rels/document.xml.rels": {Data: []byte(docRels)},
			"docx/word/document.xml":            {Data: []byte(src)},
			"docx/word/numbering.xml":           {Data: []byte(numbering)},
			"docx/docProps/core.xml":            {Data: []byte(core)},
		}}
		var outs [2][]byte
		var errs [2]error
		for i, fuse := range []bool{true, false} {
			c, err := compileWith(v, fuse)
			if err != nil {
				return
			}
			r := NewRenderer()
			r.cache[v.Hash] = c
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			var buf bytes.Buffer
			errs[i] = r.Render(ctx, &buf, doc, v, Meta{Template: "fuzz@1.0.0", InputHash: "sha256:00"})
			cancel()
			outs[i] = buf.Bytes()
		}
		if (errs[0] == nil) != (errs[1] == nil) {
			t.Fatalf("fused: %v, plain: %v", errs[0], errs[1])
		}
		if errs[0] == nil && !bytes.Equal(outs[0], outs[1]) {
			t.Fatal("the fused template writes other bytes")
		}
	})
}
