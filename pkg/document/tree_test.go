package document

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// checkedTree is what decode fills the model from: the parsed tree after
// the schema check (repaired when it found problems). ok is false when
// the input does not parse.
func checkedTree(t testing.TB, data []byte) (tree any, good, ok bool) {
	t.Helper()
	if invalidUTF8(data) >= 0 {
		return nil, false, false
	}
	data = bytes.TrimPrefix(data, bom)
	p := &parser{data: data}
	tree = p.value(0)
	p.space()
	if p.failed || p.i < len(data) {
		return nil, false, false
	}
	s, err := compiledSchema()
	if err != nil {
		t.Fatal(err)
	}
	c := &check{s: s}
	tree = c.validate(s.root, tree, "")
	if len(p.problems) > 0 {
		tree = stripInvisibleTree(tree)
	}
	return tree, len(p.problems)+len(c.problems) == 0, true
}

// checkTreeMapping asserts that the model filled from the tree is what
// encoding/json reads: from the input itself when the schema accepted it,
// from the repaired tree re-encoded otherwise (as decode did before).
// It reports whether the input took the good path.
func checkTreeMapping(t testing.TB, data []byte) bool {
	t.Helper()
	tree, good, ok := checkedTree(t, data)
	if !ok {
		return false
	}
	var want Document
	var wantErr error
	if good {
		wantErr = strictUnmarshal(bytes.TrimPrefix(data, bom), &want)
	} else {
		enc, err := json.Marshal(tree)
		if err != nil {
			t.Fatalf("repaired tree does not encode: %v", err)
		}
		wantErr = strictUnmarshal(enc, &want)
	}
	got, err := documentFromTree(tree)
	if (err == nil) != (wantErr == nil) {
		t.Fatalf("tree: %v; encoding/json: %v (schema accepted it: %v)\n%s", err, wantErr, good, data)
	}
	if err == nil && !reflect.DeepEqual(got, &want) {
		t.Fatalf("tree and encoding/json differ (schema accepted it: %v):\n%#v\n%#v\n%s", good, got, &want, data)
	}
	return good
}

