package docx

import (
	"bytes"
	"context"
	"encoding/xml"
	"io"
	"io/fs"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/kartograf-ru/kartograf/internal/testtool/testtpl"
	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/templates"
)

func viewDoc() *document.Document {
	return &document.Document{
		Kind:         document.KindRoadmap,
		Organization: document.Organization{Parent: "Управление образования Зеленоградского округа", FullName: "МКОУ «Средняя школа № 7»"},
		Title:        "Дорожная карта",
		Subtitle:     "на 2024 год",
		Body: []document.Block{
			{Heading: &document.Heading{Text: "Первый по умолчанию"}},
			{Heading: &document.Heading{Text: "Первый слева", Align: "left"}},
			{Heading: &document.Heading{Text: "Третий по центру", Level: 3, Align: "center"}},
			{Paragraph: &document.Paragraph{Text: "Абзац без выравнивания."}},
			{Paragraph: &document.Paragraph{Text: "Абзац по центру.", Align: "center"}},
		},
	}
}

func renderDoc(t *testing.T, v *templates.Version, d *document.Document) map[string]string {
	t.Helper()
	var buf bytes.Buffer
	if err := NewRenderer().Render(context.Background(), &buf, d, v, Meta{}); err != nil {
		t.Fatal(err)
	}
	parts := unzip(t, buf.Bytes())
	mustWellFormed(t, parts)
	return parts
}

// paraWith is the w:p element of x whose text holds s.
func paraWith(t *testing.T, x, s string) string {
	t.Helper()
	i := strings.Index(x, s)
	if i < 0 {
		t.Fatalf("%q not in the document", s)
	}
	a := max(strings.LastIndex(x[:i], "<w:p>"), strings.LastIndex(x[:i], "<w:p "))
	b := strings.Index(x[i:], "</w:p>")
	if a < 0 || b < 0 {
		t.Fatalf("%q is not in a paragraph", s)
	}
	return x[a : i+b+len("</w:p>")]
}

type gridTable struct {
	grid []int
	rows [][]int // each row's w:tcW
}

// tables lists the grid and cell widths of every table of a document part.
func tables(t *testing.T, x string) []gridTable {
	t.Helper()
	var out []gridTable
	d := xml.NewDecoder(strings.NewReader(x))
	w := func(e xml.StartElement) int {
		for _, a := range e.Attr {
			if a.Name.Local == "w" {
				n, err := strconv.Atoi(a.Value)
				if err != nil {
					t.Fatalf("width %q: %v", a.Value, err)
				}
				return n
			}
		}
		t.Fatalf("%s without w:w", e.Name.Local)
		return 0
	}
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		e, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch e.Name.Local {
		case "tbl":
			out = append(out, gridTable{})
		case "gridCol":
			out[len(out)-1].grid = append(out[len(out)-1].grid, w(e))
		case "tr":
			out[len(out)-1].rows = append(out[len(out)-1].rows, nil)
		case "tcW":
			tb := &out[len(out)-1]
			tb.rows[len(tb.rows)-1] = append(tb.rows[len(tb.rows)-1], w(e))
		}
	}
}

func sum(xs []int) int {
	n := 0
	for _, x := range xs {
		n += x
	}
	return n
}

