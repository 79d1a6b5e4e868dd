package service

import (
	"encoding/json"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"kartograf/pkg/document"
)

// fourProblems has an unknown field, a number where a measure's text
// belongs, an empty required column of the template and a date that does
// not exist: one answer must name all four.
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

var fourWant = []document.Problem{
	{Path: "organization.inn", Message: "неизвестное поле"},
	{Path: "date", Message: "даты «31.02.2024» не существует"},
	{Path: "body[0].plan.sections[0].items[0].deadline", Message: "ожидается строка или массив, получено целое число"},
	{Path: "body[0].plan.sections[0].items[1].title", Message: "обязательная колонка «Мероприятия» не заполнена"},
}

func TestValidateAnswersEveryProblemAtOnce(t *testing.T) {
	f := newFixture(t, nil)
	r := f.do(t, "POST", "/v1/validate", strings.NewReader(fourProblems))
	var out validationResult
	if err := json.Unmarshal(r.body, &out); r.status != http.StatusOK || err != nil {
		t.Fatalf("status %d: %v %s", r.status, err, r.body)
	}
	if out.Valid || !reflect.DeepEqual(out.Errors, fourWant) {
		t.Errorf("valid %v, errors\n%q\nwant\n%q", out.Valid, out.Errors, fourWant)
	}
}

func TestRenderAnswersEveryProblemAtOnce(t *testing.T) {
	f := newFixture(t, nil)
	r := f.do(t, "POST", "/v1/render?template=school-roadmap@1.1.0", strings.NewReader(fourProblems))
	if r.status != http.StatusUnprocessableEntity {
		t.Fatalf("status %d, want 422: %s", r.status, r.body)
	}
	p := r.problem(t)
	if p.Type != problemTypePrefix+string(KindInvalidDocument) {
		t.Errorf("problem type %q", p.Type)
	}
	if !reflect.DeepEqual(p.Errors, fourWant) {
		t.Errorf("errors\n%q\nwant\n%q", p.Errors, fourWant)
	}
}
