package docx

import (
	"strings"

	"github.com/kartograf-ru/kartograf/internal/lazyre"
)

// Narrow plan columns hold long Russian words («общеобразовательной»,
// «профориентационной»). Without hyphenation Word and LibreOffice break
// such a word anywhere once it does not fit the column, with no hyphen.
// The engine turns automatic hyphenation on for every template version
// (w:autoHyphenation in settings.xml, words in capitals left whole as ГОСТ
// practice wants: w:doNotHyphenateCaps), and makes Russian the language of
// the document defaults where styles.xml names none, so that the Russian
// patterns apply. A template that says either setting itself keeps what
// it says. These parts are static: they are rewritten once, at compile
// time.

// settingsAfterHyphenation are the w:settings children that follow
// w:autoHyphenation (CT_Settings sequence), settingsAfterCaps those that
// follow w:doNotHyphenateCaps.
var (
	settingsAfterHyphenation = append([]string{"<w:consecutiveHyphenLimit", "<w:hyphenationZone", "<w:doNotHyphenateCaps"}, settingsAfterCaps...)
	settingsAfterCaps        = []string{"<w:showEnvelope", "<w:summaryLength", "<w:clickAndTypeStyle", "<w:defaultTableStyle",
		"<w:evenAndOddHeaders", "<w:bookFoldRevPrinting", "<w:bookFold", "<w:bookFoldPrinting", "<w:bookFoldPrintingSheets",
		"<w:drawingGridHorizontalSpacing", "<w:drawingGridVerticalSpacing", "<w:displayHorizontalDrawingGridEvery",
		"<w:displayVerticalDrawingGridEvery", "<w:doNotUseMarginsForDrawingGridOrigin", "<w:drawingGridHorizontalOrigin",
		"<w:drawingGridVerticalOrigin", "<w:doNotShadeFormData", "<w:noPunctuationKerning", "<w:characterSpacingControl",
		"<w:printTwoOnOne", "<w:strictFirstAndLastChars", "<w:noLineBreaksAfter", "<w:noLineBreaksBefore",
		"<w:savePreviewPicture", "<w:doNotValidateAgainstSchema", "<w:saveInvalidXml", "<w:ignoreMixedContent",
		"<w:alwaysShowPlaceholderText", "<w:doNotDemarcateInvalidXml", "<w:saveXmlDataOnly", "<w:useXSLTWhenSaving",
		"<w:saveThroughXslt", "<w:showXMLTags", "<w:alwaysMergeEmptyNamespace", "<w:updateFields", "<w:hdrShapeDefaults",
		"<w:footnotePr", "<w:endnotePr", "<w:compat", "<w:docVars", "<w:rsids", "<m:mathPr", "<w:attachedSchema",
		"<w:themeFontLang", "<w:clrSchemeMapping", "<w:doNotIncludeSubdocsInStats", "<w:doNotAutoCompressPictures",
		"<w:forceUpgrade", "<w:captions", "<w:readModeInkLockDown", "<w:smartTagType", "<sl:schemaLibrary",
		"<w:shapeDefaults", "<w:doNotEmbedSmartTags", "<w:decimalSymbol", "<w:listSeparator"}
)

// withHyphenation turns automatic hyphenation on in settings.xml.
func withHyphenation(settings string) string {
	end := strings.LastIndex(settings, "</w:settings>")
	if end < 0 {
		return settings
	}
	if findElem(settings, "w:autoHyphenation") < 0 {
		i := firstIn(settings, end, settingsAfterHyphenation)
		settings = settings[:i] + "<w:autoHyphenation/>" + settings[i:]
		end += len("<w:autoHyphenation/>")
	}
	if findElem(settings, "w:doNotHyphenateCaps") < 0 {
		i := firstIn(settings, end, settingsAfterCaps)
		settings = settings[:i] + "<w:doNotHyphenateCaps/>" + settings[i:]
	}
	return settings
}

// firstIn is where the first of the elements names starts in x before at,
// else at.
func firstIn(x string, at int, names []string) int {
	for _, n := range names {
		if k := findElem(x[:at], n[1:]); k >= 0 {
			at = k
		}
	}
	return at
}

var rPrDefaultRE = lazyre.New(`(?s)<w:rPrDefault\s*>\s*<w:rPr\s*>(.*?)</w:rPr>`)

// rPrAfterLang are the w:rPr children that follow w:lang (CT_RPr
// sequence).
var rPrAfterLang = []string{"<w:eastAsianLayout", "<w:specVanish", "<w:oMath"}

// ruLang is the language of the document defaults where a template names
// none.
const ruLang = `<w:lang w:val="ru-RU" w:eastAsia="ru-RU" w:bidi="ar-SA"/>`