// An omitted width counts as 1: widths 2, 0, 0 are half, a quarter and a
// quarter of the text width, in the grid and in every cell.
func TestOmittedWidthsCountAsOne(t *testing.T) {
	v := testtpl.Edited(t, "school-roadmap@1.1.0", "", nil)
	width := textTwips(&v.Manifest)
	cols := []document.Column{{Key: "number", Title: "№", Width: 2}, {Key: "title", Title: "Мероприятие"}, {Key: "deadline", Title: "Срок"}}
	cells := map[string]document.Content{"title": document.Text("Приказ"), "deadline": document.Text("Май")}
	d := &document.Document{
		Kind: document.KindRoadmap, Organization: document.Organization{FullName: "Школа"}, Title: "План",
		Body: []document.Block{
			{Plan: &document.Plan{Columns: cols, Sections: []document.Section{{Title: "Раздел", Items: []document.Measure{{Cells: cells}, {Cells: cells}}}}}},
			{Table: &document.Table{
				Columns: []document.TableColumn{{Title: "А", Width: 2}, {Title: "Б"}, {Title: "В"}},
				Rows:    [][]document.Content{{document.Text("1"), document.Text("2"), document.Text("3")}},
			}},
		},
	}
	tbs := tables(t, renderDoc(t, v, d)["word/document.xml"])
	if len(tbs) != 2 {
		t.Fatalf("want the plan and the table, got %d tables", len(tbs))
	}
	want := []int{width / 2, width / 4, width - width/2 - width/4}
	for k, tb := range tbs {
		if len(tb.grid) != 3 || tb.grid[0] != want[0] || tb.grid[1] != want[1] || tb.grid[2] != want[2] {
			t.Errorf("table %d: grid %v, want %v (text width %d)", k, tb.grid, want, width)
		}
		full := 0
		for r, row := range tb.rows {
			for _, w := range row {
				if w <= 0 {
					t.Errorf("table %d row %d: cell widths %v, one not positive", k, r, row)
				}
			}
			// A row of one cell per column (header, numbers, measures)
			// fills the text width exactly.
			if len(row) == len(tb.grid) {
				full++
				if sum(row) != width {
					t.Errorf("table %d row %d: cell widths %v add up to %d, want %d", k, r, row, sum(row), width)
				}
			}
		}
		if full == 0 {
			t.Errorf("table %d: no row with a cell per column", k)
		}
	}
}

func TestTitleUpperAndNoOrganisation(t *testing.T) {
	d := viewDoc()
	on := renderDoc(t, testtpl.Edited(t, "school-roadmap@1.1.0", "", nil), d)["word/document.xml"]
	v := testtpl.Edited(t, "school-roadmap@1.1.0", "upper-no-org", func(m *templates.Manifest) {
		m.Header.TitleUpper = true
		m.Header.Organization = false
	})
	off := renderDoc(t, v, d)["word/document.xml"]
	if !strings.Contains(paraWith(t, on, "Дорожная карта"), `w:val="Title"`) {
		t.Fatal("title not printed as is without title_upper")
	}
	if p := paraWith(t, off, "ДОРОЖНАЯ КАРТА"); !strings.Contains(p, `w:val="Title"`) {
		t.Errorf("title_upper: title paragraph %s", p)
	}
	if strings.Contains(off, "Дорожная карта") {
		t.Error("title_upper: the title is still in lower case")
	}
	for _, s := range []string{"Средняя школа", "Управление образования"} {
		if !strings.Contains(on, s) {
			t.Errorf("organisation line %q missing where the template prints it", s)
		}
		if strings.Contains(off, s) {
			t.Errorf("organization=false: %q printed", s)
		}
	}
	// The name and the founder leave no empty paragraph behind: only the
	// template's own blank line after the letterhead stays.
	letterhead := `<w:pStyle w:val="Letterhead"/>`
	if n, m := strings.Count(on, letterhead), strings.Count(off, letterhead); n-m != 2 {
		t.Errorf("Letterhead paragraphs: %d with the organisation, %d without; want 2 fewer", n, m)
	}
}

func TestHeadingAlignShows(t *testing.T) {
	doc := renderDoc(t, testtpl.Edited(t, "school-roadmap@1.1.0", "", nil), viewDoc())["word/document.xml"]
	for _, c := range []struct{ text, jc string }{
		{"Первый по умолчанию", ""}, // Heading1 centres already
		{"Первый слева", `<w:jc w:val="left"/>`},
		{"Третий по центру", `<w:jc w:val="center"/>`},
	} {
		p := paraWith(t, doc, c.text)
		if c.jc == "" {
			if strings.Contains(p, "<w:jc") {
				t.Errorf("%q: the style's alignment is the view's, yet w:jc written: %s", c.text, p)
			}
			continue
		}
		if !strings.Contains(p, c.jc) {
			t.Errorf("%q: want %s in %s", c.text, c.jc, p)
		}
	}
}

