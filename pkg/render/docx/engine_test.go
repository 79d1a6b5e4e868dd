package docx

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"io"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/templates"
)

const ctTypes = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>
<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>
</Types>`

const rels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>
</Relationships>`

const docRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>
</Relationships>`

const numbering = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>
<w:abstractNum w:abstractNumId="2"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="–"/></w:lvl></w:abstractNum>
</w:numbering>`

const core = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:title>{{.Title}}</dc:title><dc:creator>{{.Org.FullName}}</dc:creator><dc:subject>{{.Template}}</dc:subject>
</cp:coreProperties>`

// The body is written the way Word saves a template that a person typed:
// tags split across runs by spell-check marks and formatting, «» and “”
// autocorrected quotes and a non-breaking space inside tags.
const body = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:rPr><w:b/></w:rPr><w:t>{{.Ti</w:t></w:r><w:proofErr w:type="spellStart"/><w:r><w:rPr><w:b/><w:i/></w:rPr><w:t>tle}</w:t></w:r><w:proofErr w:type="spellEnd"/><w:r><w:t>}</w:t></w:r></w:p>
<w:p><w:r><w:t xml:space="preserve">Шаблон: </w:t></w:r><w:r><w:t>{{printf «%s»</w:t></w:r><w:r><w:t xml:space="preserve">` + "\u00a0" + `.Template}} </w:t></w:r><w:r><w:t>{{if eq .Org.ShortName “СОШ”}}школа{{end}}</w:t></w:r></w:p>
<w:p><w:r><w:t>{{p range .Body}}</w:t></w:r></w:p>
<w:p><w:r><w:t>{{p if .Paragraph}}</w:t></w:r></w:p>
<w:p><w:pPr><w:ind w:firstLine="709"/><w:jc w:val="both"/></w:pPr><w:r><w:t>{{.Paragraph.Text}}</w:t></w:r></w:p>
<w:p><w:r><w:t>{{p end}}</w:t></w:r></w:p>
<w:p><w:r><w:t>{{p if .List}}</w:t></w:r></w:p>
<w:p><w:pPr><w:ind w:firstLine="709"/></w:pPr><w:r><w:t>{{.List}}</w:t></w:r></w:p>
<w:p><w:r><w:t>{{p end}}</w:t></w:r></w:p>
<w:p><w:r><w:t>{{p if .Plan}}</w:t></w:r></w:p>
<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid><w:gridCol w:w="5000"/></w:tblGrid>
<w:tr><w:trPr><w:tblHeader/></w:trPr><w:tc><w:tcPr><w:tcW w:w="5000" w:type="dxa"/></w:tcPr><w:p><w:r><w:t>{{tc range .Plan.Columns}}</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>{{.Title}}</w:t></w:r></w:p></w:tc></w:tr>
<w:tr><w:tc><w:p><w:r><w:t>{{tr range .Plan.Sections}}</w:t></w:r></w:p></w:tc></w:tr>
<w:tr><w:tc><w:tcPr><w:tcW w:w="500" w:type="dxa"/></w:tcPr><w:p><w:r><w:t>{{.Number}}</w:t></w:r></w:p></w:tc><w:tc><w:tcPr><w:tcW w:w="4500" w:type="dxa"/></w:tcPr><w:p><w:r><w:t>{{.Title}}</w:t></w:r></w:p></w:tc></w:tr>
<w:tr><w:tc><w:p><w:r><w:t>{{tr range .It</w:t></w:r><w:r><w:t>ems}}</w:t></w:r></w:p></w:tc></w:tr>
<w:tr><w:tc><w:tcPr><w:tcW w:w="5000" w:type="dxa"/></w:tcPr><w:p><w:r><w:t>{{tc range .Cells}}{{.Value}}</w:t></w:r></w:p></w:tc></w:tr>
<w:tr><w:tc><w:p><w:r><w:t>{{tr end}}</w:t></w:r></w:p></w:tc></w:tr>
<w:tr><w:tc><w:p><w:r><w:t>{{tr end}}</w:t></w:r></w:p></w:tc></w:tr>
</w:tbl>
<w:p/>
<w:p><w:r><w:t>{{p end}}</w:t></w:r></w:p>
<w:p><w:r><w:t>{{p end}}</w:t></w:r></w:p>
<w:sectPr/></w:body></w:document>`

func testVersion(t testing.TB, documentXML string) *templates.Version {
	t.Helper()
	files := fstest.MapFS{
		"docx/[Content_Types].xml":          {Data: []byte(ctTypes)},
		"docx/_rels/.rels":                  {Data: []byte(rels)},
		"docx/word/_rels/document.xml.rels": {Data: []byte(docRels)},
		"docx/word/document.xml":            {Data: []byte(documentXML)},
		"docx/word/numbering.xml":           {Data: []byte(numbering)},
		"docx/docProps/core.xml":            {Data: []byte(core)},
	}
	reg, err := templates.New()
	if err != nil {
		t.Fatal(err)
	}
	base, err := reg.Resolve("school-roadmap@1.0.0")
	if err != nil {
		t.Fatal(err)
	}
	m := base.Manifest
	m.Docx = &templates.DocxStyle{Dir: "docx", Lists: templates.ListStyles{Ordered: 1, Default: 2, Bullets: map[string]int{"–": 2}}}
	return &templates.Version{Manifest: m, Files: files, Hash: "test:" + documentXML, Source: "test"}
}

