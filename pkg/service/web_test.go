package service

import (
	"archive/zip"
	"bytes"
	"io"
	"io/fs"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/kartograf-ru/kartograf"
	"github.com/kartograf-ru/kartograf/internal/testtool"
	"github.com/kartograf-ru/kartograf/pkg/document"
)

// browser is a client with cookies, as a browser that opened the page.
type browser struct {
	t    testing.TB
	f    *fixture
	c    *http.Client
	csrf string
}

func newBrowser(t testing.TB, f *fixture) *browser {
	jar, _ := cookiejar.New(nil)
	b := &browser{t: t, f: f, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	r := b.get("/")
	if r.status != http.StatusOK {
		t.Fatalf("GET /: %d", r.status)
	}
	u, _ := url.Parse(f.url)
	for _, c := range jar.Cookies(u) {
		if c.Name == csrfCookie {
			b.csrf = c.Value
		}
	}
	if b.csrf == "" {
		t.Fatal("the page set no CSRF cookie")
	}
	return b
}

func (b *browser) get(path string) reply {
	b.t.Helper()
	resp, err := b.c.Get(b.f.url + path)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return reply{status: resp.StatusCode, header: resp.Header, body: data}
}

// field is a form field or, with a file name, a file.
type field struct{ name, file, value string }

func (b *browser) post(path string, fields ...field) reply {
	b.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for _, f := range fields {
		var w io.Writer
		var err error
		if f.file != "" {
			w, err = mw.CreateFormFile(f.name, f.file)
		} else {
			w, err = mw.CreateFormField(f.name)
		}
		if err != nil {
			b.t.Fatal(err)
		}
		io.WriteString(w, f.value)
	}
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, b.f.url+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := b.c.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return reply{status: resp.StatusCode, header: resp.Header, body: data}
}

// parse reads an HTML answer.
func parse(t testing.TB, r reply) *html.Node {
	t.Helper()
	if ct := r.header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
		t.Fatalf("Content-Type %q, want HTML; body %.300s", ct, r.body)
	}
	n, err := html.Parse(bytes.NewReader(r.body))
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// find returns the elements for which ok holds, in document order.
func find(n *html.Node, ok func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && ok(n) {
			out = append(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return out
}

func byID(n *html.Node, id string) *html.Node {
	if l := find(n, func(n *html.Node) bool { return attr(n, "id") == id }); len(l) > 0 {
		return l[0]
	}
	return nil
}

func tag(name string) func(*html.Node) bool {
	return func(n *html.Node) bool { return n.Data == name }
}

func text(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

// TestWebPages: every page is Russian HTML under the strict policy, with
// one h1 and a label for every control.
func TestWebPages(t *testing.T) {
	f := newFixture(t, nil)
	b := newBrowser(t, f)
	// The result page has the download and signature forms.
	res := b.post("/document", field{name: "csrf", value: b.csrf}, field{name: "file", file: "a.json", value: string(seed001(t))})
	if res.status != http.StatusOK {
		t.Fatalf("POST /document: %d", res.status)
	}
	for _, path := range []string{"/", "/year", "/analysis", "/templates", "/templates/school-roadmap@1.1.0", "/templates/analysis@1.1.0", "result"} {
		t.Run(path, func(t *testing.T) {
			r := res
			if path != "result" {
				r = b.get(path)
			}
			if r.status != http.StatusOK {
				t.Fatalf("%d: %.300s", r.status, r.body)
			}
			if got := r.header.Get("Content-Security-Policy"); got != contentSecurityPolicy {
				t.Errorf("CSP %q", got)
			}
			for k, v := range map[string]string{"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY", "Referrer-Policy": "no-referrer"} {
				if r.header.Get(k) != v {
					t.Errorf("%s: %q", k, r.header.Get(k))
				}
			}
			doc := parse(t, r)
			if h := find(doc, tag("html")); len(h) != 1 || attr(h[0], "lang") != "ru" {
				t.Error(`no <html lang="ru">`)
			}
			if h1 := find(doc, tag("h1")); len(h1) != 1 {
				t.Errorf("%d h1", len(h1))
			}
			if s := find(doc, func(n *html.Node) bool {
				return n.Data == "script" && attr(n, "src") == "" || attr(n, "style") != "" || n.Data == "style"
			}); len(s) > 0 {
				t.Errorf("inline script or style: %s", s[0].Data)
			}
			labels := map[string]bool{}
			for _, l := range find(doc, tag("label")) {
				labels[attr(l, "for")] = true
			}
			for _, in := range find(doc, func(n *html.Node) bool { return n.Data == "input" || n.Data == "select" }) {
				if attr(in, "type") == "hidden" {
					continue
				}
				if id := attr(in, "id"); id == "" || !labels[id] {
					t.Errorf("control %s name=%s id=%q has no label", in.Data, attr(in, "name"), id)
				}
			}
			// readForm takes multipart only: a form sent urlencoded would
			// answer 415 in a browser.
			for _, form := range find(doc, func(n *html.Node) bool { return n.Data == "form" && attr(n, "method") == "post" }) {
				if attr(form, "enctype") != "multipart/form-data" {
					t.Errorf("form %q (%s) is not multipart", attr(form, "id"), attr(form, "action"))
				}
			}
			if p := strings.Count(string(r.body), `name="csrf" value="`+b.csrf+`"`); p != len(find(doc, func(n *html.Node) bool { return n.Data == "form" && attr(n, "method") == "post" })) {
				t.Errorf("%d forms carry the CSRF token", p)
			}
		})
	}
}

// TestWebDocument uploads seed 001 and sees its pages, then downloads each
// format under its Cyrillic name.
func TestWebDocument(t *testing.T) {
	f := newFixture(t, nil)
	b := newBrowser(t, f)
	seed := seed001(t)
	r := b.post("/document", field{name: "csrf", value: b.csrf}, field{name: "template"}, field{name: "file", file: "карта.json", value: string(seed)})
	if r.status != http.StatusOK {
		t.Fatalf("%d: %.500s", r.status, r.body)
	}
	doc := parse(t, r)
	pv := byID(doc, "preview")
	if pv == nil {
		t.Fatal("no #preview")
	}
	pages := find(pv, func(n *html.Node) bool { return n.Data == "figure" && attr(n, "class") == "page" })
	if len(pages) == 0 || len(find(pages[0], tag("svg"))) != 1 {
		t.Fatalf("%d pages; first has no svg", len(pages))
	}
	d, err := document.DecodeBytes(seed)
	if err != nil {
		t.Fatal(err)
	}
	if words := text(pv); !strings.Contains(words, "МКОУ") || !strings.Contains(words, "Кременчуг") {
		t.Errorf("the preview does not show the school: %.300s", words)
	}
	form := find(doc, func(n *html.Node) bool { return n.Data == "form" && attr(n, "class") == "download" })
	if len(form) == 0 {
		t.Fatal("no download form")
	}
	hidden := map[string]string{}
	for _, in := range find(form[0], tag("input")) {
		hidden[attr(in, "name")] = attr(in, "value")
	}
	if hidden["template"] != "school-roadmap@1.1.0" {
		t.Errorf("template %q", hidden["template"])
	}
	for _, ff := range kartograf.Formats() {
		if byID(doc, "download-"+string(ff)) == nil {
			t.Errorf("no download-%s button", ff)
		}
		r := b.post("/download", field{name: "csrf", value: b.csrf}, field{name: "template", value: hidden["template"]},
			field{name: "document", value: hidden["document"]}, field{name: "format", value: string(ff)})
		if r.status != http.StatusOK {
			t.Fatalf("%s: %d %.300s", ff, r.status, r.body)
		}
		_, params, _ := mime.ParseMediaType(r.header.Get("Content-Disposition"))
		if want := kartograf.FileName(d, ff); params["filename"] != want {
			t.Errorf("%s file name %q, want %q", ff, params["filename"], want)
		}
		switch ff {
		case kartograf.PDF:
			if !bytes.HasPrefix(r.body, []byte("%PDF-")) {
				t.Error("not a PDF")
			}
			path := filepath.Join(t.TempDir(), "a.pdf")
			os.WriteFile(path, r.body, 0o600)
			testtool.Run(t, "qpdf", "--check", path)
		case kartograf.DOCX, kartograf.XLSX:
			zr, err := zip.NewReader(bytes.NewReader(r.body), int64(len(r.body)))
			if err != nil {
				t.Fatalf("%s: %v", ff, err)
			}
			want := map[kartograf.Format]string{kartograf.DOCX: "word/document.xml", kartograf.XLSX: "xl/workbook.xml"}[ff]
			found := false
			for _, e := range zr.File {
				found = found || e.Name == want
			}
			if !found {
				t.Errorf("%s has no %s", ff, want)
			}
		}
	}
}

// TestWebDocumentWorkbook: a workbook Kartograf wrote comes back as the
// same document.
func TestWebDocumentWorkbook(t *testing.T) {
	f := newFixture(t, nil)
	b := newBrowser(t, f)
	d, err := document.DecodeBytes(seed001(t))
	if err != nil {
		t.Fatal(err)
	}
	var x bytes.Buffer
	if _, err := f.srv.cfg.Engine.Render(t.Context(), &x, d, kartograf.RenderOptions{Format: kartograf.XLSX}); err != nil {
		t.Fatal(err)
	}
	r := b.post("/document", field{name: "csrf", value: b.csrf}, field{name: "file", file: "карта.xlsx", value: x.String()})
	if r.status != http.StatusOK || byID(parse(t, r), "preview") == nil {
		t.Fatalf("%d: %.500s", r.status, r.body)
	}
}

// TestWebProblems: a broken document gives the table of problems, each in
// the author's words next to its JSON path.
func TestWebProblems(t *testing.T) {
	f := newFixture(t, nil)
	b := newBrowser(t, f)
	r := b.post("/document", field{name: "csrf", value: b.csrf}, field{name: "file", file: "broken.json", value: string(testtool.FourProblems(t))})
	if r.status != http.StatusUnprocessableEntity {
		t.Fatalf("%d: %.300s", r.status, r.body)
	}
	table := byID(parse(t, r), "problems")
	if table == nil {
		t.Fatal("no #problems")
	}
	var rows [][]string
	for _, tr := range find(table, tag("tr"))[1:] {
		var cells []string
		for _, td := range find(tr, tag("td")) {
			cells = append(cells, text(td))
		}
		rows = append(rows, cells)
	}
	want := testtool.FourProblemsWant()
	if len(rows) != len(want) {
		t.Fatalf("%d rows, want %d: %v", len(rows), len(want), rows)
	}
	placed := 0
	for i, w := range want {
		if rows[i][1] != w.Path {
			t.Errorf("row %d path %q, want %q", i, rows[i][1], w.Path)
		}
		if strings.HasPrefix(rows[i][0], "Раздел ") || strings.HasPrefix(rows[i][0], "Гриф ") {
			placed++
		}
	}
	if placed == 0 {
		t.Errorf("no problem placed in the author's words: %v", rows)
	}
	// JSON that does not parse says where.
	r = b.post("/document", field{name: "csrf", value: b.csrf}, field{name: "file", file: "x.json", value: "{\n  \"title\": \n}"})
	if r.status != http.StatusBadRequest || !strings.Contains(text(byID(parse(t, r), "problems")), "строка 3") {
		t.Errorf("syntax error: %d %.400s", r.status, r.body)
	}
}

// TestWebCSRF: a form without the browser's token, or from another site,
// is refused before anything is read.
func TestWebCSRF(t *testing.T) {
	f := newFixture(t, nil)
	b := newBrowser(t, f)
	seed := string(seed001(t))
	for name, fields := range map[string][]field{
		"no token":    {{name: "file", file: "a.json", value: seed}},
		"wrong token": {{name: "csrf", value: strings.Repeat("0", 32)}, {name: "file", file: "a.json", value: seed}},
	} {
		r := b.post("/document", fields...)
		if r.status != http.StatusForbidden || byID(parse(t, r), "csrf-error") == nil {
			t.Errorf("%s: %d %.200s", name, r.status, r.body)
		}
	}
	// The right token from another site.
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("csrf", b.csrf)
	fw, _ := mw.CreateFormFile("file", "a.json")
	io.WriteString(fw, seed)
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, f.url+"/document", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	resp, err := b.c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site: %d", resp.StatusCode)
	}
}

// TestWebAuth: with tokens on every route the forms ask for one, and a
// form without it is refused.
func TestWebAuth(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.RequireAuth = true })
	b := newBrowser(t, f)
	if byID(parse(t, b.get("/")), "token") == nil {
		t.Fatal("no token field")
	}
	seed := string(seed001(t))
	if r := b.post("/document", field{name: "csrf", value: b.csrf}, field{name: "file", file: "a.json", value: seed}); r.status != http.StatusUnauthorized {
		t.Errorf("without token: %d", r.status)
	}
	if r := b.post("/document", field{name: "csrf", value: b.csrf}, field{name: "token", value: "wrong"}, field{name: "file", file: "a.json", value: seed}); r.status != http.StatusUnauthorized {
		t.Errorf("wrong token: %d", r.status)
	}
	if r := b.post("/document", field{name: "csrf", value: b.csrf}, field{name: "token", value: testToken}, field{name: "file", file: "a.json", value: seed}); r.status != http.StatusOK {
		t.Errorf("with token: %d %.300s", r.status, r.body)
	}
	if strings.Contains(f.logs.String(), testToken) {
		t.Error("the token is in the log")
	}
}

// TestWebSigned: the signed PDF needs the token.
func TestWebSigned(t *testing.T) {
	f := newFixture(t, nil)
	b := newBrowser(t, f)
	seed := seed001(t)
	r := b.post("/document", field{name: "csrf", value: b.csrf}, field{name: "file", file: "a.json", value: string(seed)})
	if byID(parse(t, r), "sign-form") == nil {
		t.Fatal("no sign form although the server has a key")
	}
	fields := []field{{name: "csrf", value: b.csrf}, {name: "document", value: string(seed)}, {name: "format", value: "pdf"}, {name: "sign", value: "true"}}
	if r := b.post("/download", append(fields, field{name: "token", value: "nope"})...); r.status != http.StatusUnauthorized {
		t.Errorf("wrong token: %d", r.status)
	}
	r = b.post("/download", append(fields, field{name: "token", value: testToken})...)
	if r.status != http.StatusOK || !bytes.Contains(r.body, []byte("/ByteRange")) || r.header.Get(HeaderSigned) != "true" {
		t.Errorf("signed: %d, signature present %v", r.status, bytes.Contains(r.body, []byte("/ByteRange")))
	}
	// Without a key the page offers no signature.
	f2 := newFixture(t, func(c *Config) { c.Signer = nil })
	b2 := newBrowser(t, f2)
	r = b2.post("/document", field{name: "csrf", value: b2.csrf}, field{name: "file", file: "a.json", value: string(seed)})
	if byID(parse(t, r), "sign-form") != nil {
		t.Error("a sign form without a key")
	}
}

// TestWebEscapes: what a document says is shown as text, never run.
func TestWebEscapes(t *testing.T) {
	f := newFixture(t, nil)
	b := newBrowser(t, f)
	seed := strings.Replace(string(seed001(t)), `"title": "`, `"title": "<script>alert(1)</script> & <b>`, 1)
	r := b.post("/document", field{name: "csrf", value: b.csrf}, field{name: "file", file: "a.json", value: seed})
	if r.status != http.StatusOK {
		t.Fatalf("%d %.300s", r.status, r.body)
	}
	if bytes.Contains(r.body, []byte("<script>alert")) || bytes.Contains(r.body, []byte("<b>")) {
		t.Error("document text reached the page as markup")
	}
	if s := find(parse(t, r), func(n *html.Node) bool { return n.Data == "script" && attr(n, "src") == "" }); len(s) > 0 {
		t.Error("an inline script on the page")
	}
}

// TestWebTemplates: every version is listed; its Word template downloads
// as a .docx.
func TestWebTemplates(t *testing.T) {
	f := newFixture(t, nil)
	b := newBrowser(t, f)
	doc := parse(t, b.get("/templates"))
	table := byID(doc, "templates")
	if table == nil {
		t.Fatal("no #templates")
	}
	vs := f.srv.cfg.Engine.Templates().List()
	if rows := find(table, tag("tr")); len(rows)-1 != len(vs) {
		t.Errorf("%d rows for %d versions", len(rows)-1, len(vs))
	}
	for _, v := range vs {
		link := byID(doc, "docx-"+v.Ref())
		if (link != nil) != (v.Manifest.Docx != nil) {
			t.Errorf("%s: Word link %v, has DOCX %v", v.Ref(), link != nil, v.Manifest.Docx != nil)
		}
		r := b.get("/templates/" + v.Ref())
		if r.status != http.StatusOK || byID(parse(t, r), "preview") == nil || !bytes.Contains(r.body, []byte("<svg")) {
			t.Errorf("%s sample: %d %.300s", v.Ref(), r.status, r.body)
		}
		if link == nil {
			if r := b.get("/templates/" + v.Ref() + "/template.docx"); r.status != http.StatusNotFound {
				t.Errorf("%s Word template without DOCX: %d", v.Ref(), r.status)
			}
			continue
		}
		r = b.get(attr(link, "href"))
		if r.status != http.StatusOK {
			t.Fatalf("%s: %d", v.Ref(), r.status)
		}
		zr, err := zip.NewReader(bytes.NewReader(r.body), int64(len(r.body)))
		if err != nil || len(zr.File) == 0 || zr.File[0].Name != "[Content_Types].xml" {
			t.Errorf("%s: not a packed docx: %v", v.Ref(), err)
		}
	}
	for _, bad := range []string{"/templates/nope@1.0.0", "/templates/school-roadmap", "/templates/..%2Fx@1.0.0"} {
		if r := b.get(bad); r.status != http.StatusNotFound {
			t.Errorf("%s: %d", bad, r.status)
		}
	}
}

// TestWebAssetsSmall: the page's templates, style and script stay small —
// the issue allows the page less than 300 KB of the binary, code included.
func TestWebAssetsSmall(t *testing.T) {
	total := 0
	err := fs.WalkDir(webFiles, "web", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := webFiles.ReadFile(p)
		total += len(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if total == 0 || total > 64<<10 {
		t.Errorf("the page's embedded files take %d bytes, want (0, 64 KiB]", total)
	}
	t.Logf("embedded page files: %d bytes", total)
}
