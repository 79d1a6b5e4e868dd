package docx

import (
	"strings"
	"testing"
)

func TestWithWidowControl(t *testing.T) {
	const dflt = `<w:pPrDefault><w:pPr><w:widowControl/></w:pPr></w:pPrDefault>`
	for _, c := range []struct{ in, want string }{
		// After keepNext, before spacing (CT_PPrBase order).
		{`<w:styles><w:docDefaults><w:pPrDefault><w:pPr><w:keepNext/><w:spacing w:after="0"/><w:jc w:val="both"/></w:pPr></w:pPrDefault></w:docDefaults></w:styles>`,
			`<w:styles><w:docDefaults><w:pPrDefault><w:pPr><w:keepNext/><w:widowControl/><w:spacing w:after="0"/><w:jc w:val="both"/></w:pPr></w:pPrDefault></w:docDefaults></w:styles>`},
		// The template says it (off): it stays off.
		{`<w:styles><w:docDefaults><w:pPrDefault><w:pPr><w:widowControl w:val="0"/></w:pPr></w:pPrDefault></w:docDefaults></w:styles>`,
			`<w:styles><w:docDefaults><w:pPrDefault><w:pPr><w:widowControl w:val="0"/></w:pPr></w:pPrDefault></w:docDefaults></w:styles>`},
		// No w:pPrDefault: after w:rPrDefault.
		{`<w:styles><w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val="24"/></w:rPr></w:rPrDefault></w:docDefaults></w:styles>`,
			`<w:styles><w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val="24"/></w:rPr></w:rPrDefault>` + dflt + `</w:docDefaults></w:styles>`},
		// Empty elements.
		{`<w:styles><w:docDefaults><w:pPrDefault/></w:docDefaults></w:styles>`, `<w:styles><w:docDefaults>` + dflt + `</w:docDefaults></w:styles>`},
		{`<w:styles><w:docDefaults><w:pPrDefault><w:pPr/></w:pPrDefault></w:docDefaults></w:styles>`, `<w:styles><w:docDefaults>` + dflt + `</w:docDefaults></w:styles>`},
		{`<w:styles><w:docDefaults/><w:style/></w:styles>`, `<w:styles><w:docDefaults>` + dflt + `</w:docDefaults><w:style/></w:styles>`},
		// No w:docDefaults: the first child of w:styles.
		{`<w:styles xmlns:w="x"><w:style/></w:styles>`, `<w:styles xmlns:w="x"><w:docDefaults>` + dflt + `</w:docDefaults><w:style/></w:styles>`},
		{`<w:styles/>`, `<w:styles><w:docDefaults>` + dflt + `</w:docDefaults></w:styles>`},
		// Not styles: untouched.
		{`<x/>`, `<x/>`},
	} {
		if got := withWidowControl(c.in); got != c.want {
			t.Errorf("withWidowControl(%s)\n got %s\nwant %s", c.in, got, c.want)
		}
	}
}

func TestWithHyphenLimits(t *testing.T) {
	in := `<w:settings><w:defaultTabStop w:val="709"/><w:autoHyphenation/><w:doNotHyphenateCaps/><w:compat/></w:settings>`
	want := `<w:settings><w:defaultTabStop w:val="709"/><w:autoHyphenation/><w:consecutiveHyphenLimit w:val="2"/><w:hyphenationZone w:val="170"/><w:doNotHyphenateCaps/><w:compat/></w:settings>`
	if got := withHyphenLimits(in); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	// What the template says stays; the other goes in its place.
	in = `<w:settings><w:autoHyphenation/><w:hyphenationZone w:val="357"/><w:compat/></w:settings>`
	want = `<w:settings><w:autoHyphenation/><w:consecutiveHyphenLimit w:val="2"/><w:hyphenationZone w:val="357"/><w:compat/></w:settings>`
	if got := withHyphenLimits(in); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	in = `<w:settings><w:consecutiveHyphenLimit w:val="0"/><w:listSeparator w:val=";"/></w:settings>`
	want = `<w:settings><w:consecutiveHyphenLimit w:val="0"/><w:hyphenationZone w:val="170"/><w:listSeparator w:val=";"/></w:settings>`
	if got := withHyphenLimits(in); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if got := withHyphenLimits("<x/>"); got != "<x/>" {
		t.Errorf("got %s", got)
	}
	if !strings.Contains(string(polishOptimal("word/settings.xml", []byte(in))), "hyphenationZone") {
		t.Error("polishOptimal leaves settings.xml alone")
	}
}
