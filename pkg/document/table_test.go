package document

import (
	"errors"
	"strings"
	"testing"
)

func TestParseNumber(t *testing.T) {
	for _, c := range []struct {
		in    string
		units int64
		frac  int
	}{
		{"1234.5", 12345, 1}, {"1 234,5", 12345, 1}, {"1234,50", 123450, 2},
		{"1\u00a0234\u00a0567,25", 123456725, 2}, {"-12,5", -125, 1}, {"0", 0, 0}, {"1\u202f000", 1000, 0},
	} {
		u, f, err := ParseNumber(c.in)
		if err != nil || u != c.units || f != c.frac {
			t.Errorf("ParseNumber(%q) = %d, %d, %v; want %d, %d", c.in, u, f, err, c.units, c.frac)
		}
	}
	for _, bad := range []string{"12,3,4", "1,2.3", "abc", "12 ,5", ",5", "5,", "1e5", "9999999999999999", "- 5"} {
		if _, _, err := ParseNumber(bad); err == nil {
			t.Errorf("ParseNumber(%q): no error", bad)
		}
	}
}

func TestFormatNumber(t *testing.T) {
	for _, c := range []struct {
		units int64
		dec   int
		want  string
	}{
		{12345, 1, "1\u00a0234,5"}, {5, 2, "0,05"}, {0, 0, "0"}, {-1234567, 0, "-1\u00a0234\u00a0567"}, {100000, 1, "10\u00a0000,0"}, {999, 0, "999"},
	} {
		if got := FormatNumber(c.units, c.dec); got != c.want {
			t.Errorf("FormatNumber(%d, %d) = %q, want %q", c.units, c.dec, got, c.want)
		}
	}
}

func moneyTable() *Table {
	return &Table{
		Columns: []TableColumn{
			{Title: "Источник"},
			{Title: "2021", Type: ColumnMoney},
			{Title: "2022", Type: ColumnMoney},
			{Title: "Всего", Type: ColumnMoney, Total: true},
		},
		Rows: [][]Content{
			{Text("Федеральный бюджет"), Text("1 000,5"), Text("2000.25"), nil},
			{Text("Местный бюджет"), Text("10"), Text("–"), Text("10,00")},
		},
		TotalRow: "Всего",
	}
}

func TestTableNumbersTotals(t *testing.T) {
	n, probs := moneyTable().Numbers()
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	// Exact: 1000.5 + 2000.25 = 3000.75 in hundredths, no float drift.
	if n.TotalCol != 3 || n.TotalRow != 2 || !n.Appended || n.Decimals[3] != 2 || n.Decimals[1] != 1 {
		t.Fatalf("shape: %+v", n)
	}
	if v := n.Values[0][3]; v.Units != 300075 || !v.Computed {
		t.Errorf("row total = %+v", v)
	}
	if v := n.Values[2][1]; v.Units != 10105 || !v.Computed {
		t.Errorf("column total 2021 = %+v", v)
	}
	if v := n.Values[2][3]; v.Units != 301075 {
		t.Errorf("grand total = %+v", v)
	}
	if v := n.Values[1][2]; v.Set {
		t.Errorf("a dash is no value: %+v", v)
	}
}

func TestTableWrongTotalIsAProblem(t *testing.T) {
	tb := moneyTable()
	tb.Rows[1][3] = Text("12,00")
	tb.Rows = append(tb.Rows, []Content{Text("Всего"), Text("1 010,5"), Text("2 000,25"), nil})
	tb.Rows[0][1] = Text("1 000,5")
	d := &Document{Kind: KindAnalysis, Organization: Organization{FullName: "Школа"}, Title: "Т",
		Body: []Block{{Paragraph: &Paragraph{Text: "а"}}, {Paragraph: &Paragraph{Text: "б"}}, {Paragraph: &Paragraph{Text: "в"}}, {Table: tb}}}
	err := Validate(d)
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("want a validation error, got %v", err)
	}
	got := map[string]string{}
	for _, p := range ve.Problems {
		got[p.Path] = p.Message
	}
	if m := got["body[3].table.rows[1][3]"]; !strings.Contains(m, "12,00") || !strings.Contains(m, "10,00") {
		t.Errorf("row total: %q (all: %v)", m, got)
	}
	// 1 000,5 + 10 = 1 010,5: the given 2021 total is right, so no problem there.
	if m, ok := got["body[3].table.rows[2][1]"]; ok {
		t.Errorf("a right total is a problem: %q", m)
	}
	tb.Rows[1][3] = nil
	tb.Rows[2][1] = Text("1 010,4")
	tb.Rows[1][1] = Text("12,3,4")
	ve = nil
	if !errors.As(Validate(d), &ve) {
		t.Fatal("no problems")
	}
	got = map[string]string{}
	for _, p := range ve.Problems {
		got[p.Path] = p.Message
	}
	if m := got["body[3].table.rows[1][1]"]; !strings.Contains(m, "«12,3,4» не число") {
		t.Errorf("invalid number: %q (all %v)", m, got)
	}
}

// A group whose end overflows int is out of the columns, not accepted.
func TestTableGroupOverflow(t *testing.T) {
	tb := moneyTable()
	tb.Groups = []TableGroup{{Title: "Г", From: 2, Span: int(^uint(0) >> 1)}}
	d := &Document{Kind: KindAnalysis, Organization: Organization{FullName: "Школа"}, Title: "Т", Body: []Block{{Table: tb}}}
	var ve *ValidationError
	if !errors.As(Validate(d), &ve) || ve.Problems[0].Path != "body[0].table.groups[0]" {
		t.Fatalf("got %v", ve)
	}
}