func testDoc() *document.Document {
	return &document.Document{
		Kind:         document.KindRoadmap,
		Organization: document.Organization{FullName: "МКОУ «СОШ № 2»", ShortName: "СОШ"},
		Title:        "ДОРОЖНАЯ КАРТА",
		Body: []document.Block{
			{Paragraph: &document.Paragraph{Text: "Первый абзац.\nВторая строка."}},
			{List: &document.List{Ordered: true, Start: 3, Items: []document.ListItem{{Text: "третий"}, {Text: "четвёртый", List: &document.List{Items: []document.ListItem{{Text: "вложенный"}}}}}}},
			{Plan: &document.Plan{
				Columns: []document.Column{{Key: "number", Title: "№", Width: 1}, {Key: "title", Title: "Мероприятие", Width: 5}, {Key: "deadline", Title: "Срок", Width: 2}},
				Sections: []document.Section{
					{Title: "ОРГАНИЗАЦИЯ", Items: []document.Measure{
						{Cells: map[string]document.Content{"title": document.Text("Приказ"), "deadline": document.Text("Май 2024г.")}},
						{Cells: map[string]document.Content{"title": {{Text: "Анализ:"}, {List: &document.List{Marker: "–", Items: []document.ListItem{{Text: "ВПР"}, {Text: "ГИА"}}}}}, "deadline": document.Text("Июнь")}},
					}},
					{Title: "МЕТОДИКА", Items: []document.Measure{{Cells: map[string]document.Content{"title": document.Text("Семинар")}}}},
				},
			}},
		},
	}
}

func renderTest(t testing.TB, v *templates.Version, d *document.Document) map[string]string {
	t.Helper()
	var buf bytes.Buffer
	if err := NewRenderer().Render(context.Background(), &buf, d, v, Meta{Template: "test@1.0.0", InputHash: "sha256:00"}); err != nil {
		t.Fatal(err)
	}
	return unzip(t, buf.Bytes())
}

func unzip(t testing.TB, data []byte) map[string]string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		if f.ModifiedDate != 1<<5|1 || f.ModifiedTime != 0 {
			t.Errorf("%s carries time %v", f.Name, f.Modified)
		}
		out[f.Name] = string(b)
	}
	return out
}

func mustWellFormed(t testing.TB, parts map[string]string) {
	t.Helper()
	for name, s := range parts {
		if err := wellFormed(name, []byte(s)); err != nil {
			t.Errorf("%v\n%s", err, s)
		}
	}
}

// paragraphs returns the text of every w:p of an XML part, in order, with
// w:br as "\n" and w:tab as "\t".
func paragraphs(t testing.TB, x string) []string {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(x))
	var out []string
	var cur strings.Builder
	inT := false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		switch e := tok.(type) {
		case xml.StartElement:
			switch e.Name.Local {
			case "p":
				cur.Reset()
			case "t":
				inT = true
			case "br":
				cur.WriteString("\n")
			case "tab":
				cur.WriteString("\t")
			}
		case xml.EndElement:
			switch e.Name.Local {
			case "p":
				out = append(out, cur.String())
			case "t":
				inT = false
			}
		case xml.CharData:
			if inT {
				cur.Write(e)
			}
		}
	}
}