func TestNarrativeAlignAndIndent(t *testing.T) {
	d := viewDoc()
	def := renderDoc(t, testtpl.Edited(t, "school-roadmap@1.1.0", "", nil), d)["word/document.xml"]
	// The released style already says justify and 12.5 mm: nothing added.
	if p := paraWith(t, def, "Абзац без выравнивания."); strings.Contains(p, "<w:jc") || strings.Contains(p, "<w:ind") {
		t.Errorf("default paragraph got its own layout: %s", p)
	}
	left := renderDoc(t, testtpl.Edited(t, "school-roadmap@1.1.0", "no-justify", func(m *templates.Manifest) { m.Narrative.Justify = false }), d)["word/document.xml"]
	if p := paraWith(t, left, "Абзац без выравнивания."); !strings.Contains(p, `<w:jc w:val="left"/>`) || strings.Contains(p, "<w:ind") {
		t.Errorf("narrative.justify=false: want a left-aligned paragraph with the style's indent, got %s", p)
	}
	flat := renderDoc(t, testtpl.Edited(t, "school-roadmap@1.1.0", "indent-0", func(m *templates.Manifest) { m.Narrative.IndentMM = 0 }), d)["word/document.xml"]
	if p := paraWith(t, flat, "Абзац без выравнивания."); !strings.Contains(p, `<w:ind w:firstLine="0"/>`) || strings.Contains(p, "<w:jc") {
		t.Errorf("indent_mm=0: want firstLine 0 and the style's justification, got %s", p)
	}
	wide := renderDoc(t, testtpl.Edited(t, "school-roadmap@1.1.0", "indent-20", func(m *templates.Manifest) { m.Narrative.IndentMM = 20 }), d)["word/document.xml"]
	if p := paraWith(t, wide, "Абзац без выравнивания."); !strings.Contains(p, `<w:ind w:firstLine="1134"/>`) {
		t.Errorf("indent_mm=20: want firstLine 1134, got %s", p)
	}
	// A centred paragraph has no first-line indent whatever the manifest
	// says; the template's centred paragraph already has none.
	if p := paraWith(t, wide, "Абзац по центру."); strings.Count(p, "<w:ind") != 1 || !strings.Contains(p, `<w:ind w:firstLine="0"/>`) {
		t.Errorf("centred paragraph: %s", p)
	}
}

func TestLayoutHelpersKeepSchemaOrder(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", `<w:pPr><w:ind w:firstLine="0"/></w:pPr>`},
		{`<w:pPr><w:pStyle w:val="BodyText"/><w:jc w:val="left"/></w:pPr>`, `<w:pPr><w:pStyle w:val="BodyText"/><w:ind w:firstLine="0"/><w:jc w:val="left"/></w:pPr>`},
		{`<w:pPr><w:ind w:left="567" w:hanging="283"/><w:rPr><w:b/></w:rPr></w:pPr>`, `<w:pPr><w:ind w:left="567" w:firstLine="0"/><w:rPr><w:b/></w:rPr></w:pPr>`},
	} {
		if got := withFirstLine(c.in, 0); got != c.want {
			t.Errorf("withFirstLine(%s) = %s, want %s", c.in, got, c.want)
		}
	}
	got := withJc(`<w:pPr><w:pStyle w:val="Heading1"/><w:outlineLvl w:val="0"/></w:pPr>`, "left")
	if want := `<w:pPr><w:pStyle w:val="Heading1"/><w:jc w:val="left"/><w:outlineLvl w:val="0"/></w:pPr>`; got != want {
		t.Errorf("withJc = %s, want %s", got, want)
	}
	s := parseStyles([]byte(`<w:styles xmlns:w="w"><w:docDefaults><w:pPrDefault><w:pPr><w:jc w:val="both"/></w:pPr></w:pPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:pPr><w:ind w:firstLine="300"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Body"><w:basedOn w:val="Normal"/><w:pPr><w:ind w:left="10"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Loop"><w:basedOn w:val="Loop"/></w:style></w:styles>`))
	for _, c := range []struct {
		pPr  string
		jc   string
		line int
	}{
		{"", "justify", 300},
		{`<w:pPr><w:pStyle w:val="Body"/></w:pPr>`, "justify", 300},
		{`<w:pPr><w:pStyle w:val="Body"/><w:ind w:hanging="20"/><w:jc w:val="center"/></w:pPr>`, "center", -20},
		{`<w:pPr><w:pStyle w:val="Loop"/></w:pPr>`, "justify", 0},
	} {
		if jc, line := s.layout(c.pPr); jc != c.jc || line != c.line {
			t.Errorf("layout(%s) = %s, %d; want %s, %d", c.pPr, jc, line, c.jc, c.line)
		}
	}
}

