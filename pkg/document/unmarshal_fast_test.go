package document

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// TestFastMeasureAgrees reads measures and contents of every shape through
// UnmarshalJSON (which takes the one-pass reader when it can) and through
// the general reader alone: the results, errors included, must be the same.
func TestFastMeasureAgrees(t *testing.T) {
	measures := []string{
		`{}`,
		` { "title" : "Семинар" , "deadline":["Май","Июнь"] } `,
		`{"title":"a\"b\\c\u0410\n","number":"1.1","status":"done","note":"Выполнено"}`,
		`{"title":[],"product":[""],"actions":""}`,
		`{"ti\u0074le":"escaped key","title":"dup"}`,
		`{"title":"x","title":"last wins"}`,
		`{"title":{"list":{"items":["a"]}}}`,
		`{"title":["a",{"list":{"items":["b",{"text":"c"}]}}]}`,
		`{"title":null}`,
		`{"number":1}`,
		`{"status":["done"]}`,
		`{"title":"a",}`,
		`{"title":"a"`,
		`{"title":"a"} x`,
		"{\"title\":\"bad \xff utf8\"}",
		"{\"title\":\"tab\there\"}",
		`["not","an","object"]`,
		`{"title":"\ud800"}`,
	}
	for _, in := range measures {
		var fast, general Measure
		errF := fast.UnmarshalJSON([]byte(in))
		errG := general.unmarshalGeneral([]byte(in))
		if (errF == nil) != (errG == nil) || !reflect.DeepEqual(fast, general) {
			t.Errorf("%s:\n fast    %#v, %v\n general %#v, %v", in, fast, errF, general, errG)
		}
	}
	contents := []string{`"a"`, ` [ "a" , "b" ] `, `[]`, `[""]`, `"\u0041\t"`, `["a",{"list":{"items":["b"]}}]`,
		`null`, `1`, `["a",]`, `[1]`, "\"\xfe\"", `"a" "b"`}
	for _, in := range contents {
		var fast, general Content
		errF := fast.UnmarshalJSON([]byte(in))
		errG := general.unmarshalGeneral([]byte(in))
		if (errF == nil) != (errG == nil) || !reflect.DeepEqual(fast, general) {
			t.Errorf("%s:\n fast    %#v, %v\n general %#v, %v", in, fast, errF, general, errG)
		}
	}
}

// TestMeasureDecodeAllocations bounds what reading a five-cell measure
// allocates: the map, its cells' parts and strings — not a raw message per
// key and a re-scan of every value (53 allocations before, 23 after).
func TestMeasureDecodeAllocations(t *testing.T) {
	data := []byte(`{"title":"Анкетирование педагогов","deadline":"Февраль 2024г.","responsible":["Зам. директора по УВР","Руководители ШМО"],"actions":"Выявление","product":"Справка"}`)
	allocs := testing.AllocsPerRun(100, func() {
		var m Measure
		if err := json.Unmarshal(data, &m); err != nil {
			t.Fatal(err)
		}
	})
	if allocs > 30 {
		t.Errorf("a measure allocates %.0f times, want ≤ 30", allocs)
	}
}

// appendJSONString writes what encoding/json writes without HTML
// escaping, on malformed and edge UTF-8 too.
func TestAppendJSONStringEdges(t *testing.T) {
	for _, s := range []string{"", "Ёж «ёлка» — №1", "\xd0", "\xd0A", "A\xd0", "\xc1\x80", "\xc2\x80", "\xdf\xbf", "\xe2\x80\xa8x\xe2\x80\xa9",
		"\xe2\x80", "\xf0\x9f\x98\x80", "\xed\xa0\x80", "\x00\x1f\"\\\t\n\r", "<&>", "\u007f\u0080"} {
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(s); err != nil {
			t.Fatal(err)
		}
		if got := string(appendJSONString(nil, s)); got != strings.TrimSuffix(want.String(), "\n") {
			t.Errorf("%q: %s, want %s", s, got, want.String())
		}
	}
}
