package pdf

import (
	"bytes"
	"compress/zlib"
	"context"
	"crypto/sha256"
	_ "embed" // the sRGB profile
	"encoding/hex"
	"encoding/xml"
	"errors"
	"fmt"
	"hash"
	"io"
	"strconv"
	"strings"
	"sync"

	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/render/view"
	"github.com/kartograf-ru/kartograf/templates"
)

// PDF/A (ISO 19005-2 and -3, level U) is opt-in: a template version's
// manifest ("pdf": {"conformance": …}) or the render (view.Meta.Conformance)
// asks for it. gopdf's objects stay as they are; the finisher adds what
// archival files need around them: the catalog gets /Metadata and
// /OutputIntents (and, for PDF/A-3u, /AF and /Names), CIDFontType2 fonts
// get the /CIDToGIDMap PDF/A requires (Identity: gopdf's subsets keep the
// font's glyph ids, which is what a missing map already means), and the
// new objects — XMP, output intent, ICC profile, attached source — are
// written after gopdf's and before /Info, so that the trailer /ID, a hash
// of everything before /Info, covers them. A plain render takes none of
// these paths and keeps its bytes.

// Conformance levels (the values of templates.PDFStyle.Conformance and
// view.Meta.Conformance).
const (
	ConformanceNone = templates.ConformanceNone
	PDFA2u          = templates.PDFA2u
	PDFA3u          = templates.PDFA3u
)

// SourceName is the name under which a PDF/A-3u file carries the
// document's canonical JSON (an associated file, /AFRelationship /Source).
const SourceName = "kartograf-source.json"

// XMPNamespace is the namespace of Kartograf's own XMP properties
// (prefix "kartograf": Template, InputSHA256), declared in the file's
// PDF/A extension schema as ISO 19005 requires for custom properties.
const XMPNamespace = "https://github.com/kartograf-ru/kartograf/ns/pdfa/1.0/"

// producer is /Producer in Info and pdf:Producer in XMP.
const producer = "kartograf (gopdf)"

// srgbICC is the output intent's profile; icc/README.md gives its source
// and licence.
//
//go:embed icc/sRGB.icc
var srgbICC []byte

// srgbStream is srgbICC compressed, made once.
var srgbStream = sync.OnceValue(func() []byte {
	var b bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&b, zlib.BestCompression)
	zw.Write(srgbICC)
	zw.Close()
	return b.Bytes()
})

// conformance is the level v is to be written to, "" for plain PDF: the
// render's choice, else the template version's.
func conformance(v *view.View) (string, error) {
	c := v.Meta.Conformance
	if c == "" {
		c = v.Manifest().PDFConformance()
	}
	switch c {
	case "", ConformanceNone:
		return "", nil
	case PDFA2u, PDFA3u:
		return c, nil
	}
	return "", fmt.Errorf("неизвестный уровень соответствия PDF «%s»: допустимо %s, %s или %s", c, PDFA2u, PDFA3u, ConformanceNone)
}

// archive is what a PDF/A render adds to the file.
type archive struct {
	part int    // 2 or 3
	xmp  []byte // the metadata packet, stored uncompressed
	// source is the attached canonical JSON (PDF/A-3u), zlib-compressed
	// unless raw; sourceSize is its length uncompressed.
	source     []byte
	sourceSize int
	raw        bool
}

// rawAttachMax is the longest source JSON attached as it is. Huffman
// coding of seed 001's 60 KB of JSON cost 0.4 ms, a sixth of its whole
// render (PDF/A-3u was 20 % dearer than plain PDF, against a budget of
// 10 %); a school's roadmap is tens of kilobytes, and a few more in the
// file are cheaper than that. A long plan's JSON is still compressed.
const rawAttachMax = 256 << 10

