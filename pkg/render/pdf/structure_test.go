package pdf_test

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/kartograf-ru/kartograf/internal/testtool/testdoc"
	"github.com/kartograf-ru/kartograf/internal/textcheck"
	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/render/view"
)

// norm joins a text's words with single spaces (no-break spaces count as
// spaces), so that lines pdftotext wraps compare with the view's strings.
func norm(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\u00a0", " ")), " ")
}

// The contents page lists every heading of its levels with the page the
// heading is printed on, as pdftotext reads the PDF page by page.
func TestContentsPagesAreThePrintedPages(t *testing.T) {
	d := testdoc.Load(t, "testdata", "documents", "programme-cover-contents.json")
	tv, err := testdoc.Engine(t).Template(d, "")
	if err != nil {
		t.Fatal(err)
	}
	v, err := view.Build(context.Background(), d, tv, view.Meta{})
	if err != nil {
		t.Fatal(err)
	}
	var c *view.Contents
	headings := 0
	for _, b := range v.Blocks {
		switch b.Kind {
		case view.KindContents:
			c = b.Contents
		case view.KindHeading:
			if b.Heading.Level <= 2 {
				headings++
			}
		}
	}
	if c == nil || len(c.Entries) != headings || headings < 8 {
		t.Fatalf("contents %+v, want all %d headings of levels 1–2", c, headings)
	}
	pages := strings.Split(pdftext(t, renderFile(t, d)), "\f")
	tocPage := -1
	for i, p := range pages {
		if strings.Contains(p, c.Title) && strings.Contains(norm(p), norm(c.Entries[0].Line())) {
			tocPage = i
			break
		}
	}
	if tocPage < 0 {
		t.Fatal("no page holds the contents")
	}
	toc := norm(pages[tocPage])
	for _, e := range c.Entries {
		m := regexp.MustCompile(regexp.QuoteMeta(norm(e.Line())) + ` (\d+)`).FindStringSubmatch(toc)
		if m == nil {
			t.Errorf("contents line «%s» with a page number not found in %q", e.Line(), toc)
			continue
		}
		n, _ := strconv.Atoi(m[1])
		if n <= tocPage+1 || n > len(pages) {
			t.Errorf("«%s»: page %d, contents on page %d of %d", e.Line(), n, tocPage+1, len(pages))
			continue
		}
		if !strings.Contains(norm(pages[n-1]), norm(e.Line())) {
			t.Errorf("«%s» is not on page %d, as the contents say", e.Line(), n)
		}
		if n > 1 && strings.Contains(norm(pages[n-2]), norm(e.Line())) && n-2 != tocPage {
			t.Errorf("«%s» is already on page %d, the contents say %d", e.Line(), n-1, n)
		}
	}
}

// The appendix grif comes first, before the «УТВЕРЖДЕНА приказом …» stamp
// of the same document and its title, each line as written; with
// letterhead false nothing of the organisation is printed.
func TestAppendixGrifComposesWithApprovedByOrder(t *testing.T) {
	d := testdoc.Load(t, "testdata", "documents", "appendix-grif.json")
	d.Organization = document.Organization{FullName: "Управление образования администрации МО «Кабанский район»"}
	d.Approvals = []document.Approval{{Kind: document.ApprovalByOrder, Issuer: "Управления образования", Date: "10.02.2021", Number: "12-п"}}
	got := pdftext(t, renderFile(t, d))
	want := []string{"Приложение № 2", d.Appendix.To, "от 10.02.2021 № 12-п", "УТВЕРЖДЕНА", "приказом Управления образования", "от 10.02.2021 № 12-п", d.Title}
	if err := textcheck.InOrder(want, got); err != nil {
		t.Error(err)
	}
	if strings.Contains(got, "администрации МО") {
		t.Errorf("letterhead false printed the organisation:\n%s", got)
	}
}
