package preflight

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"regexp"
	"strings"
	"testing"
)

func flate(t *testing.T, b []byte) []byte {
	t.Helper()
	var out bytes.Buffer
	w := zlib.NewWriter(&out)
	if _, err := w.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func TestPreflight_ValidFixtures(t *testing.T) {
	mustPass(t, build(t, validSpec(2)), 2)
	mustPass(t, build(t, validSpec(3)), 3)
}

// Today's (not PDF/A) output: the rules see the missing XMP and output
// intent in a real file.
func TestPreflight_TodaysOutputIsNotPDFA(t *testing.T) {
	vs, err := Check(base(t), 2)
	if err != nil {
		t.Fatal(err)
	}
	got := clauses(vs)
	for _, want := range []string{clauseMetadata, clauseDeviceColour} {
		if !strings.Contains(strings.Join(got, " "), want) {
			t.Errorf("today's PDF: clauses %v, want %s among them", got, want)
		}
	}
}

func TestPreflight_6_1_2_Header(t *testing.T) {
	pdf := build(t, validSpec(2))
	mustPass(t, pdf, 2)
	i := bytes.IndexByte(pdf, '\n')
	copy(pdf[i+2:], "abcd") // the binary comment made ASCII
	mustFailOnly(t, pdf, 2, "6.1.2")
}

func TestPreflight_6_1_3_TrailerID(t *testing.T) {
	s := validSpec(2)
	s.trailerID = false
	mustFailOnly(t, build(t, s), 2, "6.1.3")
}

func TestPreflight_6_1_3_Encrypt(t *testing.T) {
	s := validSpec(2)
	s.trailerExtra = " /Encrypt << /Filter /Standard /V 1 /R 2 /O <00> /U <00> /P -4 >>"
	mustFailOnly(t, build(t, s), 2, "6.1.3")
}

func TestPreflight_6_1_3_DataAfterEOF(t *testing.T) {
	s := validSpec(2)
	s.tail = "garbage after the end\n"
	mustFailOnly(t, build(t, s), 2, "6.1.3")
}

func TestPreflight_6_1_5_InfoTitleDiffersFromXMP(t *testing.T) {
	s := validSpec(2)
	s.infoTitle = "ДРУГОЙ ЗАГОЛОВОК"
	mustFailOnly(t, build(t, s), 2, "6.1.5")
}

func TestPreflight_6_1_7_1_StreamLength(t *testing.T) {
	s := validSpec(2)
	s.extra = []string{"<< /Length 3 >>\nstream\nabcdef\nendstream"}
	mustFailOnly(t, build(t, s), 2, "6.1.7.1")
}

func TestPreflight_6_1_7_2_LZWDecode(t *testing.T) {
	s := validSpec(2)
	// "-" in LZW: the code for '-' then EOD (257) in 9-bit codes.
	data := []byte{0x80, 0x0b, 0x60, 0x50, 0x20, 0x00}
	s.extra = []string{fmt.Sprintf("<< /Filter /LZWDecode /Length %d >>\nstream\n%s\nendstream", len(data), data)}
	mustFailOnly(t, build(t, s), 2, "6.1.7.2")
}

func TestPreflight_6_2_3_OutputIntentProfile(t *testing.T) {
	s := validSpec(2)
	s.icc = minimalICC("scnr") // an input (scanner) profile
	mustFailOnly(t, build(t, s), 2, "6.2.3")
}

func TestPreflight_6_2_4_3_NoOutputIntent(t *testing.T) {
	s := validSpec(2)
	s.intent = false
	mustFailOnly(t, build(t, s), 2, "6.2.4.3")
}

func TestPreflight_6_2_11_4_1_FontNotEmbedded(t *testing.T) {
	s := validSpec(2)
	b := base(t)
	n, body := findObject(t, b, `/FontFile2`)
	s.replace[n] = regexp.MustCompile(`/FontFile2\s+\d+\s+\d+\s+R`).ReplaceAllString(body, "")
	mustFailOnly(t, build(t, s), 2, "6.2.11.4.1")
}

func TestPreflight_6_2_11_4_2_PartialCIDSet(t *testing.T) {
	s := validSpec(2)
	b := base(t)
	n, body := findObject(t, b, `/FontFile2`)
	// The number the update gives its first extra object: after the
	// metadata and the profile.
	s.extra = []string{"<< /Length 1 >>\nstream\n\x80\nendstream"}
	s.replace[n] = strings.TrimSuffix(strings.TrimSpace(body), ">>") + fmt.Sprintf(" /CIDSet %d 0 R >>", nextFree(t, b)+2)
	mustFailOnly(t, build(t, s), 2, "6.2.11.4.2")
}

// nextFree is the first object number the update gives out.
func nextFree(t *testing.T, b []byte) int {
	t.Helper()
	m := regexp.MustCompile(`/Size (\d+)`).FindAllSubmatch(b, -1)
	var n int
	fmt.Sscan(string(m[len(m)-1][1]), &n)
	return n
}

func TestPreflight_6_2_11_7_2_NoToUnicode(t *testing.T) {
	s := validSpec(2)
	b := base(t)
	n, body := findObject(t, b, `/ToUnicode`)
	s.replace[n] = regexp.MustCompile(`/ToUnicode\s+\d+\s+\d+\s+R`).ReplaceAllString(body, "")
	mustFailOnly(t, build(t, s), 2, "6.2.11.7.2")
}

// annotated adds to the first page a Square annotation with the given
// extra keys.
func annotated(t *testing.T, keys string) []byte {
	s := validSpec(2)
	b := base(t)
	n, body := findObject(t, b, `/Type\s*/Page\b`)
	ap := nextFree(t, b) + 2
	s.extra = []string{"<< /Type /XObject /Subtype /Form /BBox [0 0 40 40] /Length 0 >>\nstream\n\nendstream"}
	s.replace[n] = strings.TrimSuffix(strings.TrimSpace(body), ">>") +
		" /Annots [<< /Type /Annot /Subtype /Square /Rect [10 10 50 50] " + strings.ReplaceAll(keys, "AP", fmt.Sprintf("/AP << /N %d 0 R >>", ap)) + " >>] >>"
	return build(t, s)
}

func TestPreflight_6_3_2_AnnotationWithoutF(t *testing.T) {
	mustPass(t, annotated(t, "/F 4 AP"), 2)
	mustFailOnly(t, annotated(t, "AP"), 2, "6.3.2")
	mustFailOnly(t, annotated(t, "/F 6 AP"), 2, "6.3.2") // printable but hidden
}

func TestPreflight_6_3_3_AnnotationWithoutAP(t *testing.T) {
	mustFailOnly(t, annotated(t, "/F 4"), 2, "6.3.3")
}

func TestPreflight_6_4_1_NeedAppearances(t *testing.T) {
	s := validSpec(2)
	s.catalogExtra = " /AcroForm << /Fields [] /NeedAppearances true >>"
	mustFailOnly(t, build(t, s), 2, "6.4.1")
}

func TestPreflight_6_6_2_1_NoXMP(t *testing.T) {
	s := validSpec(2)
	s.xmp = ""
	// Without XMP the Info entries would have no analogue (6.1.5); this
	// file has no Info entries to compare, to fail only 6.6.2.1.
	s.infoTitle = ""
	mustFailOnly(t, build(t, s), 2, "6.6.2.1")
}

func TestPreflight_6_6_2_1_XMPHeaderEncoding(t *testing.T) {
	s := validSpec(2)
	s.xmp = strings.Replace(s.xmp, `id="W5M0MpCehiHzreSzNTczkc9d"`, `id="W5M0MpCehiHzreSzNTczkc9d" encoding="UTF-8"`, 1)
	mustFailOnly(t, build(t, s), 2, "6.6.2.1")
}

func TestPreflight_19005_1_6_7_2_XMPCompressed(t *testing.T) {
	s := validSpec(2)
	s.xmpFlate = true
	mustFailOnly(t, build(t, s), 2, "19005-1:6.7.2")
}

func TestPreflight_6_6_2_3_1_UndeclaredProperty(t *testing.T) {
	s := validSpec(2)
	s.xmp = xmpPacket(2, fixtureTitle, `<kartograf:inputHash>sha256:00</kartograf:inputHash>`)
	vs := mustFailOnly(t, build(t, s), 2, "6.6.2.3.1")
	if len(vs) != 1 || !strings.Contains(vs[0].Message, "inputHash") {
		t.Errorf("violations %v, want one naming inputHash", vs)
	}
}

func TestPreflight_6_6_4_PartAndConformance(t *testing.T) {
	mustFailOnly(t, build(t, validSpec(2)), 3, "6.6.4")
	s := validSpec(2)
	s.xmp = strings.Replace(s.xmp, "<pdfaid:conformance>U<", "<pdfaid:conformance>B<", 1)
	mustFailOnly(t, build(t, s), 2, "6.6.4")
}

func TestPreflight_6_8_EmbeddedFiles(t *testing.T) {
	// PDF/A-2 admits only PDF/A attachments: the source JSON is not one.
	s := validSpec(2)
	s.attach = true
	mustFailOnly(t, build(t, s), 2, "6.8")

	// PDF/A-3: the attachment must be associated and say how.
	s = validSpec(3)
	s.noAF = true
	mustFailOnly(t, build(t, s), 3, "6.8")

	s = validSpec(3)
	pdf := build(t, s)
	pdf = bytes.Replace(pdf, []byte("/AFRelationship /Source"), []byte("                       "), 1)
	vs := mustFailOnly(t, pdf, 3, "6.8")
	if len(vs) != 1 || !strings.Contains(vs[0].Message, "AFRelationship") {
		t.Errorf("violations %v, want one naming AFRelationship", vs)
	}

	pdf = build(t, validSpec(3))
	pdf = bytes.Replace(pdf, []byte("/Subtype /application#2Fjson"), []byte("                            "), 1)
	mustFailOnly(t, pdf, 3, "6.8")
}

func TestPreflight_6_2_10_TransparencyGroup(t *testing.T) {
	group := func(keys string) []byte {
		s := validSpec(2)
		n, body := findObject(t, base(t), `/Type\s*/Page\b`)
		s.replace[n] = strings.TrimSuffix(strings.TrimSpace(body), ">>") + " /Group << /S /Transparency" + keys + " >> >>"
		return build(t, s)
	}
	mustPass(t, group(" /CS /DeviceRGB"), 2)
	mustFailOnly(t, group(""), 2, "6.2.10")
}

// withText adds to the first page a content stream that shows text with
// the page's first font.
func withText(t *testing.T, show string) []byte {
	s := validSpec(2)
	b := base(t)
	n, body := findObject(t, b, `/Type\s*/Page\b`)
	c := regexp.MustCompile(`/Contents\s+(\d+) 0 R`).FindStringSubmatch(body)
	_, res := findObject(t, b, `/Font\s*<<`)
	font := regexp.MustCompile(`/Font\s*<<\s*/(\w+)`).FindStringSubmatch(res)
	if c == nil || font == nil {
		t.Fatalf("no content stream or font in the base page: %s", body)
	}
	text := "BT /" + font[1] + " 12 Tf 10 10 Td " + show + " ET"
	s.extra = []string{fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(text), text)}
	s.replace[n] = strings.Replace(body, c[0], fmt.Sprintf("/Contents [%s 0 R %d 0 R]", c[1], nextFree(t, b)+2), 1)
	return build(t, s)
}

func TestPreflight_6_2_11_8_Notdef(t *testing.T) {
	mustPass(t, withText(t, "<00120013> Tj [(\\000\\022) -20 <0014>] TJ"), 2)
	mustFailOnly(t, withText(t, "<00120000> Tj"), 2, "6.2.11.8")
	mustFailOnly(t, withText(t, "[<0012> -20 (\\000\\000)] TJ"), 2, "6.2.11.8")
}
