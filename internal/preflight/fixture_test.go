package preflight

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/kartograf-ru/kartograf"
	"github.com/kartograf-ru/kartograf/internal/pdfobj"
	"github.com/kartograf-ru/kartograf/internal/testtool/testdoc"
)

// The fixture: today's Kartograf PDF of a short plan (embedded TrueType
// subsets with ToUnicode, a trailer /ID, a binary comment), made PDF/A by
// one incremental update that adds the XMP packet, an sRGB-like output
// intent, an Info dictionary that agrees with the XMP and, for PDF/A-3,
// the source JSON as an associated file. Each broken variant changes one
// thing of that update.

var baseOnce = sync.OnceValues(func() ([]byte, error) {
	eng, err := testdoc.SharedEngine()
	if err != nil {
		return nil, err
	}
	d := testdoc.ShortPlan(3)
	var b bytes.Buffer
	if _, err := eng.Render(context.Background(), &b, d, kartograf.RenderOptions{Format: kartograf.PDF}); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
})

// base is the renderer's plain (not PDF/A) PDF.
func base(t *testing.T) []byte {
	t.Helper()
	b, err := baseOnce()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

const fixtureTitle = "ДОРОЖНАЯ КАРТА"

// spec is what the PDF/A update holds; variants edit it.
type spec struct {
	part         int
	xmp          string // the packet; "" for none
	xmpFlate     bool   // write the packet Flate-compressed
	infoTitle    string
	icc          []byte
	intent       bool
	catalogExtra string
	trailerID    bool
	trailerExtra string
	attach       bool   // PDF/A-3: the source JSON as an associated file
	specExtra    string // extra keys of the attachment's file specification
	noAF         bool
	// replace overrides objects of the base file: number → new body.
	replace map[int]string
	// extra are more objects; "%d" in catalogExtra etc. is not expanded,
	// they are numbered after the update's own, see build.
	extra []string
	tail  string // bytes appended after %%EOF
}

func validSpec(part int) *spec {
	return &spec{part: part, xmp: xmpPacket(part, fixtureTitle, ""), infoTitle: fixtureTitle,
		icc: minimalICC("mntr"), intent: true, trailerID: true, attach: part == 3, replace: map[int]string{}}
}

// xmpPacket is a PDF/A-<part>U packet with dc:title and the project's
// extension schema declaring kartograf:template; extra is more XML inside
// the main rdf:Description.
func xmpPacket(part int, title, extra string) string {
	return `<?xpacket begin="` + "\ufeff" + `" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:kartograf="https://kartograf.ru/ns/1.0/">
<pdfaid:part>` + strconv.Itoa(part) + `</pdfaid:part>
<pdfaid:conformance>U</pdfaid:conformance>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">` + title + `</rdf:li></rdf:Alt></dc:title>
<xmp:CreatorTool>Kartograf</xmp:CreatorTool>
<kartograf:template>school-roadmap@1.1.0</kartograf:template>
` + extra + `
</rdf:Description>
<rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>Kartograf</pdfaSchema:schema>
<pdfaSchema:namespaceURI>https://kartograf.ru/ns/1.0/</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>kartograf</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
<pdfaProperty:name>template</pdfaProperty:name>
<pdfaProperty:valueType>Text</pdfaProperty:valueType>
<pdfaProperty:category>internal</pdfaProperty:category>
<pdfaProperty:description>template id@version</pdfaProperty:description>
</rdf:li></rdf:Seq></pdfaSchema:property>
</rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`
}

// minimalICC builds a small ICC v2 display profile (sRGB primaries and
// white point, gamma 2.2 curves): the header 6.2.3 reads and the tags an
// RGB matrix/TRC profile needs. class is the device class to write.
func minimalICC(class string) []byte {
	s15 := func(v float64) []byte { return binary.BigEndian.AppendUint32(nil, uint32(int32(v*65536))) }
	xyz := func(x, y, z float64) []byte {
		b := []byte("XYZ \x00\x00\x00\x00")
		return append(append(append(b, s15(x)...), s15(y)...), s15(z)...)
	}
	text := func(s string) []byte { return append([]byte("text\x00\x00\x00\x00"), append([]byte(s), 0)...) }
	desc := func(s string) []byte {
		b := []byte("desc\x00\x00\x00\x00")
		b = binary.BigEndian.AppendUint32(b, uint32(len(s)+1))
		b = append(append(b, s...), 0)
		return append(b, make([]byte, 4+4+2+1+67)...) // empty Unicode and ScriptCode parts
	}
	curv := append([]byte("curv\x00\x00\x00\x00\x00\x00\x00\x01"), 0x02, 0x33) // gamma 2.2 as u8Fixed8
	tags := []struct {
		sig  string
		data []byte
	}{
		{"desc", desc("Kartograf test sRGB")},
		{"cprt", text("No copyright, test data")},
		{"wtpt", xyz(0.9642, 1.0, 0.8249)},
		{"rXYZ", xyz(0.4361, 0.2225, 0.0139)},
		{"gXYZ", xyz(0.3851, 0.7169, 0.0971)},
		{"bXYZ", xyz(0.1431, 0.0606, 0.7141)},
		{"rTRC", curv}, {"gTRC", curv}, {"bTRC", curv},
	}
	var data []byte
	table := binary.BigEndian.AppendUint32(nil, uint32(len(tags)))
	start := 128 + 4 + 12*len(tags)
	for _, tg := range tags {
		for len(data)%4 != 0 {
			data = append(data, 0)
		}
		table = append(table, tg.sig...)
		table = binary.BigEndian.AppendUint32(table, uint32(start+len(data)))
		table = binary.BigEndian.AppendUint32(table, uint32(len(tg.data)))
		data = append(data, tg.data...)
	}
	h := make([]byte, 128)
	copy(h[8:], []byte{0x02, 0x10, 0, 0})
	copy(h[12:], class)
	copy(h[16:], "RGB XYZ ")
	copy(h[24:], []byte{0x07, 0xea, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0}) // 2026-01-01
	copy(h[36:], "acsp")
	copy(h[68:], xyz(0.9642, 1.0, 0.8249)[8:]) // the PCS illuminant D50
	p := append(append(h, table...), data...)
	binary.BigEndian.PutUint32(p, uint32(len(p)))
	return p
}

// utf16Hex is a PDF text string in UTF-16BE with a BOM, as hex.
func utf16Hex(s string) string {
	return pdfobj.TextString(s)
}

// build writes the base file plus the update spec describes.
func build(t *testing.T, s *spec) []byte {
	t.Helper()
	b := base(t)
	sec, err := pdfobj.ReadLast(b)
	if err != nil {
		t.Fatal(err)
	}
	tr := sec.Trailer
	next := tr.Size
	num := func() int { next++; return next - 1 }
	objs := map[int]string{}
	for n, body := range s.replace {
		objs[n] = body
	}
	cat := fmt.Sprintf("/Type /Catalog /Pages %s", catalogPages(t, b, tr.Root))
	if s.xmp != "" {
		m := num()
		data, filter := []byte(s.xmp), ""
		if s.xmpFlate {
			data, filter = flate(t, data), " /Filter /FlateDecode"
		}
		objs[m] = fmt.Sprintf("<< /Type /Metadata /Subtype /XML%s /Length %d >>\nstream\n%s\nendstream", filter, len(data), data)
		cat += fmt.Sprintf(" /Metadata %d 0 R", m)
	}
	if s.intent {
		p := num()
		objs[p] = fmt.Sprintf("<< /N 3 /Length %d >>\nstream\n%s\nendstream", len(s.icc), s.icc)
		cat += fmt.Sprintf(" /OutputIntents [<< /Type /OutputIntent /S /GTS_PDFA1 /OutputConditionIdentifier (sRGB IEC61966-2.1) /DestOutputProfile %d 0 R >>]", p)
	}
	if s.attach {
		src := []byte(`{"title":"ДОРОЖНАЯ КАРТА"}`)
		ef, fs := num(), num()
		objs[ef] = fmt.Sprintf("<< /Type /EmbeddedFile /Subtype /application#2Fjson /Params << /Size %d >> /Length %d >>\nstream\n%s\nendstream", len(src), len(src), src)
		objs[fs] = fmt.Sprintf("<< /Type /Filespec /F (source.json) /UF %s /AFRelationship /Source /Desc (Source data) /EF << /F %d 0 R /UF %d 0 R >>%s >>",
			utf16Hex("source.json"), ef, ef, s.specExtra)
		cat += fmt.Sprintf(" /Names << /EmbeddedFiles << /Names [(source.json) %d 0 R] >> >>", fs)
		if !s.noAF {
			cat += fmt.Sprintf(" /AF [%d 0 R]", fs)
		}
	}
	for _, e := range s.extra {
		objs[num()] = e
	}
	objs[tr.Root] = "<< " + cat + s.catalogExtra + " >>"
	info := num()
	objs[info] = "<< >>"
	if s.infoTitle != "" {
		objs[info] = fmt.Sprintf("<< /Title %s /Creator %s >>", utf16Hex(s.infoTitle), utf16Hex("Kartograf"))
	}

	out := bytes.NewBuffer(slices.Clip(b))
	var entries []pdfobj.Entry
	keys := make([]int, 0, len(objs))
	for n := range objs {
		keys = append(keys, n)
	}
	slices.Sort(keys)
	for _, n := range keys {
		entries = append(entries, pdfobj.Entry{Num: n, Offset: out.Len()})
		fmt.Fprintf(out, "%d 0 obj\n%s\nendobj\n", n, objs[n])
	}
	xrefAt := out.Len()
	var x bytes.Buffer
	pdfobj.WriteXrefAt(&x, xrefAt, entries, pdfobj.Trailer{Size: next, Root: tr.Root, Info: info, Prev: sec.At})
	tail := x.String()
	// The trailer pdfobj writes has no /ID or other keys; add them.
	var add string
	if s.trailerID {
		add += " /ID " + string(tr.ID)
	}
	add += s.trailerExtra
	if add != "" {
		i := strings.LastIndex(tail, ">>")
		tail = tail[:i] + add + " " + tail[i:]
	}
	out.WriteString(tail)
	out.WriteString(s.tail)
	return out.Bytes()
}

// catalogPages is the base catalog's /Pages value.
func catalogPages(t *testing.T, b []byte, root int) string {
	t.Helper()
	m := regexp.MustCompile(`(?s)\n` + strconv.Itoa(root) + ` 0 obj\s*<<.*?/Pages\s+(\d+ \d+ R)`).FindSubmatch(b)
	if m == nil {
		t.Fatal("the base file's catalog has no /Pages")
	}
	return string(m[1])
}

// findObject returns the number and body of the first base object whose
// body matches re.
func findObject(t *testing.T, b []byte, re string) (int, string) {
	t.Helper()
	want := regexp.MustCompile(re)
	for _, m := range regexp.MustCompile(`(?s)(?:^|\n)(\d+) 0 obj\s*(.*?)\s*endobj`).FindAllSubmatch(b, -1) {
		if bytes.HasPrefix(m[2], []byte("<<")) && want.Match(m[2]) {
			n, _ := strconv.Atoi(string(m[1]))
			return n, string(m[2])
		}
	}
	t.Fatalf("no object matching %s in the base file", re)
	return 0, ""
}

// clauses is the sorted set of clauses vs name.
func clauses(vs []Violation) []string {
	var out []string
	for _, v := range vs {
		if !slices.Contains(out, v.Clause) {
			out = append(out, v.Clause)
		}
	}
	slices.Sort(out)
	return out
}

// mustPass checks that pdf passes every rule as PDF/A-part.
func mustPass(t *testing.T, pdf []byte, part int) {
	t.Helper()
	vs, err := Check(pdf, part)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range vs {
		t.Errorf("valid fixture: %s", v)
	}
}

// mustFailOnly checks that pdf breaks clause and no other.
func mustFailOnly(t *testing.T, pdf []byte, part int, clause string) []Violation {
	t.Helper()
	vs, err := Check(pdf, part)
	if err != nil {
		t.Fatal(err)
	}
	if got := clauses(vs); !slices.Equal(got, []string{clause}) {
		t.Errorf("broken file fails clauses %v, want exactly [%s]; violations: %v", got, clause, vs)
	}
	return vs
}
