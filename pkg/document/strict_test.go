package document

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// decodeProblems returns the problems of DecodeBytes as "path: message".
func decodeProblems(t *testing.T, src string) []string {
	t.Helper()
	_, err := DecodeBytes([]byte(src))
	return problemLines(t, err)
}

func problemLines(t *testing.T, err error) []string {
	t.Helper()
	if err == nil {
		return nil
	}
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("error %T, want *ValidationError: %v", err, err)
	}
	out := make([]string, len(ve.Problems))
	for i, p := range ve.Problems {
		if p.Message == "" {
			t.Errorf("problem at %q has no message", p.Path)
		}
		out[i] = p.String()
	}
	return out
}

func TestDuplicateKeysAreErrors(t *testing.T) {
	cases := []struct {
		name, src string
		want      string
	}{
		{"top level", strings.Replace(minimal, `"title": "Дорожная карта"`, `"title": "Дорожная карта", "title": "Другое"`, 1),
			"ключ «title» повторяется"},
		{"in a plan", strings.Replace(minimal, `"sections": [`, `"columns": [], "sections": [`, 1),
			"body[0].plan: ключ «columns» повторяется"},
		{"in a measure", strings.Replace(minimal, `"deadline": "Май 2024г."`, `"deadline": "Май 2024г.", "deadline": "Июнь 2024г."`, 1),
			"body[0].plan.sections[0].items[0]: ключ «deadline» повторяется"},
		{"spelled with an escape", strings.Replace(minimal, `"full_name": "МКОУ СОШ"`, `"full_name": "МКОУ СОШ", "full\u005fname": "Другая школа"`, 1),
			"organization: ключ «full_name» повторяется"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := decodeProblems(t, c.src)
			if !slices.Contains(got, c.want) {
				t.Errorf("problems %q, want %q", got, c.want)
			}
		})
	}
}

func TestInvisibleCharactersAreRefused(t *testing.T) {
	refused := []rune{'\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069',
		'\u200E', '\u200F', '\u061C', '\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF'}
	for _, r := range refused {
		src := strings.Replace(minimal, `"Май 2024г."`, `"Май `+string(r)+`2024г."`, 1)
		got := decodeProblems(t, src)
		want := "body[0].plan.sections[0].items[0].deadline: недопустимый невидимый символ U+" + hex(r) + " ("
		if len(got) != 1 || !strings.HasPrefix(got[0], want) || !strings.Contains(got[0], "в позиции 5") {
			t.Errorf("U+%04X: problems %q, want one starting %q at position 5", r, got, want)
		}
	}
}

func hex(r rune) string { return fmt.Sprintf("%04X", r) }

func TestInvisibleCharactersEverywhere(t *testing.T) {
	cases := []struct {
		name, old, new, want string
	}{
		{"title via escape", `"title": "Дорожная карта"`, `"title": "Дорожная карта \u202Eапрак"`,
			"title: недопустимый невидимый символ U+202E (RIGHT-TO-LEFT OVERRIDE) в позиции 16"},
		{"organisation", `"МКОУ СОШ"`, "\"МКОУ\u200bСОШ\"",
			"organization.full_name: недопустимый невидимый символ U+200B (ZERO WIDTH SPACE) в позиции 5"},
		{"column title", `"title": "Срок"`, "\"title\": \"Срок\u2066\"",
			"body[0].plan.columns[2].title: недопустимый невидимый символ U+2066 (LEFT-TO-RIGHT ISOLATE) в позиции 5"},
		{"template reference", `"kind": "roadmap",`, `"kind": "roadmap", "template": "school\u200d",`,
			"template: недопустимый невидимый символ U+200D (ZERO WIDTH JOINER) в позиции 7"},
		{"cell key", `"deadline": "Май 2024г."`, `"dead\u200bline": "Май 2024г."`,
			"body[0].plan.sections[0].items[0].dead\u200bline: недопустимый невидимый символ U+200B (ZERO WIDTH SPACE) в позиции 5"},
		{"list in a cell", `"deadline": "Май 2024г."`, `"deadline": [{"list": {"items": ["а", "б\u2069"]}}]`,
			"body[0].plan.sections[0].items[0].deadline[0].list.items[1]: недопустимый невидимый символ U+2069 (POP DIRECTIONAL ISOLATE) в позиции 2"},
		{"BOM inside a string", `"Май 2024г."`, "\"\ufeffМай 2024г.\"",
			"body[0].plan.sections[0].items[0].deadline: недопустимый невидимый символ U+FEFF (ZERO WIDTH NO-BREAK SPACE) в позиции 1"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := strings.Replace(minimal, c.old, c.new, 1)
			if src == minimal {
				t.Fatal("replacement did not apply")
			}
			got := decodeProblems(t, src)
			found := false
			for _, g := range got {
				found = found || strings.HasPrefix(g, c.want)
			}
			if !found {
				t.Errorf("problems %q, want one starting %q", got, c.want)
			}
		})
	}
}

