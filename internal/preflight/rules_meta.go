package preflight

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// Metadata rules, ISO 19005-2 clause 6.6, numbered as in the veraPDF
// profile PDFA-2U.xml: 6.6.2.1-1..5 (a Metadata stream of Type Metadata,
// Subtype XML in the catalog; no bytes or encoding attribute in the packet
// header; well-formed UTF-8 XMP), 6.6.2.3.1-1 (properties from predefined
// or declared schemas), 6.6.4-1..3 (pdfaid:part and conformance).
//
// Two rules have no machine rule in the veraPDF PDF/A-2 profile:
//   - 6.1.5, the document information dictionary: the clause exists in
//     ISO 19005-2:2011 (its table of contents, e.g. as published for AS ISO
//     19005.2:2017, lists «6.1.5 Document information dictionary»), and
//     the requirement that Info entries with XMP analogues carry equivalent
//     values is the one veraPDF checks for PDF/A-1 as 6.7.3 and PDF/A-4 as
//     6.1.3. Issue 17 asks for Info and XMP to agree, so it is checked.
//   - an unfiltered metadata stream: ISO 19005-1:2005, 6.7.2 requires it
//     (veraPDF PDFA-1B.xml, rule 6.7.2-2), ISO 19005-2 dropped it. Issue 17
//     keeps the XMP readable by tools that do not know PDF, so it is
//     checked and reported under its PDF/A-1 number, "19005-1:6.7.2".

const (
	clauseInfo           = "6.1.5"
	clauseMetadata       = "6.6.2.1"
	clauseUnfiltered     = "19005-1:6.7.2"
	clauseExtension      = "6.6.2.3.1"
	clauseIdentification = "6.6.4"
)

// xmp returns the catalog's metadata stream, decoded, and its number.
func (f *file) xmp() (types.StreamDict, int, bool) {
	cat := f.catalog()
	if cat == nil || cat["Metadata"] == nil {
		return types.StreamDict{}, 0, false
	}
	sd, ok := f.stream(cat["Metadata"])
	return sd, refNum(cat["Metadata"]), ok
}

// xmpProps returns the properties of the catalog's XMP packet; ok is false
// when there is none or it is not well-formed (checkMetadata says so).
func (f *file) xmpProps() (*node, []property, bool) {
	sd, _, ok := f.xmp()
	if !ok {
		return nil, nil, false
	}
	root, err := parseXMP(sd.Content)
	if err != nil {
		return nil, nil, false
	}
	return root, root.properties(), true
}

// checkMetadata: the catalog has a Metadata stream of Type Metadata and
// Subtype XML, whose XMP packet is UTF-8, well-formed, and has no bytes or
// encoding attribute in its header (6.6.2.1-1..5).
func checkMetadata(f *file) []Violation {
	cat := f.catalog()
	if cat == nil || cat["Metadata"] == nil {
		return []Violation{{Clause: clauseMetadata, Object: f.catalogNum(), Message: "в каталоге нет метаданных XMP (ключ Metadata)"}}
	}
	sd, num, ok := f.xmp()
	if !ok {
		return []Violation{{Clause: clauseMetadata, Object: refNum(cat["Metadata"]), Message: "Metadata каталога — не поток или не распаковывается"}}
	}
	var vs []Violation
	if f.name(sd.Dict["Type"]) != "Metadata" || f.name(sd.Dict["Subtype"]) != "XML" {
		vs = append(vs, Violation{Clause: clauseMetadata, Object: num, Message: "у потока метаданных нет /Type /Metadata и /Subtype /XML"})
	}
	c := sd.Content
	if i := bytes.Index(c, []byte("<?xpacket begin=")); i >= 0 {
		if e := bytes.Index(c[i:], []byte("?>")); e > 0 {
			head := c[i : i+e]
			for _, attr := range []string{"bytes", "encoding"} {
				if bytes.Contains(head, []byte(" "+attr+"=")) {
					vs = append(vs, Violation{Clause: clauseMetadata, Object: num,
						Message: fmt.Sprintf("в заголовке пакета XMP есть атрибут %s", attr)})
				}
			}
		}
	}
	if !utf8.Valid(c) {
		vs = append(vs, Violation{Clause: clauseMetadata, Object: num, Message: "пакет XMP не в UTF-8"})
	} else if _, err := parseXMP(c); err != nil {
		vs = append(vs, Violation{Clause: clauseMetadata, Object: num, Message: "пакет XMP — не правильно построенный XML: " + err.Error()})
	}
	return vs
}

// checkMetadataUnfiltered: the catalog's metadata stream has no Filter,
// so that its text is readable without a PDF parser (ISO 19005-1, 6.7.2;
// see the comment at the top of this file).
func checkMetadataUnfiltered(f *file) []Violation {
	sd, num, ok := f.xmp()
	if !ok {
		return nil
	}
	if _, has := sd.Dict.Find("Filter"); has {
		return []Violation{{Clause: clauseUnfiltered, Object: num, Message: "поток метаданных XMP сжат (есть Filter): XMP должен читаться как текст"}}
	}
	return nil
}

