package csvsafe

import (
	"encoding/csv"
	"strings"
	"testing"
)

func TestNeutralize(t *testing.T) {
	for in, want := range map[string]string{
		`=HYPERLINK("http://x","y")`: `'=HYPERLINK("http://x","y")`,
		"+1+1":                       "'+1+1",
		"-2+3":                       "'-2+3",
		"@SUM(1+1)":                  "'@SUM(1+1)",
		"\t=1":                       "'\t=1",
		"\r=1":                       "'\r=1",
		"\n=1":                       "'\n=1",
		"＝1+1":                       "'＝1+1",
		"＋1":                         "'＋1",
		"－1":                         "'－1",
		"＠A1":                        "'＠A1",
		// Values the index really holds stay as they are.
		"МКОУ СОШ №1":        "МКОУ СОШ №1",
		"s0001.pdf":          "s0001.pdf",
		"sha256:0a1b":        "sha256:0a1b",
		"12345":              "12345",
		"school-roadmap@1.1": "school-roadmap@1.1",
		"a=b":                "a=b",
		"":                   "",
	} {
		if got := Neutralize(in); got != want {
			t.Errorf("Neutralize(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestEncode(t *testing.T) {
	data, err := Encode([][]string{{"id", "name"}, {"1", "=1+1"}, {"2", "a;b \"c\""}})
	if err != nil {
		t.Fatal(err)
	}
	want := "\ufeffid;name\r\n1;'=1+1\r\n2;\"a;b \"\"c\"\"\"\r\n"
	if string(data) != want {
		t.Fatalf("got %q\nwant %q", data, want)
	}
	// It reads back with the standard reader, apostrophes aside.
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(data), BOM)))
	r.Comma = Comma
	rows, err := r.ReadAll()
	if err != nil || len(rows) != 3 || rows[2][1] != `a;b "c"` || rows[1][1] != "'=1+1" {
		t.Fatalf("read back %q, %v", rows, err)
	}
}
