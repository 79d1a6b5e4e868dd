package pdf

import (
	"bytes"
	"context"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/kartograf-ru/kartograf/fonts"
	"github.com/kartograf-ru/kartograf/internal/testtool"
	"github.com/kartograf-ru/kartograf/internal/testtool/testtpl"
	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/render/view"
	"github.com/kartograf-ru/kartograf/templates"
)

func viewDoc(body ...document.Block) *document.Document {
	return &document.Document{
		Kind:         document.KindRoadmap,
		Organization: document.Organization{Parent: "Управление Эксперимента", FullName: "Гимназия Лотос"},
		Title:        "Дорожная карта развития",
		Body:         body,
	}
}

func validViewLayout(t *testing.T, d *document.Document, tv *templates.Version) *layout {
	t.Helper()
	r := NewRenderer(new(fonts.Library))
	cov, err := tv.Coverage(new(fonts.Library))
	if err != nil {
		t.Fatal(err)
	}
	rules := tv.Rules(cov)
	if err := rules.Validate(d); err != nil {
		t.Fatal(err)
	}
	return layoutView(t, r, d, tv, nil)
}

// A plan whose first column has width 2 and the others none: omitted widths
// count as 1, so the drawn column edges split the text width 50/25/25 %.
func TestPlanColumnsWithAndWithoutWidth(t *testing.T) {
	plan := &document.Plan{
		Columns: []document.Column{
			{Key: "title", Title: "Мероприятие", Width: 2},
			{Key: "deadline", Title: "Срок"},
			{Key: "responsible", Title: "Ответственный"},
		},
		Sections: []document.Section{{Title: "Раздел", Items: []document.Measure{{Cells: map[string]document.Content{
			"title": document.Text("Педсовет"), "deadline": document.Text("Май"), "responsible": document.Text("Директор"),
		}}}}},
	}
	l := validViewLayout(t, viewDoc(document.Block{Plan: plan}), testtpl.Edited(t, "school-roadmap@1.1.0", "", nil))
	var edges []float64
	for _, p := range l.pages {
		for _, o := range p.ops {
			if o.kind == opLine && o.x == o.x2 && !slices.ContainsFunc(edges, func(x float64) bool { return math.Abs(x-o.x) < 1e-6 }) {
				edges = append(edges, o.x)
			}
		}
	}
	slices.Sort(edges)
	w := l.width()
	want := []float64{l.left, l.left + w/2, l.left + 3*w/4, l.right}
	if len(edges) != len(want) {
		t.Fatalf("column edges %v, want %v", edges, want)
	}
	for i := range want {
		if math.Abs(edges[i]-want[i]) > 0.01 {
			t.Errorf("column edges %v, want %v (50/25/25 %% of %.2f pt)", edges, want, w)
			break
		}
	}
}

// opsText is the text of a layout's ops in drawing order, no-break
// spaces as spaces.
func opsText(l *layout) string {
	var b strings.Builder
	for _, p := range l.pages {
		for _, o := range p.ops {
			if o.kind == opText {
				b.WriteString(o.text)
				b.WriteByte(' ')
			}
		}
	}
	return strings.ReplaceAll(b.String(), "\u00a0", " ")
}

// header.organization=false prints no organisation; title_upper=true
// prints the title in capitals. Checked in the PDF's text, rendered from
// the view.
func TestLetterheadFromTemplate(t *testing.T) {
	d := viewDoc(document.Block{Paragraph: &document.Paragraph{Text: "Текст."}})
	for _, tc := range []struct {
		org, upper bool
	}{{true, false}, {false, true}} {
		tv := testtpl.Edited(t, "analysis@1.1.0", "letterhead", func(m *templates.Manifest) {
			m.Header.Organization, m.Header.TitleUpper = tc.org, tc.upper
		})
		r := NewRenderer(new(fonts.Library))
		v, err := view.Build(context.Background(), d, tv, view.Meta{})
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := r.RenderView(context.Background(), &buf, v); err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(t.TempDir(), "out.pdf")
		if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		txt := strings.Join(strings.Fields(testtool.Run(t, "pdftotext", "-raw", "-enc", "UTF-8", p, "-")), " ")
		for _, s := range []string{"Гимназия Лотос", "Управление Эксперимента"} {
			if got := strings.Contains(txt, s); got != tc.org {
				t.Errorf("organization=%v: %q printed: %v\n%s", tc.org, s, got, txt)
			}
		}
		title := "Дорожная карта развития"
		if tc.upper {
			title = "ДОРОЖНАЯ КАРТА РАЗВИТИЯ"
		}
		if !strings.Contains(txt, title) {
			t.Errorf("title_upper=%v: no %q in\n%s", tc.upper, title, txt)
		}
	}
}

// A level-3 heading is left-aligned unless it asks for another alignment,
// which wins (the view decides; the PDF used to force level 3 left).
func TestHeadingAlignFromView(t *testing.T) {
	d := viewDoc(
		document.Block{Heading: &document.Heading{Text: "Слева", Level: 3}},
		document.Block{Heading: &document.Heading{Text: "Центр", Level: 3, Align: "center"}},
		document.Block{Heading: &document.Heading{Text: "Второй", Level: 2, Align: "left"}},
	)
	l := validViewLayout(t, d, testtpl.Edited(t, "analysis@1.1.0", "", nil))
	want := map[string]string{"Слева": "left", "Центр": "center", "Второй": "left"}
	seen := 0
	for _, p := range l.pages {
		for _, o := range p.ops {
			a, ok := want[o.text]
			if o.kind != opText || !ok {
				continue
			}
			seen++
			centred := math.Abs((o.x-l.left)-(l.right-(o.x+o.w))) < 0.01
			if left := math.Abs(o.x-l.left) < 0.01; (a == "left") != left || (a == "center") != centred {
				t.Errorf("%q at x %.2f…%.2f in %.2f…%.2f, want %s", o.text, o.x, o.x+o.w, l.left, l.right, a)
			}
		}
	}
	if seen != len(want) {
		t.Fatalf("found %d of %d headings in\n%s", seen, len(want), opsText(l))
	}
}
