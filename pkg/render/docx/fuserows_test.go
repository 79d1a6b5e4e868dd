package docx

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/render/view"
	"github.com/kartograf-ru/kartograf/templates"
)

// The fused row ranges of every built-in template write the bytes the
// ranges they replace write: each test document rendered with every DOCX
// template version is the same file with the rows fused and with only the
// cells fused. And the rows are written by kxrows, not by the fallback:
// passports, plans and tables are what the fusion is for.
func TestFusedRowsSameBytes(t *testing.T) {
	reg, err := templates.New()
	if err != nil {
		t.Fatal(err)
	}
	files, docs := testDocuments(t)
	ctx := context.Background()
	rendered, ranges := 0, 0
	for fi, d := range docs {
		f := files[fi]
		for _, v := range reg.List() {
			if v.Manifest.Docx == nil {
				continue
			}
			rows, err := compileFused(v, true, true)
			if err != nil {
				t.Fatalf("%s: %v", v.Ref(), err)
			}
			cells, err := compileFused(v, true, false)
			if err != nil {
				t.Fatalf("%s: %v", v.Ref(), err)
			}
			if len(rows.rows) == 0 || len(cells.rows) != 0 {
				t.Fatalf("%s: %d row ranges fused, %d when not asked", v.Ref(), len(rows.rows), len(cells.rows))
			}
			vw, err := view.Build(ctx, d, v, Meta{Template: v.Ref()})
			if err != nil {
				continue // a document this version does not take
			}
			a, n, errA := execMain(ctx, rows, vw)
			b, _, errB := execMain(ctx, cells, vw)
			if (errA == nil) != (errB == nil) {
				t.Fatalf("%s, %s: fused rows %v, cells only %v", v.Ref(), f, errA, errB)
			}
			if errA != nil {
				continue
			}
			rendered++
			ranges += n
			if !bytes.Equal(a, b) {
				t.Errorf("%s, %s: the fused rows change document.xml", v.Ref(), f)
			}
			if (hasPlan(d) || hasBlock(d, func(b document.Block) bool { return b.Passport != nil })) && n == 0 {
				t.Errorf("%s, %s: no row range written by kxrows", v.Ref(), f)
			}
			// And the whole package.
			fr, cr := NewRenderer(), NewRenderer()
			fr.cache[v.Hash], cr.cache[v.Hash] = rows, cells
			var fa, fb bytes.Buffer
			if err := fr.RenderView(ctx, &fa, vw); err != nil {
				t.Fatalf("%s, %s: %v", v.Ref(), f, err)
			}
			if err := cr.RenderView(ctx, &fb, vw); err != nil {
				t.Fatalf("%s, %s: %v", v.Ref(), f, err)
			}
			if !bytes.Equal(fa.Bytes(), fb.Bytes()) {
				t.Errorf("%s, %s: the fused rows change the DOCX", v.Ref(), f)
			}
		}
	}
	if rendered < 20 || ranges < rendered {
		t.Fatalf("only %d documents rendered, %d row ranges fused", rendered, ranges)
	}
}

func hasBlock(d *document.Document, is func(document.Block) bool) bool {
	for _, b := range d.Body {
		if is(b) {
			return true
		}
	}
	return false
}

// execMain executes the document part of c for the view, and says how
// many row ranges kxrows wrote.
func execMain(ctx context.Context, c *compiled, vw *view.View) ([]byte, int, error) {
	root, err := buildRoot(ctx, vw)
	if err != nil {
		return nil, 0, err
	}
	st := &state{c: c, ctx: ctx}
	root.S = st
	var buf partOut
	st.out = &buf
	err = c.tmpl.ExecuteTemplate(&buf, mainPart, root)
	return []byte(buf.String()), st.rowRanges, err
}

