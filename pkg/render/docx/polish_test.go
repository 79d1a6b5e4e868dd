package docx

import (
	"strings"
	"testing"
)

func TestTrimBodyEnd(t *testing.T) {
	const sect = `<w:sectPr><w:pgSz w:w="1"/></w:sectPr></w:body></w:document>`
	for _, c := range []struct{ in, want string }{
		// A table then the template's spacer and range ends: one paragraph that takes no room.
		{`<w:body><w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl><w:p/>  <w:p><w:pPr><w:jc w:val="left"/></w:pPr></w:p>` + sect,
			`<w:body><w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl>` + endPara + sect},
		// Text then empty paragraphs: they go.
		{`<w:body><w:p><w:r><w:t>Текст</w:t></w:r></w:p><w:p/><w:p></w:p>` + sect,
			`<w:body><w:p><w:r><w:t>Текст</w:t></w:r></w:p>` + sect},
		// A section break is no empty paragraph.
		{`<w:body><w:p><w:pPr><w:sectPr/></w:pPr></w:p>` + sect, `<w:body><w:p><w:pPr><w:sectPr/></w:pPr></w:p>` + sect},
	} {
		if got := string(trimBodyEnd([]byte(c.in))); got != c.want {
			t.Errorf("trimBodyEnd(%s)\n got %s\nwant %s", c.in, got, c.want)
		}
	}
}

func TestWithHyphenationOrder(t *testing.T) {
	in := `<w:settings><w:defaultTabStop w:val="709"/><w:hyphenationZone w:val="357"/><w:characterSpacingControl w:val="doNotCompress"/><w:compat/></w:settings>`
	want := `<w:settings><w:defaultTabStop w:val="709"/><w:autoHyphenation/><w:hyphenationZone w:val="357"/><w:doNotHyphenateCaps/><w:characterSpacingControl w:val="doNotCompress"/><w:compat/></w:settings>`
	if got := withHyphenation(in); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	// A template that turns hyphenation off keeps it off.
	off := `<w:settings><w:autoHyphenation w:val="false"/><w:doNotHyphenateCaps w:val="false"/></w:settings>`
	if got := withHyphenation(off); got != off {
		t.Errorf("got %s", got)
	}
}

func TestWithRussianAndHeadingsKept(t *testing.T) {
	in := `<w:styles><w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val="24"/></w:rPr></w:rPrDefault></w:docDefaults>` +
		`<w:style w:type="paragraph" w:styleId="H1"><w:name w:val="heading 1"/><w:pPr><w:jc w:val="center"/></w:pPr></w:style>` +
		`<w:style w:type="paragraph" w:styleId="H2"><w:name w:val="heading 2"/><w:basedOn w:val="K"/></w:style>` +
		`<w:style w:type="paragraph" w:styleId="K"><w:name w:val="Kept"/><w:pPr><w:keepNext/></w:pPr></w:style>` +
		`<w:style w:type="paragraph" w:styleId="H3"><w:name w:val="Заголовок"/><w:rPr><w:b/></w:rPr><w:pPr><w:outlineLvl w:val="2"/></w:pPr></w:style>` +
		`<w:style w:type="paragraph" w:styleId="Body"><w:name w:val="Body Text"/></w:style></w:styles>`
	got := withHeadingsKept(withRussian(in))
	for _, want := range []string{
		`<w:rPr><w:sz w:val="24"/>` + ruLang + `</w:rPr>`,
		`<w:name w:val="heading 1"/><w:pPr><w:keepNext/><w:jc w:val="center"/></w:pPr>`,
		`<w:name w:val="heading 2"/><w:basedOn w:val="K"/></w:style>`, // kept through its base style
		`<w:pPr><w:keepNext/><w:outlineLvl w:val="2"/></w:pPr>`,
		`<w:name w:val="Body Text"/></w:style>`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("no %s in\n%s", want, got)
		}
	}
}

func TestWithCantSplitAndKeepNext(t *testing.T) {
	for in, want := range map[string]string{
		`<w:tr><w:tc>`: `<w:tr><w:trPr><w:cantSplit/></w:trPr><w:tc>`,
		`<w:tr><w:trPr><w:tblHeader/></w:trPr><w:tc>`: `<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr><w:tc>`,
		`<w:tr><w:trPr><w:cantSplit/></w:trPr><w:tc>`: `<w:tr><w:trPr><w:cantSplit/></w:trPr><w:tc>`,
	} {
		if got := withCantSplit(in); got != want {
			t.Errorf("withCantSplit(%s) = %s, want %s", in, got, want)
		}
	}
	if got := withKeepNext(`<w:pPr> <w:pStyle w:val="A"/><w:jc w:val="left"/></w:pPr>`); got != `<w:pPr> <w:pStyle w:val="A"/><w:keepNext/><w:jc w:val="left"/></w:pPr>` {
		t.Errorf("withKeepNext: %s", got)
	}
	// A list item keeps w:keepNext before w:numPr, after the style.
	if got := withNumPr(withKeepNext("<w:pPr>\n  <w:pStyle w:val=\"A\"/>\n</w:pPr>"), 0, 5); !strings.Contains(strings.Join(strings.Fields(got), ""), `w:val="A"/><w:keepNext/><w:numPr>`) {
		t.Errorf("withNumPr: %s", got)
	}
}
