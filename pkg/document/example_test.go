package document_test

import (
	"errors"
	"fmt"
	"strings"

	"github.com/kartograf-ru/kartograf/pkg/document"
)

// Decoding is strict: every structural problem is reported at once, each
// with its JSON path and a Russian message, in document order.
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
	// organization.inn: неизвестное поле
	// title: ожидается строка, получено целое число
	// body[0]: должно быть ровно одно из полей chart, contents, heading, list, page_break, paragraph, passport, plan, signature, table, задано: 2
}

// DecodeAll adds the semantic checks, so that a structural mistake does not
// hide the others: here an unknown field, a number where text belongs, an
// empty required cell and a date that does not exist, all in one answer.
func ExampleDecodeAll() {
	_, err := document.DecodeAll([]byte(`{
	  "kind": "roadmap",
	  "organization": {"full_name": "МКОУ СОШ № 2", "inn": "0701000000"},
	  "title": "Дорожная карта",
	  "date": "31.02.2024",
	  "body": [{"plan": {
	    "columns": [{"key": "title", "title": "Мероприятие", "required": true}, {"key": "deadline", "title": "Срок"}],
	    "sections": [{"title": "Раздел", "items": [
	      {"title": "Семинар", "deadline": 2024},
	      {"title": "", "deadline": "май"}
	    ]}]}}]
	}`), nil)
	var ve *document.ValidationError
	if errors.As(err, &ve) {
		for _, p := range ve.Problems {
			fmt.Println(p)
		}
	}
	// Output:
	// organization.inn: неизвестное поле
	// date: даты «31.02.2024» не существует
	// body[0].plan.sections[0].items[0].deadline: ожидается строка или массив, получено целое число
	// body[0].plan.sections[0].items[1].title: обязательная колонка «Мероприятие» не заполнена
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

// A problem's JSON path, said the way the person who wrote the document
// sees it (issue 14's page shows both).
func ExamplePlace() {
	d := &document.Document{Kind: document.KindRoadmap, Title: "Дорожная карта", Body: []document.Block{
		{Plan: &document.Plan{Sections: []document.Section{
			{Title: "Кадры", Items: []document.Measure{{}}},
			{Number: "2.", Title: "Обучающиеся", Items: []document.Measure{{}, {}, {}, {}}},
		}}},
	}}
	columns := []document.Column{{Key: "title", Title: "Мероприятия"}, {Key: "deadline", Title: "Сроки"}}
	fmt.Println(document.Place(d, "body[0].plan.sections[1].items[3].deadline", columns))
	// Output: Раздел 2, мероприятие 2.4, столбец «Сроки»
}