// checkExtensionSchemas: every property of the catalog's XMP belongs to a
// predefined schema or to one declared, with that property, in a PDF/A
// extension schema of the packet (6.6.2.3.1-1). Properties of predefined
// schemas are not checked against the schema's property list.
func checkExtensionSchemas(f *file) []Violation {
	root, props, ok := f.xmpProps()
	if !ok {
		return nil
	}
	_, num, _ := f.xmp()
	decl := root.declared()
	var vs []Violation
	seen := map[string]bool{}
	for _, p := range props {
		if predefined[p.name.Space] || decl[p.name.Space][p.name.Local] {
			continue
		}
		key := p.name.Space + " " + p.name.Local
		if seen[key] {
			continue
		}
		seen[key] = true
		vs = append(vs, Violation{Clause: clauseExtension, Object: num,
			Message: fmt.Sprintf("свойство XMP «%s» (%s) не из предопределённой схемы и не описано в схеме расширения pdfaExtension", p.name.Local, p.name.Space)})
	}
	return vs
}

// checkIdentification: the XMP names the part of ISO 19005 (pdfaid:part)
// and a level U or A conformance (pdfaid:conformance) (6.6.4-1..3).
func checkIdentification(f *file) []Violation {
	_, props, ok := f.xmpProps()
	if !ok {
		return nil
	}
	_, num, _ := f.xmp()
	part, hasPart := get(props, nsPDFAID, "part")
	conf, hasConf := get(props, nsPDFAID, "conformance")
	if !hasPart || !hasConf {
		return []Violation{{Clause: clauseIdentification, Object: num, Message: "в XMP нет идентификации PDF/A (pdfaid:part и pdfaid:conformance)"}}
	}
	var vs []Violation
	if part != strconv.Itoa(f.part) {
		vs = append(vs, Violation{Clause: clauseIdentification, Object: num,
			Message: fmt.Sprintf("pdfaid:part = «%s», проверяется PDF/A-%d", part, f.part)})
	}
	if conf != "U" && conf != "A" {
		vs = append(vs, Violation{Clause: clauseIdentification, Object: num,
			Message: fmt.Sprintf("pdfaid:conformance = «%s»; для уровня U нужно «U» (или «A»)", conf)})
	}
	return vs
}

// infoXMP pairs the Info entries with their XMP analogues (ISO 19005-1,
// 6.7.3, Table 1, which PDF/A-2 and -3 tools keep).
var infoXMP = []struct {
	key, ns, local string
	date           bool
}{
	{"Title", nsDC, "title", false},
	{"Author", nsDC, "creator", false},
	{"Subject", nsDC, "description", false},
	{"Keywords", nsPDF, "Keywords", false},
	{"Creator", nsXMP, "CreatorTool", false},
	{"Producer", nsPDF, "Producer", false},
	{"CreationDate", nsXMP, "CreateDate", true},
	{"ModDate", nsXMP, "ModifyDate", true},
}

// checkInfoMatchesXMP: every Info entry with an XMP analogue is in the XMP
// with an equivalent value (6.1.5; see the comment at the top of this file).
func checkInfoMatchesXMP(f *file) []Violation {
	if f.ctx.Info == nil {
		return nil
	}
	info := f.dict(*f.ctx.Info)
	if info == nil {
		return nil
	}
	_, props, ok := f.xmpProps()
	if !ok {
		props = nil
	}
	num := f.ctx.Info.ObjectNumber.Value()
	var vs []Violation
	for _, m := range infoXMP {
		o, has := info[m.key]
		if !has {
			continue
		}
		iv, ok := f.text(o)
		if !ok {
			continue
		}
		xv, has := get(props, m.ns, m.local)
		if !has {
			vs = append(vs, Violation{Clause: clauseInfo, Object: num,
				Message: fmt.Sprintf("в Info есть %s, а в XMP нет его аналога %s", m.key, m.local)})
			continue
		}
		if !equivalent(iv, xv, m.date) {
			vs = append(vs, Violation{Clause: clauseInfo, Object: num,
				Message: fmt.Sprintf("Info %s = «%s», а XMP %s = «%s»", m.key, iv, m.local, xv)})
		}
	}
	return vs
}

// equivalent compares an Info value with its XMP analogue: text exactly,
// dates as instants.
func equivalent(info, xmp string, date bool) bool {
	if !date {
		return info == xmp
	}
	a, ok1 := types.DateTime(info, true)
	b, ok2 := xmpDate(xmp)
	return ok1 && ok2 && a.Equal(b)
}

// xmpDate parses an XMP date (ISO 8601 as the XMP Specification
// restricts it).
func xmpDate(s string) (time.Time, bool) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04Z07:00", "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, strings.TrimSpace(s)); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}
