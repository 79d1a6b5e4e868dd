package service

import (
	"bytes"
	"encoding/json"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/kartograf-ru/kartograf/internal/testtool"
	"github.com/kartograf-ru/kartograf/pkg/document"
)

// fourProblemsWant are the problems of the shared document with four
// problems (testtool.FourProblems), as the service answers them.
func fourProblemsWant() []document.Problem {
	var out []document.Problem
	for _, p := range testtool.FourProblemsWant() {
		out = append(out, document.Problem{Path: p.Path, Message: p.Message})
	}
	return out
}

// One answer names all four problems of the shared document.
func TestValidateAnswersEveryProblemAtOnce(t *testing.T) {
	fourWant := fourProblemsWant()
	f := newFixture(t, nil)
	r := f.do(t, "POST", "/v1/validate", bytes.NewReader(testtool.FourProblems(t)))
	var out validationResult
	if err := json.Unmarshal(r.body, &out); r.status != http.StatusOK || err != nil {
		t.Fatalf("status %d: %v %s", r.status, err, r.body)
	}
	if out.Valid || !reflect.DeepEqual(out.Errors, fourWant) {
		t.Errorf("valid %v, errors\n%q\nwant\n%q", out.Valid, out.Errors, fourWant)
	}
}

func TestRenderAnswersEveryProblemAtOnce(t *testing.T) {
	fourWant := fourProblemsWant()
	f := newFixture(t, nil)
	r := f.do(t, "POST", "/v1/render?template=school-roadmap@1.1.0", bytes.NewReader(testtool.FourProblems(t)))
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

// Strict decoding reaches the service: a duplicate key and a bidi override
// are problems of the document (422 for render, valid:false for validate),
// named by path, next to the document's other problems.
func TestStrictDecodingAnswers(t *testing.T) {
	f := newFixture(t, nil)
	doc := strings.Replace(strings.Replace(string(testtool.FourProblems(t)), `"title": "ДОРОЖНАЯ КАРТА"`, `"title": "ДОРОЖНАЯ КАРТА", "title": "Другая"`, 1),
		`"Директор"}`, "\"Дире\u202eктор\"}", 1)
	want := []document.Problem{
		{Path: "organization.inn", Message: "неизвестное поле"},
		{Path: "", Message: "ключ «title» повторяется"},
		{Path: "date", Message: "даты «31.02.2024» не существует"},
		{Path: "body[0].plan.sections[0].items[0].deadline", Message: "ожидается строка или массив, получено целое число"},
		{Path: "body[0].plan.sections[0].items[0].responsible", Message: "недопустимый невидимый символ U+202E (RIGHT-TO-LEFT OVERRIDE) в позиции 5: скопированный текст отличался бы от видимого; удалите символ"},
		{Path: "body[0].plan.sections[0].items[1].title", Message: "обязательная колонка «Мероприятия» не заполнена"},
	}
	r := f.do(t, "POST", "/v1/render", strings.NewReader(doc))
	if r.status != http.StatusUnprocessableEntity {
		t.Fatalf("render: status %d, want 422: %s", r.status, r.body)
	}
	if p := r.problem(t); !reflect.DeepEqual(p.Errors, want) {
		t.Errorf("render errors\n%q\nwant\n%q", p.Errors, want)
	}
	r = f.do(t, "POST", "/v1/validate", strings.NewReader(doc))
	var out validationResult
	if err := json.Unmarshal(r.body, &out); r.status != http.StatusOK || err != nil || out.Valid || !reflect.DeepEqual(out.Errors, want) {
		t.Errorf("validate: status %d, %v, valid %v, errors\n%q\nwant\n%q", r.status, err, out.Valid, out.Errors, want)
	}
}