// A list kxrows does not know, or rows without the fields its body reads,
// are left to the template's own range: it writes nothing and says so.
func TestFusedRowsLeaveOtherLists(t *testing.T) {
	c := &compiled{ctxs: []pctx{{}}, rows: []fusedRows{
		{ops: []rowOp{{kind: rowText, text: "<r>"}, {kind: rowPara, field: "Label"}, {kind: rowText, text: "</r>"}}},
		{ops: []rowOp{{kind: rowSpan}}, grid: true},
	}}
	var out partOut
	s := &state{c: c, out: &out}
	for _, tc := range []struct {
		f    int
		list any
		vars []any
	}{
		{0, nil, nil}, {0, []Section{{}}, nil}, {0, []any{PassportRow{}}, nil}, {0, "x", nil},
		{0, []PassportRow{{}}, []any{[]Column{}}}, {1, []Row{{}}, nil}, {1, []Row{{}}, []any{[]Cell{}}}, {2, []Row{{}}, nil},
	} {
		ok, err := c.kxrows(s, tc.f, tc.list, tc.vars...)
		if ok || err != nil || out.Len() != 0 {
			t.Errorf("kxrows(%d, %T, %v) = %v, %v, wrote %q", tc.f, tc.list, tc.vars, ok, err, out.String())
		}
	}
	ok, err := c.kxrows(s, 0, []PassportRow{{Label: "a<b"}, {Label: "c"}})
	if !ok || err != nil {
		t.Fatalf("kxrows([]PassportRow) = %v, %v", ok, err)
	}
	if got := out.String(); strings.Count(got, "<r>") != 2 || !strings.Contains(got, "a&lt;b") || !strings.HasSuffix(got, "</r>") {
		t.Errorf("kxrows wrote %q", got)
	}
}

// A row range the generator cannot fuse stays a range as it was.
func TestRowRangeNotFused(t *testing.T) {
	d, e := lDelim, rDelim
	row := "<w:tr>" + d + "kxp $.S 0 . (.Label)" + e + "</w:tr>"
	for _, src := range []string{
		d + "range .Rows" + e + row + d + "else" + e + "x" + d + "end" + e,
		d + "range .Rows" + e + row + d + "kx $.S (.Label)" + e + d + "end" + e,
		d + "range .Rows" + e + row + d + "if .Label" + e + "x" + d + "end" + e + d + "end" + e,
		d + "range .Rows" + e + row + d + "break" + e + d + "end" + e,
		d + "range $i, $e := .Rows" + e + row + d + "end" + e,
		d + "range $kxi1, $kxe1 := .Rows" + e + d + "kxkeep $.S $kxi1 $kxn1" + e + row + d + "end" + e,
		d + "range .Rows" + e + d + "kxspan $kxg1 1" + e + d + "kxspanw $kxg2 1" + e + d + "end" + e,
		d + "range .Rows" + e + d + "range .Items" + e + d + "kxkeep $.S 0 0" + e + d + "end" + e + d + "end" + e,
		d + "range (kxhrows .Rows)" + e + row + d + "end" + e,
		d + "range .Rows" + e + row + d + "- end" + e,
		d + "define \"x\"" + e + d + "range .Rows" + e + row + d + "end" + e + d + "end" + e,
		d + "range .Rows" + e + row,
	} {
		c := &compiled{}
		if got := c.fuseRows(src); got != src || len(c.rows) != 0 {
			t.Errorf("%q fused: %q", src, got)
		}
	}
	c := &compiled{}
	keep := d + "$kxn1 := len (.Passport.Rows)" + e
	src := "a" + keep + d + "range $kxi1, $kxe1 := .Passport.Rows" + e + d + "kxkeep $.S $kxi1 $kxn1" + e +
		d + "if kxrow (.Label) ( .Value )" + e + row + d + "end" + e + d + "kxkeep $.S 0 0" + e + d + "end" + e + "b"
	got := c.fuseRows(src)
	want := "a" + keep + d + "if kxrows $.S 0 .Passport.Rows" + e + d + "else" + e + src[1+len(keep):len(src)-1] + d + "end" + e + "b"
	if got != want || len(c.rows) != 1 {
		t.Fatalf("passport not fused:\n%q\nwant\n%q", got, want)
	}
	ops := c.rows[0].ops
	if len(ops) != 3 || ops[0].kind != rowKeep || ops[1].kind != rowIf || strings.Join(ops[1].fields, ",") != "Label,Value" || ops[2].kind != rowKeepReset {
		t.Errorf("passport ops %+v", ops)
	}
	// A plan's sections: the section row spans the grid, the measures
	// range inside with their fused cells.
	src = d + "range .Plan.Sections" + e + d + "if kxrow (.Number) (.Title)" + e + "<w:tr>" + d + "kxspanw $kxg2 1" + e + d + "kxspan $kxg2 1" + e + "</w:tr>" + d + "end" + e +
		d + "range .Items" + e + "<w:tr>" + d + "if kxcells $.S 3 .Cells" + e + d + "else" + e + d + "range .Cells" + e + "c" + d + "end" + e + d + "end" + e + "</w:tr>" + d + "end" + e + d + "end" + e
	got = c.fuseRows(src)
	if !strings.HasPrefix(got, d+"if kxrows $.S 1 .Plan.Sections $kxg2"+e+d+"else"+e+src) || len(c.rows) != 2 || !c.rows[1].grid {
		t.Fatalf("sections not fused: %q", got)
	}
	ops = c.rows[1].ops
	if len(ops) != 2 || ops[0].kind != rowIf || ops[1].kind != rowRange || ops[1].field != "Items" || len(ops[1].kids) != 3 || ops[1].kids[1].kind != rowCellsOp || ops[1].kids[1].n != 3 {
		t.Errorf("section ops %+v", ops)
	}
}

