package docx

import (
	"archive/zip"
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/kartograf-ru/kartograf/templates"
)

// builtinDocx is the built-in template's unpacked DOCX, a seed.
var builtinDocx = filepath.Join("..", "..", "..", "templates", "school-roadmap", "1.1.0", "docx")

// FuzzCompile compiles fuzzed word/document.xml text as a template. A
// template that compiles is dry-run by Check (the sample document) and
// rendered with a real document; properties: no panic, every failure is
// an error with a message, and every XML part of a rendered DOCX is
// well-formed.
func FuzzCompile(f *testing.F) {
	f.Add(body)
	builtin, err := os.ReadFile(filepath.Join(builtinDocx, "word", "document.xml"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(builtin))
	const open = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>`
	const close = `<w:sectPr/></w:body></w:document>`
	for _, s := range []string{
		`<w:p><w:r><w:t>{{p range .Body}}</w:t></w:r></w:p>`,
		`<w:p><w:r><w:t>{{.Title}</w:t></w:r></w:p>`,
		`<w:p><w:r><w:t>{{tr end}}</w:t></w:r></w:p>`,
		`<w:p><w:r><w:t>{{template "word/document.xml" .}}</w:t></w:r></w:p>`,
		`<w:p><w:r><w:t>{{.Org.FullName}}</w:t></w:r><w:r><w:t>{{"<w:p>"}}</w:t></w:r></w:p>`,
		`<w:tbl><w:tr><w:tc><w:p><w:r><w:t>{{tc range .Plan.Columns}}</w:t></w:r></w:p></w:tc></w:tr></w:tbl>`,
		`<w:p><w:r><w:t>{{p if .Plan}}{{.Title}}{{p end}}</w:t></w:r></w:p>`,
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
		r := NewRenderer()
		if _, err := r.Compile(v); err != nil {
			if err.Error() == "" {
				t.Fatal("an error without a message")
			}
			return
		}
		if err := r.Check(v); err != nil && err.Error() == "" {
			t.Fatal("an error without a message")
		}
		// A template may loop; the render is bounded by its context.
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		var buf bytes.Buffer
		if err := r.Render(ctx, &buf, doc, v, Meta{Template: "fuzz@1.0.0", InputHash: "sha256:00"}); err != nil {
			return
		}
		zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
		if err != nil {
			t.Fatalf("the rendered DOCX is not a zip: %v", err)
		}
		for _, zf := range zr.File {
			data, err := readZipFile(zf)
			if err != nil {
				t.Fatal(err)
			}
			if err := wellFormed(zf.Name, data); err != nil {
				t.Fatalf("rendered %v", err)
			}
		}
	})
}

// FuzzUnpack unpacks fuzzed zip bytes. Properties: no panic; nothing
// appears outside the target directory; on an error neither the target
// nor a temporary directory is left; on success packing the directory
// and unpacking it again gives the same files.
func FuzzUnpack(f *testing.F) {
	var packed bytes.Buffer
	if err := Pack(os.DirFS(builtinDocx), &packed); err != nil {
		f.Fatal(err)
	}
	f.Add(packed.Bytes())
	f.Add(zipOf(f, goodParts...))
	for _, bad := range []string{"../x.xml", "/abs.xml", `a\b.xml`, "word/document.xml", "WORD/DOCUMENT.XML", "word/document.xml/x", "c:x", "", "."} {
		f.Add(zipOf(f, append(goodParts, zipPart{bad, []byte("x")})...))
	}
	f.Add(zipOf(f, zipPart{"word/", nil}, zipPart{"word", []byte("file and directory")}))
	f.Add([]byte("PK\x05\x06" + strings.Repeat("\x00", 18)))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<20 {
			return
		}
		parent := t.TempDir()
		dir := filepath.Join(parent, "docx")
		err := Unpack(bytes.NewReader(data), int64(len(data)), dir)
		entries, _ := os.ReadDir(parent)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("an error without a message")
			}
			if len(entries) != 0 {
				t.Fatalf("refused (%v) but left %v", err, entries)
			}
			return
		}
		if len(entries) != 1 || entries[0].Name() != "docx" {
			t.Fatalf("unpacked beside the directory: %v", entries)
		}
		var again bytes.Buffer
		if err := Pack(os.DirFS(dir), &again); err != nil {
			t.Fatalf("what Unpack wrote does not pack: %v", err)
		}
		dir2 := filepath.Join(parent, "again")
		if err := Unpack(bytes.NewReader(again.Bytes()), int64(again.Len()), dir2); err != nil {
			t.Fatalf("a packed directory does not unpack: %v", err)
		}
		if a, b := tree(t, dir), tree(t, dir2); a != b {
			t.Fatalf("pack → unpack changed the files:\n%s\n---\n%s", a, b)
		}
	})
}

// tree is every regular file under dir with its content, one per line.
func tree(t *testing.T, dir string) string {
	var b strings.Builder
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if !d.Type().IsRegular() {
			t.Fatalf("%s is not a regular file", p)
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		b.WriteString(filepath.ToSlash(rel) + "\t" + string(data) + "\n")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}
