package document

import (
	"strings"
	"testing"
)

func stampDoc(a ...Approval) *Document {
	return &Document{
		Kind: KindRoadmap, Organization: Organization{FullName: "МБОУ «СОШ № 3»"}, Title: "Программа",
		Approvals: a, Body: []Block{{Paragraph: &Paragraph{Text: "Текст."}}},
	}
}

func TestStampLinesValid(t *testing.T) {
	no := false
	d := stampDoc(
		Approval{Kind: ApprovalReviewed, Lines: []string{"на заседании педагогического совета", "Протокол № 1 от 30.08.2023г."}},
		Approval{Kind: ApprovalApprove, Title: "Утверждаю:", Lines: []string{"Директор МБОУ «СОШ № 3»", "_____________ М.В. Малахинова", "«24» декабря 2015 г.", "М.п."}},
		Approval{Kind: ApprovalAgree, Heading: &no, Lines: []string{"Принято на заседании Управляющего совета", `протокол от "15" мая 2023 года № 4`}},
		Approval{Kind: ApprovalApprove, Position: "Директор", Name: "М.В. Малахинова", SignatureLine: &no, Date: "«24» декабря 2015 г."},
	)
	if err := Validate(d); err != nil {
		t.Fatal(err)
	}
}

// Every way to get a stamp written line by line wrong is named by its path,
// and nothing the stamp would not print passes silently.
func TestStampLinesProblems(t *testing.T) {
	no := false
	long := strings.Repeat("а", MaxStampLineRune+1)
	many := make([]string, MaxStampLines+1)
	for i := range many {
		many[i] = "строка"
	}
	d := stampDoc(
		Approval{Kind: ApprovalReviewed, Lines: []string{"на заседании", "  ", "Протокол № 1 от 31.02.2023г.", long, "две\nстроки"}},
		Approval{Kind: ApprovalApprove, Position: "Директор", Name: "М.В. Малахинова", Date: "30.08.2023", Number: "1", Basis: "приказ", Issuer: "совета", SignatureLine: &no, Lines: []string{"М.п."}},
		Approval{Kind: ApprovalAgree, Heading: &no, Title: "СОГЛАСОВАНО"},
		Approval{Kind: ApprovalSeal, Heading: &no},
		Approval{Kind: ApprovalAgree, Lines: many},
		Approval{Kind: ApprovalAgree, Title: "Согласовано", Lines: []string{}},
	)
	assertProblems(t, d, []string{
		"approvals[0].lines[1]: пустая строка грифа",
		"approvals[0].lines[2]: даты «31.02.2023г.» не существует",
		"approvals[0].lines[3]: строка грифа длиннее 200 символов",
		"approvals[0].lines[4]: строка грифа не может содержать перевод строки",
		"approvals[1].position: при заданных lines",
		"approvals[1].issuer: при заданных lines",
		"approvals[1].name: при заданных lines гриф печатает только заголовок и строки lines, «М.В. Малахинова» не будет напечатано",
		"approvals[1].date: при заданных lines",
		"approvals[1].number: при заданных lines",
		"approvals[1].basis: при заданных lines",
		"approvals[1].signature_line: при заданных lines подчёркивания",
		"approvals[2].heading: heading: false убирает заголовок грифа, а title «СОГЛАСОВАНО» задан",
		"approvals[3]: гриф без заголовка (heading: false) и без строк ничего не печатает",
		"approvals[4].lines: в грифе 13 строк, допустимо не больше 12",
		"approvals[5].lines: не может быть пустым",
	})
}