// newArchive prepares the PDF/A objects of v's render, or returns nil
// when v is a plain render.
func newArchive(ctx context.Context, v *view.View, info *Info) (*archive, error) {
	c, err := conformance(v)
	if err != nil || c == "" {
		return nil, err
	}
	a := &archive{part: 2, xmp: xmpPacket(2, info)}
	if c == PDFA3u {
		a.part = 3
		a.xmp = xmpPacket(3, info)
		if err := a.attach(ctx, v); err != nil {
			return nil, err
		}
	}
	return a, nil
}

// attach compresses the document's canonical JSON for the attachment: the
// bytes the preparation kept (view.Meta.JSON) when they hash to the input
// hash, else document.WriteJSON's again — which the preparation did not
// keep above 1 MiB. Either way the bytes must hash to the input hash
// recorded in Info and XMP: the file never carries other data than the
// data it says it was made from.
func (a *archive) attach(ctx context.Context, v *view.View) error {
	var b bytes.Buffer
	zw, _ := attachZ.Get().(*zlib.Writer)
	if zw == nil {
		zw, _ = zlib.NewWriterLevel(&b, zlib.HuffmanOnly)
	} else {
		zw.Reset(&b)
	}
	defer func() {
		zw.Reset(io.Discard) // the pool keeps no attachment alive
		attachZ.Put(zw)
	}()
	if js := v.Meta.JSON; js != nil && matches(js, v.Meta.InputHash) {
		if len(js) <= rawAttachMax {
			// The preparation's bytes, which nothing changes.
			a.source, a.sourceSize, a.raw = js, len(js), true
			return nil
		}
		b.Grow(len(js)*2/3 + 64)
		zw.Write(js)
		if err := zw.Close(); err != nil {
			return fmt.Errorf("PDF/A-3u: сжатие вложения: %w", err)
		}
		a.source, a.sourceSize = b.Bytes(), len(js)
		return nil
	}
	sum := sha256.New()
	// Up to rawAttachMax the JSON is kept to be attached as it is, as the
	// kept path does, so that both give the same file; beyond, it goes on
	// compressed.
	sp := &spill{zw: zw}
	cw := &countWriter{w: io.MultiWriter(sp, sum)}
	if v.Doc == nil {
		return errors.New("PDF/A-3u: нет исходного документа для вложения")
	}
	if err := document.WriteJSON(ctx, cw, v.Doc); err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil && errors.Is(err, ctxErr) {
			return err
		}
		return fmt.Errorf("PDF/A-3u: исходный JSON для вложения: %w", err)
	}
	if h := v.Meta.InputHash; h != "" && h != hashString(sum) {
		return fmt.Errorf("PDF/A-3u: исходный JSON не совпадает с хешем входа %s: вложение не создано", h)
	}
	if !sp.over {
		a.source, a.sourceSize, a.raw = sp.buf.Bytes(), cw.n, true
		return nil
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("PDF/A-3u: сжатие вложения: %w", err)
	}
	a.source, a.sourceSize = b.Bytes(), cw.n
	return nil
}

// attachZ holds the attachment's zlib writers: a new one allocates about
// 1 MB of deflate state, eight times seed 001's whole render. Huffman
// coding alone, as for the content streams: JSON shrinks to about 60 %,
// and LZ matching would cost a fifth of a PDF/A-3u render.
var attachZ sync.Pool // *zlib.Writer

func matches(js []byte, inputHash string) bool {
	h := sha256.Sum256(js)
	return inputHash == "sha256:"+hex.EncodeToString(h[:])
}

func hashString(h hash.Hash) string { return "sha256:" + hex.EncodeToString(h.Sum(nil)) }

// spill keeps what is written until it passes rawAttachMax, then writes
// it and the rest to zw.
type spill struct {
	buf  bytes.Buffer
	zw   io.Writer
	over bool
}

func (s *spill) Write(p []byte) (int, error) {
	if !s.over {
		if s.buf.Len()+len(p) <= rawAttachMax {
			return s.buf.Write(p)
		}
		s.over = true
		if _, err := s.zw.Write(s.buf.Bytes()); err != nil {
			return 0, err
		}
		s.buf = bytes.Buffer{}
	}
	return s.zw.Write(p)
}

