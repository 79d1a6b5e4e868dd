package document

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// maxFuzzInput keeps one execution fast; the seeds are below it except the
// 150-row plan, which is left to the unit tests.
const maxFuzzInput = 64 << 10

// FuzzDecode feeds arbitrary bytes to the decoder. Properties: no panic; an
// error is a *SyntaxError or a *ValidationError whose problems all have a
// message (no untyped «contract drift» error); the answer is the same on a
// second run (problem order is deterministic); a decoded document re-encodes
// to JSON that decodes to an equal document; the semantic checks run on
// decoded and partial documents without panicking, and DecodeAll agrees
// with DecodeBytes about the structural problems.
func FuzzDecode(f *testing.F) {
	for _, pattern := range []string{"seeds/*.json", "documents/*.json"} {
		files, err := filepath.Glob(filepath.Join("..", "..", "testdata", pattern))
		if err != nil {
			f.Fatal(err)
		}
		for _, file := range files {
			data, err := os.ReadFile(file)
			if err != nil {
				f.Fatal(err)
			}
			if len(data) <= maxFuzzInput {
				f.Add(data)
			}
		}
	}
	hostile := []string{
		minimal,
		fourProblems,
		"\ufeff" + minimal,
		strings.Replace(minimal, `"sections": [`, `"columns": [], "sections": [`, 1),
		strings.Replace(minimal, `"title": "Дорожная карта"`, `"title": "Дорожная карта", "title": "x"`, 1),
		strings.Replace(minimal, `"Май 2024г."`, `"Май \u202e2024г.\u200b"`, 1),
		strings.Replace(minimal, `"Май 2024г."`, "\"Май\u2066 2024\u202fг.\"", 1),
		strings.Replace(minimal, `"Май 2024г."`, `"\ud800 \udc00\ud83d\ude00"`, 1),
		strings.Replace(minimal, `"title": "Срок"`, `"title": "Срок", "width": 1e999`, 1),
		strings.Replace(minimal, `"МКОУ СОШ"`, `["МКОУ"]`, 1),
		strings.Replace(minimal, `"deadline": "Май 2024г."`, `"deadline": [{"list": {"items": [{"text": "a", "list": {"items": [5]}}]}}]`, 1),
		`{"kind":"roadmap","body":[{"table":{"columns":[{"title":"a"}],"rows":[["x",1],[]]}}],"approvals":[]}`,
		`{"kind":"mixed","organization":{"full_name":"x"},"title":"x","period":{"year":1e3,"from":"31.02.2024"},"body":[{"passport":{"rows":[{"label":"a","value":[{"text":"b"},{"list":{"items":[]}}]}]}}]}`,
		strings.Repeat(`{"a":`, 300) + `1` + strings.Repeat(`}`, 300),
		strings.Repeat(`[`, 100) + strings.Repeat(`]`, 100),
		`{"kind": 1, "kind": 2}`,
		`[]`, `null`, `"строка"`, ``, `{`, `{"a":1}x`, "{\"\u202e\": 1}",
	}
	for _, h := range hostile {
		f.Add([]byte(h))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > maxFuzzInput {
			t.Skip()
		}
		d, err := DecodeBytes(data)
		_, again := DecodeBytes(data)
		if errString(err) != errString(again) {
			t.Fatalf("second decode differs:\n%v\n%v", err, again)
		}
		all, errAll := DecodeAll(data, nil)
		if err != nil {
			checkError(t, err)
			checkError(t, errAll)
			var ve, veAll *ValidationError
			if errors.As(err, &ve) {
				if !errors.As(errAll, &veAll) {
					t.Fatalf("DecodeAll: %v, DecodeBytes: %v", errAll, err)
				}
				if ve.Partial != nil {
					_ = Validate(ve.Partial)
				}
				for _, p := range ve.Problems {
					if !containsProblem(veAll.Problems, p) {
						t.Fatalf("DecodeAll lost %q", p)
					}
				}
			}
			return
		}
		if d == nil {
			t.Fatal("nil document without an error")
		}
		if verr := Validate(d); (verr == nil) != (errAll == nil) || (errAll == nil && all == nil) {
			t.Fatalf("Validate: %v, DecodeAll: %v", verr, errAll)
		}
		enc, err := json.Marshal(d)
		if err != nil {
			t.Fatalf("encode: %v", err)
		}
		d2, err := DecodeBytes(enc)
		if err != nil {
			t.Fatalf("re-encoded document does not decode: %v\n%s", err, enc)
		}
		if !reflect.DeepEqual(normalized(d), normalized(d2)) {
			t.Fatalf("round trip differs:\n%+v\n%+v\n%s", d, d2, enc)
		}
	})
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func checkError(t *testing.T, err error) {
	t.Helper()
	var se *SyntaxError
	var ve *ValidationError
	switch {
	case errors.As(err, &se):
		if se.Msg == "" || se.Line < 1 || se.Column < 1 {
			t.Fatalf("syntax error without a place or message: %#v", se)
		}
	case errors.As(err, &ve):
		if len(ve.Problems) == 0 {
			t.Fatal("validation error without problems")
		}
		for _, p := range ve.Problems {
			if p.Message == "" {
				t.Fatalf("problem at %q without a message", p.Path)
			}
		}
	default:
		t.Fatalf("untyped error %T: %v", err, err)
	}
}

func containsProblem(ps []Problem, p Problem) bool {
	for _, q := range ps {
		if q == p {
			return true
		}
	}
	return false
}

// normalized treats an empty optional list as absent: "approvals": [] and
// "columns": [] encode as nothing (omitempty) and mean the same.
func normalized(d *Document) *Document {
	c := *d
	if len(c.Approvals) == 0 {
		c.Approvals = nil
	}
	c.Body = append([]Block(nil), d.Body...)
	for i, b := range c.Body {
		if b.Plan != nil && len(b.Plan.Columns) == 0 {
			p := *b.Plan
			p.Columns = nil
			c.Body[i].Plan = &p
		}
	}
	return &c
}
