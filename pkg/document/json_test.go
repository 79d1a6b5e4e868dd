package document_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"testing"

	"github.com/kartograf-ru/kartograf/pkg/document"
)

// bigPlan is a valid roadmap of n measures in sections of 25, with the
// cells of the school template.
func bigPlan(n int) *document.Document {
	d := &document.Document{
		Kind:         document.KindRoadmap,
		Template:     "school-roadmap",
		Organization: document.Organization{FullName: "Муниципальное казенное общеобразовательное учреждение «Средняя общеобразовательная школа № 1»"},
		Title:        "ДОРОЖНАЯ КАРТА",
		Subtitle:     "по повышению качества образования",
	}
	plan := &document.Plan{}
	statuses := append(document.Statuses(), document.StatusNone)
	for i := range n {
		if i%25 == 0 {
			plan.Sections = append(plan.Sections, document.Section{Title: fmt.Sprintf("РАЗДЕЛ %d. МЕТОДИЧЕСКАЯ ПОДДЕРЖКА ПЕДАГОГОВ", i/25+1)})
		}
		s := &plan.Sections[len(plan.Sections)-1]
		s.Items = append(s.Items, document.Measure{Status: statuses[i%len(statuses)], Cells: map[string]document.Content{
			"title":       document.Text(fmt.Sprintf("Анкетирование педагогических работников (мероприятие %d)", i+1)),
			"deadline":    document.Text("Февраль 2024г."),
			"responsible": document.Text("Зам. директора по УВР"),
			"product":     document.Text("Аналитическая справка"),
		}})
	}
	d.Body = []document.Block{{Plan: plan}}
	return d
}

// WriteJSON, which marshals a measure (or table row) at a time so that it
// can stop, writes exactly json.Marshal's bytes: the input hash and the
// copy stored in a workbook are of those.
func TestWriteJSONIsMarshal(t *testing.T) {
	var docs []*document.Document
	for _, dir := range []string{"seeds", "documents"} {
		files, err := filepath.Glob(filepath.Join(testdata, dir, "*.json"))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			docs = append(docs, decodeFile(t, f))
		}
	}
	if len(docs) < 6 {
		t.Fatalf("found %d test documents", len(docs))
	}
	odd := bigPlan(60)
	p := odd.Body[0].Plan
	p.Sections[0].Items[0].Cells["title"] = document.Text("<b>&\u2028\u2029 \xff\xfe «кавычки» \"q\" \\")
	p.Sections[1].Number = "2."
	p.Sections = append(p.Sections, document.Section{Title: "пусто", Items: []document.Measure{}}, document.Section{Title: "nil"})
	p.Columns = []document.Column{{Key: "title", Title: "<Мероприятие>"}}
	table := &document.Table{Columns: []document.TableColumn{{Title: "<A>", Width: 2}, {Title: "B"}}}
	for i := range 150 {
		table.Rows = append(table.Rows, []document.Content{document.Text(fmt.Sprintf("строка %d & <i>", i)), nil})
	}
	table.Rows = append(table.Rows, nil, []document.Content{}, []document.Content{nil, {}, document.Text("ряд")},
		[]document.Content{{{List: &document.List{Items: []document.ListItem{{Text: "пункт"}}}}}})
	passport := &document.Passport{}
	for i := range 70 {
		values := []document.Content{document.Text("\u2028значение"), document.Text("значение \xff\t"), nil, {},
			{{Text: "a"}, {List: &document.List{Items: []document.ListItem{{Text: "пункт"}}}}}, document.Text("<b>")}
		passport.Rows = append(passport.Rows, document.PassportRow{Label: fmt.Sprintf("Поле %d", i), Value: values[i%len(values)]})
	}
	odd.Body = append(odd.Body,
		document.Block{Plan: &document.Plan{}},
		document.Block{Heading: &document.Heading{Text: "&"}},
		document.Block{Table: table},
		document.Block{Table: &document.Table{Rows: [][]document.Content{}}},
		document.Block{Table: &document.Table{}},
		document.Block{Passport: passport},
		document.Block{Passport: &document.Passport{}},
		// More than one kind in a block: invalid, written whole.
		document.Block{Plan: &document.Plan{Sections: []document.Section{{Title: "x", Items: p.Sections[0].Items}}}, Table: table},
		document.Block{},
	)
	docs = append(docs, odd, &document.Document{Title: "без тела"}, &document.Document{Body: []document.Block{}})
	for i, d := range docs {
		want, err := json.Marshal(d)
		if err != nil {
			t.Fatal(err)
		}
		var got bytes.Buffer
		if err := document.WriteJSON(context.Background(), &got, d); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Bytes(), want) {
			t.Errorf("document %d: %d bytes, json.Marshal %d", i, got.Len(), len(want))
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := document.WriteJSON(ctx, io.Discard, bigPlan(200)); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}
