package docx

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/templates"
)

// testDocuments reads the project's test documents (testdata/seeds and
// testdata/documents), with their file names.
func testDocuments(t *testing.T) (files []string, docs []*document.Document) {
	t.Helper()
	for _, g := range []string{"seeds/*.json", "documents/*.json"} {
		m, err := filepath.Glob(filepath.Join("..", "..", "..", "testdata", g))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) < 10 {
		t.Fatalf("only %d test documents", len(files))
	}
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		d, err := document.DecodeBytes(raw)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		docs = append(docs, d)
	}
	return files, docs
}

// The fused cells of every built-in template write the bytes the range
// they replace writes: each test document rendered with every DOCX
// template version is the same file compiled with and without fusion. And
// the body cells of a plan are fused: the point of it.
func TestFusedCellsSameBytes(t *testing.T) {
	reg, err := templates.New()
	if err != nil {
		t.Fatal(err)
	}
	files, docs := testDocuments(t)
	ctx := context.Background()
	rendered, withPlan := 0, 0
	for _, v := range reg.List() {
		if v.Manifest.Docx == nil {
			continue
		}
		fused, plain := NewRenderer(), NewRenderer()
		for r, fuse := range map[*Renderer]bool{fused: true, plain: false} {
			c, err := compileWith(v, fuse)
			if err != nil {
				t.Fatalf("%s: %v", v.Ref(), err)
			}
			r.cache[v.Hash] = c
		}
		if len(fused.cache[v.Hash].fused) == 0 {
			t.Errorf("%s: no repeated cell is fused", v.Ref())
		}
		if len(plain.cache[v.Hash].fused) != 0 {
			t.Fatalf("%s: cells fused when not asked", v.Ref())
		}
		for i, d := range docs {
			var a, b bytes.Buffer
			errA := fused.Render(ctx, &a, d, v, Meta{Template: v.Ref()})
			errB := plain.Render(ctx, &b, d, v, Meta{Template: v.Ref()})
			if (errA == nil) != (errB == nil) {
				t.Fatalf("%s, %s: fused %v, plain %v", v.Ref(), files[i], errA, errB)
			}
			if errA != nil {
				continue
			}
			rendered++
			if !bytes.Equal(a.Bytes(), b.Bytes()) {
				t.Errorf("%s, %s: the fused cells change the DOCX", v.Ref(), files[i])
			}
			if hasPlan(d) {
				withPlan++
			}
		}
	}
	if rendered < 20 || withPlan == 0 {
		t.Fatalf("only %d documents rendered, %d with a plan", rendered, withPlan)
	}
}

func hasPlan(d *document.Document) bool {
	for _, b := range d.Body {
		if b.Plan != nil {
			return true
		}
	}
	return false
}

// A list kxcells does not know is left to the template's own range: it
// writes nothing and says so.
func TestFusedCellsLeaveOtherLists(t *testing.T) {
	c := &compiled{fused: []fusedCells{{ops: []cellOp{{kind: opText, text: "<c>"}, {kind: opWidth}, {kind: opPara, field: "Value"}, {kind: opText, text: "</c>"}}}}, ctxs: []pctx{{}}}
	var out partOut
	s := &state{c: c, out: &out}
	// Columns have no .Value: the template's range reports the error.
	for _, list := range []any{nil, []Column{{Twips: 5}}, []any{Cell{}}, "x"} {
		ok, err := c.kxcells(s, 0, list)
		if ok || err != nil || out.Len() != 0 {
			t.Errorf("kxcells(%T) = %v, %v, wrote %q", list, ok, err, out.String())
		}
	}
	ok, err := c.kxcells(s, 0, []Cell{{Twips: 7, Value: document.Text("a<b")}})
	if !ok || err != nil {
		t.Fatalf("kxcells([]Cell) = %v, %v", ok, err)
	}
	if got := out.String(); !strings.HasPrefix(got, "<c>7") || !strings.Contains(got, "a&lt;b") || !strings.HasSuffix(got, "</c>") {
		t.Errorf("kxcells wrote %q", got)
	}
}

// A cell the generator cannot fuse stays a range: a header cell, an
// expression that is not a chain of fields, a paragraph with more than
// the value.
func TestRepeatedCellNotFused(t *testing.T) {
	var fused []fusedCells
	c := &compiler{fused: &fused}
	body := "<w:tc><w:tcW w:w=\"" + lDelim + "kxw ." + rDelim + "\"/>" + lDelim + "kxp $.S 3 . (.Value)" + rDelim + "</w:tc>"
	for _, tc := range []struct {
		ci   cellInfo
		body string
	}{
		{cellInfo{repeat: "kxhrows .Columns"}, body},
		{cellInfo{repeat: "$x | len"}, body},
		{cellInfo{repeat: ".Cells"}, strings.Replace(body, ".Value", ".Note", 1)},
		{cellInfo{repeat: ".Cells"}, strings.Replace(body, "kxw .", "kxw .Other", 1)},
		{cellInfo{repeat: ".Cells"}, body + lDelim + "kx $.S (.Note)" + rDelim},
		{cellInfo{repeat: ".Cells"}, body + lDelim + "end" + rDelim},
	} {
		got := c.repeatedCell(tc.ci, tc.body)
		if strings.Contains(got, "kxcells") || !strings.HasPrefix(got, lDelim+"range "+tc.ci.repeat+rDelim) {
			t.Errorf("%+v: %q", tc.ci, got)
		}
	}
	if len(fused) != 0 {
		t.Errorf("fused %d cells", len(fused))
	}
	got := c.repeatedCell(cellInfo{repeat: ".Cells"}, body)
	if !strings.HasPrefix(got, lDelim+"if kxcells $.S 0 .Cells"+rDelim) || len(fused) != 1 {
		t.Fatalf("not fused: %q, %+v", got, fused)
	}
	want := []cellOp{{kind: opText, text: "<w:tc><w:tcW w:w=\""}, {kind: opWidth}, {kind: opText, text: "\"/>"}, {kind: opPara, ctx: 3, field: "Value"}, {kind: opText, text: "</w:tc>"}}
	if fmt.Sprint(fused[0].ops) != fmt.Sprint(want) {
		t.Errorf("ops %+v, want %+v", fused[0].ops, want)
	}
	// A header cell over a variable: merge and vertical alignment too.
	got = c.repeatedCell(cellInfo{repeat: "$kxh3", merge: true}, lDelim+"kxw ."+rDelim+lDelim+"kxmerge ."+rDelim+lDelim+`kxvalign . "center"`+rDelim+lDelim+"kxp $.S 1 . (.Title)"+rDelim)
	if !strings.HasPrefix(got, lDelim+"if kxcells $.S 1 $kxh3"+rDelim) || len(fused) != 2 || len(fused[1].ops) != 4 || fused[1].ops[2].text != "center" {
		t.Errorf("header cell not fused: %q, %+v", got, fused)
	}
}
