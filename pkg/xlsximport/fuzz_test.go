package xlsximport

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"reflect"
	"sort"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/render/xlsx"
	"github.com/kartograf-ru/kartograf/templates"
)

// fuzzPart returns book with its part number part (in archive order)
// replaced by data, every part stored and its CRC right, so that the fuzzer
// reaches the reader's handling of sheet XML instead of failing the CRC.
// It returns nil when book is not a zip.
func fuzzPart(book []byte, part uint8, data []byte) []byte {
	zr, err := zip.NewReader(bytes.NewReader(book), int64(len(book)))
	if err != nil || len(zr.File) == 0 {
		return nil
	}
	i := int(part) % len(zr.File)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for k, zf := range zr.File {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: zf.Name, Method: zip.Store})
		if err != nil {
			return nil
		}
		if k == i {
			w.Write(data)
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			return nil
		}
		_, err = io.Copy(w, io.LimitReader(rc, 8<<20))
		rc.Close()
		if err != nil {
			return nil
		}
	}
	if zw.Close() != nil {
		return nil
	}
	return buf.Bytes()
}

// partIndex is the archive position of name in book.
func partIndex(tb testing.TB, book []byte, name string) (uint8, []byte) {
	zr, err := zip.NewReader(bytes.NewReader(book), int64(len(book)))
	if err != nil {
		tb.Fatal(err)
	}
	for i, zf := range zr.File {
		if zf.Name == name {
			rc, _ := zf.Open()
			data, _ := io.ReadAll(rc)
			rc.Close()
			return uint8(i), data
		}
	}
	tb.Fatalf("no part %s", name)
	return 0, nil
}

// FuzzRead feeds Read hostile workbooks: the raw bytes (zip-level damage),
// or a good workbook with one part replaced by the fuzzer's bytes (sheet
// XML, shared strings, the stored copy). Properties: no panic; an error is
// one of Read's documented kinds; a document read is valid, re-encodes to
// the same JSON, and written again and read back gives the same document.
func FuzzRead(f *testing.F) {
	docs := readTestDocs(f)
	var names []string
	for n := range docs {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		book := readFixture(f, readRepo(f, docs[n]...))
		f.Add(book, uint8(0), []byte(nil))
		f.Add(book[:len(book)/2], uint8(0), []byte(nil))
		flipped := bytes.Clone(book)
		flipped[len(flipped)/3] ^= 0xff
		f.Add(flipped, uint8(0), []byte(nil))
		for _, part := range []string{"xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml", "xl/sharedStrings.xml", "xl/workbook.xml"} {
			if zr, _ := zip.NewReader(bytes.NewReader(book), int64(len(book))); zr != nil {
				for _, zf := range zr.File {
					if zf.Name == part {
						i, data := partIndex(f, book, part)
						if len(data) < 64<<10 {
							f.Add(book, i, data)
						}
					}
				}
			}
		}
	}
	// An edited workbook and a few hand-made hostile ones.
	d := readRepo(f, "testdata", "seeds", readSeed001+".json")
	good := readFixture(f, d)
	if ed, err := excelize.OpenReader(bytes.NewReader(good)); err == nil {
		ed.SetCellStr(xlsx.SheetPlan, "A1", "Другая школа")
		ed.SetCellStr(xlsx.SheetMeta, "A3", "sha256:00")
		if buf, err := ed.WriteToBuffer(); err == nil {
			f.Add(buf.Bytes(), uint8(0), []byte(nil))
		}
		ed.Close()
	}
	f.Add([]byte{}, uint8(0), []byte(nil))
	f.Add([]byte("PK\x03\x04"), uint8(0), []byte(nil))
	f.Add([]byte(`{"kind":"roadmap"}`), uint8(0), []byte(nil))
	f.Add(good, uint8(3), []byte(`<worksheet><sheetData><row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData></worksheet>`))
	f.Add(good, uint8(3), []byte(`<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><worksheet>&b;</worksheet>`))

	f.Fuzz(func(t *testing.T, book []byte, part uint8, repl []byte) {
		if len(book) > 1<<20 || len(repl) > 256<<10 {
			return
		}
		data := book
		if len(repl) > 0 {
			if data = fuzzPart(book, part, repl); data == nil {
				return
			}
		}
		got, err := readBytes(data)
		if err != nil {
			var re *ReadError
			var ve *document.ValidationError
			if !errors.As(err, &re) && !errors.Is(err, ErrNotWorkbook) && !errors.Is(err, ErrTooLarge) && !errors.As(err, &ve) {
				t.Fatalf("error of an undocumented kind %T: %v", err, err)
			}
			if err.Error() == "" {
				t.Fatal("empty error message")
			}
			return
		}
		if err := document.Validate(got); err != nil {
			t.Fatalf("read a document that does not validate: %v", err)
		}
		js, err := json.Marshal(got)
		if err != nil {
			t.Fatal(err)
		}
		back, err := document.DecodeBytes(js)
		if err != nil {
			t.Fatalf("the document read does not decode again: %v", err)
		}
		if js2, _ := json.Marshal(back); !bytes.Equal(js, js2) {
			t.Fatal("the document read does not re-encode to the same JSON")
		}
		// Written again and read back: the same document.
		v, err := readTemplateOf(got)
		if err != nil {
			return // a template the stored copy names but the registry lacks
		}
		var out bytes.Buffer
		if err := writeShared.Render(context.Background(), &out, got, v, xlsx.Meta{}); err != nil {
			var tl *xlsx.CellTooLongError
			if errors.As(err, &tl) {
				return
			}
			t.Fatalf("the document read does not render: %v", err)
		}
		again, err := readBytes(out.Bytes())
		if err != nil {
			t.Fatalf("the document read, written again, does not read: %v", err)
		}
		if !reflect.DeepEqual(again, got) {
			t.Fatalf("written again and read back, the document differs:\n%s", readDocDiff(again, got))
		}
	})
}

// readTemplateOf resolves d's template as readFixture does (readFixture
// has loaded the registry by the time the fuzz function runs).
func readTemplateOf(d *document.Document) (*templates.Version, error) {
	if d.Template != "" {
		return readRegistry.Resolve(d.Template)
	}
	return readRegistry.Default(string(d.Kind))
}
