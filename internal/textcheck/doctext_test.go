package textcheck

import (
	"strings"
	"testing"

	"github.com/kartograf-ru/kartograf/pkg/document"
)

func TestApprovalReference(t *testing.T) {
	cases := []struct {
		a    document.Approval
		want string
	}{
		{document.Approval{Kind: document.ApprovalApprove, Basis: "приказ № 55 от 31.08.2023г.", Number: "1", Date: "01.01.2024"}, "приказ № 55 от 31.08.2023г."},
		{document.Approval{Kind: document.ApprovalApprove, Number: "45", Date: "30.08.2024"}, "от 30.08.2024 № 45"},
		{document.Approval{Kind: document.ApprovalAgree, Date: "29.08.2024"}, "29.08.2024"},
		{document.Approval{Kind: document.ApprovalReviewed, Number: "1"}, "№ 1"},
		{document.Approval{Kind: document.ApprovalByOrder, Number: "112", Date: "30.08.2023"}, "от 30.08.2023 № 112"},
		{document.Approval{Kind: document.ApprovalSeal}, ""},
	}
	for _, c := range cases {
		if got := ApprovalReference(c.a); got != c.want {
			t.Errorf("ApprovalReference(%+v) = %q, want %q", c.a, got, c.want)
		}
	}
}

func TestDocumentText(t *testing.T) {
	d := &document.Document{
		Kind: document.KindMixed,
		Organization: document.Organization{
			FullName: "МКОУ СОШ с.п. Урожайное", ShortName: "СОШ", Parent: "Управление образования",
			District: "Терский муниципальный район",
		},
		Approvals: []document.Approval{
			{Kind: document.ApprovalAgree, Position: "Председатель совета", Name: "А.Б. Иванова", Date: "29.08.2024"},
			{Kind: document.ApprovalApprove, Title: "Утверждаю", Position: "Директор", Name: "В.Г. Петров", Basis: "приказ № 5 от 30.08.2024г."},
			{Kind: document.ApprovalByOrder, Issuer: "Управления образования", Number: "112", Date: "30.08.2024"},
		},
		Title:    "ДОРОЖНАЯ КАРТА",
		Subtitle: "на 2024-2025 учебный год",
		Period:   &document.Period{AcademicYear: "2024-2025"},
		Body: []document.Block{
			{Heading: &document.Heading{Text: "Паспорт"}},
			{Passport: &document.Passport{Rows: []document.PassportRow{
				{Label: "Цель", Value: document.Text("Повышение качества")},
				{Label: "Задачи", Value: document.Content{
					{Text: "Задачи:"},
					{List: &document.List{Marker: "•", Items: []document.ListItem{{Text: "первая;"}, {Text: "вторая."}}}},
				}},
			}}},
			{Plan: &document.Plan{
				Columns: []document.Column{
					{Key: "title", Title: "Мероприятие"},
					{Key: "number", Title: "№"},
					{Key: "deadline", Title: "Сроки"},
				},
				Sections: []document.Section{
					{Title: "Организация", Items: []document.Measure{
						{Cells: map[string]document.Content{"title": document.Text("Создание группы"), "deadline": document.Text("Май")}},
						{Number: "1.7", Status: document.StatusDone, Note: "сделано", Cells: map[string]document.Content{"title": document.Text("Анализ")}},
					}},
					{Number: "2", Title: "Методика", Items: []document.Measure{
						{Cells: map[string]document.Content{"deadline": document.Text("Июнь"), "title": document.Text("Семинар")}},
					}},
				},
			}},
			{Paragraph: &document.Paragraph{Text: "Текст анализа."}},
			{List: &document.List{Ordered: true, Start: 3, Items: []document.ListItem{
				{Text: "третий", List: &document.List{Items: []document.ListItem{{Text: "вложенный"}}}},
				{Text: "четвёртый"},
			}}},
			{Table: &document.Table{
				Columns: []document.TableColumn{{Title: "Школа"}, {Title: "Баллы"}},
				Rows:    [][]document.Content{{document.Text("СОШ № 1"), document.Text("45")}, {document.Text("СОШ № 2"), nil}},
			}},
			{Signature: &document.Signature{Position: "Директор ИМЦ", Name: "Л.П. Шидукова", Date: "01.09.2024"}},
		},
	}
	want := strings.Join([]string{
		"Управление образования",
		"МКОУ СОШ с.п. Урожайное",
		"СОГЛАСОВАНО", "Председатель совета", "А.Б. Иванова", "29.08.2024",
		"Утверждаю", "Директор", "В.Г. Петров", "приказ № 5 от 30.08.2024г.",
		"УТВЕРЖДЕНА", "Управления образования", "от 30.08.2024 № 112",
		"ДОРОЖНАЯ КАРТА",
		"на 2024-2025 учебный год",
		"Паспорт",
		"Цель", "Повышение качества",
		"Задачи", "Задачи: • первая; • вторая.",
		"Мероприятие", "№", "Сроки",
		"1. Организация",
		"Создание группы", "1.1", "Май",
		"Анализ", "1.7",
		"2 Методика",
		"Семинар", "2.1", "Июнь",
		"Текст анализа.",
		"3. третий   – вложенный 4. четвёртый",
		"Школа", "Баллы",
		"СОШ № 1", "45", "СОШ № 2",
		"Директор ИМЦ", "Л.П. Шидукова", "01.09.2024",
	}, "\n") + "\n"
	if got := DocumentText(d, nil); got != want {
		t.Errorf("DocumentText:\n%s\nwant:\n%s", got, want)
	}
}

