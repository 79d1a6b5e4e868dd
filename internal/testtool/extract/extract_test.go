package extract

import (
	"archive/zip"
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestNormalizeKeepsNoBreakSpace(t *testing.T) {
	got := Normalize("  №\u00a05,\n\tЛ.П.\u00a0Шидукова  ")
	if got != "№\u00a05, Л.П.\u00a0Шидукова" {
		t.Errorf("Normalize: %q", got)
	}
}

func TestParsePDF2XML(t *testing.T) {
	// Two cells of one row drawn right first, a bold heading, a line
	// with a no-break space.
	src := `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE pdf2xml SYSTEM "pdf2xml.dtd">
<pdf2xml producer="poppler" version="22.12.0">
<page number="1" position="absolute" top="0" left="0" height="595" width="841">
	<fontspec id="0" size="12" family="X" color="#000000"/>
<text top="100.5" left="300" width="20" height="11" font="0">Май</text>
<text top="100" left="60" width="40" height="12" font="0">Сбор</text>
<text top="50" left="380" width="80" height="13" font="0"><b>Заголовок</b></text>
<text top="70" left="92.13" width="50" height="13" font="0">№` + "\u00a0" + `5 &amp; «кавычки»</text>
</page>
</pdf2xml>`
	p, err := parsePDF2XML(src)
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, l := range p.Lines {
		texts = append(texts, l.Text)
	}
	want := []string{"Заголовок", "№\u00a05 & «кавычки»", "Сбор", "Май"}
	if strings.Join(texts, "|") != strings.Join(want, "|") {
		t.Errorf("lines %q, want %q", texts, want)
	}
	if !p.Lines[0].Bold || p.Lines[1].Bold {
		t.Errorf("bold: %v %v", p.Lines[0].Bold, p.Lines[1].Bold)
	}
	if l := p.Lines[1]; l.Left != 92.13 || math.Abs(l.Right-142.13) > 1e-9 || l.FontSize != 12 {
		t.Errorf("extents %+v", l)
	}
	if got := p.Find("№\u00a05 & «кавычки» Сбор"); len(got) != 2 {
		t.Errorf("Find over two lines: %v", got)
	}
	if got := p.Find("№ 5 & «кавычки»"); got != nil {
		t.Errorf("a space found where a no-break space is: %v", got)
	}
}

func TestContentRules(t *testing.T) {
	// A rule inside a string, a name and a dictionary must not count;
	// cm moves what follows until Q; a thin rectangle is a rule.
	stream := []byte(`BT /F1 12 Tf (10 0 m 10 50 l) Tj <00e3> Tj ET
/P <</MCID 0>> BDC EMC
0.5 w
56.69 500 m 56.69 400 l S
100 500 m 200 500 l S
q 1 0 0 1 10 20 cm 300 100 m 300 0 l S Q
400 100 m 400 0 l S
500 10 0.5 80 re f
600 10 50 80 re f
`)
	got := contentRules(stream)
	want := [][3]float64{{56.69, 500, 400}, {310, 120, 20}, {400, 100, 0}, {500.25, 10, 90}}
	if len(got) != len(want) {
		t.Fatalf("rules %v, want %v", got, want)
	}
	for i := range want {
		for k := range 3 {
			if math.Abs(got[i][k]-want[i][k]) > 1e-9 {
				t.Errorf("rule %d: %v, want %v", i, got[i], want[i])
			}
		}
	}
}

func TestTablesUnionEdges(t *testing.T) {
	// A header row with three columns, a section row spanning the last
	// two, and a second table further down.
	p := &PDFText{Rules: []PDFRule{
		{1, 10, 100, 120}, {1, 60, 100, 120}, {1, 80, 100, 120}, {1, 110, 100, 120},
		{1, 10, 120, 140}, {1, 60, 120, 140}, {1, 110, 120, 140},
		{1, 10, 300, 320}, {1, 110, 300, 320},
	}}
	tbs := p.Tables(1)
	if len(tbs) != 2 {
		t.Fatalf("%d tables: %+v", len(tbs), tbs)
	}
	if e := tbs[0].Edges; len(e) != 4 || e[0] != 10 || e[1] != 60 || e[2] != 80 || e[3] != 110 {
		t.Errorf("first table's edges %v", e)
	}
	if tbs[0].Top != 100 || tbs[0].Bottom != 140 {
		t.Errorf("first table spans %v–%v", tbs[0].Top, tbs[0].Bottom)
	}
	_, l, r, ok := p.Cell(PDFLine{Page: 1, Left: 62, Right: 70, Top: 103, Bottom: 113})
	if !ok || l != 60 || r != 80 {
		t.Errorf("Cell: %v %v %v", l, r, ok)
	}
}

func TestAlignment(t *testing.T) {
	f := Frame{Left: 50, Right: 550}
	line := func(l, r float64) PDFLine { return PDFLine{Left: l, Right: r} }
	for _, c := range []struct {
		name   string
		lines  []PDFLine
		align  string
		indent float64
	}{
		{"justified with indent", []PDFLine{line(85, 550), line(50, 550), line(50, 300)}, "justify", 35},
		{"left with indent", []PDFLine{line(85, 540), line(50, 520), line(50, 300)}, "left", 35},
		{"left, one line ends at the edge by chance", []PDFLine{line(50, 550), line(50, 510), line(50, 300)}, "left", 0},
		{"right", []PDFLine{line(60, 550), line(100, 550.5)}, "right", 0},
		{"center", []PDFLine{line(60, 540), line(100, 500)}, "center", 0},
		{"single left", []PDFLine{line(50.5, 200)}, "left", 0},
		{"single right", []PDFLine{line(400, 549.5)}, "right", 0},
		{"single centred", []PDFLine{line(250, 350)}, "center", 0},
		{"single indented", []PDFLine{line(85, 200)}, "left", 35},
	} {
		got, indent := Alignment(c.lines, f, 1.5)
		if got != c.align || math.Abs(indent-c.indent) > 1e-9 {
			t.Errorf("%s: %s %.2f, want %s %.2f", c.name, got, indent, c.align, c.indent)
		}
	}
}

func zipOf(t *testing.T, files map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range files {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(body))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const wns = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"`

func TestDOCX(t *testing.T) {
	styles := `<w:styles ` + wns + `>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:basedOn w:val="Normal"/><w:pPr><w:jc w:val="center"/></w:pPr><w:rPr><w:jc w:val="right"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading1Alt"><w:basedOn w:val="Heading1"/></w:style>
<w:style w:type="paragraph" w:styleId="BodyText"><w:basedOn w:val="Normal"/><w:pPr><w:ind w:firstLine="709"/><w:jc w:val="both"/></w:pPr></w:style>
</w:styles>`
	numbering := `<w:numbering ` + wns + `>
<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2)"/></w:lvl></w:abstractNum>
<w:abstractNum w:abstractNumId="2"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="–"/></w:lvl></w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="3"/></w:lvlOverride></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="2"/><w:lvlOverride w:ilvl="0"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="→"/></w:lvl></w:lvlOverride></w:num>
</w:numbering>`
	doc := `<w:document ` + wns + `><w:body>
<w:p><w:pPr><w:pStyle w:val="Heading1Alt"/></w:pPr><w:r><w:t>Заголовок</w:t></w:r></w:p>
<w:p><w:pPr><w:pStyle w:val="BodyText"/></w:pPr><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">По </w:t></w:r><w:r><w:t>ширине</w:t><w:br/><w:t>дальше</w:t></w:r></w:p>
<w:p><w:pPr><w:pStyle w:val="BodyText"/><w:ind w:firstLine="0"/><w:jc w:val="start"/></w:pPr><w:r><w:t>Слева</w:t></w:r></w:p>
<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>Третий</w:t></w:r></w:p>
<w:p><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>Вложенный</w:t></w:r></w:p>
<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>Четвёртый</w:t></w:r></w:p>
<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="2"/></w:numPr></w:pPr><w:r><w:t>Стрелка</w:t></w:r></w:p>
<w:tbl><w:tblPr><w:jc w:val="center"/></w:tblPr><w:tblGrid><w:gridCol w:w="2000"/><w:gridCol w:w="1000"/></w:tblGrid>
<w:tr><w:tc><w:p><w:r><w:t>А</w:t></w:r></w:p></w:tc><w:tc><w:p><w:pPr><w:jc w:val="right"/></w:pPr><w:r><w:t>Б</w:t></w:r></w:p><w:p><w:r><w:t>В</w:t></w:r></w:p></w:tc></w:tr>
</w:tbl>
<w:sectPr><w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/><w:pgMar w:top="1134" w:right="567" w:bottom="1134" w:left="1134"/></w:sectPr>
</w:body></w:document>`
	d := DOCX(t, zipOf(t, map[string]string{"word/document.xml": doc, "word/styles.xml": styles, "word/numbering.xml": numbering}))
	check := func(text, align string, first int, marker string) {
		t.Helper()
		p := d.Find(text)
		if p == nil {
			t.Fatalf("%q not found in %q", text, d.Text())
		}
		if p.Align != align || p.FirstLine != first || p.Marker != marker {
			t.Errorf("%q: align %q first line %d marker %q, want %q %d %q", text, p.Align, p.FirstLine, p.Marker, align, first, marker)
		}
	}
	check("Заголовок", "center", 0, "") // through w:basedOn; the run's w:jc is not the paragraph's
	check("По ширине\nдальше", "justify", 709, "")
	check("Слева", "left", 0, "")
	check("Третий", "left", 0, "3.")
	check("Вложенный", "left", 0, "3.1)")
	check("Четвёртый", "left", 0, "4.")
	check("Стрелка", "left", 0, "→")
	check("Б", "right", 0, "") // the table's w:jc is not its paragraphs'
	if p := d.Find("По ширине дальше"); p == nil || !p.Bold {
		t.Errorf("bold run not seen: %+v", p)
	}
	tb := d.TableWith("Б\nВ")
	if tb == nil || len(tb.Grid) != 2 || tb.Grid[0] != 2000 || tb.Grid[1] != 1000 || len(tb.Rows) != 1 || tb.Rows[0][0] != "А" {
		t.Errorf("table: %+v", tb)
	}
	if d.PageWidth != 16838 || d.MarginLeft != 1134 || d.MarginRight != 567 {
		t.Errorf("page %d, margins %d %d", d.PageWidth, d.MarginLeft, d.MarginRight)
	}
	if want := "3. Третий\n"; !strings.Contains(d.Text(), want) {
		t.Errorf("Text has no %q:\n%s", want, d.Text())
	}
}

func TestXLSX(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetName("Sheet1", "План")
	f.SetCellStr("План", "A1", "Заголовок")
	f.SetCellStr("План", "B2", "Справа")
	f.SetCellStr("План", "C2", "скрыто")
	f.SetCellStr("План", "A3", "По ширине")
	f.SetColWidth("План", "A", "A", 20)
	f.SetColWidth("План", "B", "B", 10)
	f.SetColVisible("План", "C", false)
	for cell, h := range map[string]string{"A1": "center", "B2": "right", "A3": "justify"} {
		id, err := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{Horizontal: h}})
		if err != nil {
			t.Fatal(err)
		}
		f.SetCellStyle("План", cell, cell, id)
	}
	f.NewSheet("_data")
	f.SetCellStr("_data", "A1", "служебное")
	f.SetSheetVisible("_data", false)
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	x := XLSX(t, buf.Bytes())
	if len(x.Sheets) != 1 || x.Sheets[0].Name != "План" {
		t.Fatalf("sheets %+v", x.Sheets)
	}
	sh := x.Sheet("План")
	if got := sh.Text(); got != "Заголовок\nСправа\nПо ширине\n" {
		t.Errorf("text %q", got)
	}
	for text, align := range map[string]string{"Заголовок": "center", "Справа": "right", "По ширине": "justify"} {
		if _, c := x.Find(text); c == nil || c.Align != align {
			t.Errorf("%q: %+v, want %s", text, c, align)
		}
	}
	if len(sh.Widths) < 2 || sh.Widths[0] != 20 || sh.Widths[1] != 10 {
		t.Errorf("widths %v", sh.Widths)
	}
	if r := sh.Row(2); len(r) != 1 || r[0].Col != 2 {
		t.Errorf("row 2: %+v", r)
	}
}
