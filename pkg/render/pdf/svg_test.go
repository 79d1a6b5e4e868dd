package pdf

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/kartograf-ru/kartograf/fonts"
	"github.com/kartograf-ru/kartograf/internal/testtool"
	"github.com/kartograf-ru/kartograf/internal/testtool/testtpl"
	"github.com/kartograf-ru/kartograf/internal/textcheck"
	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/render/view"
	"github.com/kartograf-ru/kartograf/templates"
)

// viewOf decodes, validates and builds the view of the document at path
// with its own template (or its kind's default).
func viewOf(t *testing.T, path string) *view.View {
	t.Helper()
	d := decodeFile(t, path)
	reg, err := templates.New()
	if err != nil {
		t.Fatal(err)
	}
	tv, err := reg.Resolve(d.Template)
	if err != nil {
		tv, err = reg.Default(string(d.Kind))
	}
	if err != nil {
		t.Fatal(err)
	}
	cov, err := tv.Coverage(new(fonts.Library))
	if err != nil {
		t.Fatal(err)
	}
	if err := tv.Rules(cov).Validate(d); err != nil {
		t.Fatal(err)
	}
	v, err := view.Build(context.Background(), d, tv, view.Meta{})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// svgText is one <text> element as a browser reads it.
type svgText struct {
	x, y, length float64
	text         string
}

// svgPage is what a test needs of one page's SVG.
type svgPage struct {
	viewBox, width, height, label string
	texts                         []svgText
	lines, rects                  int
}

// parseSVG decodes one page to its end with encoding/xml (strict), and
// fails on anything a strict Content-Security-Policy would refuse or a
// browser would run: style attributes and elements, scripts, event
// handlers, foreign content.
func parseSVG(t *testing.T, data []byte) svgPage {
	t.Helper()
	var p svgPage
	dec := xml.NewDecoder(bytes.NewReader(data))
	depth := 0
	var cur *svgText
	attr := func(se xml.StartElement, name string) string {
		for _, a := range se.Attr {
			if a.Name.Local == name {
				return a.Value
			}
		}
		return ""
	}
	number := func(s string) float64 {
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatalf("number %q: %v", s, err)
		}
		return f
	}
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("SVG does not parse: %v\n%s", err, data)
		}
		switch tk := tok.(type) {
		case xml.StartElement:
			depth++
			if tk.Name.Space != "http://www.w3.org/2000/svg" {
				t.Fatalf("element %v outside the SVG namespace", tk.Name)
			}
			for _, a := range tk.Attr {
				if a.Name.Local == "style" || strings.HasPrefix(strings.ToLower(a.Name.Local), "on") || strings.Contains(a.Name.Local, "href") {
					t.Fatalf("<%s> has attribute %s", tk.Name.Local, a.Name.Local)
				}
			}
			switch tk.Name.Local {
			case "svg":
				if depth != 1 {
					t.Fatal("nested <svg>")
				}
				p.viewBox, p.width, p.height, p.label = attr(tk, "viewBox"), attr(tk, "width"), attr(tk, "height"), attr(tk, "aria-label")
			case "text":
				p.texts = append(p.texts, svgText{x: number(attr(tk, "x")), y: number(attr(tk, "y")), length: number(attr(tk, "textLength"))})
				cur = &p.texts[len(p.texts)-1]
				if attr(tk, "font-size") == "" {
					t.Fatalf("<text> without font-size")
				}
			case "line":
				p.lines++
			case "rect":
				p.rects++
			case "g":
			default:
				t.Fatalf("unexpected element <%s>", tk.Name.Local)
			}
		case xml.EndElement:
			depth--
			if tk.Name.Local == "text" {
				cur = nil
			}
		case xml.CharData:
			if cur != nil {
				cur.text += string(tk)
			} else if strings.TrimSpace(string(tk)) != "" {
				t.Fatalf("text %q outside <text>", tk)
			}
		case xml.ProcInst, xml.Directive:
			t.Fatalf("unexpected %T in SVG", tk)
		}
	}
	if depth != 0 || p.viewBox == "" {
		t.Fatalf("not one complete <svg> element: %s", data)
	}
	return p
}

