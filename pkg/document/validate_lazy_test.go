package document

import (
	"errors"
	"reflect"
	"testing"
)

// The plan's checks run without a path first and again with it only when
// they find something (validate_lazy.go): every problem still comes at
// its own place, in order, however many one measure has.
func TestValidatePlanProblemPaths(t *testing.T) {
	d := &Document{Kind: KindRoadmap, Organization: Organization{FullName: "МКОУ СОШ"}, Title: "План",
		Body: []Block{{Plan: &Plan{Sections: []Section{
			{Title: "Раздел", Items: []Measure{
				{Number: "1.1", Cells: map[string]Content{"title": Text("Семинар")}},
				{Number: "1\u202e.2", Note: "x\x01", Cells: map[string]Content{
					"title":    Text("а\x02"),
					"deadline": {{Text: "май"}, {List: &List{Items: []ListItem{{Text: "б\u200b"}}}}},
				}},
			}},
			{Title: "Второй", Items: []Measure{
				{Number: "1.1", Note: "ok", Cells: map[string]Content{"title": Text("в\x03")}},
			}},
		}}}}}
	err := Validate(d)
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("Validate: %v", err)
	}
	var paths []string
	for _, p := range ve.Problems {
		paths = append(paths, p.Path)
	}
	want := []string{
		"body[0].plan.sections[0].items[1].number",
		"body[0].plan.sections[0].items[1].note",
		"body[0].plan.sections[0].items[1].deadline[1].list.items[0]",
		"body[0].plan.sections[0].items[1].title",
		"body[0].plan.sections[1].items[0].number",
		"body[0].plan.sections[1].items[0].title",
	}
	if !reflect.DeepEqual(paths, want) {
		t.Fatalf("paths:\n%q\nwant\n%q\n%v", paths, want, err)
	}
	if m := ve.Problems[4].Message; m != "номер «1.1» уже есть у мероприятия body[0].plan.sections[0].items[0]" {
		t.Fatalf("duplicate: %s", m)
	}
}
