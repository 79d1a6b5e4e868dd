package docx

import "strings"

// A version that breaks lines optimally (templates.Manifest.Optimal) sets
// its PDF with widow and orphan control and at most two hyphenated lines
// in a row. Word and LibreOffice break a DOCX themselves, so the engine
// asks them for the same: widow control in the document defaults
// (styles.xml), and a consecutive-hyphen limit and a hyphenation zone in
// settings.xml. Released versions keep their bytes, so they get none of
// it. What a template says itself wins: a style that says w:widowControl
// overrides the defaults by inheritance, and settings the template names
// are left as they are.
//
// Word's w:widowControl is both widow and orphan control (two lines at
// least on each side of a page break), so a list item — a paragraph —
// keeps its first two lines together without w:keepLines, and a heading,
// kept with the next paragraph (withHeadingsKept), carries that
// paragraph's first two lines with it. A heading of two or three lines
// cannot split under widow control either; w:keepLines would only add
// to headings of four lines or more, which the templates style with it
// already, so the engine adds none.
//
// Per-template hyphenation exceptions (the manifest's
// typesetting.hyphenation_exceptions) have no OOXML form: Word and
// LibreOffice hyphenate a DOCX with their own dictionaries.

// hyphenLimit is how many lines in a row may end in a hyphen, as in the
// PDF.
const hyphenLimit = "2"

// hyphenZone is the hyphenation zone in twips: 170 twips (3 mm, 8.5 pt).
// A line whose room left at its end is within the zone is justified
// without hyphenating the next word, so the zone bounds the stretch of
// an unhyphenated line. The narrowest text is a 12 pt plan cell with
// about three inter-word gaps per line: 8.5 pt over three gaps widens
// each 3 pt space by at most 0.94 of itself, within the 2× the PDF allows
// (issue 18). Word's default, 360 twips (0.25"), lets such a cell reach
// 3×; a 14 pt narrative line (some nine gaps) stays within 1.3× either
// way, and a smaller zone would only add hyphens.
const hyphenZone = "170"

// pPrAfterWidow are the w:pPr children that follow w:widowControl
// (CT_PPrBase sequence).
var pPrAfterWidow = []string{"<w:numPr", "<w:suppressLineNumbers", "<w:pBdr", "<w:shd", "<w:tabs",
	"<w:suppressAutoHyphens", "<w:kinsoku", "<w:wordWrap", "<w:overflowPunct", "<w:topLinePunct", "<w:autoSpaceDE",
	"<w:autoSpaceDN", "<w:bidi", "<w:adjustRightInd", "<w:snapToGrid", "<w:spacing", "<w:ind", "<w:contextualSpacing",
	"<w:mirrorIndents", "<w:suppressOverlap", "<w:jc", "<w:textDirection", "<w:textAlignment", "<w:textboxTightWrap",
	"<w:outlineLvl", "<w:divId", "<w:cnfStyle", "<w:rPr", "<w:sectPr", "<w:pPrChange"}

// polishOptimal is polishPart's further rewrite for a version that breaks
// lines optimally.
func polishOptimal(name string, data []byte) []byte {
	switch name {
	case "word/settings.xml":
		return []byte(withHyphenLimits(string(data)))
	case "word/styles.xml":
		return []byte(withWidowControl(string(data)))
	}
	return data
}

// withHyphenLimits adds the consecutive-hyphen limit and the hyphenation
// zone to settings.xml where it names neither.
func withHyphenLimits(settings string) string {
	end := strings.LastIndex(settings, "</w:settings>")
	if end < 0 {
		return settings
	}
	if findElem(settings, "w:consecutiveHyphenLimit") < 0 {
		el := `<w:consecutiveHyphenLimit w:val="` + hyphenLimit + `"/>`
		i := firstIn(settings, end, settingsAfterHyphenation[1:])
		settings = settings[:i] + el + settings[i:]
		end += len(el)
	}
	if findElem(settings, "w:hyphenationZone") < 0 {
		el := `<w:hyphenationZone w:val="` + hyphenZone + `"/>`
		i := firstIn(settings, end, settingsAfterHyphenation[2:])
		settings = settings[:i] + el + settings[i:]
	}
	return settings
}

// withWidowControl turns widow control on in the document defaults of
// styles.xml (w:docDefaults/w:pPrDefault/w:pPr) unless they say it.
func withWidowControl(styles string) string {
	const (
		widow = "<w:widowControl/>"
		ppr   = "<w:pPr>" + widow + "</w:pPr>"
		dflt  = "<w:pPrDefault>" + ppr + "</w:pPrDefault>"
	)
	dd := findElem(styles, "w:docDefaults")
	if dd < 0 {
		// CT_Styles: w:docDefaults comes first.
		st := findElem(styles, "w:styles")
		if st < 0 {
			return styles
		}
		gt := st + strings.IndexByte(styles[st:], '>')
		if styles[gt-1] == '/' {
			return styles[:gt-1] + "><w:docDefaults>" + dflt + "</w:docDefaults></w:styles>" + styles[gt+1:]
		}
		return styles[:gt+1] + "<w:docDefaults>" + dflt + "</w:docDefaults>" + styles[gt+1:]
	}
	// Each level: absent, insert what is missing; self-closing, replace
	// it; open, descend into its content.
	el, ok := spanAt(styles, dd, len(styles), "w:docDefaults")
	if !ok {
		return styles
	}
	if el.empty {
		return styles[:el.start] + "<w:docDefaults>" + dflt + "</w:docDefaults>" + styles[el.gt+1:]
	}
	pd := findElem(styles[el.gt:el.end], "w:pPrDefault")
	if pd < 0 {
		// CT_DocDefaults: w:rPrDefault, then w:pPrDefault.
		return styles[:el.end] + dflt + styles[el.end:]
	}
	if el, ok = spanAt(styles, el.gt+pd, el.end, "w:pPrDefault"); !ok {
		return styles
	}
	if el.empty {
		return styles[:el.start] + dflt + styles[el.gt+1:]
	}
	p := findElem(styles[el.gt:el.end], "w:pPr")
	if p < 0 {
		return styles[:el.end] + ppr + styles[el.end:]
	}
	if el, ok = spanAt(styles, el.gt+p, el.end, "w:pPr"); !ok {
		return styles
	}
	if el.empty {
		return styles[:el.start] + ppr + styles[el.gt+1:]
	}
	pGT, pEnd := el.gt, el.end
	body := styles[pGT+1 : pEnd]
	if findElem(body, "w:widowControl") >= 0 {
		return styles
	}
	i := pGT + 1 + firstIn(body, len(body), pPrAfterWidow)
	return styles[:i] + widow + styles[i:]
}

// span is an element of an XML string: where its start tag begins and
// ends ('>'), and where its content ends ("</name>"); empty for a
// self-closing element.
type span struct {
	start, gt, end int
	empty          bool
}

// spanAt is the element name whose start tag begins at start, its end
// looked for before limit; ok false when the end is missing.
func spanAt(s string, start, limit int, name string) (span, bool) {
	el := span{start: start, gt: start + strings.IndexByte(s[start:], '>')}
	if s[el.gt-1] == '/' {
		el.empty = true
		return el, true
	}
	end := strings.Index(s[el.gt:limit], "</"+name+">")
	if end < 0 {
		return el, false
	}
	el.end = el.gt + end
	return el, true
}