// previewPages draws every page of pv and parses it.
func previewPages(t *testing.T, pv *Preview) ([]svgPage, [][]byte) {
	t.Helper()
	var pages []svgPage
	var raw [][]byte
	for i := range pv.Pages() {
		var b bytes.Buffer
		if err := pv.WriteSVG(&b, i); err != nil {
			t.Fatal(err)
		}
		raw = append(raw, b.Bytes())
		pages = append(pages, parseSVG(t, b.Bytes()))
	}
	return pages, raw
}

// readingText joins the texts as a reader sees them: runs that touch on
// one baseline (fallback-font runs of one word) without a space, others
// with a space, baselines apart with a line break.
func readingText(pages []svgPage) string {
	var b strings.Builder
	for _, p := range pages {
		var prev *svgText
		for i := range p.texts {
			tx := &p.texts[i]
			switch {
			case prev == nil:
			case math.Abs(prev.y-tx.y) > 0.5:
				b.WriteByte('\n')
			case math.Abs(prev.x+prev.length-tx.x) > 0.05:
				b.WriteByte(' ')
			}
			b.WriteString(tx.text)
			prev = tx
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// Every page of every test document draws as SVG that parses as XML, has
// the page's size as its viewBox and its number in its label, holds its
// texts inside the page and shows the layout's texts in the layout's
// order — and so every word the PDF of the same view shows, in order.
func TestPreviewShowsThePDFPages(t *testing.T) {
	for _, path := range allDocs(t) {
		t.Run(filepath.Base(path), func(t *testing.T) {
			v := viewOf(t, path)
			r := NewRenderer(new(fonts.Library))
			pv, err := r.Preview(context.Background(), v)
			if err != nil {
				t.Fatal(err)
			}
			l, err := r.layout(context.Background(), v)
			if err != nil {
				t.Fatal(err)
			}
			if pv.Pages() != len(l.pages) || pv.Pages() == 0 {
				t.Fatalf("preview has %d pages, the layout %d", pv.Pages(), len(l.pages))
			}
			pages, _ := previewPages(t, pv)
			var want, got []string
			for i, p := range pages {
				w, h := pv.PageSize(i)
				if w != l.pages[i].w || h != l.pages[i].h {
					t.Errorf("page %d: PageSize %gx%g, layout %gx%g", i+1, w, h, l.pages[i].w, l.pages[i].h)
				}
				if vb := "0 0 " + svgNum(w) + " " + svgNum(h); p.viewBox != vb {
					t.Errorf("page %d: viewBox %q, want %q", i+1, p.viewBox, vb)
				}
				if p.width != svgNum(w)+"pt" || p.height != svgNum(h)+"pt" {
					t.Errorf("page %d: size %s×%s, want %gx%g pt", i+1, p.width, p.height, w, h)
				}
				if lbl := "Страница " + strconv.Itoa(i+1) + " из " + strconv.Itoa(pv.Pages()); p.label != lbl {
					t.Errorf("page %d: aria-label %q, want %q", i+1, p.label, lbl)
				}
				for _, tx := range p.texts {
					if tx.x < 0 || tx.x+tx.length > w+eps || tx.y < 0 || tx.y > h {
						t.Errorf("page %d: %q at x %.2f..%.2f, y %.2f outside the page %gx%g", i+1, tx.text, tx.x, tx.x+tx.length, tx.y, w, h)
					}
					got = append(got, tx.text)
				}
				for _, o := range l.pages[i].ops {
					if o.kind == opText && o.text != "" {
						want = append(want, o.text)
					}
				}
				if i > 0 && (len(p.texts) == 0 || p.texts[0].text != strconv.Itoa(i+1)) {
					t.Errorf("page %d does not start with its number", i+1)
				}
			}
			if len(got) != len(want) {
				t.Fatalf("%d texts in the preview, %d in the layout", len(got), len(want))
			}
			for i := range want {
				if got[i] != want[i] {
					t.Fatalf("text %d: preview %q, layout %q", i, got[i], want[i])
				}
			}

			var pdf bytes.Buffer
			if err := r.RenderView(context.Background(), &pdf, v); err != nil {
				t.Fatal(err)
			}
			file := filepath.Join(t.TempDir(), "out.pdf")
			if err := os.WriteFile(file, pdf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			pdfText := testtool.Run(t, "pdftotext", "-raw", "-enc", "UTF-8", file, "-")
			if err := textcheck.InOrder(textcheck.Words(pdfText), readingText(pages)); err != nil {
				t.Errorf("a word of the PDF is not in the preview: %v", err)
			}
		})
	}
}

func svgNum(v float64) string {
	var b bytes.Buffer
	num(&b, v)
	return b.String()
}

// A wide table of programme-appendix is printed on turned pages: their
// SVG has the turned size, the other pages the template's.
func TestPreviewTurnedPages(t *testing.T) {
	v := viewOf(t, "../../../testdata/documents/money-table-wide.json")
	pv, err := NewRenderer(new(fonts.Library)).Preview(context.Background(), v)
	if err != nil {
		t.Fatal(err)
	}
	pages, _ := previewPages(t, pv)
	tw, th := v.Manifest().PageSizeMM()
	portrait, landscape := 0, 0
	for i, p := range pages {
		w, h := pv.PageSize(i)
		switch {
		case math.Abs(w-tw*mm) < eps && math.Abs(h-th*mm) < eps && w < h:
			portrait++
		case math.Abs(w-th*mm) < eps && math.Abs(h-tw*mm) < eps && w > h:
			landscape++
		default:
			t.Errorf("page %d is %gx%g pt, neither the template's page nor it turned", i+1, w, h)
		}
		if want := "0 0 " + svgNum(w) + " " + svgNum(h); p.viewBox != want {
			t.Errorf("page %d: viewBox %q, want %q", i+1, p.viewBox, want)
		}
	}
	if portrait == 0 || landscape == 0 {
		t.Fatalf("%d portrait and %d landscape pages: the document should have both", portrait, landscape)
	}
}

// Text the PDF could print but XML cannot carry is dropped, markup is
// escaped, runs of spaces keep their width, and the page still parses.
func TestPreviewHostileText(t *testing.T) {
	hostile := "<script>alert(1)</script> ]]> & \"q\" 'a' \x01\x1b\u0085 \ufffe\uffff x\xff  two  spaces "
	pv := &Preview{pages: []*page{{w: 100, h: 200, ops: []op{
		{kind: opText, x: 10, y: 20, w: 80, size: 10, text: hostile},
		{kind: opText, x: 10, y: 40, w: 20, size: 10, text: "\x00\x02"}, // nothing left: no element
	}}}, family: "serif"}
	pv.faces[regular] = []faceAttr{""}
	var b bytes.Buffer
	if err := pv.WriteSVG(&b, 0); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"<script", "]]>", "\x01", "\x1b", "\u0085", "\ufffe", "\uffff", "\xff", "\x00"} {
		if bytes.Contains(b.Bytes(), []byte(bad)) {
			t.Errorf("SVG holds %q:\n%s", bad, b.Bytes())
		}
	}
	p := parseSVG(t, b.Bytes())
	if len(p.texts) != 1 {
		t.Fatalf("%d texts, want 1: %s", len(p.texts), b.Bytes())
	}
	want := "<script>alert(1)</script> ]]> & \"q\" 'a'   x  two  spaces "
	if p.texts[0].text != want {
		t.Errorf("text %q, want %q", p.texts[0].text, want)
	}
	if !bytes.Contains(b.Bytes(), []byte(`xml:space="preserve"`)) {
		t.Error("runs of spaces without xml:space=preserve: a browser collapses them")
	}
	if err := pv.WriteSVG(io.Discard, 1); err == nil || !strings.Contains(err.Error(), "нет страницы 2") {
		t.Errorf("page out of range: %v", err)
	}
	if err := pv.WriteSVG(io.Discard, -1); err == nil {
		t.Error("page -1 written")
	}
}

// The same view previews to the same bytes, page by page, also through a
// fresh renderer; the signature mark, when set, is drawn as in the PDF.
func TestPreviewDeterministicWithMark(t *testing.T) {
	v := viewOf(t, "../../../testdata/seeds/001_49fbf96383fe353c.json")
	var runs [2][][]byte
	for i := range runs {
		pv, err := NewRenderer(new(fonts.Library)).Preview(context.Background(), v)
		if err != nil {
			t.Fatal(err)
		}
		_, runs[i] = previewPages(t, pv)
	}
	if len(runs[0]) != len(runs[1]) {
		t.Fatalf("%d pages, then %d", len(runs[0]), len(runs[1]))
	}
	for i := range runs[0] {
		if !bytes.Equal(runs[0][i], runs[1][i]) {
			t.Fatalf("page %d differs between two previews", i+1)
		}
	}

	mark := &Mark{Certificate: "01AB", Owner: "Иванова Мария Петровна", ValidFrom: "01.09.2024", ValidTo: "01.09.2025"}
	r := NewRenderer(new(fonts.Library))
	pv, err := r.Preview(context.Background(), v.WithMark(mark))
	if err != nil {
		t.Fatal(err)
	}
	pages, _ := previewPages(t, pv)
	if txt := readingText(pages); !strings.Contains(txt, "Иванова") || !strings.Contains(txt, "01AB") {
		t.Errorf("the signature mark is not in the preview:\n%s", txt[max(0, len(txt)-600):])
	}
}

// Preview of nothing is refused like a render of nothing.
func TestPreviewNoView(t *testing.T) {
	if _, err := NewRenderer(nil).Preview(context.Background(), nil); !errors.Is(err, view.ErrNoDocument) {
		t.Fatalf("Preview(nil): %v", err)
	}
}

// Markup in a document's own text reaches the preview as text: a paragraph
// and a heading holding a script tag, a CDATA end and ampersands parse back
// to exactly what the layout placed.
func TestPreviewDocumentMarkupIsText(t *testing.T) {
	d := viewDoc(
		document.Block{Heading: &document.Heading{Text: "Раздел <b>1</b> & ]]>", Level: 2}},
		document.Block{Paragraph: &document.Paragraph{Text: "Текст <script>alert('x')</script> «A&B» ]]> и <!-- комментарий --> конец."}},
	)
	tv := testtpl.Edited(t, "analysis@1.1.0", "", nil)
	v, err := view.Build(context.Background(), d, tv, view.Meta{})
	if err != nil {
		t.Fatal(err)
	}
	pv, err := NewRenderer(new(fonts.Library)).Preview(context.Background(), v)
	if err != nil {
		t.Fatal(err)
	}
	pages, raw := previewPages(t, pv)
	for _, b := range raw {
		for _, bad := range []string{"<script", "<b>", "<!--", "]]>"} {
			if bytes.Contains(b, []byte(bad)) {
				t.Errorf("SVG holds %q unescaped", bad)
			}
		}
	}
	txt := strings.Join(strings.Fields(strings.ReplaceAll(readingText(pages), "\u00a0", " ")), " ")
	for _, s := range []string{"<b>1</b> & ]]>", "<script>alert('x')</script>", "«A&B» ]]>", "<!-- комментарий -->"} {
		if !strings.Contains(txt, s) {
			t.Errorf("preview text lacks %q:\n%s", s, txt)
		}
	}
}

// A preview stops with its context, like a render: the web page's request
// may go away.
func TestPreviewCancelled(t *testing.T) {
	v := viewOf(t, "../../../testdata/documents/rows150.json")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := NewRenderer(new(fonts.Library)).Preview(ctx, v); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled preview: %v", err)
	}
}
