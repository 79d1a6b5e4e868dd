package document_test

import (
	"errors"
	"fmt"
	"strings"

	"kartograf/pkg/document"
)

// Decoding is strict: every structural problem is reported at once, each
// with its JSON path and a Russian message.
func ExampleDecode() {
	_, err := document.Decode(strings.NewReader(`{
	  "kind": "roadmap",
	  "organization": {"full_name": "МКОУ СОШ № 2", "inn": "0701000000"},
	  "title": 2024,
	  "body": [{"paragraph": {"text": "…"}, "heading": {"text": "…"}}]
	}`))
	var ve *document.ValidationError
	if errors.As(err, &ve) {
		for _, p := range ve.Problems {
			fmt.Println(p)
		}
	}
	// Output:
	// body[0]: должно быть ровно одно из полей heading, list, paragraph, passport, plan, signature, table, задано: 2
	// organization.inn: неизвестное поле
	// title: ожидается строка, получено целое число
}

// Measures without numbers are numbered within their section.
func ExamplePlan_ItemNumber() {
	d, err := document.DecodeBytes([]byte(`{
	  "kind": "roadmap", "organization": {"full_name": "МКОУ СОШ № 2"}, "title": "ДОРОЖНАЯ КАРТА",
	  "body": [{"plan": {"sections": [
	    {"title": "ОРГАНИЗАЦИОННЫЕ МЕРОПРИЯТИЯ", "items": [{"title": "Приказ о рабочей группе"}, {"title": "Анализ ВПР"}]},
	    {"number": "2.", "title": "МЕТОДИЧЕСКАЯ ПОДДЕРЖКА", "items": [{"title": "Семинар"}]}
	  ]}}]
	}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	p := d.Body[0].Plan
	fmt.Println(p.SectionNumber(0), p.ItemNumber(0, 0), p.ItemNumber(0, 1), p.SectionNumber(1), p.ItemNumber(1, 0))
	// Output: 1. 1.1 1.2 2. 2.1
}

// Stamps print their requisites as ГОСТ Р 7.0.97 orders them.
func ExampleApproval_Reference() {
	fmt.Println(document.Approval{Kind: document.ApprovalApprove, Date: "31.08.2023", Number: "55"}.Reference())
	fmt.Println(document.Approval{Kind: document.ApprovalAgree, Basis: "Протокол №1 от 30.08.2023"}.Reference())
	// Output:
	// от 31.08.2023 № 55
	// Протокол №1 от 30.08.2023
}
