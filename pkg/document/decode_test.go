package document

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

const minimal = `{
  "kind": "roadmap",
  "organization": {"full_name": "МКОУ СОШ"},
  "title": "Дорожная карта",
  "body": [{"plan": {"columns": [{"key": "number", "title": "№"}, {"key": "title", "title": "Мероприятие", "required": true}, {"key": "deadline", "title": "Срок"}],
    "sections": [{"title": "Раздел", "items": [{"title": "Мероприятие", "deadline": "Май 2024г."}]}]}}]
}`

func TestMinimalDocumentIsValid(t *testing.T) {
	d, err := DecodeBytes([]byte(minimal))
	if err != nil {
		t.Fatal(err)
	}
	if err := Validate(d); err != nil {
		t.Fatal(err)
	}
	p := d.Body[0].Plan
	if got := p.ItemNumber(0, 0); got != "1.1" {
		t.Errorf("generated number %q, want 1.1", got)
	}
	if got := p.Sections[0].Items[0].Cells["deadline"].Plain(); got != "Май 2024г." {
		t.Errorf("deadline %q", got)
	}
}

// problems decodes and validates, returning every problem as "path: message".
func problems(t *testing.T, src string) []string {
	t.Helper()
	d, err := DecodeBytes([]byte(src))
	if err == nil {
		err = Validate(d)
	}
	if err == nil {
		return nil
	}
	var ve *ValidationError
	if !errors.As(err, &ve) {
		return []string{"ERROR " + err.Error()}
	}
	var out []string
	for _, p := range ve.Problems {
		out = append(out, p.String())
	}
	return out
}

func TestProblemsNameTheField(t *testing.T) {
	cases := []struct {
		name, src string
		want      []string // substrings, each must be in some problem line
	}{
		{"unknown field", strings.Replace(minimal, `"title": "Дорожная карта"`, `"title": "Дорожная карта", "titel": "x"`, 1),
			[]string{"titel: неизвестное поле"}},
		{"unknown nested field", strings.Replace(minimal, `"full_name": "МКОУ СОШ"`, `"full_name": "МКОУ СОШ", "inn": 1`, 1),
			[]string{"organization.inn: неизвестное поле"}},
		{"wrong type", strings.Replace(minimal, `"title": "Дорожная карта"`, `"title": 5`, 1),
			[]string{"title: ожидается строка, получено целое число"}},
		{"missing organisation", strings.Replace(minimal, `"organization": {"full_name": "МКОУ СОШ"},`, ``, 1),
			[]string{"organization: обязательное поле отсутствует"}},
		{"blank organisation", strings.Replace(minimal, `"МКОУ СОШ"`, `"   "`, 1),
			[]string{"organization.full_name: не может быть пустым"}},
		{"empty body", `{"kind":"roadmap","organization":{"full_name":"x"},"title":"x","body":[]}`,
			[]string{"body: не может быть пустым"}},
		{"empty plan", strings.Replace(minimal, `"items": [{"title": "Мероприятие", "deadline": "Май 2024г."}]`, `"items": []`, 1),
			[]string{"body[0].plan.sections: в плане нет ни одного мероприятия"}},
		{"no sections", `{"kind":"roadmap","organization":{"full_name":"x"},"title":"x","body":[{"plan":{"sections":[]}}]}`,
			[]string{"body[0].plan.sections: не может быть пустым"}},
		{"undeclared column", strings.Replace(minimal, `"deadline": "Май 2024г."`, `"deadline": "Май 2024г.", "budget": "100"`, 1),
			[]string{"body[0].plan.sections[0].items[0].budget: колонка «budget» не объявлена"}},
		{"required column", strings.Replace(minimal, `"title": "Мероприятие", "deadline"`, `"deadline"`, 1),
			[]string{"body[0].plan.sections[0].items[0].title: обязательная колонка «Мероприятие» не заполнена"}},
		{"bad kind", strings.Replace(minimal, `"roadmap"`, `"plan"`, 1),
			[]string{"kind: недопустимое значение «plan»"}},
		{"bad date", strings.Replace(minimal, `"title": "Дорожная карта"`, `"title": "Дорожная карта", "date": "2023-08-31"`, 1),
			[]string{"date: дата «2023-08-31» не распознана: пишите как 30.08.2023, 30.08.2023 г. или «15» мая 2023 года"}},
		{"impossible date", strings.Replace(minimal, `"title": "Дорожная карта"`, `"title": "Дорожная карта", "date": "31.02.2023"`, 1),
			[]string{"date: даты «31.02.2023» не существует"}},
		{"two blocks in one", strings.Replace(minimal, `"body": [{"plan"`, `"body": [{"paragraph": {"text": "x"}, "plan"`, 1),
			[]string{"body[0]: должно быть ровно одно из полей"}},
		{"content of wrong type", strings.Replace(minimal, `"deadline": "Май 2024г."`, `"deadline": 2024`, 1),
			[]string{"body[0].plan.sections[0].items[0].deadline: ожидается строка или массив, получено целое число"}},
		{"bad status", strings.Replace(minimal, `"deadline": "Май 2024г."`, `"deadline": "Май", "status": "finished"`, 1),
			[]string{"items[0].status: недопустимое значение «finished»"}},
		{"control character", strings.Replace(minimal, `"Раздел"`, `"Раз\u0007дел"`, 1),
			[]string{"body[0].plan.sections[0].title: недопустимый управляющий символ U+0007"}},
		{"academic year", strings.Replace(minimal, `"title": "Дорожная карта"`, `"title": "Дорожная карта", "period": {"academic_year": "2023-2025"}`, 1),
			[]string{"period.academic_year"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := problems(t, c.src)
			for _, w := range c.want {
				found := false
				for _, g := range got {
					if strings.Contains(g, w) {
						found = true
					}
				}
				if !found {
					t.Errorf("no problem containing %q; got %q", w, got)
				}
			}
		})
	}
}