// Visible spacing that the typography layer itself uses stays allowed.
func TestVisibleSpacesAreAllowed(t *testing.T) {
	src := strings.Replace(minimal, `"Май 2024г."`, "\"Май\u00a02024\u202fг. — «срок» №\u00a01 …\"", 1)
	d, err := DecodeBytes([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if err := Validate(d); err != nil {
		t.Fatal(err)
	}
}

// A document built in Go does not pass the decoder, so Validate refuses the
// characters too.
func TestValidateRefusesInvisibleCharacters(t *testing.T) {
	d, err := DecodeBytes([]byte(minimal))
	if err != nil {
		t.Fatal(err)
	}
	d.Title = "Дорожная\u202eкарта"
	got := problemLines(t, Validate(d))
	want := "title: недопустимый невидимый символ U+202E (RIGHT-TO-LEFT OVERRIDE) в позиции 9"
	if !slices.ContainsFunc(got, func(s string) bool { return strings.HasPrefix(s, want) }) {
		t.Errorf("problems %q, want %q", got, want)
	}
}

func TestLeadingBOMIsAccepted(t *testing.T) {
	d, err := DecodeBytes(append([]byte("\ufeff"), minimal...))
	if err != nil {
		t.Fatal(err)
	}
	if d.Title != "Дорожная карта" {
		t.Errorf("title %q", d.Title)
	}
	// Syntax errors after a BOM still point at the right place.
	bad := "{\n  \"kind\": ,\n}"
	_, plain := DecodeBytes([]byte(bad))
	_, err = DecodeBytes([]byte("\ufeff" + bad))
	var se, want *SyntaxError
	if !errors.As(err, &se) || !errors.As(plain, &want) || se.Line != want.Line || se.Column != want.Column || se.Msg != want.Msg {
		t.Errorf("error %#v, want %#v", err, plain)
	}
}

func TestDeepNestingIsRefused(t *testing.T) {
	deep := strings.Repeat("[", MaxDepth+1) + strings.Repeat("]", MaxDepth+1)
	_, err := DecodeBytes([]byte(`{"kind": "roadmap", "x": ` + deep + `}`))
	var se *SyntaxError
	if !errors.As(err, &se) || !strings.Contains(se.Msg, "глубже 256") {
		t.Fatalf("error %v, want a syntax error about nesting", err)
	}
	// A list nested as deep as a real document could is fine.
	var b strings.Builder
	for range 20 {
		b.WriteString(`{"text": "пункт", "list": {"items": [`)
	}
	b.WriteString(`"лист"`)
	for range 20 {
		b.WriteString(`]}}`)
	}
	src := strings.Replace(minimal, `"deadline": "Май 2024г."`, `"deadline": [{"list": {"items": [`+b.String()+`]}}]`, 1)
	if _, err := DecodeBytes([]byte(src)); err != nil {
		t.Fatal(err)
	}
}

func TestHugeNumberIsAProblemNotAnInternalError(t *testing.T) {
	src := strings.Replace(minimal, `{"key": "deadline", "title": "Срок"}`, `{"key": "deadline", "title": "Срок", "width": 1e999}`, 1)
	got := decodeProblems(t, src)
	want := []string{"body[0].plan.columns[2].width: число 1e999 вне допустимого диапазона"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("problems %q, want %q", got, want)
	}
}

// fourProblems has an unknown field, a wrong type in one measure, an empty
// required column in another and a date that does not exist.
const fourProblems = `{
  "kind": "roadmap",
  "organization": {"full_name": "МКОУ СОШ", "inn": "0701000000"},
  "title": "Дорожная карта",
  "date": "31.02.2024",
  "body": [{"plan": {"columns": [{"key": "number", "title": "№"}, {"key": "title", "title": "Мероприятие", "required": true}, {"key": "deadline", "title": "Срок"}],
    "sections": [{"title": "Раздел", "items": [
      {"title": "Семинар", "deadline": 2024},
      {"title": "", "deadline": "Май 2024г."}
    ]}]}}]
}`

var fourWant = []string{
	"organization.inn: неизвестное поле",
	"date: даты «31.02.2024» не существует",
	"body[0].plan.sections[0].items[0].deadline: ожидается строка или массив, получено целое число",
	"body[0].plan.sections[0].items[1].title: обязательная колонка «Мероприятие» не заполнена",
}

func TestDecodeAllReportsEveryProblemAtOnce(t *testing.T) {
	_, err := DecodeAll([]byte(fourProblems), nil)
	if got := problemLines(t, err); !reflect.DeepEqual(got, fourWant) {
		t.Errorf("problems\n%q\nwant\n%q", got, fourWant)
	}
	var ve *ValidationError
	if errors.As(err, &ve) && (ve.Partial == nil || ve.Partial.Title != "Дорожная карта") {
		t.Errorf("partial document %+v", ve.Partial)
	}
}

// The rules (from the template) apply to the partial document too.
func TestDecodeAllUsesTheRulesOfThePartialDocument(t *testing.T) {
	src := `{"kind": "roadmap", "organization": {"full_name": 7}, "title": "Т", "template": "x",
	  "body": [{"plan": {"sections": [{"title": "Р", "items": [{"title": "М", "budget": "100"}]}]}}]}`
	var asked *Document
	rules := func(d *Document) (Rules, error) {
		asked = d
		return Rules{Columns: []Column{{Key: "title", Title: "Мероприятие"}}}, nil
	}
	_, err := DecodeAll([]byte(src), rules)
	want := []string{
		"organization.full_name: ожидается строка, получено целое число",
		"body[0].plan.sections[0].items[0].budget: колонка «budget» не объявлена в плане; колонки: title",
	}
	if got := problemLines(t, err); !reflect.DeepEqual(got, want) {
		t.Errorf("problems\n%q\nwant\n%q", got, want)
	}
	if asked == nil || asked.Template != "x" {
		t.Errorf("rules asked for %+v", asked)
	}
	// A failing rules function does not hide the structural problems…
	_, err = DecodeAll([]byte(src), func(*Document) (Rules, error) { return Rules{}, errors.New("нет шаблона") })
	if got := problemLines(t, err); len(got) != 1 || got[0] != want[0] {
		t.Errorf("with failing rules: %q", got)
	}
	// …and is the answer for a document without them.
	_, err = DecodeAll([]byte(minimal), func(*Document) (Rules, error) { return Rules{}, errors.New("нет шаблона") })
	if err == nil || err.Error() != "нет шаблона" {
		t.Errorf("error %v, want the rules' error", err)
	}
}

func TestDecodeAllHasNoSpuriousRepeats(t *testing.T) {
	cases := []struct {
		name, old, new string
		want           []string
	}{
		{"wrong type is not also empty", `"title": "Дорожная карта"`, `"title": 5`,
			[]string{"title: ожидается строка, получено целое число"}},
		{"wrong type of an object hides its fields", `"organization": {"full_name": "МКОУ СОШ"}`, `"organization": "МКОУ СОШ"`,
			[]string{"organization: ожидается объект, получено строка"}},
		{"missing object hides its fields", `"organization": {"full_name": "МКОУ СОШ"},`, ``,
			[]string{"organization: обязательное поле отсутствует"}},
		{"wrong block type is not also an empty block", `{"plan":`, `{"heading": 5}, {"plan":`,
			[]string{"body[0].heading: ожидается объект, получено целое число"}},
		{"wrong cell type is not also a missing required cell", `"title": "Мероприятие", "deadline"`, `"title": ["а", 5], "deadline"`,
			[]string{"body[0].plan.sections[0].items[0].title[1]: ожидается строка или объект, получено целое число"}},
		{"empty title said once", `"title": "Дорожная карта"`, `"title": ""`,
			[]string{"title: не может быть пустым"}},
		{"invisible-only text is not also empty", `"title": "Дорожная карта"`, "\"title\": \"\u200b\"",
			[]string{"title: " + invisibleMessage('\u200b', 1)}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := strings.Replace(minimal, c.old, c.new, 1)
			if src == minimal {
				t.Fatal("replacement did not apply")
			}
			_, err := DecodeAll([]byte(src), nil)
			if got := problemLines(t, err); !reflect.DeepEqual(got, c.want) {
				t.Errorf("problems\n%q\nwant\n%q", got, c.want)
			}
		})
	}
}

func TestProblemsComeInDocumentOrder(t *testing.T) {
	src := `{"title": 1, "body": [{"heading": {"text": 2}}, {"paragraph": {"text": "x", "align": "middle"}}], "kind": "roadmap", "organization": {"zz": 1, "full_name": 3}, "kind": "analysis"}`
	got := decodeProblems(t, src)
	want := []string{
		"title: ожидается строка, получено целое число",
		"body[0].heading.text: ожидается строка, получено целое число",
		"body[1].paragraph.align: недопустимое значение «middle»; допустимо: justify, left, center, right",
		"organization.zz: неизвестное поле",
		"organization.full_name: ожидается строка, получено целое число",
		"ключ «kind» повторяется",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("problems\n%q\nwant\n%q", got, want)
	}
}

func TestDecodeBytesCarriesThePartialDocument(t *testing.T) {
	src := strings.Replace(minimal, `"title": "Дорожная карта"`, `"title": "Дорожная карта", "titel": "x"`, 1)
	_, err := DecodeBytes([]byte(src))
	var ve *ValidationError
	if !errors.As(err, &ve) || ve.Partial == nil {
		t.Fatalf("error %v without a partial document", err)
	}
	if got := ve.Partial.Body[0].Plan.Sections[0].Items[0].Cells["deadline"].Plain(); got != "Май 2024г." {
		t.Errorf("partial deadline %q", got)
	}
}
