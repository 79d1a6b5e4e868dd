package docx_test

import (
	"bytes"
	"context"
	"encoding/xml"
	"slices"
	"testing"

	"github.com/kartograf-ru/kartograf"
	"github.com/kartograf-ru/kartograf/internal/testtool/testdoc"
	"github.com/kartograf-ru/kartograf/templates"
)

// optimalEngine is an engine that also knows a new version of each
// released template with a DOCX: the released files under the same id
// and version 9.0.0, a manifest that says nothing of typesetting, so that
// the version breaks lines optimally (templates.Manifest.Optimal). It
// returns the engine and the new versions' refs by their released refs.
func optimalEngine(t testing.TB) (*kartograf.Engine, map[string]string) {
	return testdoc.OptimalEngine(t, func(_ *templates.Registry, base *templates.Version) (string, *templates.Version, *templates.Manifest) {
		if base.Manifest.Docx == nil || !base.Manifest.Legacy() {
			return "", nil, nil
		}
		m := base.Manifest
		m.Version = "9.0.0"
		return base.Ref(), base, &m
	})
}

// settingsOrder is the CT_Settings sequence (ECMA-376 Part 1, 17.15.1.78).
var settingsOrder = []string{"writeProtection", "view", "zoom", "removePersonalInformation", "removeDateAndTime",
	"doNotDisplayPageBoundaries", "displayBackgroundShape", "printPostScriptOverText", "printFractionalCharacterWidth",
	"printFormsData", "embedTrueTypeFonts", "embedSystemFonts", "saveSubsetFonts", "saveFormsData", "mirrorMargins",
	"alignBordersAndEdges", "bordersDoNotSurroundHeader", "bordersDoNotSurroundFooter", "gutterAtTop",
	"hideSpellingErrors", "hideGrammaticalErrors", "activeWritingStyle", "proofState", "formsDesign",
	"attachedTemplate", "linkStyles", "stylePaneFormatFilter", "stylePaneSortMethod", "documentType", "mailMerge",
	"revisionView", "trackRevisions", "doNotTrackMoves", "doNotTrackFormatting", "documentProtection",
	"autoFormatOverride", "styleLockTheme", "styleLockQFSet", "defaultTabStop", "autoHyphenation",
	"consecutiveHyphenLimit", "hyphenationZone", "doNotHyphenateCaps", "showEnvelope", "summaryLength",
	"clickAndTypeStyle", "defaultTableStyle", "evenAndOddHeaders", "bookFoldRevPrinting", "bookFold",
	"bookFoldPrinting", "bookFoldPrintingSheets", "drawingGridHorizontalSpacing", "drawingGridVerticalSpacing",
	"displayHorizontalDrawingGridEvery", "displayVerticalDrawingGridEvery", "doNotUseMarginsForDrawingGridOrigin",
	"drawingGridHorizontalOrigin", "drawingGridVerticalOrigin", "doNotShadeFormData", "noPunctuationKerning",
	"characterSpacingControl", "printTwoOnOne", "strictFirstAndLastChars", "noLineBreaksAfter",
	"noLineBreaksBefore", "savePreviewPicture", "doNotValidateAgainstSchema", "saveInvalidXml",
	"ignoreMixedContent", "alwaysShowPlaceholderText", "doNotDemarcateInvalidXml", "saveXmlDataOnly",
	"useXSLTWhenSaving", "saveThroughXslt", "showXMLTags", "alwaysMergeEmptyNamespace", "updateFields",
	"hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids", "mathPr", "attachedSchema",
	"themeFontLang", "clrSchemeMapping", "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures", "forceUpgrade",
	"captions", "readModeInkLockDown", "smartTagType", "schemaLibrary", "shapeDefaults", "doNotEmbedSmartTags",
	"decimalSymbol", "listSeparator"}