func TestDocumentTextDefaultColumns(t *testing.T) {
	plan := &document.Plan{Sections: []document.Section{{Title: "Раздел", Items: []document.Measure{
		{Cells: map[string]document.Content{"title": document.Text("Мера"), "deadline": document.Text("Май")}},
	}}}}
	d := &document.Document{Organization: document.Organization{FullName: "Школа"}, Title: "План", Body: []document.Block{{Plan: plan}}}
	defaults := []document.Column{{Key: "number", Title: "№"}, {Key: "title", Title: "Мероприятие"}, {Key: "deadline", Title: "Срок"}}
	if got, want := DocumentText(d, defaults), "Школа\nПлан\n№\nМероприятие\nСрок\n1. Раздел\n1.1\nМера\nМай\n"; got != want {
		t.Errorf("with default columns:\n%s\nwant:\n%s", got, want)
	}
	// No columns anywhere: number first, then the cells in key order.
	if got, want := DocumentText(d, nil), "Школа\nПлан\n1. Раздел\n1.1\nМай\nМера\n"; got != want {
		t.Errorf("without columns:\n%s\nwant:\n%s", got, want)
	}
	// The plan's own columns win over the defaults.
	plan.Columns = []document.Column{{Key: "deadline", Title: "Срок"}, {Key: "title", Title: "Мероприятие"}}
	if got, want := DocumentText(d, defaults), "Школа\nПлан\nСрок\nМероприятие\n1. Раздел\nМай\nМера\n"; got != want {
		t.Errorf("with plan columns:\n%s\nwant:\n%s", got, want)
	}
}

// A stamp written line by line is expected as its heading (none for
// heading: false) and its lines in order, and nothing composed.
func TestDocumentTextStampLines(t *testing.T) {
	no := false
	d := &document.Document{
		Kind: document.KindRoadmap, Organization: document.Organization{FullName: "МБОУ «СОШ № 3»"}, Title: "ПРОГРАММА",
		Approvals: []document.Approval{
			{Kind: document.ApprovalReviewed, Lines: []string{"на заседании педагогического совета", "Протокол № 1 от 30.08.2023г."}},
			{Kind: document.ApprovalAgree, Heading: &no, Lines: []string{"Принято Управляющим советом", `протокол от "15" мая 2023 года № 4`}},
			{Kind: document.ApprovalApprove, Position: "Директор", Name: "М.В. Малахинова", SignatureLine: &no},
		},
		Body: []document.Block{{Paragraph: &document.Paragraph{Text: "Текст."}}},
	}
	want := "МБОУ «СОШ № 3»\nРАССМОТРЕНО\nна заседании педагогического совета\nПротокол № 1 от 30.08.2023г.\n" +
		"Принято Управляющим советом\nпротокол от \"15\" мая 2023 года № 4\nУТВЕРЖДАЮ\nДиректор\nМ.В. Малахинова\nПРОГРАММА\nТекст.\n"
	if got := DocumentText(d, nil); got != want {
		t.Errorf("DocumentText:\n%s\nwant:\n%s", got, want)
	}
	if h := ApprovalHeading(d.Approvals[1]); h != "" {
		t.Errorf("heading: false gives heading %q", h)
	}
}
