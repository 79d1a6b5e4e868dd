package pdf

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kartograf-ru/kartograf/fonts"
	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/render/view"
	"github.com/kartograf-ru/kartograf/templates"
)

// layoutView lays out d with template version tv through its view.
func layoutView(t *testing.T, r *Renderer, d *document.Document, tv *templates.Version, mark *Mark) *layout {
	t.Helper()
	v, err := view.Build(context.Background(), d, tv, view.Meta{})
	if err != nil {
		t.Fatal(err)
	}
	l, err := r.layout(context.Background(), v.WithMark(mark))
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func layoutOf(t *testing.T, path string) *layout {
	t.Helper()
	d := decodeFile(t, path)
	v := versionFor(t, d)
	cov, err := v.Coverage(new(fonts.Library))
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Rules(cov).Validate(d); err != nil {
		t.Fatal(err)
	}
	return layoutView(t, NewRenderer(new(fonts.Library)), d, v, nil)
}

// versionFor is the template version d names, else its kind's default.
func versionFor(t *testing.T, d *document.Document) *templates.Version {
	t.Helper()
	reg, err := templates.New()
	if err != nil {
		t.Fatal(err)
	}
	v, err := reg.Resolve(d.Template)
	if err != nil {
		v, err = reg.Default(string(d.Kind))
	}
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func allDocs(t *testing.T) []string {
	seeds, _ := filepath.Glob("../../../testdata/seeds/*.json")
	docs, _ := filepath.Glob("../../../testdata/documents/*.json")
	all := append(seeds, docs...)
	if len(all) < 6 {
		t.Fatalf("test documents missing: %v", all)
	}
	return all
}

const eps = 0.01

// No glyph crosses its cell border or the text frame: every text op lies
// inside the box the layout assigned it, measured with the same widths the
// PDF is drawn with.
func TestNoTextOutsideItsBox(t *testing.T) {
	for _, path := range allDocs(t) {
		t.Run(filepath.Base(path), func(t *testing.T) {
			l := layoutOf(t, path)
			texts := 0
			for pi, p := range l.pages {
				for _, o := range p.ops {
					if o.kind != opText {
						continue
					}
					texts++
					if o.x < o.minX-eps || o.x+o.w > o.maxX+eps {
						t.Errorf("page %d: %q at x %.2f..%.2f outside its box %.2f..%.2f", pi+1, o.text, o.x, o.x+o.w, o.minX, o.maxX)
					}
					// A turned page (orient.go) has its own size; the
					// margins keep their sides.
					if o.maxX > p.w || o.minX < 0 {
						t.Errorf("page %d: box of %q outside the page", pi+1, o.text)
					}
					bottom := p.h - (l.pageH - l.bottom)
					if o.y > bottom+eps && !(pi > 0 && o.y < l.top) {
						t.Errorf("page %d: %q below the bottom margin (y %.1f > %.1f)", pi+1, o.text, o.y, bottom)
					}
				}
			}
			if texts == 0 {
				t.Fatal("no text laid out")
			}
		})
	}
}

// The long-word variant really exercises hyphenation and hard breaks, and
// their pieces stay in their cells (checked above).
func TestLongWordsAreBroken(t *testing.T) {
	l := layoutOf(t, "../../../testdata/documents/longwords.json")
	hyphenated, hard := 0, 0
	for _, p := range l.pages {
		for _, o := range p.ops {
			if o.kind != opText {
				continue
			}
			if strings.HasSuffix(o.text, "-") && !strings.Contains(o.text, " ") && len([]rune(o.text)) > 2 {
				hyphenated++
			}
			if strings.HasPrefix(o.text, "DorozhnayaKarta") || strings.HasPrefix(o.text, "408178105") {
				hard++
			}
		}
	}
	if hyphenated == 0 || hard == 0 {
		t.Errorf("hyphenated pieces %d, hard-broken pieces %d: the variant does not exercise breaking", hyphenated, hard)
	}
}

// Tables: rows never run past the bottom margin, every page with body rows
// starts with the header, a section row is on the same page as the first
// lines of its first measure, and long plans do split rows.
func TestTablePagination(t *testing.T) {
	splits := 0
	for _, path := range allDocs(t) {
		t.Run(filepath.Base(path), func(t *testing.T) {
			l := layoutOf(t, path)
			for i, r := range l.trace {
				if r.bottom > l.bottom+eps {
					t.Errorf("row %d on page %d ends at %.1f below the frame %.1f", i, r.page+1, r.bottom, l.bottom)
				}
				if r.cont {
					splits++
				}
				if r.kind == rowSection && i+1 < len(l.trace) && l.trace[i+1].kind == rowBody && l.trace[i+1].page != r.page {
					t.Errorf("section row on page %d separated from its first measure (page %d)", r.page+1, l.trace[i+1].page+1)
				}
				if r.headed && (r.kind == rowBody || r.kind == rowSection) {
					// The rows above on the same page, back to the page top, must
					// include a header row before any body row of another table.
					if i == 0 || l.trace[i-1].page != r.page {
						t.Errorf("row %d opens page %d without the header row", i, r.page+1)
					}
				}
			}
		})
	}
	if splits == 0 {
		t.Error("no row was split across pages in any test document")
	}
}

// The signature mark sits where the handwritten signature would (under the
// approval, or before the closing signature), framed, and overlaps no
// other text: in the 2016 form and in the 2025 form with the date and time
// of signing, a line longer.
func TestSignatureMark(t *testing.T) {
	for _, path := range []string{"../../../testdata/seeds/001_49fbf96383fe353c.json", "../../../testdata/documents/analysis.json", "../../../testdata/seeds/000_f50bb33c8ce6181b.json"} {
		for _, form := range []string{templates.MarkForm2016, templates.MarkForm2025} {
			t.Run(filepath.Base(path)+"/"+form, func(t *testing.T) {
				data, _ := os.ReadFile(path)
				d, err := document.DecodeBytes(data)
				if err != nil {
					t.Fatal(err)
				}
				reg, _ := templates.New()
				v, err := reg.Resolve(d.Template)
				if err != nil {
					t.Fatal(err)
				}
				r := NewRenderer(new(fonts.Library))
				mark := &Mark{Certificate: "5A17", Owner: "Багова Мария Владимировна", ValidFrom: "01.08.2023", ValidTo: "01.08.2033"}
				last := "Действителен"
				if form == templates.MarkForm2025 {
					mark.Form, mark.SignedAt, last = form, view.SigningTime(time.Date(2026, 12, 1, 16, 5, 0, 0, time.UTC)), "Подписан"
				}
				l := layoutView(t, r, d, v, mark)
				var markOps, others []op
				var markPage = -1
				for pi, p := range l.pages {
					for _, o := range p.ops {
						if o.kind != opText {
							continue
						}
						if o.text == "ДОКУМЕНТ ПОДПИСАН" {
							markPage = pi
						}
					}
				}
				if markPage < 0 {
					t.Fatal("no signature mark drawn")
				}
				inMark := false
				for _, o := range l.pages[markPage].ops {
					if o.kind != opText {
						continue
					}
					if o.text == "ДОКУМЕНТ ПОДПИСАН" {
						inMark = true
					}
					if inMark {
						markOps = append(markOps, o)
						if strings.HasPrefix(o.text, last) || strings.HasSuffix(o.text, "МСК") && form == templates.MarkForm2025 ||
							strings.HasSuffix(o.text, "01.08.2033") && form == templates.MarkForm2016 {
							inMark = false
						}
						continue
					}
					others = append(others, o)
				}
				if len(markOps) < len(mark.Lines()) {
					t.Fatalf("mark has %d lines, want %d or more", len(markOps), len(mark.Lines()))
				}
				if form == templates.MarkForm2025 && !strings.Contains(markOps[len(markOps)-1].text, "19:05") {
					t.Errorf("the 2025 mark ends with %q, want the time of signing", markOps[len(markOps)-1].text)
				}
				x0, x1, y0, y1 := markOps[0].minX, markOps[0].maxX, markOps[0].y-12, markOps[len(markOps)-1].y+4
				for _, o := range others {
					if o.y > y0 && o.y < y1 && o.x < x1 && o.x+o.w > x0 {
						t.Errorf("%q overlaps the signature mark", o.text)
					}
				}
			})
		}
	}
}