// effectiveJc is the alignment a paragraph of a rendered part gets from its
// own properties and the template's styles.
func effectiveJc(t *testing.T, v *templates.Version, p string) string {
	t.Helper()
	styles, err := fs.ReadFile(v.Files, "docx/word/styles.xml")
	if err != nil {
		t.Fatal(err)
	}
	jc, _ := parseStyles(styles).layout((&para{xml: p}).pPr())
	return jc
}

// A plan's body cells print with their column's alignment, as in PDF and
// XLSX; the header keeps the template's centred header style. w:jc is
// written only where the template's paragraph would align otherwise.
func TestPlanCellsTakeColumnAlign(t *testing.T) {
	v := testtpl.Edited(t, "school-roadmap@1.1.0", "", nil)
	d := &document.Document{
		Kind: document.KindRoadmap, Organization: document.Organization{FullName: "Школа"}, Title: "План",
		Body: []document.Block{
			{Plan: &document.Plan{
				Columns: []document.Column{
					{Key: "number", Title: "№", Align: "center"}, {Key: "title", Title: "Мероприятие"},
					{Key: "deadline", Title: "Срок", Align: "center"}, {Key: "responsible", Title: "Исполнитель", Align: "right"},
				},
				Sections: []document.Section{{Title: "Раздел", Items: []document.Measure{{Cells: map[string]document.Content{
					"title":       {{Text: "Сбор"}, {List: &document.List{Items: []document.ListItem{{Text: "Пункт сбора"}}}}},
					"deadline":    document.Text("Май"),
					"responsible": document.Text("Завуч"),
				}}}}},
			}},
			{Table: &document.Table{
				Columns: []document.TableColumn{{Title: "Показатель"}, {Title: "Значение"}},
				Rows:    [][]document.Content{{document.Text("Охват"), document.Text("95 %")}},
			}},
		},
	}
	doc := renderDoc(t, v, d)["word/document.xml"]
	for _, c := range []struct {
		text, align string
		own         bool // the template's paragraph is not aligned so: w:jc of its own
	}{
		{"1.1", "center", true},
		{"Сбор", "left", false},
		{"Пункт сбора", "left", false},
		{"Май", "center", true},
		{"Завуч", "right", true},
		{"Срок", "center", false}, // header: TableHeader centres
		{"Исполнитель", "center", false},
		{"Охват", "left", false}, // a generic table's columns are left-aligned
		{"95", "left", false},
	} {
		p := paraWith(t, doc, c.text)
		if got := effectiveJc(t, v, p); got != c.align {
			t.Errorf("%q: aligned %s, want %s: %s", c.text, got, c.align, p)
		}
		if own := strings.Contains(p, "<w:jc "); own != c.own {
			t.Errorf("%q: own w:jc %v, want %v: %s", c.text, own, c.own, p)
		}
	}
}

// numOverride is a w:num of numbering.xml as far as markers go.
type numOverride struct {
	ID       string `xml:"numId,attr"`
	Abstract struct {
		Val string `xml:"val,attr"`
	} `xml:"abstractNumId"`
	Overrides []struct {
		Ilvl string `xml:"ilvl,attr"`
		Lvl  *struct {
			Ilvl    string `xml:"ilvl,attr"`
			NumFmt  xmlVal `xml:"numFmt"`
			LvlText xmlVal `xml:"lvlText"`
			PPr     struct {
				Ind struct {
					Left    string `xml:"left,attr"`
					Hanging string `xml:"hanging,attr"`
				} `xml:"ind"`
			} `xml:"pPr"`
			RPr *struct{} `xml:"rPr"`
		} `xml:"lvl"`
	} `xml:"lvlOverride"`
}

