package pdf

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/kartograf-ru/kartograf/fonts"
	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/templates"
)

// optimalVersion is v under a version number no release has: it breaks
// lines optimally and keeps widows and orphans (templates.Manifest.Optimal).
func optimalVersion(t *testing.T, v *templates.Version) *templates.Version {
	t.Helper()
	nv := *v
	nv.Manifest.Version = "9.9.9"
	if !nv.Manifest.Optimal() {
		t.Fatalf("%s: a new version does not break optimally", nv.Ref())
	}
	return &nv
}

// layoutWith lays out the document at path with its template version, or
// that version made optimal.
func layoutWith(t *testing.T, d *document.Document, optimal bool) *layout {
	t.Helper()
	v := versionFor(t, d)
	if optimal {
		v = optimalVersion(t, v)
	}
	r := NewRenderer(new(fonts.Library))
	r.traceParas = true
	return layoutView(t, r, d, v, nil)
}

func decodeFile(t testing.TB, path string) *document.Document {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	d, err := document.DecodeBytes(data)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// keepViolations lists the widows, orphans and split short paragraphs of
// a layout: a page holding exactly one line of a paragraph of several,
// and a list item whose first two lines are on different pages.
func keepViolations(l *layout) []string {
	var bad []string
	for i, p := range l.paras {
		n := len(p.pages)
		if p.heading {
			// Followed by narrative (the next block): kept with it.
			next := i + 1
			if next < len(l.paras) && l.paras[next].block == p.block+1 && n > 0 && len(l.paras[next].pages) > 0 && l.paras[next].pages[0] != p.pages[n-1] {
				bad = append(bad, fmt.Sprintf("heading %d alone at the foot of page %d", i, p.pages[n-1]+1))
			}
			continue
		}
		if n < 2 {
			continue
		}
		if p.pages[0] != p.pages[1] {
			bad = append(bad, fmt.Sprintf("paragraph %d (%d lines): first line alone on page %d", i, n, p.pages[0]+1))
		}
		if p.pages[n-1] != p.pages[n-2] {
			bad = append(bad, fmt.Sprintf("paragraph %d (%d lines): last line alone on page %d", i, n, p.pages[n-1]+1))
		}
		for k := 1; k+1 < n; k++ {
			if p.pages[k] != p.pages[k-1] && p.pages[k] != p.pages[k+1] {
				bad = append(bad, fmt.Sprintf("paragraph %d: line %d alone on page %d", i, k+1, p.pages[k]+1))
			}
		}
	}
	return bad
}

// widowDoc is narrative whose paragraphs of 1 to 9 lines fall across
// page ends in every position.
func widowDoc() *document.Document {
	var body []document.Block
	words := strings.Fields("Педагогический коллектив общеобразовательной организации реализовал мероприятия дорожной карты по повышению качества образования, включая диагностику профессиональных дефицитов, индивидуальные образовательные маршруты и наставничество")
	for i := range 60 {
		var b strings.Builder
		for k := range 6 + (i*7)%60 {
			if k > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(words[(i+k)%len(words)])
		}
		b.WriteByte('.')
		if i%5 == 2 {
			body = append(body, document.Block{Heading: &document.Heading{Text: fmt.Sprintf("Раздел %d. Итоги работы", i), Level: 1}})
		}
		body = append(body, document.Block{Paragraph: &document.Paragraph{Text: b.String()}})
		if i%9 == 4 {
			body = append(body, document.Block{List: &document.List{Items: []document.ListItem{
				{Text: b.String()}, {Text: "Короткий пункт."}, {Text: b.String() + " " + b.String()},
			}}})
		}
	}
	return &document.Document{
		Kind: document.KindAnalysis, Template: "analysis",
		Organization: document.Organization{FullName: "МБОУ «СОШ № 1»", ShortName: "МБОУ «СОШ № 1»"},
		Title:        "АНАЛИТИЧЕСКАЯ СПРАВКА", Period: &document.Period{Year: 2024},
		Body: body,
	}
}

// No test document, laid out by a version that breaks optimally, leaves
// a line of a paragraph or list item alone at the foot or head of a page;
// the released versions' pagination, which allows them, shows the check
// finds them.
func TestNoWidowsOrOrphans(t *testing.T) {
	legacy := layoutWith(t, widowDoc(), false)
	if bad := keepViolations(legacy); len(bad) == 0 {
		t.Error("the released pagination of the widow document has no widow: the document or the check is wrong")
	} else {
		t.Logf("released version: %d violations, e.g. %s", len(bad), bad[0])
	}
	l := layoutWith(t, widowDoc(), true)
	if bad := keepViolations(l); len(bad) > 0 {
		t.Errorf("widow document: %s", strings.Join(bad, "; "))
	}
	split := 0
	for _, p := range l.paras {
		if len(p.pages) > 0 && p.pages[0] != p.pages[len(p.pages)-1] {
			split++
		}
	}
	if split < 3 {
		t.Errorf("only %d paragraphs cross a page: the document does not exercise the rules", split)
	}
	for _, path := range allDocs(t) {
		l := layoutWith(t, decodeFile(t, path), true)
		if bad := keepViolations(l); len(bad) > 0 {
			t.Errorf("%s: %s", path, strings.Join(bad, "; "))
		}
	}
}
