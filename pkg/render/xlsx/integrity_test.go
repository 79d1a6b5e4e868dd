package xlsx

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"kartograf/pkg/document"
)

// editBook opens a workbook, lets edit change it as a person with Excel
// would, and saves it.
func editBook(t *testing.T, data []byte, edit func(f *excelize.File)) []byte {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	edit(f)
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// storeJSON replaces the stored copy (A4 down) with js, plain, in pieces.
func storeJSON(t *testing.T, f *excelize.File, js string) {
	t.Helper()
	for r := 4; r < 200; r++ {
		f.SetCellStr(SheetMeta, writeCell(1, r), "")
	}
	for i, piece := range splitUTF16(js, MaxCellRunes) {
		f.SetCellStr(SheetMeta, writeCell(1, 4+i), piece)
	}
}

func wantReadError(t *testing.T, err error, sheet string, row, col int, text string) {
	t.Helper()
	var re *ReadError
	if !errors.As(err, &re) || re.Sheet != sheet || re.Row != row || re.Col != col || !strings.Contains(err.Error(), text) {
		t.Errorf("got %v; want a ReadError at %s R%dC%d saying %q", err, sheet, row, col, text)
	}
}

// The stored copy is checked against the SHA-256 the writer recorded in
// A3: a copy changed by hand (here: another title, or the hash itself) is
// an error, not a silently different document.
func TestReadStoredCopyHash(t *testing.T) {
	d := readRepo(t, "testdata", "seeds", readSeed001+".json")
	good := readFixture(t, d)

	f := writeOpen(t, good)
	a3, _ := f.GetCellValue(SheetMeta, "A3")
	js, _ := json.Marshal(d)
	sum := sha256.Sum256(js)
	if want := "sha256:" + hex.EncodeToString(sum[:]); a3 != want {
		t.Errorf("A3 = %q, want the stored JSON's hash %q", a3, want)
	}

	t.Run("copy changed", func(t *testing.T) {
		bad := *d
		bad.Title = "ПОДМЕНЁННЫЙ ЗАГОЛОВОК"
		js, _ := json.Marshal(&bad)
		_, err := readBytes(editBook(t, good, func(f *excelize.File) { storeJSON(t, f, string(js)) }))
		wantReadError(t, err, SheetMeta, 3, 1, "не совпадает")
	})
	t.Run("hash changed", func(t *testing.T) {
		_, err := readBytes(editBook(t, good, func(f *excelize.File) {
			f.SetCellStr(SheetMeta, "A3", "sha256:"+strings.Repeat("0", 64))
		}))
		wantReadError(t, err, SheetMeta, 3, 1, "не совпадает")
	})
	t.Run("hash removed", func(t *testing.T) {
		_, err := readBytes(editBook(t, good, func(f *excelize.File) { f.SetCellStr(SheetMeta, "A3", "") }))
		wantReadError(t, err, SheetMeta, 3, 1, "нет хеша")
	})
	t.Run("same copy stored plain", func(t *testing.T) {
		// Packing is not part of the hash: the same JSON stored plain reads.
		got, err := readBytes(editBook(t, good, func(f *excelize.File) { storeJSON(t, f, string(js)) }))
		if err != nil || !reflect.DeepEqual(got, d) {
			t.Errorf("plain copy: %v", err)
		}
	})
	t.Run("older writer", func(t *testing.T) {
		// kartograf-xlsx/1 recorded the caller's input hash, not
		// necessarily the copy's: such workbooks are read unchecked.
		got, err := readBytes(editBook(t, good, func(f *excelize.File) {
			f.SetCellStr(SheetMeta, "A1", FormatTagV1)
			f.SetCellStr(SheetMeta, "A3", "sha256:test")
		}))
		if err != nil || !reflect.DeepEqual(got, d) {
			t.Errorf("kartograf-xlsx/1 workbook: %v", err)
		}
	})
}

var _ = document.Validate
