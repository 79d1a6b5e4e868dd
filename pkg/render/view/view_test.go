package view

import (
	"context"
	"errors"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/kartograf-ru/kartograf/internal/testtool/testtpl"
	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/templates"
)

func TestFractionsCountOmittedWidthsAsOne(t *testing.T) {
	for _, tc := range []struct {
		in   []float64
		want []float64
	}{
		{[]float64{2, 0, 0}, []float64{0.5, 0.25, 0.25}},
		{[]float64{0, 0}, []float64{0.5, 0.5}},
		{[]float64{8, 52, 18, 22}, []float64{0.08, 0.52, 0.18, 0.22}},
		{[]float64{-3, 1}, []float64{0.5, 0.5}},
	} {
		got := Fractions(tc.in)
		sum := 0.0
		for i := range got {
			sum += got[i]
			if math.Abs(got[i]-tc.want[i]) > 1e-12 {
				t.Errorf("Fractions(%v) = %v, want %v", tc.in, got, tc.want)
				break
			}
		}
		if math.Abs(sum-1) > 1e-12 {
			t.Errorf("Fractions(%v) add up to %v", tc.in, sum)
		}
	}
}

func TestScaleAddsUpAndStaysPositive(t *testing.T) {
	for _, total := range []int{9000, 14570, 7} {
		parts := Scale(Fractions([]float64{2, 0, 0}), total)
		sum := 0
		for _, p := range parts {
			if p <= 0 && total > 3 {
				t.Errorf("Scale(…, %d) = %v: a column is not positive", total, parts)
			}
			sum += p
		}
		if sum != total {
			t.Errorf("Scale(…, %d) = %v adds up to %d", total, parts, sum)
		}
	}
}

func doc() *document.Document {
	return &document.Document{
		Kind:         document.KindRoadmap,
		Organization: document.Organization{Parent: "Управление образования", FullName: `МКОУ "СОШ № 5"`},
		Title:        "Дорожная карта на 2023 г.",
		Subtitle:     "школы",
		Approvals: []document.Approval{
			{Kind: document.ApprovalApprove, Position: "Директор", Name: "Л.П. Шидукова"},
			{Kind: document.ApprovalAgree, Title: "Согласовано", Name: "И. И. Иванов"},
			{Kind: document.ApprovalApprove, Title: "Второй", Side: "left"},
		},
		Body: []document.Block{
			{Heading: &document.Heading{Text: "Раздел"}},
			{Heading: &document.Heading{Text: "Подраздел", Level: 3}},
			{Heading: &document.Heading{Text: "Слева", Align: "left"}},
			{Paragraph: &document.Paragraph{Text: "Первая \"строка\"\nвторая"}},
			{Paragraph: &document.Paragraph{Text: "Центр", Align: "center"}},
			{List: &document.List{Ordered: true, Start: 3, Items: []document.ListItem{{Text: "пункт"}, {Text: `"цитата"`}}}},
			{Plan: &document.Plan{
				Columns: []document.Column{{Key: "number", Title: "№ п/п", Width: 2, Align: "center"}, {Key: "title", Title: "Мероприятие"}, {Key: "who", Title: "Кто"}},
				Sections: []document.Section{{Title: "Первый", Items: []document.Measure{
					{Status: document.StatusDone, Note: `"сделано"`, Cells: map[string]document.Content{"title": document.Text(`Встреча "клуба"`), "who": document.Text("А.Б. Петров")}},
					{Number: "1.9", Cells: map[string]document.Content{"title": document.Text("без правок"), "who": document.Text("никто")}},
				}}},
			}},
			{Table: &document.Table{Columns: []document.TableColumn{{Title: "А", Width: 3}, {Title: "Б"}}, Rows: [][]document.Content{{document.Text("один")}}}},
			{Signature: &document.Signature{Position: "Директор", Name: "Л.П. Шидукова", Date: "01.09.2023 г."}},
		},
	}
}

