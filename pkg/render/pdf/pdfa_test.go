package pdf_test

import (
	"bytes"
	"compress/zlib"
	"context"
	"encoding/hex"
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/kartograf-ru/kartograf"
	"github.com/kartograf-ru/kartograf/internal/pdfobj"
	"github.com/kartograf-ru/kartograf/internal/preflight/preflighttest"
	"github.com/kartograf-ru/kartograf/internal/testtool"
	"github.com/kartograf-ru/kartograf/internal/testtool/testdoc"
	"github.com/kartograf-ru/kartograf/internal/testtool/testtpl"
	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/render/pdf"
	"github.com/kartograf-ru/kartograf/templates"
)

func renderConf(t testing.TB, d *document.Document, conf string) []byte {
	t.Helper()
	var buf bytes.Buffer
	if _, err := testdoc.Engine(t).Render(context.Background(), &buf, d, kartograf.RenderOptions{Conformance: conf}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// pdfFile is a rendered file read back with pdfobj.
type pdfFile struct {
	t   testing.TB
	b   []byte
	sec *pdfobj.Section
}

func readPDF(t testing.TB, b []byte) *pdfFile {
	t.Helper()
	sec, err := pdfobj.ReadLast(b)
	if err != nil {
		t.Fatal(err)
	}
	return &pdfFile{t: t, b: b, sec: sec}
}

// object returns object n's dictionary (inside) and, for a stream, its
// raw (still filtered) data.
func (f *pdfFile) object(n int) (dict, data []byte) {
	f.t.Helper()
	e, err := f.sec.Find(f.b, n)
	if err != nil {
		f.t.Fatal(err)
	}
	rest := f.b[e.Offset:]
	hdr := regexp.MustCompile(`^(\d+) 0 obj\s*`).FindSubmatch(rest)
	if hdr == nil || string(hdr[1]) != strconv.Itoa(n) {
		f.t.Fatalf("object %d not at its xref offset", n)
	}
	body := rest[len(hdr[0]):]
	inner, end, ok := pdfobj.Dict(body)
	if !ok {
		f.t.Fatalf("object %d is not a dictionary", n)
	}
	after := body[end:]
	if !bytes.HasPrefix(after, []byte("\nstream\n")) {
		return inner, nil
	}
	l, ok := pdfobj.Int(pdfobj.Value(inner, "Length"))
	if !ok {
		f.t.Fatalf("object %d: stream without a direct /Length", n)
	}
	data = after[len("\nstream\n"):]
	if l > len(data) || !bytes.HasPrefix(data[l:], []byte("\nendstream")) {
		f.t.Fatalf("object %d: /Length %d does not end at endstream", n, l)
	}
	return inner, data[:l]
}

func (f *pdfFile) ref(dict []byte, key string) int {
	f.t.Helper()
	n, ok := pdfobj.Ref(pdfobj.Value(dict, key))
	if !ok {
		f.t.Fatalf("no /%s reference in << %s >>", key, dict)
	}
	return n
}

func inflate(t testing.TB, z []byte) []byte {
	t.Helper()
	r, err := zlib.NewReader(bytes.NewReader(z))
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// textString decodes a hex UTF-16BE text string as Kartograf writes them.
func textString(t testing.TB, v []byte) string {
	t.Helper()
	s := strings.TrimSuffix(strings.TrimPrefix(string(v), "<"), ">")
	b, err := hex.DecodeString(s)
	if err != nil || len(b) < 2 || b[0] != 0xFE || b[1] != 0xFF {
		t.Fatalf("not a UTF-16 text string: %s", v)
	}
	u := make([]uint16, 0, len(b)/2)
	for i := 2; i+1 < len(b); i += 2 {
		u = append(u, uint16(b[i])<<8|uint16(b[i+1]))
	}
	return string(utf16.Decode(u))
}

// xmpProps is what the tests read of an XMP packet.
type xmpProps struct {
	Desc struct {
		Part        string `xml:"http://www.aiim.org/pdfa/ns/id/ part"`
		Conformance string `xml:"http://www.aiim.org/pdfa/ns/id/ conformance"`
		Title       string `xml:"title>Alt>li"`
		Creator     string `xml:"creator>Seq>li"`
		Description string `xml:"description>Alt>li"`
		CreatorTool string `xml:"http://ns.adobe.com/xap/1.0/ CreatorTool"`
		Producer    string `xml:"http://ns.adobe.com/pdf/1.3/ Producer"`
		Template    string `xml:"https://github.com/kartograf-ru/kartograf/ns/pdfa/1.0/ Template"`
		InputHash   string `xml:"https://github.com/kartograf-ru/kartograf/ns/pdfa/1.0/ InputSHA256"`
		Schemas     []struct {
			NamespaceURI string   `xml:"http://www.aiim.org/pdfa/ns/schema# namespaceURI"`
			Prefix       string   `xml:"http://www.aiim.org/pdfa/ns/schema# prefix"`
			Properties   []string `xml:"property>Seq>li>name"`
		} `xml:"schemas>Bag>li"`
	} `xml:"RDF>Description"`
}

// checkPDFA checks the file-level requirements of PDF/A-2u (and -3u) that
// Kartograf's output could break, and returns the catalog and Info.
func checkPDFA(t *testing.T, b []byte, part string) (f *pdfFile, catalog, info []byte) {
	t.Helper()
	f = readPDF(t, b)
	if !bytes.HasPrefix(b, []byte("%PDF-1.7\n%")) || b[10] < 128 || b[11] < 128 || b[12] < 128 || b[13] < 128 {
		t.Errorf("header: %q", b[:16])
	}
	// Trailer /ID: two equal 16-byte strings.
	id := regexp.MustCompile(`^\[<([0-9a-f]{32})> <([0-9a-f]{32})>\]$`).FindSubmatch(f.sec.Trailer.ID)
	if id == nil || !bytes.Equal(id[1], id[2]) {
		t.Errorf("trailer /ID %q", f.sec.Trailer.ID)
	}
	for _, bad := range []string{"/CIDSet", "/Encrypt", "/LZWDecode", "/JavaScript", "/Transparency"} {
		if bytes.Contains(b, []byte(bad)) {
			t.Errorf("the file has %s", bad)
		}
	}
	catalog, _ = f.object(f.sec.Trailer.Root)
	info, _ = f.object(f.sec.Trailer.Info)

	// XMP: uncompressed, parseable, the PDF/A identification, agreeing with Info.
	md, xmp := f.object(f.ref(catalog, "Metadata"))
	if string(pdfobj.Value(md, "Type")) != "/Metadata" || string(pdfobj.Value(md, "Subtype")) != "/XML" || pdfobj.Value(md, "Filter") != nil {
		t.Errorf("metadata stream << %s >>", md)
	}
	var x xmpProps
	if err := xml.Unmarshal(xmp, &x); err != nil {
		t.Fatalf("XMP does not parse: %v\n%s", err, xmp)
	}
	d := x.Desc
	if d.Part != part || d.Conformance != "U" {
		t.Errorf("pdfaid part %q conformance %q, want %s and U", d.Part, d.Conformance, part)
	}
	for _, kv := range []struct{ key, xmp string }{
		{"Title", d.Title}, {"Author", d.Creator}, {"Subject", d.Description}, {"Creator", d.CreatorTool},
		{"Producer", d.Producer}, {"KartografTemplate", d.Template}, {"KartografInputSHA256", d.InputHash},
	} {
		v := pdfobj.Value(info, kv.key)
		if v == nil {
			if kv.xmp != "" || kv.key == "Title" || kv.key == "Producer" {
				t.Errorf("no Info /%s, XMP %q", kv.key, kv.xmp)
			}
			continue
		}
		if got := textString(t, v); got != kv.xmp || got == "" {
			t.Errorf("Info /%s %q, XMP %q", kv.key, got, kv.xmp)
		}
	}
	if len(d.Schemas) != 1 || d.Schemas[0].NamespaceURI != pdf.XMPNamespace || d.Schemas[0].Prefix != "kartograf" ||
		strings.Join(d.Schemas[0].Properties, ",") != "Template,InputSHA256" {
		t.Errorf("extension schema %+v", d.Schemas)
	}

	// The sRGB output intent.
	oi := pdfobj.Value(catalog, "OutputIntents")
	m := regexp.MustCompile(`^\[(\d+) 0 R\]$`).FindSubmatch(oi)
	if m == nil {
		t.Fatalf("/OutputIntents %q", oi)
	}
	intent, _ := f.object(atoi(t, m[1]))
	if string(pdfobj.Value(intent, "S")) != "/GTS_PDFA1" || string(pdfobj.Value(intent, "Type")) != "/OutputIntent" {
		t.Errorf("output intent << %s >>", intent)
	}
	icc, z := f.object(f.ref(intent, "DestOutputProfile"))
	if n, _ := pdfobj.Int(pdfobj.Value(icc, "N")); n != 3 {
		t.Errorf("ICC stream << %s >>", icc)
	}
	if p := inflate(t, z); len(p) < 128 || string(p[36:40]) != "acsp" || string(p[16:20]) != "RGB " {
		t.Errorf("the output profile is not an RGB ICC profile")
	}

	// Fonts: Type0 with ToUnicode, descendants with CIDToGIDMap, embedded programs.
	fonts := 0
	pdfobj.Objects(b, func(num, _, _ int) bool {
		d, _ := f.object(num)
		switch {
		case bytes.Contains(d, []byte("/Subtype /Type0")):
			fonts++
			if pdfobj.Value(d, "ToUnicode") == nil {
				t.Errorf("font %d has no /ToUnicode", num)
			}
		case bytes.Contains(d, []byte("/Subtype /CIDFontType2")):
			if string(pdfobj.Value(d, "CIDToGIDMap")) != "/Identity" {
				t.Errorf("CIDFontType2 %d has no /CIDToGIDMap", num)
			}
		case bytes.Contains(d, []byte("/Type /FontDescriptor")):
			if pdfobj.Value(d, "FontFile2") == nil && pdfobj.Value(d, "FontFile3") == nil {
				t.Errorf("font descriptor %d without an embedded program", num)
			}
		case bytes.Contains(d, []byte("/Annot")):
			t.Errorf("object %d is an annotation: it needs /F 4 and /AP", num)
		}
		return true
	})
	if fonts == 0 {
		t.Error("no fonts found")
	}
	return f, catalog, info
}

func atoi(t testing.TB, b []byte) int {
	n, ok := pdfobj.Int(b)
	if !ok {
		t.Fatalf("not a number: %q", b)
	}
	return n
}

// Released templates render as before when PDF/A is not asked for, or is
// turned off explicitly.
func TestPDFAOffKeepsBytes(t *testing.T) {
	d := testdoc.Seed(t, testdoc.Seed001)
	plain := render(t, d)
	if !bytes.Equal(renderConf(t, d, pdf.ConformanceNone), plain) {
		t.Error("--pdfa none changed the bytes")
	}
	if bytes.Contains(plain, []byte("/Metadata")) || bytes.Contains(plain, []byte("/OutputIntents")) {
		t.Error("a plain render has PDF/A objects")
	}
}

func TestPDFA2u(t *testing.T) {
	d := testdoc.Seed(t, testdoc.Seed001)
	b := renderConf(t, d, pdf.PDFA2u)
	_, catalog, _ := checkPDFA(t, b, "2")
	if pdfobj.Value(catalog, "AF") != nil || bytes.Contains(b, []byte("/EmbeddedFile")) {
		t.Error("PDF/A-2u carries an attachment")
	}
	if !bytes.Equal(b, renderConf(t, d, pdf.PDFA2u)) {
		t.Error("two PDF/A-2u renders differ")
	}
	p := filepath.Join(t.TempDir(), "a.pdf")
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	if out := testtool.Run(t, "qpdf", "--check", p); !strings.Contains(out, "No syntax or stream encoding errors found") {
		t.Errorf("qpdf --check:\n%s", out)
	}
	if txt := pdftext(t, p); !strings.Contains(txt, "ДОРОЖНАЯ КАРТА") {
		t.Errorf("pdftotext lost the title:\n%.300s", txt)
	}
}

// source returns the attachment of a PDF/A-3u file: the file
// specification and the embedded file's bytes, decoded.
func source(t *testing.T, f *pdfFile, catalog []byte) (spec, data []byte) {
	t.Helper()
	af := regexp.MustCompile(`^\[(\d+) 0 R\]$`).FindSubmatch(pdfobj.Value(catalog, "AF"))
	if af == nil {
		t.Fatalf("catalog /AF %q", pdfobj.Value(catalog, "AF"))
	}
	names := string(pdfobj.Value(catalog, "Names"))
	if !strings.Contains(names, "/EmbeddedFiles << /Names [("+pdf.SourceName+") "+string(af[1])+" 0 R] >>") {
		t.Errorf("catalog /Names %s", names)
	}
	spec, _ = f.object(atoi(t, af[1]))
	if string(pdfobj.Value(spec, "AFRelationship")) != "/Source" || string(pdfobj.Value(spec, "F")) != "("+pdf.SourceName+")" ||
		textString(t, pdfobj.Value(spec, "UF")) != pdf.SourceName || pdfobj.Value(spec, "Desc") == nil {
		t.Errorf("file specification << %s >>", spec)
	}
	ef, _, ok := pdfobj.Dict(pdfobj.Value(spec, "EF"))
	if !ok {
		t.Fatalf("no /EF in << %s >>", spec)
	}
	fd, z := f.object(f.ref(ef, "F"))
	if string(pdfobj.Value(fd, "Subtype")) != "/application#2Fjson" || string(pdfobj.Value(fd, "Type")) != "/EmbeddedFile" {
		t.Errorf("embedded file << %s >>", fd)
	}
	data = z
	if string(pdfobj.Value(fd, "Filter")) == "/FlateDecode" {
		data = inflate(t, z)
	} else if pdfobj.Value(fd, "Filter") != nil || len(z) > 256<<10 {
		t.Errorf("embedded file << %s >>: a filter other than Flate, or a long source stored raw", fd)
	}
	params, _, _ := pdfobj.Dict(pdfobj.Value(fd, "Params"))
	if n, _ := pdfobj.Int(pdfobj.Value(params, "Size")); n != len(data) {
		t.Errorf("/Params /Size %d, the file has %d bytes", n, len(data))
	}
	return spec, data
}

func canonical(t *testing.T, d *document.Document) []byte {
	var b bytes.Buffer
	if err := document.WriteJSON(context.Background(), &b, d); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestPDFA3uCarriesSource(t *testing.T) {
	d := testdoc.Seed(t, testdoc.Seed001)
	b := renderConf(t, d, pdf.PDFA3u)
	f, catalog, _ := checkPDFA(t, b, "3")
	_, data := source(t, f, catalog)
	if !bytes.Equal(data, canonical(t, d)) {
		t.Error("the attachment is not the document's canonical JSON")
	}
	back, err := document.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(canonical(t, back), data) {
		t.Error("the attached JSON does not decode to the input document")
	}
	if !bytes.Equal(b, renderConf(t, d, pdf.PDFA3u)) {
		t.Error("two PDF/A-3u renders differ")
	}
	p := filepath.Join(t.TempDir(), "a.pdf")
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	if out := testtool.Run(t, "pdfdetach", "-list", p); !strings.Contains(out, "1 embedded files") || !strings.Contains(out, pdf.SourceName) {
		t.Errorf("pdfdetach -list:\n%s", out)
	}
	if out := testtool.Run(t, "qpdf", "--check", p); !strings.Contains(out, "No syntax or stream encoding errors found") {
		t.Errorf("qpdf --check:\n%s", out)
	}
	if txt := pdftext(t, p); !strings.Contains(txt, "ДОРОЖНАЯ КАРТА") {
		t.Errorf("pdftotext lost the title:\n%.300s", txt)
	}
}

// A preparation that did not keep the canonical JSON (over 1 MiB) still
// gets the right attachment, and a document that does not hash to the
// recorded input hash gets none: the render fails.
func TestPDFA3uSourceNotKept(t *testing.T) {
	eng := testdoc.Engine(t)
	ctx := context.Background()
	d := testdoc.Seed(t, testdoc.Seed001)
	p, err := eng.Prepare(ctx, d, "")
	if err != nil {
		t.Fatal(err)
	}
	if p.View.Meta.JSON == nil {
		t.Fatal("the seed's JSON was not kept: the test needs a small document")
	}
	want := renderConf(t, d, pdf.PDFA3u)
	vw := *p.View
	vw.Meta.JSON = nil
	q := *p
	q.View = &vw
	var buf bytes.Buffer
	if _, err := eng.RenderPrepared(ctx, &buf, &q, kartograf.RenderOptions{Conformance: pdf.PDFA3u}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Error("without the kept JSON the file differs")
	}
	vw.Meta.InputHash = "sha256:" + strings.Repeat("0", 64)
	buf.Reset()
	_, err = eng.RenderPrepared(ctx, &buf, &q, kartograf.RenderOptions{Conformance: pdf.PDFA3u})
	if err == nil || !strings.Contains(err.Error(), "не совпадает с хешем входа") {
		t.Errorf("a document that does not match its hash: %v", err)
	}
}

// A long document is streamed; PDF/A adds the same objects either way.
func TestPDFAStreamSameBytes(t *testing.T) {
	d := testdoc.Seed(t, testdoc.Seed001)
	for _, conf := range []string{pdf.PDFA2u, pdf.PDFA3u} {
		want := renderConf(t, d, conf)
		restore := pdf.SetStreamPages(1)
		before := pdf.Streamed()
		got := renderConf(t, d, conf)
		restore()
		if pdf.Streamed() == before {
			t.Fatal("the render did not stream")
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: the streamed file differs", conf)
		}
	}
}

// A template version's manifest can ask for PDF/A; a render can turn it off.
func TestPDFAFromManifest(t *testing.T) {
	v := testtpl.Edited(t, "school-roadmap@1.1.0", "pdfa3u", func(m *templates.Manifest) {
		m.PDF.Conformance = templates.PDFA3u
	})
	d := testdoc.Seed(t, testdoc.Seed001)
	r := pdf.NewRenderer(nil)
	var a, off bytes.Buffer
	ctx := context.Background()
	hash, err := kartograf.InputHash(d)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Render(ctx, &a, d, v, pdf.Info{Template: v.Ref(), InputHash: hash, Creator: "kartograf test"}); err != nil {
		t.Fatal(err)
	}
	f, catalog, _ := checkPDFA(t, a.Bytes(), "3")
	if _, data := source(t, f, catalog); !bytes.Equal(data, canonical(t, d)) {
		t.Error("the attachment is not the canonical JSON")
	}
	if err := r.Render(ctx, &off, d, v, pdf.Info{Template: v.Ref(), Conformance: pdf.ConformanceNone}); err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(off.Bytes(), []byte("/Metadata")) {
		t.Error("conformance none still wrote PDF/A")
	}
	err = r.Render(ctx, &off, d, v, pdf.Info{Conformance: "PDF/A-1b"})
	if err == nil || !strings.Contains(err.Error(), "PDF/A-1b") {
		t.Errorf("an unknown level: %v", err)
	}
}

// BenchmarkPDFA is seed 001's render (BenchmarkRender/pdf/seed001) plain
// and as PDF/A: the target is at most 10 % more for PDF/A.
func BenchmarkPDFA(b *testing.B) {
	eng := testdoc.Engine(b)
	ctx := context.Background()
	d := testdoc.Seed(b, testdoc.Seed001)
	for _, conf := range []string{pdf.ConformanceNone, pdf.PDFA2u, pdf.PDFA3u} {
		b.Run(strings.NewReplacer("/", "", "-", "").Replace(conf), func(b *testing.B) {
			opts := kartograf.RenderOptions{Conformance: conf}
			if _, err := eng.Render(ctx, io.Discard, d, opts); err != nil {
				b.Fatal(err)
			}
			var buf bytes.Buffer
			b.ReportAllocs()
			cpu, n := processCPU(), 0
			for b.Loop() {
				buf.Reset()
				if _, err := eng.Render(ctx, &buf, d, opts); err != nil {
					b.Fatal(err)
				}
				n++
			}
			b.ReportMetric(float64(processCPU()-cpu)/float64(n), "cpu-ns/op")
			b.ReportMetric(float64(buf.Len()), "bytes/doc")
		})
	}
}

// Every test document renders as PDF/A-3u with the file-level
// requirements met: outlines, contents, charts, wide tables, appendices.
func TestPDFAEveryDocument(t *testing.T) {
	paths, err := filepath.Glob(repoFile("testdata", "documents", "*.json"))
	if err != nil || len(paths) < 10 {
		t.Fatalf("test documents: %v (%d)", err, len(paths))
	}
	paths = append(paths, repoFile("testdata", "seeds", "000_f50bb33c8ce6181b.json"))
	for _, p := range paths {
		t.Run(strings.TrimSuffix(filepath.Base(p), ".json"), func(t *testing.T) {
			d := testdoc.Load(t, "testdata", filepath.Base(filepath.Dir(p)), filepath.Base(p))
			b := renderConf(t, d, pdf.PDFA3u)
			f, catalog, _ := checkPDFA(t, b, "3")
			if _, data := source(t, f, catalog); !bytes.Equal(data, canonical(t, d)) {
				t.Error("the attachment is not the canonical JSON")
			}
			// The preflight suite, pdfcpu and qpdf --check, clause by
			// clause, on both levels.
			preflighttest.Run(t, b, 3)
			preflighttest.Run(t, renderConf(t, d, pdf.PDFA2u), 2)
		})
	}
}

// XML's special characters and line breaks in the title and organisation
// reach XMP as the same text Info holds.
func TestPDFAXMPEscapes(t *testing.T) {
	d := testdoc.Seed(t, testdoc.Seed001)
	d.Title = `ПЛАН «A & B» <C> "D" 'E'` + "\nвторая строка"
	d.Organization.FullName = "ООО «Рога & Копыта» <филиал>"
	checkPDFA(t, renderConf(t, d, pdf.PDFA2u), "2")
}

// A source JSON longer than rawAttachMax is attached compressed, the same
// whether the preparation kept its bytes or the renderer wrote them again;
// a short one is attached as it is. Either way the bytes are the canonical
// JSON.
func TestPDFA3uLongSourceCompressed(t *testing.T) {
	eng := testdoc.Engine(t)
	ctx := context.Background()
	for _, c := range []struct {
		rows       int
		compressed bool
	}{{5, false}, {4000, true}} {
		d := testdoc.ShortPlan(c.rows)
		js := canonical(t, d)
		if (len(js) > 256<<10) != c.compressed {
			t.Fatalf("%d rows: %d bytes of JSON; the test wants it on the other side of 256 KiB", c.rows, len(js))
		}
		b := renderConf(t, d, pdf.PDFA3u)
		f, catalog, _ := checkPDFA(t, b, "3")
		spec, data := source(t, f, catalog)
		if !bytes.Equal(data, js) {
			t.Errorf("%d rows: the attachment is not the canonical JSON", c.rows)
		}
		ef, _, _ := pdfobj.Dict(pdfobj.Value(spec, "EF"))
		fd, _ := f.object(f.ref(ef, "F"))
		if got := pdfobj.Value(fd, "Filter") != nil; got != c.compressed {
			t.Errorf("%d rows: compressed %v, want %v", c.rows, got, c.compressed)
		}
		p, err := eng.Prepare(ctx, d, "")
		if err != nil {
			t.Fatal(err)
		}
		vw := *p.View
		vw.Meta.JSON = nil
		q := *p
		q.View = &vw
		var again bytes.Buffer
		if _, err := eng.RenderPrepared(ctx, &again, &q, kartograf.RenderOptions{Conformance: pdf.PDFA3u}); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(again.Bytes(), b) {
			t.Errorf("%d rows: the file differs when the renderer writes the JSON again", c.rows)
		}
	}
}
