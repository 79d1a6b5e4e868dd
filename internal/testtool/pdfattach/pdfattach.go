// Package pdfattach writes small, valid PDFs with embedded files for the
// tests of the readers of Kartograf's source attachment (pkg/pdfsource),
// so that they need not wait for, nor depend on, the renderer: a catalog,
// one page with a line of text, an EmbeddedFiles name tree and the
// catalog's /AF array, laid out as PDF/A-3 associates a source file.
package pdfattach

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"sort"
	"strings"

	"github.com/kartograf-ru/kartograf/internal/pdfobj"
)

// File is one attachment.
type File struct {
	Name    string // /F and /UF, and the name tree key
	Data    []byte // the file's bytes, before compression
	Subtype string // MIME type, e.g. "application/json"; "" for none
	// Relationship is /AFRelationship (e.g. "Source"); with it the file
	// is also listed in the catalog's /AF, without it only in the tree.
	Relationship string
	Flate        bool // compress the stream with FlateDecode
	// Stream, when not nil, is written as the stream's data instead of
	// Data (compressed or not): a broken stream.
	Stream []byte
	Filter string // when not "", the /Filter value written, e.g. "/LZWDecode"
}

// SourceJSON is the attachment Kartograf makes of a document's JSON.
func SourceJSON(data []byte, flate bool) File {
	return File{Name: "kartograf-source.json", Data: data, Subtype: "application/json", Relationship: "Source", Flate: flate}
}

// PDF returns a one-page PDF 1.7 carrying files.
func PDF(files ...File) []byte {
	var b bytes.Buffer
	var entries []pdfobj.Entry
	obj := func(n int, body string) {
		entries = append(entries, pdfobj.Entry{Num: n, Offset: b.Len()})
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", n, body)
	}
	b.WriteString("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	// 1 catalog, 2 pages, 3 page, 4 contents, 5 font, 6 name tree,
	// then a file specification and a stream per file.
	const first = 7
	var af []string
	type leaf struct {
		key string
		ref string
	}
	var tree []leaf
	for i, f := range files {
		spec := first + 2*i
		if f.Relationship != "" {
			af = append(af, fmt.Sprintf("%d 0 R", spec))
		}
		tree = append(tree, leaf{f.Name, fmt.Sprintf("%d 0 R", spec)})
	}
	cat := "<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles 6 0 R >>"
	if len(af) > 0 {
		cat += " /AF [" + strings.Join(af, " ") + "]"
	}
	obj(1, cat+" >>")
	obj(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
	obj(3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>")
	text := "BT /F1 12 Tf 72 770 Td (Kartograf) Tj ET"
	obj(4, fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(text), text))
	obj(5, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
	// Name tree keys are sorted by their bytes.
	sort.SliceStable(tree, func(i, j int) bool { return tree[i].key < tree[j].key })
	var names []string
	for _, l := range tree {
		names = append(names, pdfobj.TextString(l.key)+" "+l.ref)
	}
	obj(6, "<< /Names ["+strings.Join(names, " ")+"] >>")
	for i, f := range files {
		spec, stream := first+2*i, first+2*i+1
		d := fmt.Sprintf("<< /Type /Filespec /F %s /UF %s /EF << /F %d 0 R /UF %d 0 R >>",
			pdfobj.TextString(f.Name), pdfobj.TextString(f.Name), stream, stream)
		if f.Relationship != "" {
			d += " /AFRelationship /" + f.Relationship
		}
		obj(spec, d+" /Desc (source) >>")
		data := f.Data
		filter := f.Filter
		if f.Flate {
			var z bytes.Buffer
			w, _ := zlib.NewWriterLevel(&z, zlib.BestCompression)
			w.Write(data)
			w.Close()
			data = z.Bytes()
			if filter == "" {
				filter = "/FlateDecode"
			}
		}
		if f.Stream != nil {
			data = f.Stream
		}
		sd := fmt.Sprintf("<< /Type /EmbeddedFile /Length %d /Params << /Size %d /ModDate (D:20250901000000Z) >>", len(data), len(f.Data))
		if f.Subtype != "" {
			sd += " /Subtype /" + strings.ReplaceAll(f.Subtype, "/", "#2F")
		}
		if filter != "" {
			sd += " /Filter " + filter
		}
		entries = append(entries, pdfobj.Entry{Num: stream, Offset: b.Len()})
		fmt.Fprintf(&b, "%d 0 obj\n%s >>\nstream\n", stream, sd)
		b.Write(data)
		b.WriteString("\nendstream\nendobj\n")
	}
	id := "[<4B617274346F67726166536F75726365> <4B617274346F67726166536F75726365>]"
	pdfobj.WriteXref(&b, entries, pdfobj.Trailer{Size: first + 2*len(files), Root: 1, ID: []byte(id)})
	return b.Bytes()
}
