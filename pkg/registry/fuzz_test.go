package registry

import (
	"archive/zip"
	"bytes"
	"errors"
	"testing"
)

// The fuzz targets only check that no input panics and that every failure
// is reported with at least one problem.

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
