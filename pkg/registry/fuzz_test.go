package registry

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"sort"
	"testing"
	"time"
)

// The fuzz targets check that no input panics, that every failure is
// reported with at least one problem and, where the reader says so, that
// failures are typed and what is accepted is valid.

func checkResult(t *testing.T, schools []School, err error) {
	var e *Error
	switch {
	case err == nil && len(schools) == 0:
		t.Fatal("no schools and no error")
	case err != nil && schools != nil:
		t.Fatal("schools along with an error")
	case errors.As(err, &e) && len(e.Problems) == 0:
		t.Fatal("*Error without problems")
	}
}

func FuzzReadCSV(f *testing.F) {
	f.Add([]byte(csvComma))
	f.Add([]byte(csvRussian))
	f.Add(cp1251(f, csvRussian))
	f.Add([]byte(head + "1,a,\"b\nc\",d,e\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := ReadCSV(bytes.NewReader(data))
		checkResult(t, s, err)
	})
}

func FuzzReadJSON(f *testing.F) {
	f.Add([]byte(jsonArray))
	f.Add([]byte(jsonWrapped))
	f.Add([]byte(`{"schools": [{"id": 1e3}], "x": null}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := ReadJSON(bytes.NewReader(data))
		checkResult(t, s, err)
	})
}

// FuzzReadXLSX feeds ReadXLSX whole files (asSheet false) and, since
// mutated zip bytes rarely get past the CRC check, sheet XML placed into a
// small valid workbook (asSheet true), which reaches excelize's parser and
// the registry checks. Properties: no panic; every error is an *Error with
// problems; never more than MaxRows schools; every accepted id is one a
// file can be named after (checkID finds nothing).
func FuzzReadXLSX(f *testing.F) {
	wb := registryXLSX(f)
	f.Add(wb, false)
	parts := unzipParts(f, wb)
	for _, name := range []string{"xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"} {
		if p, ok := parts[name]; ok {
			f.Add(p, true)
		}
	}
	const row = `<row r="%s"><c r="A%[1]s" t="inlineStr"><is><t>%s</t></is></c><c r="B%[1]s" t="inlineStr"><is><t>a</t></is></c><c r="C%[1]s" t="inlineStr"><is><t>b</t></is></c><c r="D%[1]s" t="inlineStr"><is><t>c</t></is></c><c r="E%[1]s" t="inlineStr"><is><t>d</t></is></c></row>`
	sheet := func(rows ...string) []byte {
		b := []byte(`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
		for _, r := range rows {
			b = append(b, r...)
		}
		return append(b, `</sheetData></worksheet>`...)
	}
	cells := func(r, id string) string {
		return fmt.Sprintf(row, r, id)
	}
	header := `<row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c><c r="B1" t="inlineStr"><is><t>short_name</t></is></c><c r="C1" t="inlineStr"><is><t>full_name</t></is></c><c r="D1" t="inlineStr"><is><t>district</t></is></c><c r="E1" t="inlineStr"><is><t>director</t></is></c></row>`
	f.Add(sheet(header, cells("2", "s1"), cells("3", "CON")), true)
	f.Add(sheet(header, cells("2", "../x"), cells("1048576", "s2")), true)
	f.Add(sheet(header, `<row r="2"><c r="A2"><f>1+1</f><v>2</v></c><c r="XFD2" t="s"><v>999</v></c></row>`), true)
	f.Add(sheet(header, `<row r="0"><c r="A0" t="d"><v>not a date</v></c></row><row r="99999999999"/>`), true)
	f.Add([]byte("PK\x03\x04"), false)
	f.Fuzz(func(t *testing.T, data []byte, asSheet bool) {
		if len(data) > 1<<20 {
			return
		}
		if asSheet {
			data = withSheet(t, parts, data)
		}
		schools, err := ReadXLSX(bytes.NewReader(data), int64(len(data)))
		checkResult(t, schools, err)
		var e *Error
		if err != nil && !errors.As(err, &e) {
			t.Fatalf("untyped error %T: %v", err, err)
		}
		if len(schools) > MaxRows {
			t.Fatalf("%d schools", len(schools))
		}
		for _, s := range schools {
			if msgs := checkID(s.ID); len(msgs) > 0 || s.ID == "" {
				t.Fatalf("accepted id %q: %v", s.ID, msgs)
			}
		}
	})
}

// unzipParts is a workbook's parts by name.
func unzipParts(t testing.TB, data []byte) map[string][]byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	parts := map[string][]byte{}
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		parts[zf.Name], err = io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
	}
	return parts
}

// withSheet is a workbook with parts whose registry sheet (the one named
// «Реестр», sheet2) and first sheet are replaced by sheet.
func withSheet(t testing.TB, parts map[string][]byte, sheet []byte) []byte {
	names := make([]string, 0, len(parts))
	for n := range parts {
		names = append(names, n)
	}
	sort.Strings(names)
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, n := range names {
		data := parts[n]
		if n == "xl/worksheets/sheet1.xml" || n == "xl/worksheets/sheet2.xml" {
			data = sheet
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: n, Method: zip.Store})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(data); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestXLSXZipBomb(t *testing.T) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.Create("xl/worksheets/sheet1.xml")
	if err != nil {
		t.Fatal(err)
	}
	chunk := make([]byte, 1<<20)
	for range maxUnzipXML>>20 + 1 {
		if _, err := w.Write(chunk); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	_, err = ReadXLSX(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	checkProblems(t, err, Problem{0, "", "книга слишком большая: часть «xl/worksheets/sheet1.xml» после распаковки больше 50 МиБ"})
}

// A row numbered beyond Excel's last row (1 048 576) made the reader walk
// every empty row up to it, 10¹¹ steps for r="99999999999": found by
// FuzzReadXLSX. It is refused at once now; the bound is generous, the old
// code did not finish in ten minutes.
func TestXLSXRowBeyondExcel(t *testing.T) {
	parts := unzipParts(t, registryXLSX(t))
	for _, r := range []string{"99999999999", "1048577", "-5", "0"} {
		data := withSheet(t, parts, []byte(`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`+
			`<row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c></row>`+
			`<row r="`+r+`"><c t="inlineStr"><is><t>x</t></is></c></row></sheetData></worksheet>`))
		done := make(chan error, 1)
		go func() {
			_, err := ReadXLSX(bytes.NewReader(data), int64(len(data)))
			done <- err
		}()
		select {
		case err := <-done:
			var e *Error
			if !errors.As(err, &e) {
				t.Errorf("row %s: %v", r, err)
			}
		case <-time.After(30 * time.Second):
			t.Fatalf("row %s: ReadXLSX still running after 30 s", r)
		}
	}
}