// numOf is the w:numId and w:ilvl of the list paragraph holding text.
func numOf(t *testing.T, doc, text string) (id, ilvl string) {
	t.Helper()
	p := paraWith(t, doc, text)
	m := regexp.MustCompile(`<w:ilvl w:val="(\d+)"/><w:numId w:val="(\d+)"/>`).FindStringSubmatch(p)
	if m == nil {
		t.Fatalf("%q is not a list item: %s", text, p)
	}
	return m[2], m[1]
}

// A bullet the template's numbering does not map is not replaced by the
// default one: the list's own w:num overrides the level's text, keeping
// the default bullet's indents and font.
func TestUnmappedBulletKeepsItsMarker(t *testing.T) {
	v := testtpl.Edited(t, "school-roadmap@1.1.0", "", nil)
	d := &document.Document{
		Kind: document.KindRoadmap, Organization: document.Organization{FullName: "Школа"}, Title: "План",
		Body: []document.Block{
			{List: &document.List{Marker: "→", Items: []document.ListItem{
				{Text: "Стрелка", List: &document.List{Marker: "→", Items: []document.ListItem{{Text: "Вложенная стрелка"}}}},
			}}},
			{List: &document.List{Marker: "%1&\"", Items: []document.ListItem{{Text: "Странный маркер"}}}},
			{List: &document.List{Items: []document.ListItem{{Text: "Тире"}}}},
			{List: &document.List{Marker: "•", Items: []document.ListItem{{Text: "Точка"}}}},
		},
	}
	parts := renderDoc(t, v, d)
	doc := parts["word/document.xml"]
	var x struct {
		Nums []numOverride `xml:"num"`
	}
	if err := xml.Unmarshal([]byte(parts["word/numbering.xml"]), &x); err != nil {
		t.Fatal(err)
	}
	nums := map[string]numOverride{}
	for _, n := range x.Nums {
		nums[n.ID] = n
	}
	def := strconv.Itoa(v.Manifest.Docx.Lists.Default)
	for _, c := range []struct {
		text, marker, format, left string
	}{
		{"Стрелка", "→", "bullet", "284"},
		{"Вложенная стрелка", "→", "bullet", "568"},
		// LibreOffice prints a bullet's first character only: a longer
		// marker is the text of a level without a number, «%1» in it
		// parted by a word joiner so that it stays literal.
		{"Странный маркер", "%\u20601&\"", "none", "284"},
	} {
		id, ilvl := numOf(t, doc, c.text)
		n, ok := nums[id]
		if !ok {
			t.Fatalf("%q: no w:num %s", c.text, id)
		}
		if n.Abstract.Val != def || len(n.Overrides) != 1 || n.Overrides[0].Lvl == nil {
			t.Errorf("%q: w:num %+v, want the default bullet %s with one level override", c.text, n, def)
			continue
		}
		o := n.Overrides[0]
		if o.Ilvl != ilvl || o.Lvl.Ilvl != ilvl || o.Lvl.NumFmt.Val != c.format || o.Lvl.LvlText.Val != c.marker {
			t.Errorf("%q (level %s): override level %s/%s, format %q, text %q; want %s %q", c.text, ilvl, o.Ilvl, o.Lvl.Ilvl, o.Lvl.NumFmt.Val, o.Lvl.LvlText.Val, c.format, c.marker)
		}
		if o.Lvl.PPr.Ind.Left != c.left || o.Lvl.PPr.Ind.Hanging != "284" || o.Lvl.RPr == nil {
			t.Errorf("%q: override does not keep the default bullet's indents and font: %+v", c.text, *o.Lvl)
		}
	}
	// Mapped bullets keep their abstract numbering untouched.
	for _, text := range []string{"Тире", "Точка"} {
		id, _ := numOf(t, doc, text)
		if n := nums[id]; len(n.Overrides) != 0 {
			t.Errorf("%q: a mapped bullet got an override: %+v", text, n)
		}
	}
}