type countWriter struct {
	w io.Writer
	n int
}

func (c *countWriter) Write(p []byte) (int, error) {
	c.n += len(p)
	return c.w.Write(p)
}

// archiveObjects is the most objects an archive adds.
const archiveObjects = 5

// size is about how many bytes the archive's objects take.
func (a *archive) size() int { return len(a.xmp) + len(srgbStream()) + len(a.source) + 2048 }

var (
	cidFontType2KW = []byte("/Subtype /CIDFontType2")
	cidToGIDKW     = []byte("/CIDToGIDMap")
	dictEndKW      = []byte(">>\nendobj")
)

// rewrite returns gopdf's object obj as the archive needs it: the catalog
// (root) with the archive's keys, a CIDFontType2 with /CIDToGIDMap. first
// is the number of the archive's first object.
func (a *archive) rewrite(obj []byte, root bool, first int) []byte {
	if s := bytes.Index(obj, streamKW); s >= 0 {
		return obj // streams are kept: content, fonts, ToUnicode
	}
	end := bytes.LastIndex(obj, dictEndKW)
	if end < 0 {
		return obj
	}
	var add []byte
	switch {
	case root:
		add = a.catalogKeys(first)
	case bytes.Contains(obj, cidFontType2KW) && !bytes.Contains(obj, cidToGIDKW):
		add = []byte("/CIDToGIDMap /Identity\n")
	default:
		return obj
	}
	out := make([]byte, 0, len(obj)+len(add))
	out = append(out, obj[:end]...)
	out = append(out, add...)
	return append(out, obj[end:]...)
}

// catalogKeys are the keys the catalog gets; the archive's objects are
// numbered from first in the order writeObjects writes them.
func (a *archive) catalogKeys(first int) []byte {
	b := fmt.Appendf(nil, "/Metadata %d 0 R\n/OutputIntents [%d 0 R]\n", first, first+1)
	if a.part == 3 {
		b = fmt.Appendf(b, "/AF [%d 0 R]\n/Names << /EmbeddedFiles << /Names [(%s) %d 0 R] >> >>\n",
			first+3, SourceName, first+3)
	}
	return b
}

// writeObjects writes the archive's objects, numbered from first, calling
// at with each one's number and offset in out before it is written.
func (a *archive) writeObjects(out *bytes.Buffer, first int, at func(num, off int)) {
	n := first
	obj := func() {
		at(n, out.Len())
		out.WriteString(strconv.Itoa(n))
		out.WriteString(" 0 obj\n")
		n++
	}
	end := "endobj\n\n"
	stream := func(dict string, data []byte) {
		fmt.Fprintf(out, "<<\n%s/Length %d\n>>\nstream\n", dict, len(data))
		out.Write(data)
		out.WriteString("\nendstream\n")
		out.WriteString(end)
	}
	// PDF/A wants the metadata readable without a PDF parser: no filter.
	obj()
	stream("/Type /Metadata\n/Subtype /XML\n", a.xmp)
	obj()
	fmt.Fprintf(out, "<<\n/Type /OutputIntent\n/S /GTS_PDFA1\n/OutputConditionIdentifier (sRGB IEC61966-2.1)\n"+
		"/RegistryName (http://www.color.org)\n/Info (sRGB IEC61966-2.1)\n/DestOutputProfile %d 0 R\n>>\n%s", n, end)
	obj()
	stream("/N 3\n/Filter /FlateDecode\n", srgbStream())
	if a.part != 3 {
		return
	}
	obj()
	out.WriteString("<<\n/Type /Filespec\n/F (" + SourceName + ")\n/UF ")
	out.Write(appendTextString(out.AvailableBuffer(), SourceName))
	out.WriteString("\n/Desc ")
	out.Write(appendTextString(out.AvailableBuffer(), "Исходные данные документа (JSON)"))
	fmt.Fprintf(out, "\n/AFRelationship /Source\n/EF << /F %d 0 R /UF %d 0 R >>\n>>\n%s", n, n, end)
	obj()
	filter := "/Filter /FlateDecode\n"
	if a.raw {
		filter = ""
	}
	stream(fmt.Sprintf("/Type /EmbeddedFile\n/Subtype /application#2Fjson\n/Params << /Size %d >>\n%s", a.sourceSize, filter), a.source)
}

