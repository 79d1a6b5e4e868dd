package xlsx

import (
	"bytes"
	"context"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestRowsAsExcelize: the rows written here are byte for byte the rows
// excelize's StreamWriter.SetRow writes for the same cells, for text
// that needs escaping, _xHHHH_ sequences, edge spaces, invalid UTF-8,
// numbers and formulas.
func TestRowsAsExcelize(t *testing.T) {
	texts := []string{
		"", "plain", "Кириллица «ёлочки»", " lead", "trail ", "\nnl\n", "tab\tin", "a\r\nb",
		`quote " apos ' amp & lt < gt >`, "ctl\x01\x1f", "bad\xff\xfeutf8", "\uFFFD", "😀 astral",
		"_x0041_", "a_x005F_x0041_b", "_x005F_", "_xZZZZ_", "x_x12ab_y_x12AB_", "_x",
		"\u00a0nbsp", "é\u07ff\u0800", "\ufffe\uffff", "\xc0\x80 overlong", "\xd0", "ж\xd0", "\xed\xa0\x80 surrogate", "\x7f del",
	}
	rows := [][]any{
		{"key", nil, excelize.Cell{StyleID: 3}, excelize.Cell{StyleID: 2, Value: "v"}},
		{excelize.Cell{StyleID: 1, Value: 7, Formula: `COUNTIFS('Лист'!$A:$A,"m0.*")`}, excelize.Cell{Formula: "SUM(A1:A2)"},
			excelize.Cell{Value: 0.1}, excelize.Cell{Value: -12.5}, excelize.Cell{Value: 1e21}, excelize.Cell{Value: 123456789.125},
			excelize.Cell{Value: math.NaN()}, excelize.Cell{Value: math.Inf(-1), Formula: "A1"}, excelize.Cell{Value: 0}},
	}
	for _, s := range texts {
		rows = append(rows, []any{s, excelize.Cell{StyleID: 5, Value: s}, nil, excelize.Cell{StyleID: 0, Value: s}})
	}
	heights := []float64{0, 12.25, 409, 14.75}

	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	var ours rowData
	defer ours.close()
	for i, r := range rows {
		var opts []excelize.RowOpts
		h := heights[i%len(heights)]
		if h > 0 {
			opts = append(opts, excelize.RowOpts{Height: h})
		}
		if err := sw.SetRow(cell(1, i+1), r, opts...); err != nil {
			t.Fatal(err)
		}
		if err := ours.row(i+1, h, r); err != nil {
			t.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	part, ok := writePart(t, buf.Bytes(), "xl/worksheets/sheet1.xml")
	if !ok {
		t.Fatal("no sheet")
	}
	_, after, _ := strings.Cut(part, "<sheetData>")
	want, _, _ := strings.Cut(after, "</sheetData>")
	var got bytes.Buffer
	if err := ours.writeTo(context.Background(), &got); err != nil {
		t.Fatal(err)
	}
	if got.String() != want {
		for i := range min(len(want), got.Len()) {
			if want[i] != got.Bytes()[i] {
				t.Fatalf("rows differ from excelize's at byte %d:\n ours %q\nwant %q", i, got.String()[i:min(i+120, got.Len())], want[i:min(i+120, len(want))])
			}
		}
		t.Fatalf("rows differ from excelize's: %d bytes, want %d", got.Len(), len(want))
	}
}

// TestRowsSpill: rows past rowSpill go to a temporary file, come back
// whole and in order, and the file is removed on close.
func TestRowsSpill(t *testing.T) {
	var r rowData
	long := strings.Repeat("ж", 2000)
	var n int
	for n = 1; r.tmp == nil; n++ {
		if err := r.row(n, 0, []any{long}); err != nil {
			t.Fatal(err)
		}
	}
	if err := r.row(n, 0, []any{"last"}); err != nil {
		t.Fatal(err)
	}
	name := r.tmp.Name()
	var got bytes.Buffer
	if err := r.writeTo(context.Background(), &got); err != nil {
		t.Fatal(err)
	}
	if c := strings.Count(got.String(), "<row "); c != n {
		t.Errorf("%d rows back, want %d", c, n)
	}
	if !strings.HasSuffix(got.String(), "<t>last</t></is></c></row>") {
		t.Errorf("the rows end %q", got.String()[got.Len()-40:])
	}
	r.close()
	if _, err := os.Stat(name); !os.IsNotExist(err) {
		t.Errorf("temporary file %s left: %v", name, err)
	}
}
