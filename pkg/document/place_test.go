package document

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func placeDoc() *Document {
	return &Document{
		Kind: KindRoadmap, Title: "Дорожная карта",
		Approvals: []Approval{{Kind: ApprovalAgree}, {Kind: ApprovalApprove, Lines: []string{"Директор", "«31» августа 2023 г."}}},
		Body: []Block{
			{Heading: &Heading{Text: "Паспорт"}},
			{Passport: &Passport{Rows: []PassportRow{{Label: "Цель", Value: Text("Качество")}}}},
			{Table: &Table{Columns: []TableColumn{{Title: "Источник"}, {Title: "2021"}}, Rows: [][]Content{{Text("Бюджет"), Text("1,5")}}}},
			{Plan: &Plan{Sections: []Section{
				{Title: "Кадры", Items: []Measure{{}}},
				{Number: "2.", Title: "Обучающиеся", Items: []Measure{{}, {}, {}, {Number: "2.4"}}},
			}}},
			{Plan: &Plan{Numbering: NumberingAsWritten, Columns: []Column{{Key: "title", Title: "Мероприятия"}},
				Items: []Measure{{Number: "34)"}, {}}}},
		},
	}
}

// Where a problem is, in the words of the person who wrote the document.
func TestPlace(t *testing.T) {
	cols := []Column{{Key: "number", Title: "№"}, {Key: "title", Title: "Мероприятия"}, {Key: "deadline", Title: "Сроки"}}
	d := placeDoc()
	for path, want := range map[string]string{
		"body[3].plan.sections[1].items[3].deadline": "Раздел 2, мероприятие 2.4, столбец «Сроки»",
		"body[3].plan.sections[0].items[0].title":    "Раздел 1, мероприятие 1.1, столбец «Мероприятия»",
		"body[3].plan.sections[1].items[1].status":   "Раздел 2, мероприятие 2.2, статус",
		"body[3].plan.sections[1].items[1].extra":    "Раздел 2, мероприятие 2.2, поле «extra»",
		"body[3].plan.sections[1].title":             "Раздел 2, название",
		"body[4].plan.items[0].title":                "Мероприятие 34), столбец «Мероприятия»",
		"body[4].plan.items[1].title":                "Мероприятие 2, столбец «Мероприятия»",
		"body[4].plan.columns[0].title":              "План мероприятий, столбец «Мероприятия»",
		"body[2].table.rows[0][1]":                   "Таблица, строка 1, столбец «2021»",
		"body[2].table.rows[0][7]":                   "Таблица, строка 1, столбец 8",
		"body[1].passport.rows[0].value":             "Паспорт, строка «Цель»",
		"body[0].heading.text":                       "Блок 1 (заголовок)",
		"approvals[1].lines[1]":                      "Гриф 2, строка 2",
		"approvals[0].date":                          "Гриф 1: дата",
		"organization.full_name":                     "Организация: полное наименование",
		"period.to":                                  "Период: конец",
		"title":                                      "Заголовок документа",
		// Paths the document does not have, or that are not paths.
		"body[9].plan":             "",
		"body[-1]":                 "",
		"body[3].plan.sections[7]": "Блок 4 (план мероприятий)",
		"approvals[5].date":        "Грифы",
		"":                         "",
		"..[[]]":                   "",
		"body[3].plan.sections[1].items[99].deadline": "Раздел 2",
	} {
		if got := Place(d, path, cols); got != want {
			t.Errorf("Place(%q) = %q, want %q", path, got, want)
		}
	}
	if got := Place(nil, "title", nil); got != "" {
		t.Errorf("Place(nil) = %q", got)
	}
}

// Every problem of the fixture with four kinds of mistakes gets a place.
func TestPlaceOfRealProblems(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "invalid", "fourproblems.json"))
	if err != nil {
		t.Fatal(err)
	}
	d, err := DecodeAll(data, func(*Document) (Rules, error) { return Rules{}, nil })
	var ve *ValidationError
	if !errors.As(err, &ve) || len(ve.Problems) == 0 {
		t.Fatalf("want problems, got %v", err)
	}
	if d == nil {
		d = ve.Partial
	}
	for _, p := range ve.Problems {
		if p.Path != "" && Place(d, p.Path, nil) == "" {
			t.Errorf("%s (%s): no place", p.Path, p.Message)
		}
	}
}
