package document

import (
	"encoding/json"
	"testing"
)

// The hand-written encoder agrees with encoding/json on what it decodes to,
// for every kind of character.
func TestContentJSONEscaping(t *testing.T) {
	for _, s := range []string{"", "plain", `"quoted" \ back`, "tab\there\nnew\rline", "\x00\x01\x1f", "«ёлочки» № 5", "<&>", "line\u2028sep\u2029", "bad\xffutf8", "😀"} {
		m := Measure{Number: s, Note: s, Cells: map[string]Content{"title": Text(s), "list": {{Text: s}, {List: &List{Items: []ListItem{{Text: s}}}}}}}
		data, err := json.Marshal(m)
		if err != nil {
			t.Fatalf("%q: %v", s, err)
		}
		var back Measure
		if err := json.Unmarshal(data, &back); err != nil {
			t.Fatalf("%q: %s does not decode: %v", s, data, err)
		}
		want := s
		if s == "bad\xffutf8" {
			want = "bad\ufffdutf8"
		}
		if back.Number != want || back.Note != want || back.Cells["title"].Plain() != want || back.Cells["list"][0].Text != want || back.Cells["list"][1].List.Items[0].Text != want {
			t.Errorf("%q came back as %+v", s, back)
		}
	}
}