// testDocuments are the JSON files of the repository's test data.
func testDocuments(t testing.TB) map[string][]byte {
	t.Helper()
	var files []string
	for _, pattern := range []string{"../../testdata/*/*.json", "../../testdata/*/*/*.json", "../*/testdata/*.json", "../*/testdata/*/*.json", "testdata/*.json"} {
		m, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	out := map[string][]byte{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out[f] = data
	}
	return out
}

func TestTreeMatchesUnmarshalOnTestDocuments(t *testing.T) {
	docs := testDocuments(t)
	good, bad := 0, 0
	for name, data := range docs {
		t.Run(filepath.ToSlash(name), func(t *testing.T) {
			if checkTreeMapping(t, data) {
				good++
			} else {
				bad++
			}
		})
	}
	// Every field of the model is also exercised by TestTreeKnowsEveryField;
	// these are the documents users actually write.
	if good < 15 || bad < 1 {
		t.Fatalf("%d good and %d repaired documents: the test data is not where it was", good, bad)
	}
}

// FuzzDecodeTree holds the tree reader to encoding/json's answer for
// whatever parses: for what the schema accepts, the model read from the
// text; for what it repairs, the model read from the repaired tree. Input
// with invalid UTF-8 is refused at its first invalid byte.
func FuzzDecodeTree(f *testing.F) {
	for _, data := range testDocuments(f) {
		if len(data) <= maxFuzzInput {
			f.Add(data)
		}
	}
	for _, s := range []string{
		minimal,
		fourProblems,
		strings.Replace(minimal, `"Май 2024г."`, `"\ud800 \udc00\ud83d\ude00 \u00e9\"\\\/\b\f\n\r\t"`, 1),
		strings.Replace(minimal, `"deadline": "Май 2024г."`, `"deadline": [{"list": {"items": [{"text": "a", "list": {"items": ["b"]}}]}}, "c", {"text": ""}]`, 1),
		strings.Replace(minimal, `"deadline": "Май 2024г."`, `"deadline": [], "note": "x", "status": "done", "number": "1."`, 1),
		`{"kind":"analysis","organization":{"full_name":"x"},"title":"x","period":{"year":2024,"academic_year":"2023-2024"},"body":[{"chart":{"type":"bar","title":"t","categories":["a"],"series":[{"name":"s","values":[1.5e2,-0,3]}],"decimals":1,"target":{"name":"n","value":2.25},"legend":false,"stacked":true,"unit":"%"}}]}`,
		`{"kind":"analysis","organization":{"full_name":"x"},"title":"x","body":[{"table":{"columns":[{"title":"a","type":"number","decimals":2,"width":1.5,"total":true,"align":"right","unit":"р"}],"header":false,"groups":[{"title":"g","from":1,"span":1}],"total_row":"Всего","rows":[["1"],[["2"]],[]]}}]}`,
		`{"kind":"analysis","organization":{"full_name":"x"},"title":"x","body":[{"table":{"columns":[{"title":"a","decimals":2.5}],"rows":[]}}]}`,
		`{"kind":"roadmap","letterhead":false,"title":"x","appendix":{"number":"1","to":"к приказу","date":"d","order_number":"n","reference":"r"},"cover":true,"heading_numbering":"roman","body":[{"page_break":{}},{"contents":{"title":"Содержание","levels":3}},{"heading":{"text":"h","level":2,"align":"left","numbered":false}},{"paragraph":{"text":"p","indent":false}},{"signature":{"position":"p","name":"n","date":"d"}}]}`,
		`{"kind":"roadmap","organization":{"full_name":"x"},"title":"x","approvals":[{"kind":"approve","lines":["a",""],"heading":false,"signature_line":true}],"body":[{"passport":{"rows":[{"label":"l","value":["a",{"list":{"ordered":true,"start":3,"marker":"*","items":[]}}]}]}}]}`,
		`{"kind":"roadmap","title":1,"body":[{"heading":{"text":"h","level":1.5}},{"plan":{"items":[{"a":5,"number":null}]}}],"period":{"year":1e999}}`,
		`{"kind":"roadmap","body":[{"plan":{"columns":[],"items":[{"x":"\u202e"}]}}],"x":{"y":1}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > maxFuzzInput {
			t.Skip()
		}
		checkUTF8First(t, data)
		checkTreeMapping(t, data)
	})
}

// TestTreeKnowsEveryField fills every JSON field of every type the
// Document holds, writes it with encoding/json and reads it back from the
// tree: a field the tree reader does not know is an unknown field there,
// and one it reads into the wrong place makes the documents differ.
func TestTreeKnowsEveryField(t *testing.T) {
	g := &filler{}
	var want Document
	g.fill(reflect.ValueOf(&want).Elem(), 0)
	enc, err := json.Marshal(&want)
	if err != nil {
		t.Fatal(err)
	}
	var viaJSON Document
	if err := strictUnmarshal(enc, &viaJSON); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(&viaJSON, &want) {
		t.Fatalf("the filled document does not survive encoding/json; teach filler the new form:\n%#v\n%s", &viaJSON, enc)
	}
	p := &parser{data: enc}
	tree := p.value(0)
	if p.failed {
		t.Fatal(p.errMsg)
	}
	got, err := documentFromTree(tree)
	if err != nil {
		t.Fatalf("tree reader: %v\n%.2000s", err, enc)
	}
	if !reflect.DeepEqual(got, &want) {
		t.Fatalf("tree reader differs from encoding/json:\n%#v\n%#v", got, &want)
	}
	// Every field of every struct came out set at least once.
	all := map[string]bool{}
	structFields(reflect.TypeFor[Document](), all)
	set := map[string]bool{}
	setFields(reflect.ValueOf(got).Elem(), set)
	for f := range all {
		if !set[f] {
			t.Errorf("%s is never set by the test's filler", f)
		}
	}
	if len(all) < 100 {
		t.Fatalf("only %d fields found in the model", len(all))
	}
}

// filler sets every exported field to a value that is not zero, nested
// pointers and slices down to a depth.
type filler struct{ n int }

func (g *filler) fill(v reflect.Value, depth int) {
	g.n++
	switch v.Kind() {
	case reflect.String:
		v.SetString("«значение» " + strings.Repeat("x", g.n%5) + "\n\"")
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int:
		v.SetInt(int64(g.n))
	case reflect.Float64:
		v.SetFloat(float64(g.n) + 0.25)
	case reflect.Pointer:
		if depth > 4 {
			return
		}
		p := reflect.New(v.Type().Elem())
		g.fill(p.Elem(), depth+1)
		v.Set(p)
	case reflect.Slice:
		if depth > 4 {
			return
		}
		if v.Type() == reflect.TypeFor[Content]() {
			// One part is a paragraph or a list: Content writes a part
			// with both as its list.
			text, list := Part{}, Part{}
			g.fill(reflect.ValueOf(&text.Text).Elem(), depth+1)
			g.fill(reflect.ValueOf(&list.List).Elem(), depth+1)
			v.Set(reflect.ValueOf(Content{text, list}))
			return
		}
		s := reflect.MakeSlice(v.Type(), 2, 2)
		for i := range 2 {
			g.fill(s.Index(i), depth+1)
		}
		v.Set(s)
	case reflect.Map:
		m := reflect.MakeMap(v.Type())
		for _, k := range []string{"cell", "Number"} {
			e := reflect.New(v.Type().Elem()).Elem()
			g.fill(e, depth+1)
			m.SetMapIndex(reflect.ValueOf(k), e)
		}
		v.Set(m)
	case reflect.Struct:
		for i := range v.NumField() {
			if f := v.Type().Field(i); f.IsExported() && f.Tag.Get("json") != "-" {
				g.fill(v.Field(i), depth)
			}
		}
	}
}

// structFields collects "Type.Field" of every exported field of every
// struct reachable from t.
func structFields(t reflect.Type, out map[string]bool) {
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Map:
		structFields(t.Elem(), out)
	case reflect.Struct:
		if _, seen := out[t.Name()]; seen {
			return
		}
		out[t.Name()] = true
		for i := range t.NumField() {
			f := t.Field(i)
			if f.IsExported() && f.Tag.Get("json") != "-" {
				out[t.Name()+"."+f.Name] = true
				structFields(f.Type, out)
			}
		}
	}
}

// setFields collects "Type.Field" of every field that is not zero in v,
// and the names of the structs it holds.
func setFields(v reflect.Value, out map[string]bool) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			setFields(v.Elem(), out)
		}
	case reflect.Slice:
		for i := range v.Len() {
			setFields(v.Index(i), out)
		}
	case reflect.Map:
		for _, k := range v.MapKeys() {
			setFields(v.MapIndex(k), out)
		}
	case reflect.Struct:
		out[v.Type().Name()] = true
		for i := range v.NumField() {
			if !v.Type().Field(i).IsExported() {
				continue
			}
			if !v.Field(i).IsZero() {
				out[v.Type().Name()+"."+v.Type().Field(i).Name] = true
			}
			setFields(v.Field(i), out)
		}
	}
}