// pPrBaseOrder is the CT_PPrBase sequence (17.3.1.26), w:pPr of the
// document defaults.
var pPrBaseOrder = []string{"keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
	"suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap", "overflowPunct",
	"topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid", "spacing", "ind",
	"contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection", "textAlignment",
	"textboxTightWrap", "outlineLvl", "divId", "cnfStyle"}

// xmlElem is an element with its attributes and children, in order.
type xmlElem struct {
	XMLName  xml.Name
	Attrs    []xml.Attr `xml:",any,attr"`
	Children []xmlElem  `xml:",any"`
}

func (e *xmlElem) child(name string) *xmlElem {
	for i := range e.Children {
		if e.Children[i].XMLName.Local == name {
			return &e.Children[i]
		}
	}
	return nil
}

func (e *xmlElem) val() string {
	for _, a := range e.Attrs {
		if a.Name.Local == "val" {
			return a.Value
		}
	}
	return ""
}

// inOrder checks that e's children are elements of the sequence order,
// in its order.
func inOrder(t *testing.T, what string, e *xmlElem, order []string) {
	t.Helper()
	last := -1
	for _, c := range e.Children {
		k := slices.Index(order, c.XMLName.Local)
		if k < 0 {
			t.Errorf("%s: %s is no element of the sequence", what, c.XMLName.Local)
			continue
		}
		if k <= last {
			t.Errorf("%s: %s comes after %s, against the schema's sequence", what, c.XMLName.Local, order[last])
		}
		last = k
	}
}

func parseXML(t *testing.T, what string, data []byte) *xmlElem {
	t.Helper()
	var e xmlElem
	if err := xml.Unmarshal(data, &e); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	return &e
}

// An optimal version's DOCX asks for widow control in the document
// defaults and for at most two hyphenated lines in a row and a
// hyphenation zone in its settings, each where the schema's sequence
// puts it; the released version the new one copies asks for none of it.
func TestOptimalDocxSettings(t *testing.T) {
	eng, refs := optimalEngine(t)
	if len(refs) < 6 {
		t.Fatalf("only %d released versions with a DOCX", len(refs))
	}
	for legacy, ref := range refs {
		for _, r := range []string{ref, legacy} {
			optimal := r == ref
			var buf bytes.Buffer
			if _, err := eng.Render(context.Background(), &buf, load(t, "testdata", "documents", "analysis.json"), kartograf.RenderOptions{Format: kartograf.DOCX, Template: r}); err != nil {
				t.Fatalf("%s: %v", r, err)
			}
			p, _ := parts(t, buf.Bytes())
			settings := parseXML(t, r+" settings.xml", p["word/settings.xml"])
			inOrder(t, r+" settings.xml", settings, settingsOrder)
			limit, zone := settings.child("consecutiveHyphenLimit"), settings.child("hyphenationZone")
			if optimal && (limit == nil || limit.val() != "2" || zone == nil || zone.val() != "170") {
				t.Errorf("%s settings.xml: consecutiveHyphenLimit %v, hyphenationZone %v; want 2 and 170", r, limit, zone)
			}
			if !optimal && (limit != nil || zone != nil) {
				t.Errorf("%s (released) settings.xml has consecutiveHyphenLimit %v, hyphenationZone %v", r, limit, zone)
			}
			if settings.child("autoHyphenation") == nil {
				t.Errorf("%s settings.xml: no autoHyphenation", r)
			}
			styles := parseXML(t, r+" styles.xml", p["word/styles.xml"])
			var ppr *xmlElem
			if dd := styles.child("docDefaults"); dd != nil {
				if pd := dd.child("pPrDefault"); pd != nil {
					ppr = pd.child("pPr")
				}
			}
			if ppr == nil {
				t.Fatalf("%s styles.xml: no docDefaults/pPrDefault/pPr", r)
			}
			inOrder(t, r+" docDefaults pPr", ppr, pPrBaseOrder)
			if w := ppr.child("widowControl"); optimal != (w != nil) || w != nil && w.val() != "" {
				t.Errorf("%s styles.xml: docDefaults widowControl %v", r, w)
			}
		}
	}
}