func TestBuildResolvesEveryRuleOnce(t *testing.T) {
	d := doc()
	v, err := Build(context.Background(), d, testtpl.Edited(t, "school-roadmap@1.1.0", "", nil), Meta{InputHash: "sha256:00"})
	if err != nil {
		t.Fatal(err)
	}
	if v.Meta.Template != "school-roadmap@1.1.0" || v.Meta.Author != d.Organization.FullName || v.Meta.Subject != "Дорожная карта" {
		t.Errorf("meta = %+v", v.Meta)
	}
	lh := v.Letterhead
	if !lh.Organization || lh.FullName != "МКОУ «СОШ №\u00a05»" || lh.Parent != "Управление образования" {
		t.Errorf("organisation = %v %q %q", lh.Organization, lh.Parent, lh.FullName)
	}
	if lh.Title != "Дорожная карта на 2023\u00a0г." {
		t.Errorf("title = %q", lh.Title)
	}
	left, right := lh.Side(Left), lh.Side(Right)
	if len(left) != 2 || len(right) != 1 || left[0].Lines[0] != "Согласовано" || left[1].Lines[0] != "Второй" {
		t.Fatalf("stamps left %v right %v", left, right)
	}
	if right[0].Lines[0] != "УТВЕРЖДАЮ" || right[0].Lines[len(right[0].Lines)-1] != "____________ Л.П.\u00a0Шидукова" || !right[0].Signs || left[0].Signs {
		t.Errorf("approval stamp = %+v", right[0])
	}
	if len(v.Blocks) != len(d.Body) {
		t.Fatalf("%d blocks, want %d", len(v.Blocks), len(d.Body))
	}
	h1, h3, hl := v.Blocks[0].Heading, v.Blocks[1].Heading, v.Blocks[2].Heading
	if h1.Align != "center" || h1.Level != 1 || h3.Align != "left" || h3.Level != 3 || hl.Align != "left" || hl.Level != 1 {
		t.Errorf("headings: %+v %+v %+v", h1, h3, hl)
	}
	p := v.Blocks[3].Paragraph
	if p.Align != "justify" || p.IndentMM != 12.5 || len(p.Lines) != 2 || p.Lines[0] != "Первая «строка»" {
		t.Errorf("paragraph = %+v", p)
	}
	if c := v.Blocks[4].Paragraph; c.Align != "center" || c.IndentMM != 0 {
		t.Errorf("centred paragraph = %+v", c)
	}
	l := v.Blocks[5].List
	if l.List.ItemMarker(0) != "3." || l.List.Items[1].Text != "«цитата»" || l.Source.Items[1].Text != `"цитата"` {
		t.Errorf("list = %+v", l.List)
	}
	pl := v.Blocks[6].Plan
	if pl.NumberCol != 0 || !pl.SplitSection || pl.Columns[0].Frac != 0.5 || pl.Columns[1].Frac != 0.25 || pl.Columns[1].Align != "left" || pl.Columns[0].Title != "№\u00a0п/п" {
		t.Errorf("plan columns = %+v", pl.Columns)
	}
	s := pl.Sections[0]
	if s.Number != "1." || s.Items[0].Number != "1.1" || s.Items[1].Number != "1.9" {
		t.Errorf("numbers: %q %q %q", s.Number, s.Items[0].Number, s.Items[1].Number)
	}
	m0 := s.Items[0]
	if m0.StatusLabel != "Выполнено" || m0.Note != "«сделано»" || m0.Cells[0].Plain() != "1.1" || m0.Cells[1].Plain() != "Встреча «клуба»" || m0.Cells[2].Plain() != "А.Б.\u00a0Петров" {
		t.Errorf("measure = %+v", m0)
	}
	// A cell typography leaves alone is the document's own value, not a copy.
	src := d.Body[6].Plan.Sections[0].Items[1].Cells["title"]
	if got := s.Items[1].Cells[1]; &got[0] != &src[0] {
		t.Error("an unchanged cell was copied")
	}
	if d.Body[6].Plan.Sections[0].Items[0].Cells["title"].Plain() != `Встреча "клуба"` {
		t.Error("Build changed the document")
	}
	tb := v.Blocks[7].Table
	if len(tb.Rows[0]) != 2 || tb.Columns[0].Frac != 0.75 || tb.Columns[1].Key != "c2" {
		t.Errorf("table = %+v", tb)
	}
	if sg := v.Blocks[8].Signature; sg.Name != "Л.П.\u00a0Шидукова" || sg.Date != "01.09.2023\u00a0г." {
		t.Errorf("signature = %+v", sg)
	}
}

func TestBuildFollowsManifestOptions(t *testing.T) {
	v, err := Build(context.Background(), doc(), testtpl.Edited(t, "school-roadmap@1.1.0", "options", func(m *templates.Manifest) {
		m.Header.Organization = false
		m.Header.TitleUpper = true
		m.Narrative.Justify = false
		m.Narrative.IndentMM = 10
		m.Plan.Continuation = true
	}), Meta{})
	if err != nil {
		t.Fatal(err)
	}
	if v.Letterhead.Organization || v.Letterhead.FullName != "" || v.Letterhead.Parent != "" {
		t.Errorf("organisation printed although the template says no: %+v", v.Letterhead)
	}
	if v.Letterhead.Title != "ДОРОЖНАЯ КАРТА НА 2023 Г." {
		t.Errorf("title = %q", v.Letterhead.Title)
	}
	if p := v.Blocks[3].Paragraph; p.Align != "left" || p.IndentMM != 10 {
		t.Errorf("paragraph = %+v", p)
	}
	if l := v.Blocks[5].List; l.Justify || l.IndentMM != 10 {
		t.Errorf("list = %+v", l)
	}
	if c := v.Blocks[6].Plan.Continuation; c == "" {
		t.Error("no continuation label")
	}
}

type counter struct{ kinds []string }