// xmpPacket is the XMP metadata of a PDF/A-<part>u file. Every property
// that has an Info counterpart has its value (ISO 19005-2, 6.6.2.3.1):
// dc:title = /Title, dc:creator = /Author, dc:description = /Subject,
// xmp:CreatorTool = /Creator, pdf:Producer = /Producer. Info has no
// dates (the output is deterministic), so XMP has none either.
func xmpPacket(part int, info *Info) []byte {
	var b strings.Builder
	esc := func(s string) {
		xml.EscapeText(&b, []byte(s))
	}
	b.WriteString("<?xpacket begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n" +
		"<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n" +
		"<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n" +
		"<rdf:Description rdf:about=\"\"\n" +
		" xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\"\n" +
		" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n" +
		" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n" +
		" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"\n" +
		" xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\"\n" +
		" xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\"\n" +
		" xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\"\n" +
		" xmlns:kartograf=\"" + XMPNamespace + "\">\n")
	fmt.Fprintf(&b, "<pdfaid:part>%d</pdfaid:part>\n<pdfaid:conformance>U</pdfaid:conformance>\n", part)
	b.WriteString("<dc:format>application/pdf</dc:format>\n")
	alt := func(name, v string) {
		if v == "" {
			return
		}
		b.WriteString("<" + name + "><rdf:Alt><rdf:li xml:lang=\"x-default\">")
		esc(v)
		b.WriteString("</rdf:li></rdf:Alt></" + name + ">\n")
	}
	simple := func(name, v string) {
		if v == "" {
			return
		}
		b.WriteString("<" + name + ">")
		esc(v)
		b.WriteString("</" + name + ">\n")
	}
	alt("dc:title", info.Title)
	if info.Author != "" {
		b.WriteString("<dc:creator><rdf:Seq><rdf:li>")
		esc(info.Author)
		b.WriteString("</rdf:li></rdf:Seq></dc:creator>\n")
	}
	alt("dc:description", info.Subject)
	simple("xmp:CreatorTool", info.Creator)
	simple("pdf:Producer", producer)
	simple("kartograf:Template", info.Template)
	simple("kartograf:InputSHA256", info.InputHash)
	b.WriteString("<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType=\"Resource\">\n" +
		"<pdfaSchema:schema>Kartograf document provenance</pdfaSchema:schema>\n" +
		"<pdfaSchema:namespaceURI>" + XMPNamespace + "</pdfaSchema:namespaceURI>\n" +
		"<pdfaSchema:prefix>kartograf</pdfaSchema:prefix>\n" +
		"<pdfaSchema:property><rdf:Seq>\n")
	for _, p := range [...][2]string{
		{"Template", "Template version the document was rendered with, id@version"},
		{"InputSHA256", "SHA-256 of the input document's canonical JSON: sha256: and 64 hex digits"},
	} {
		b.WriteString("<rdf:li rdf:parseType=\"Resource\"><pdfaProperty:name>" + p[0] + "</pdfaProperty:name>" +
			"<pdfaProperty:valueType>Text</pdfaProperty:valueType><pdfaProperty:category>internal</pdfaProperty:category>" +
			"<pdfaProperty:description>" + p[1] + "</pdfaProperty:description></rdf:li>\n")
	}
	b.WriteString("</rdf:Seq></pdfaSchema:property>\n</rdf:li></rdf:Bag></pdfaExtension:schemas>\n" +
		"</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"r\"?>")
	return []byte(b.String())
}
