package pdf

import (
	"math"
	"strings"
	"testing"

	"github.com/kartograf-ru/kartograf/internal/testtool/testtpl"
	"github.com/kartograf-ru/kartograf/pkg/document"
)

// pageOf is the 1-based page of the first text op that begins s (or that
// s begins, when the line is cut into runs or wrapped), 0 if none.
func pageOf(l *layout, s string) (int, op) {
	for i, p := range l.pages {
		for _, o := range p.ops {
			t := strings.ReplaceAll(o.text, "\u00a0", " ")
			f := strings.Fields(t)
			if o.kind == opText && len(f) > 0 && f[0] == strings.Fields(s)[0] && (strings.HasPrefix(t, s) || strings.HasPrefix(s, t)) {
				return i + 1, o
			}
		}
	}
	return 0, op{}
}

func para(s string) document.Block { return document.Block{Paragraph: &document.Paragraph{Text: s}} }

// A page break starts the next block on a new page; a break on a page
// that is still empty (after the cover page, or a second break) adds none.
func TestPageBreakStartsANewPage(t *testing.T) {
	tv := testtpl.Edited(t, "school-programme@1.0.0", "", nil)
	br := document.Block{PageBreak: &document.PageBreak{}}
	d := viewDoc(para("Первый"), br, br, para("Второй"))
	d.Template = ""
	l := validViewLayout(t, d, tv)
	if p, _ := pageOf(l, "Первый"); p != 1 {
		t.Errorf("first paragraph on page %d", p)
	}
	if p, _ := pageOf(l, "Второй"); p != 2 || len(l.pages) != 2 {
		t.Errorf("after two breaks: paragraph on page %d of %d, want 2 of 2", p, len(l.pages))
	}
}

// A cover page holds the letterhead with the place line at its foot; the
// body starts on page 2. The grif stands right-aligned above everything.
func TestCoverPageAndGrif(t *testing.T) {
	tv := testtpl.Edited(t, "school-programme@1.0.0", "", nil)
	d := viewDoc(para("Текст программы"))
	d.Cover, d.Place = true, "с. Урожайное, 2023 г."
	d.Appendix = &document.Appendix{Number: "1", To: "к приказу директора"}
	l := validViewLayout(t, d, tv)
	pg, place := pageOf(l, "с. Урожайное")
	if pg != 1 || place.y < l.bottom-2*l.lineHeight(l.m.Sizes.Body) {
		t.Errorf("place line on page %d at y %.1f, want page 1 at the foot (bottom %.1f)", pg, place.y, l.bottom)
	}
	if p, _ := pageOf(l, "Текст"); p != 2 {
		t.Errorf("body on page %d, want 2", p)
	}
	_, grif := pageOf(l, "Приложение")
	_, org := pageOf(l, "Управление Эксперимента")
	if math.Abs(grif.x+grif.w-l.right) > 0.01 || grif.y >= org.y {
		t.Errorf("grif at x %.1f..%.1f y %.1f, organisation at y %.1f; want right-aligned at %.1f above it", grif.x, grif.x+grif.w, grif.y, org.y, l.right)
	}
}

// Numbered headings print the view's number before the text; with the
// released template the same document prints none.
func TestNumberedHeadings(t *testing.T) {
	no := false
	d := viewDoc(document.Block{Heading: &document.Heading{Text: "Паспорт", Numbered: &no}}, document.Block{Heading: &document.Heading{Text: "Анализ"}},
		document.Block{Heading: &document.Heading{Text: "Итоги", Level: 2}}, para("Текст"))
	d.HeadingNumbering = document.NumberingRoman
	l := validViewLayout(t, d, testtpl.Edited(t, "school-programme@1.0.0", "", nil))
	for _, s := range []string{"Паспорт", "I. Анализ", "1. Итоги"} {
		if _, o := pageOf(l, s); o.text == "" {
			t.Errorf("heading %q not printed as such", s)
		}
	}
}