func (c *counter) Heading(*Heading) error     { c.kinds = append(c.kinds, "heading"); return nil }
func (c *counter) Paragraph(*Paragraph) error { c.kinds = append(c.kinds, "paragraph"); return nil }
func (c *counter) List(*List) error           { c.kinds = append(c.kinds, "list"); return nil }
func (c *counter) Passport(*Passport) error   { c.kinds = append(c.kinds, "passport"); return nil }
func (c *counter) Plan(*Plan) error           { c.kinds = append(c.kinds, "plan"); return nil }
func (c *counter) Table(*Table) error         { c.kinds = append(c.kinds, "table"); return nil }
func (c *counter) Signature(*Signature) error { c.kinds = append(c.kinds, "signature"); return errStop }
func (c *counter) PageBreak(*PageBreak) error { c.kinds = append(c.kinds, "page_break"); return nil }
func (c *counter) Contents(*Contents) error   { c.kinds = append(c.kinds, "contents"); return nil }
func (c *counter) Chart(*Chart) error         { c.kinds = append(c.kinds, "chart"); return nil }

var errStop = errors.New("stop")

func TestWalkVisitsInOrderAndStops(t *testing.T) {
	d := doc()
	v, err := Build(context.Background(), d, testtpl.Edited(t, "school-roadmap@1.1.0", "", nil), Meta{})
	if err != nil {
		t.Fatal(err)
	}
	var c counter
	if err := Walk(context.Background(), v.Blocks, &c); !errors.Is(err, errStop) {
		t.Fatalf("Walk = %v", err)
	}
	for i, k := range c.kinds {
		if k != d.Body[i].Type() {
			t.Fatalf("visited %v", c.kinds)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := Walk(ctx, v.Blocks, &c); !errors.Is(err, context.Canceled) {
		t.Errorf("Walk with a cancelled context = %v", err)
	}
	if _, err := Build(ctx, bigPlan(1000), testtpl.Edited(t, "school-roadmap@1.1.0", "", nil), Meta{}); !errors.Is(err, context.Canceled) {
		t.Errorf("Build with a cancelled context = %v", err)
	}
}

func bigPlan(n int) *document.Document {
	items := make([]document.Measure, n)
	for i := range items {
		items[i].Cells = map[string]document.Content{"title": document.Text("мероприятие")}
	}
	return &document.Document{Kind: document.KindRoadmap, Title: "т", Body: []document.Block{{Plan: &document.Plan{Sections: []document.Section{{Title: "с", Items: items}}}}}}
}

func TestMarkLinesAreTypographed(t *testing.T) {
	m := &Mark{Certificate: "01AB", Owner: "Иванов И.И.", ValidFrom: "01.09.2026", ValidTo: "01.09.2027"}
	got := m.Lines()
	if len(got) != 5 || !got[0].Bold || !got[1].Bold || got[2].Bold {
		t.Fatalf("lines = %+v", got)
	}
	if got[3].Text != "Владелец Иванов\u00a0И.И." || got[4].Text != "Действителен с 01.09.2026 по 01.09.2027" {
		t.Errorf("owner and validity = %q, %q", got[3].Text, got[4].Text)
	}
}

func TestParagraphWithoutIndent(t *testing.T) {
	off, on := false, true
	d := doc()
	d.Body = []document.Block{
		{Paragraph: &document.Paragraph{Text: "без отступа", Indent: &off}},
		{Paragraph: &document.Paragraph{Text: "слева без отступа", Align: "left", Indent: &off}},
		{Paragraph: &document.Paragraph{Text: "с отступом", Indent: &on}},
		{Paragraph: &document.Paragraph{Text: "по центру", Align: "center", Indent: &on}},
	}
	v, err := Build(context.Background(), d, testtpl.Edited(t, "school-roadmap@1.1.0", "", nil), Meta{})
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []float64{0, 0, 12.5, 0} {
		if got := v.Blocks[i].Paragraph.IndentMM; got != want {
			t.Errorf("paragraph %d: indent %v mm, want %v", i, got, want)
		}
	}
}

// The 2025 form adds the date and time of signing, in Moscow time, when a
// trusted time-stamp vouches for it; the 2016 form has no place for it and
// prints what it always printed.
func TestMarkForms(t *testing.T) {
	at := SigningTime(time.Date(2026, 12, 1, 16, 5, 59, 0, time.UTC))
	if at != "01.12.2026 в\u00a019:05\u00a0МСК" {
		t.Fatalf("SigningTime = %q", at)
	}
	base := Mark{Certificate: "01AB", Owner: "Иванов И.И.", ValidFrom: "01.09.2026", ValidTo: "01.09.2027"}
	old := base.Lines()
	for _, tc := range []struct {
		form, signedAt string
		extra          bool
	}{
		{"", at, false},
		{templates.MarkForm2016, at, false},
		{templates.MarkForm2025, "", false},
		{templates.MarkForm2025, at, true},
	} {
		m := base
		m.Form, m.SignedAt = tc.form, tc.signedAt
		got := m.Lines()
		if !slices.Equal(got[:len(old)], old) {
			t.Errorf("form %q: the common lines changed: %+v", tc.form, got)
		}
		if !tc.extra {
			if len(got) != len(old) {
				t.Errorf("form %q, signed at %q: %d lines, want %d", tc.form, tc.signedAt, len(got), len(old))
			}
			continue
		}
		if len(got) != len(old)+1 || got[len(old)].Text != "Подписан 01.12.2026 в\u00a019:05\u00a0МСК" {
			t.Errorf("form 2025 with a time: %+v", got)
		}
	}
}