func TestSplitRunsQuotesAndLoops(t *testing.T) {
	parts := renderTest(t, testVersion(t, body), testDoc())
	mustWellFormed(t, parts)
	doc := parts["word/document.xml"]
	got := strings.Join(paragraphs(t, doc), "|")
	want := strings.Join([]string{
		"ДОРОЖНАЯ КАРТА",
		"Шаблон: test@1.0.0 школа",
		"Первый абзац.\nВторая строка.",
		"третий", "четвёртый", "вложенный",
		"№", "Мероприятие", "Срок",
		"1.", "ОРГАНИЗАЦИЯ",
		"1.1", "Приказ", "Май 2024г.",
		"1.2", "Анализ:", "ВПР", "ГИА", "Июнь",
		"2.", "МЕТОДИКА",
		"2.1", "Семинар", "",
		"",
	}, "|")
	if got != want {
		t.Errorf("paragraphs:\n%q\nwant\n%q", got, want)
	}
	// The split title keeps the formatting of the run where the tag began.
	if !strings.Contains(doc, `<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">ДОРОЖНАЯ КАРТА</w:t></w:r>`) {
		t.Errorf("title not in its first run's formatting:\n%s", doc[:min(len(doc), 600)])
	}
	// Lists are real Word lists; the numbered one restarts at 3.
	if strings.Count(doc, "<w:numPr>") != 5 {
		t.Errorf("want 5 list paragraphs with w:numPr, got %d", strings.Count(doc, "<w:numPr>"))
	}
	if !strings.Contains(parts["word/numbering.xml"], `<w:startOverride w:val="3"/>`) {
		t.Errorf("numbered list does not restart at 3:\n%s", parts["word/numbering.xml"])
	}
	// The grid comes from the columns, the section title spans the rest.
	if strings.Count(doc, "<w:gridCol ") != 3 {
		t.Errorf("want a 3-column grid")
	}
	if strings.Count(doc, `<w:gridSpan w:val="2"/>`) != 2 {
		t.Errorf("section title cells must span 2 columns:\n%s", doc)
	}
	if !strings.Contains(parts["docProps/core.xml"], "<dc:subject>test@1.0.0</dc:subject>") {
		t.Errorf("core.xml not filled:\n%s", parts["docProps/core.xml"])
	}
}

// Data is never a template: tags, XML and entities in data come out
// literally, control characters never break the XML, huge cells work.
func TestHostileDataIsLiteral(t *testing.T) {
	d := testDoc()
	hostile := "{{.Title}} </w:t></w:r><w:r><w:t>&amp; {{template `x`}} \x07\x00 <b>"
	d.Title = hostile
	d.Body[0].Paragraph.Text = strings.Repeat("длинная ячейка ", 700) // 10 500 characters
	d.Body[2].Plan.Sections[0].Items[0].Cells["title"] = document.Text(hostile)
	parts := renderTest(t, testVersion(t, body), d)
	mustWellFormed(t, parts)
	ps := paragraphs(t, parts["word/document.xml"])
	wantTitle := "{{.Title}} </w:t></w:r><w:r><w:t>&amp; {{template `x`}} \uFFFD\uFFFD <b>"
	if ps[0] != wantTitle {
		t.Errorf("title came out as %q, want %q", ps[0], wantTitle)
	}
	found := false
	for _, p := range ps {
		if p == wantTitle {
			found = true
		}
		if len([]rune(p)) >= 10000 && !strings.HasPrefix(p, "длинная ячейка") {
			t.Errorf("long cell mangled")
		}
	}
	if !found {
		t.Error("hostile cell text not found literally")
	}
}

func TestDeterministicAndMissingKeys(t *testing.T) {
	v := testVersion(t, body)
	r := NewRenderer()
	var a, b bytes.Buffer
	if err := r.Render(context.Background(), &a, testDoc(), v, Meta{}); err != nil {
		t.Fatal(err)
	}
	if err := r.Render(context.Background(), &b, testDoc(), v, Meta{}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("two renders differ")
	}
	bad := testVersion(t, strings.Replace(body, "{{.Paragraph.Text}}", "{{.Paragraph.Txt}}", 1))
	err := r.Render(context.Background(), io.Discard, testDoc(), bad, Meta{})
	if err == nil || !strings.Contains(err.Error(), "word/document.xml") || !strings.Contains(err.Error(), "Txt") {
		t.Errorf("missing field: %v", err)
	}
}

func TestBrokenTemplatesNameThePlace(t *testing.T) {
	cases := map[string]struct{ from, to, want string }{
		"unclosed tag":         {"{{.Paragraph.Text}}", "{{.Paragraph.Text}", "тег «{{.Paragraph.Text}» не закрыт"},
		"structural not alone": {"<w:t>{{p end}}</w:t></w:r></w:p>\n<w:p><w:r><w:t>{{p end}}</w:t>", "<w:t>{{p end}}</w:t></w:r></w:p>\n<w:p><w:r><w:t>{{p end}} лишнее</w:t>", "должен быть единственным текстом абзаца"},
		"unbalanced rows":      {"<w:tr><w:tc><w:p><w:r><w:t>{{tr end}}</w:t></w:r></w:p></w:tc></w:tr>\n</w:tbl>", "</w:tbl>", "нет парного {{tr end}}"},
		"bad syntax":           {"{{.Paragraph.Text}}", "{{.Paragraph.Text | nosuchfunc}}", "nosuchfunc"},
		"tr outside table":     {"{{p if .List}}", "{{tr if .List}}", "должен стоять в строке таблицы"},
		"malformed XML":        {"<w:sectPr/>", "<w:sectPr>", "word/document.xml"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			src := strings.Replace(body, c.from, c.to, 1)
			if src == body {
				t.Fatal("mutation did not apply")
			}
			_, err := NewRenderer().Compile(testVersion(t, src))
			if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "word/document.xml") {
				t.Errorf("got %v, want an error naming word/document.xml and %q", err, c.want)
			}
		})
	}
}
