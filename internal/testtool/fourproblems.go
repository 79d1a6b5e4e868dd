package testtool

import "testing"

// FourProblems is testdata/invalid/fourproblems.json: a roadmap with an
// unknown field, a number where a measure's text belongs, an empty
// required column (a column of the template; the document declares none)
// and a date that does not exist. Every way in — Engine.Decode, the CLI's
// validate and render, the service's /v1/validate and /v1/render — must
// name all four in one answer: FourProblemsWant.
func FourProblems(t testing.TB) []byte {
	t.Helper()
	return RepoFile(t, "testdata", "invalid", "fourproblems.json")
}

// Problem is a problem a test expects in a document: where and what. It
// mirrors document.Problem so that testtool does not import pkg/document.
type Problem struct{ Path, Message string }

// String prints p as document.Problem does: "path: message".
func (p Problem) String() string {
	if p.Path == "" {
		return p.Message
	}
	return p.Path + ": " + p.Message
}

// FourProblemsWant are the problems of FourProblems, in the order they
// are reported. A function, not a variable: a test may change its copy.
func FourProblemsWant() []Problem {
	return []Problem{
		{"organization.inn", "неизвестное поле"},
		{"date", "даты «31.02.2024» не существует"},
		{"body[0].plan.sections[0].items[0].deadline", "ожидается строка или массив, получено целое число"},
		{"body[0].plan.sections[0].items[1].title", "обязательная колонка «Мероприятия» не заполнена"},
	}
}

// FourProblemsLines are FourProblemsWant as the CLI prints them and as
// document.Problem.String spells them, "path: message".
func FourProblemsLines() []string {
	var out []string
	for _, p := range FourProblemsWant() {
		out = append(out, p.String())
	}
	return out
}