// A fused row's condition is kxrow of its fields, for every row kind.
func TestRowShownIsKxrow(t *testing.T) {
	var rows []any
	for _, n := range []RowText{"", "1."} {
		for _, ti := range []RowText{"", "Раздел"} {
			rows = append(rows, &Section{Number: n, Title: ti})
		}
	}
	rows = append(rows, &PassportRow{}, &PassportRow{Label: "a"}, &Item{})
	for _, e := range rows {
		for _, fields := range [][]string{{"Number"}, {"Title"}, {"Number", "Title"}, {"Title", "Number"}, {"Label", "Value"}, {"Note"}} {
			var vals []any
			known := true
			for _, f := range fields {
				v, ok := rowValue(e, f)
				known = known && ok
				vals = append(vals, v)
			}
			if !known {
				continue
			}
			if got, want := rowShown(e, fields), kxrow(vals...); got != want {
				t.Errorf("%+v %v: rowShown %v, kxrow %v", e, fields, got, want)
			}
		}
	}
}

// A fused cell's paragraph is para of the cell's value with the cell as
// the dot, for every alignment, a scaled-down table's size, rich content
// and an empty value; and keeping with the next row.
func TestCellParaIsPara(t *testing.T) {
	reg, err := templates.New()
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range reg.List() {
		if v.Manifest.Docx == nil {
			continue
		}
		c, err := compile(v)
		if err != nil {
			t.Fatal(err)
		}
		for idx := range c.ctxs {
			for _, keep := range []bool{false, true} {
				for _, align := range []string{"", "left", "center", "right", "justify"} {
					for _, size := range []int{0, 18} {
						for _, val := range []document.Content{nil, document.Text("a<b\nв"), {{Text: "x"}, {List: &document.List{Items: []document.ListItem{{Text: "п"}}}}}} {
							cell := Cell{Value: val, Align: align, size: size, Twips: 100}
							var a, b partOut
							sa := &state{c: c, keepNext: keep}
							sb := &state{c: c, keepNext: keep}
							errA := c.cellPara(sa, &a, idx, &cell)
							errB := c.para(sb, &b, idx, cell, cell.Value)
							if (errA == nil) != (errB == nil) || a.String() != b.String() || len(sa.nums) != len(sb.nums) {
								t.Fatalf("%s ctx %d %+v: cellPara %q %v, para %q %v", v.Ref(), idx, cell, a.String(), errA, b.String(), errB)
							}
						}
					}
				}
			}
		}
	}
}

// A fused row's paragraph is para of the row's field: rowContent reads
// every field kxrows prints as para reads the value the template passes.
func TestRowParaIsPara(t *testing.T) {
	c := &compiled{ctxs: []pctx{{pPr: "<w:pPr><w:jc w:val=\"center\"/></w:pPr>", rPr: "<w:rPr><w:b/></w:rPr>"}}}
	rich := document.Content{{Text: "a&b"}, {List: &document.List{Items: []document.ListItem{{Text: "x"}}}}}
	rows := []any{
		&PassportRow{}, &PassportRow{Label: "Цель", Value: rich}, &PassportRow{Label: "<", Value: document.Text("д\tп")},
		&Section{}, &Section{Number: "1.", Title: "Раздел"}, &Item{}, &Item{Number: "1.1", Status: "выполнено", Note: "н"},
	}
	for _, e := range rows {
		for _, f := range []string{"Label", "Value", "Number", "Title", "Status", "Note", "Cells"} {
			v, okV := rowValue(e, f)
			_, okC := rowContent(e, f)
			if okV != okC {
				t.Fatalf("%T.%s: rowValue %v, rowContent %v", e, f, okV, okC)
			}
			if !okV {
				continue
			}
			for _, keep := range []bool{false, true} {
				var a, b partOut
				sa, sb := &state{c: c, keepNext: keep}, &state{c: c, keepNext: keep}
				errA := c.rowPara(sa, &a, 0, e, f)
				errB := c.para(sb, &b, 0, nil, v)
				if (errA == nil) != (errB == nil) || a.String() != b.String() {
					t.Errorf("%+v.%s: rowPara %q %v, para %q %v", e, f, a.String(), errA, b.String(), errB)
				}
			}
		}
	}
}
