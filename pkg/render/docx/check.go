package docx

import (
	"bytes"
	"context"
	"fmt"

	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/render/view"
	"github.com/kartograf-ru/kartograf/templates"
)

// Check compiles a template version's DOCX and dry-runs it with sample data
// that uses every kind of block, then checks that every XML part of the
// result is well-formed. The registry refuses a version that fails.
func (r *Renderer) Check(v *templates.Version) error {
	c, err := r.Compile(v)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	vw, err := view.Build(context.Background(), Sample(&v.Manifest), v, view.Meta{Template: v.Ref(), InputHash: "sha256:0", Creator: "kartograf"})
	if err != nil {
		return err
	}
	root, err := buildRoot(context.Background(), vw)
	if err != nil {
		return err
	}
	if err := r.render(context.Background(), &buf, c, root); err != nil {
		return fmt.Errorf("пробное заполнение: %w", err)
	}
	zr, err := zipReader(buf.Bytes())
	if err != nil {
		return err
	}
	for _, f := range zr.File {
		data, err := readZipFile(f)
		if err != nil {
			return err
		}
		if err := wellFormed(f.Name, data); err != nil {
			return fmt.Errorf("шаблон DOCX %s, пробное заполнение: %w", v.Ref(), err)
		}
	}
	return nil
}

// Sample is a document with every kind of block, stamps on both sides,
// rich cells and nested lists, for dry runs of templates.
func Sample(m *templates.Manifest) *document.Document {
	cells := map[string]document.Content{}
	for _, c := range m.Plan.Columns {
		if c.Key != document.NumberKey {
			cells[c.Key] = document.Text("Образец: " + c.Title)
		}
	}
	rich := document.Content{{Text: "Абзац & <текст>"}, {List: &document.List{Marker: "•", Items: []document.ListItem{{Text: "первый"}, {Text: "второй", List: &document.List{Ordered: true, Items: []document.ListItem{{Text: "вложенный"}}}}}}}}
	d := &document.Document{
		Kind: document.KindMixed,
		// The structures a template prints only when its manifest lists
		// the feature; the view leaves them out for other versions.
		Appendix:         &document.Appendix{Number: "1", To: "к приказу управления образования", Date: "10.02.2021", OrderNumber: "12-п"},
		Place:            "с. Образцовое, 2024 г.",
		Cover:            true,
		HeadingNumbering: document.NumberingDecimal,
		Organization:     document.Organization{FullName: "Образец организации", Parent: "Управление образования"},
		Title:            "ОБРАЗЕЦ",
		Subtitle:         "для проверки шаблона",
		Approvals: []document.Approval{
			{Kind: document.ApprovalAgree, Position: "Председатель совета", Name: "А.Б. Иванова", Date: "29.08.2024"},
			{Kind: document.ApprovalApprove, Position: "Директор", Name: "В.Г. Петров", Date: "30.08.2024", Number: "1"},
		},
		Body: []document.Block{
			{Contents: &document.Contents{Title: "Содержание", Levels: 3}},
			{PageBreak: &document.PageBreak{}},
			{Passport: &document.Passport{Rows: []document.PassportRow{{Label: "Цель", Value: rich}}}},
			{Heading: &document.Heading{Text: "Заголовок"}},
			{Heading: &document.Heading{Text: "Подраздел", Level: 2}},
			{Heading: &document.Heading{Text: "Пункт", Level: 3}},
			{Plan: &document.Plan{Sections: []document.Section{{Title: "РАЗДЕЛ", Items: []document.Measure{{Cells: cells}}}}}},
			{Paragraph: &document.Paragraph{Text: "Абзац\nс переносом строки."}},
			{List: &document.List{Ordered: true, Items: []document.ListItem{{Text: "пункт"}}}},
			{Table: &document.Table{Columns: []document.TableColumn{{Title: "А"}, {Title: "Б"}}, Rows: [][]document.Content{{document.Text("1"), rich}}}},
			{Signature: &document.Signature{Position: "Директор", Name: "В.Г. Петров"}},
		},
	}
	// A chart prints through a narrative paragraph of its own; a version
	// that does not draw charts need not print one.
	if m.Has(document.FeatureCharts) {
		chart := document.Block{Chart: &document.Chart{Type: document.ChartBar, Title: "Образец диаграммы", Categories: []string{"А", "Б"},
			Series: []document.ChartSeries{{Name: "Ряд", Values: []float64{1, 2.5}}}, Target: &document.ChartTarget{Name: "Цель", Value: 2}}}
		d.Body = append(d.Body[:len(d.Body)-1], chart, d.Body[len(d.Body)-1])
	}
	return d
}