// withRussian makes Russian the language of the document defaults in
// styles.xml when they name no language.
func withRussian(styles string) string {
	m := rPrDefaultRE.FindStringSubmatchIndex(styles)
	if m == nil {
		dd := findElem(styles, "w:docDefaults")
		if dd >= 0 && findElem(styles, "w:rPrDefault") < 0 && !strings.HasPrefix(styles[dd:], "<w:docDefaults/>") {
			i := dd + strings.IndexByte(styles[dd:], '>') + 1
			return styles[:i] + "<w:rPrDefault><w:rPr>" + ruLang + "</w:rPr></w:rPrDefault>" + styles[i:]
		}
		return styles
	}
	body := styles[m[2]:m[3]]
	if findElem(body, "w:lang") >= 0 {
		return styles
	}
	i := m[2] + firstIn(body, len(body), rPrAfterLang)
	return styles[:i] + ruLang + styles[i:]
}

// polishPart is the engine's rewrite of a template part before it is
// compiled: hyphenation in settings.xml; Russian and headings that keep
// with the next paragraph in styles.xml.
func polishPart(name string, data []byte) []byte {
	switch name {
	case "word/settings.xml":
		return []byte(withHyphenation(string(data)))
	case "word/styles.xml":
		return []byte(withHeadingsKept(withRussian(string(data))))
	}
	return data
}

var (
	styleRE     = lazyre.New(`(?s)<w:style\s[^>]*>.*?</w:style>`)
	styleIDRE   = lazyre.New(`w:styleId="([^"]*)"`)
	styleNameRE = lazyre.New(`<w:name\s+w:val="([^"]*)"`)
	basedOnRE   = lazyre.New(`<w:basedOn\s+w:val="([^"]*)"`)
)

// styleAfterPPr are the w:style children that follow w:pPr.
var styleAfterPPr = []string{"<w:rPr", "<w:tblPr", "<w:trPr", "<w:tcPr", "<w:tblStylePr"}

// withHeadingsKept makes the heading styles (Word's «heading N», or any
// paragraph style with an outline level) keep with the next paragraph,
// so that a heading never ends a page, where neither the style nor a
// style it is based on says w:keepNext.
func withHeadingsKept(styles string) string {
	type style struct {
		from, to         int
		id, basedOn      string
		heading, hasKeep bool
	}
	var all []style
	byID := map[string]int{}
	for _, m := range styleRE.FindAllStringIndex(styles, -1) {
		s := styles[m[0]:m[1]]
		open := s[:strings.IndexByte(s, '>')]
		if !strings.Contains(open, `w:type="paragraph"`) {
			continue
		}
		st := style{from: m[0], to: m[1], hasKeep: findElem(s, "w:keepNext") >= 0}
		if id := styleIDRE.FindStringSubmatch(open); id != nil {
			st.id = id[1]
		}
		if b := basedOnRE.FindStringSubmatch(s); b != nil {
			st.basedOn = b[1]
		}
		name := ""
		if n := styleNameRE.FindStringSubmatch(s); n != nil {
			name = strings.ToLower(n[1])
		}
		st.heading = strings.HasPrefix(name, "heading ") || findElem(s, "w:outlineLvl") >= 0
		byID[st.id] = len(all)
		all = append(all, st)
	}
	kept := func(st style) bool {
		for n := 0; n < 8; n++ {
			if st.hasKeep {
				return true
			}
			k, ok := byID[st.basedOn]
			if !ok {
				return false
			}
			st = all[k]
		}
		return false
	}
	// From the last style back, so that earlier offsets stay valid.
	for i := len(all) - 1; i >= 0; i-- {
		st := all[i]
		if !st.heading || kept(st) {
			continue
		}
		styles = styles[:st.from] + keepNextStyle(styles[st.from:st.to]) + styles[st.to:]
	}
	return styles
}

// keepNextStyle adds w:keepNext to one w:style element.
func keepNextStyle(s string) string {
	if k := findElem(s, "w:pPr"); k >= 0 {
		gt := k + strings.IndexByte(s[k:], '>')
		if s[gt-1] == '/' {
			return s[:k] + "<w:pPr><w:keepNext/></w:pPr>" + s[gt+1:]
		}
		i := gt + 1
		if ps := findElem(s[i:], "w:pStyle"); ps >= 0 && strings.TrimSpace(s[i:i+ps]) == "" {
			i += ps + strings.IndexByte(s[i+ps:], '>') + 1
		}
		return s[:i] + "<w:keepNext/>" + s[i:]
	}
	i := firstIn(s, strings.LastIndex(s, "</w:style>"), styleAfterPPr)
	return s[:i] + "<w:pPr><w:keepNext/></w:pPr>" + s[i:]
}
