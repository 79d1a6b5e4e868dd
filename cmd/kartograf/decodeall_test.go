package main

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// fourProblems has an unknown field, a number where a measure's text
// belongs, an empty required column of the template and a date that does
// not exist: validate and render must name all four in one run.
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

func TestValidateReportsEveryProblemAtOnce(t *testing.T) {
	code, stdout, stderr := runCLI(t, fourProblems, "validate", "-")
	got := strings.Split(strings.TrimSpace(stdout), "\n")
	if code != exitFail || !reflect.DeepEqual(got, fourWant) {
		t.Errorf("exit %d, stdout\n%s\nwant exit 1 and\n%s\nstderr %s", code, stdout, strings.Join(fourWant, "\n"), stderr)
	}
}

func TestRenderReportsEveryProblemAtOnce(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "карта.json")
	if err := os.WriteFile(in, []byte(fourProblems), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "карта.pdf")
	code, _, stderr := runCLI(t, "", "render", "-o", out, in)
	want := in + ": документ содержит ошибки (4):\n" + strings.Join(fourWant, "\n") + "\n"
	if code != exitFail || stderr != want {
		t.Errorf("exit %d, stderr\n%s\nwant exit 1 and\n%s", code, stderr, want)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("output written for an invalid document: %v", err)
	}
}