func TestAllProblemsAtOnce(t *testing.T) {
	src := `{"kind":"roadmap","organization":{"full_name":""},"title":"","x":1,"body":[{"heading":{"text":""}},{"paragraph":{"text":"ok","align":"diagonal"}}]}`
	got := problems(t, src)
	for _, w := range []string{"organization.full_name: не может быть пустым", "title: не может быть пустым", "x: неизвестное поле", "body[1].paragraph.align: недопустимое значение", "body[0].heading.text: не может быть пустым"} {
		if !strings.Contains(strings.Join(got, "\n"), w) {
			t.Errorf("missing %q in\n%s", w, strings.Join(got, "\n"))
		}
	}
}

func TestSyntaxErrors(t *testing.T) {
	cases := map[string]struct {
		src  string
		line int
	}{
		"malformed":    {"{\n  \"kind\": \"roadmap\",\n  \"title\" \"x\"\n}", 3},
		"truncated":    {`{"kind": "road`, 1},
		"empty":        {"", 1},
		"trailing":     {`{"kind":"roadmap"} {}`, 1},
		"invalid utf8": {"{\n\"title\": \"\xff\xfe\"}", 2},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := DecodeBytes([]byte(c.src))
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("want *SyntaxError, got %T %v", err, err)
			}
			if se.Line != c.line {
				t.Errorf("line %d, want %d (%v)", se.Line, c.line, err)
			}
			if !strings.Contains(err.Error(), "некорректный JSON") {
				t.Errorf("message not in Russian: %v", err)
			}
		})
	}
}

func TestContentForms(t *testing.T) {
	src := strings.Replace(minimal, `"deadline": "Май 2024г."`,
		`"deadline": "Май", "responsible": ["Директор", {"list": {"marker": "-", "items": ["один", {"text": "два", "list": {"ordered": true, "items": ["а"]}}]}}]`, 1)
	src = strings.Replace(src, `{"key": "deadline", "title": "Срок"}`, `{"key": "deadline", "title": "Срок"}, {"key": "responsible", "title": "Отв."}`, 1)
	d, err := DecodeBytes([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	c := d.Body[0].Plan.Sections[0].Items[0].Cells["responsible"]
	if got, want := c.Plain(), "Директор\n- один\n- два\n  1. а"; got != want {
		t.Errorf("Plain() = %q, want %q", got, want)
	}
	// An unknown key inside a list part is reported with its path.
	bad := strings.Replace(src, `"marker": "-"`, `"marker": "-", "bullet": "*"`, 1)
	got := problems(t, bad)
	if len(got) != 1 || !strings.Contains(got[0], "responsible[1].list.bullet: неизвестное поле") {
		t.Errorf("got %q", got)
	}
}

// paragraph.indent is optional: false is kept through decoding and JSON,
// and a document without it writes the same JSON as before (its input hash
// does not change).
func TestParagraphIndentField(t *testing.T) {
	src := `{"kind":"analysis","organization":{"full_name":"Школа"},"title":"Справка","body":[{"paragraph":{"text":"Исполнитель: Л.П. Шидукова","indent":false}},{"paragraph":{"text":"Текст"}}]}`
	d, err := DecodeBytes([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if p := d.Body[0].Paragraph; p.Indent == nil || *p.Indent {
		t.Fatalf("indent = %v, want false", p.Indent)
	}
	out, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), `"indent":false`) || strings.Count(string(out), `"indent"`) != 1 {
		t.Errorf("JSON = %s", out)
	}
	_, err = DecodeBytes([]byte(strings.Replace(src, `"indent":false`, `"indent":"нет"`, 1)))
	if err == nil || !strings.Contains(err.Error(), "body[0].paragraph.indent") {
		t.Errorf("a string indent: %v", err)
	}
}
