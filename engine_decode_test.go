package kartograf_test

import (
	"errors"
	"reflect"
	"testing"

	"kartograf"
	"kartograf/pkg/document"
)

// fourProblems has an unknown field, a number where a measure's text
// belongs, an empty required column (a column of the template, the
// document declares none) and a date that does not exist.
const fourProblems = `{
  "kind": "roadmap",
  "organization": {"full_name": "МКОУ СОШ № 2", "inn": "0701000000"},
  "title": "ДОРОЖНАЯ КАРТА",
  "date": "31.02.2024",
  "body": [{"plan": {"sections": [{"title": "ОРГАНИЗАЦИОННЫЕ МЕРОПРИЯТИЯ", "items": [
    {"title": "Создание рабочей группы", "deadline": 2024, "responsible": "Директор"},
    {"title": "", "deadline": "Сентябрь 2024г.", "responsible": "Директор"}
  ]}]}}]
}`

var fourWant = []string{
	"organization.inn: неизвестное поле",
	"date: даты «31.02.2024» не существует",
	"body[0].plan.sections[0].items[0].deadline: ожидается строка или массив, получено целое число",
	"body[0].plan.sections[0].items[1].title: обязательная колонка «Мероприятия» не заполнена",
}

func TestEngineDecodeReportsEveryProblemAtOnce(t *testing.T) {
	eng, err := kartograf.New(kartograf.Options{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = eng.Decode([]byte(fourProblems), "")
	var ve *document.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("error %v, want *document.ValidationError", err)
	}
	var got []string
	for _, p := range ve.Problems {
		got = append(got, p.String())
	}
	if !reflect.DeepEqual(got, fourWant) {
		t.Errorf("problems\n%q\nwant\n%q", got, fourWant)
	}
	// A document that decodes comes back unvalidated, as before: the
	// semantic problems are Validate's and Render's answer.
	d, err := eng.Decode([]byte(`{"kind": "roadmap", "organization": {"full_name": "Ш"}, "title": "Т", "date": "31.02.2024",
	  "body": [{"paragraph": {"text": "т"}}]}`), "")
	if err != nil || d == nil {
		t.Fatalf("decode: %v", err)
	}
	if err := eng.Validate(d, ""); !errors.As(err, &ve) || len(ve.Problems) != 1 || ve.Problems[0].Path != "date" {
		t.Errorf("validate: %v", err)
	}
}
