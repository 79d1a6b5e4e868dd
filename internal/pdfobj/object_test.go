package pdfobj

import (
	"bytes"
	"slices"
	"strings"
	"testing"
)

func TestStringNameText(t *testing.T) {
	for in, want := range map[string]string{
		`(a\(b\)\\c\n\101\0612)`: "a(b)\\c\nA12",
		"(line\\\ncontinued)":    "linecontinued",
		"(cr\r\nlf)":             "cr\nlf",
		"<4B 61 7>":              "Kap",
		"<>":                     "",
	} {
		got, ok := String([]byte(in))
		if !ok || string(got) != want {
			t.Errorf("String(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, bad := range []string{"abc", "<<>>", "(", "<zz>", ""} {
		if got, ok := String([]byte(bad)); ok {
			t.Errorf("String(%q) = %q, want no string", bad, got)
		}
	}
	if got, ok := Name([]byte("/application#2Fjson")); !ok || got != "application/json" {
		t.Errorf("Name = %q, %v", got, ok)
	}
	if _, ok := Name([]byte("/a b")); ok {
		t.Error("a name with a space")
	}
	for in, want := range map[string]string{
		TextString("отчёт 2024.json"): "отчёт 2024.json",
		"(plain.json)":                "plain.json",
		"<EFBBBF D0B0>":               "а",
		"(caf\\351)":                  "café",
	} {
		if got, ok := Text([]byte(in)); !ok || got != want {
			t.Errorf("Text(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
}

func TestElems(t *testing.T) {
	got, ok := Elems([]byte("[1 0 R /A (x]) <<>> [2] 3]"))
	want := []string{"1 0 R", "/A", "(x])", "<<>>", "[2]", "3"}
	if !ok || !slices.Equal(strs(got), want) {
		t.Errorf("Elems = %q, %v", got, ok)
	}
	for _, bad := range []string{"[1 2", "1 2]", "[1] x", ""} {
		if _, ok := Elems([]byte(bad)); ok {
			t.Errorf("Elems(%q) is an array", bad)
		}
	}
}

func strs(b [][]byte) []string {
	var out []string
	for _, x := range b {
		out = append(out, string(x))
	}
	return out
}

func TestObjectAtStream(t *testing.T) {
	pdf := []byte("%PDF-1.7\n1 0 obj\n<< /Length 5 >>\nstream\r\nhello\nendstream\nendobj\n2 0 obj\n42\nendobj\n3 0 obj\n<< /Length 9 >>\nstream\nhello\nendstream\nendobj\n")
	at := func(n int) Entry {
		i := bytes.Index(pdf, []byte{'\n', byte('0' + n), ' '})
		return Entry{Num: n, Offset: i + 1}
	}
	o, err := ObjectAt(pdf, at(1))
	if err != nil || string(o.Value) != "<< /Length 5 >>" {
		t.Fatalf("object 1: %+v %v", o, err)
	}
	if data, err := StreamData(pdf, o, 5); err != nil || string(data) != "hello" {
		t.Errorf("stream 1: %q %v", data, err)
	}
	if _, err := StreamData(pdf, o, 3); err == nil || !strings.Contains(err.Error(), "endstream") {
		t.Errorf("a short /Length: %v", err)
	}
	if _, err := StreamData(pdf, o, len(pdf)); err == nil {
		t.Error("a /Length past the end")
	}
	o, err = ObjectAt(pdf, at(2))
	if err != nil || string(o.Value) != "42" || o.Stream != -1 {
		t.Errorf("object 2: %+v %v", o, err)
	}
	if _, err := StreamData(pdf, o, 0); err == nil {
		t.Error("the data of no stream")
	}
	o, err = ObjectAt(pdf, at(3))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := StreamData(pdf, o, 9); err == nil {
		t.Error("a /Length that runs into endstream")
	}
	if _, err := ObjectAt(pdf, Entry{Num: 2, Offset: at(1).Offset}); err == nil {
		t.Error("object 2 where object 1 is")
	}
}

// FuzzObject: the value readers neither panic nor read outside the input.
func FuzzObject(f *testing.F) {
	f.Add([]byte("1 0 obj\n<< /Length 2 0 R /Filter [/FlateDecode] >>\nstream\nxx\nendstream\nendobj\n"), 2)
	f.Add([]byte("1 0 obj\n[(a\\) <4142> /N#41 1 0 R]\nendobj\n"), 0)
	f.Fuzz(func(t *testing.T, data []byte, length int) {
		o, err := ObjectAt(data, Entry{Num: 1})
		if err != nil {
			return
		}
		if d, err := StreamData(data, o, length); err == nil && (len(d) != length || o.Stream+length > len(data)) {
			t.Fatalf("stream of %d bytes for length %d", len(d), length)
		}
		items, _ := Elems(o.Value)
		for _, it := range items {
			String(it)
			Text(it)
			Name(it)
		}
	})
}
