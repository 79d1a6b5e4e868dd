package service

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/chromedp/chromedp"

	"github.com/kartograf-ru/kartograf/internal/testtool"
	headless "github.com/kartograf-ru/kartograf/internal/testtool/browser"
)

// The headers every HTML answer carries (docs/web.md).
var pageHeaders = map[string]string{
	"Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
	"X-Content-Type-Options":  "nosniff",
	"Referrer-Policy":         "no-referrer",
	"X-Frame-Options":         "DENY",
	"Cache-Control":           "no-store",
}

// TestBrowser drives the page in a real headless Chromium as a
// methodologist would: upload seed 001 and see its pages, download each
// format; upload a broken document and read the problems; run the new
// year for 20 schools from a Windows-1251 registry; open a template's
// sample. Every page it sees must write nothing to the console (no
// error, no warning, no CSP violation), pass axe-core with no serious or
// critical violation, be in Russian with one h1, and fit a phone. The
// screenshots go to KARTOGRAF_SCREENSHOTS.
func TestBrowser(t *testing.T) {
	b := headless.Start(t)
	f := newFixture(t, func(c *Config) { c.JobsDir = t.TempDir() })
	t.Cleanup(func() { f.srv.Close() })
	files := t.TempDir()
	seed := writeFile(t, files, "001_49fbf96383fe353c.json", seed001(t))

	// Pages the phone subtest opens again, filled in as they are found.
	var jobURL, sampleURL string

	t.Run("один документ", func(t *testing.T) {
		p := b.NewPage(t, headless.DesktopWidth, headless.DesktopHeight)
		p.Navigate(f.url + "/")
		lookAt(t, p, "document-form")
		order := p.TabOrder(12, "#check")
		if i, j := slices.Index(order, "#file"), slices.Index(order, "#check"); i < 0 || j < i {
			t.Errorf("Tab from the top goes %q: want #file, then #check", order)
		}
		upload(p, seed)
		p.Do(chromedp.WaitVisible(chromedp.CSS("#preview figure.page svg")))
		lookAt(t, p, "document-preview")

		n := headless.Eval[int](p, `document.querySelectorAll('#preview figure.page').length`)
		label := headless.Eval[string](p, `(document.querySelector('#preview figure.page svg[role=img]') || {getAttribute: () => ''}).getAttribute('aria-label')`)
		words := headless.Eval[string](p, `Array.from(document.querySelectorAll('#preview figure.page svg text')).map(t => t.textContent).join(' ')`)
		if n < 1 || !regexp.MustCompile(`^Страница 1 из \d+$`).MatchString(label) {
			t.Errorf("%d pages in the preview, the first labelled %q", n, label)
		}
		for _, w := range []string{"ДОРОЖНАЯ", "КАРТА", "Кременчуг"} {
			if !strings.Contains(words, w) {
				t.Errorf("the preview's text has no %q: %.300s…", w, words)
			}
		}

		for _, format := range []string{"pdf", "docx", "xlsx"} {
			want := headless.Eval[string](p, `document.querySelector('#download-`+format+` .file').textContent.trim()`)
			d := p.Download(chromedp.Click(chromedp.ID("download-" + format)))
			t.Logf("%s: %s, %d bytes", format, d.Name, len(d.Data))
			if d.Name != want || !strings.HasSuffix(d.Name, "."+format) || !strings.ContainsFunc(d.Name, isCyrillic) {
				t.Errorf("%s saved as %q, want the Cyrillic name the button shows, %q", format, d.Name, want)
			}
			switch format {
			case "pdf":
				if !bytes.HasPrefix(d.Data, []byte("%PDF-")) {
					t.Fatalf("the PDF starts %q", d.Data[:min(len(d.Data), 16)])
				}
				defer qpdfCheck(t, d.Data) // last: without qpdf it skips
			case "docx":
				zipHas(t, d.Data, "word/document.xml")
			case "xlsx":
				zipHas(t, d.Data, "xl/workbook.xml")
			}
		}
		// The signed PDF: the server has a key, the user gives the token.
		p.Do(chromedp.SendKeys(chromedp.ID("sign-token"), testToken))
		d := p.Download(chromedp.Click(chromedp.ID("download-signed")))
		if !bytes.HasPrefix(d.Data, []byte("%PDF-")) || !bytes.Contains(d.Data, []byte("/ByteRange")) {
			t.Errorf("the signed download %q is no signed PDF", d.Name)
		}
		p.Check()
	})

	t.Run("ошибки в документе", func(t *testing.T) {
		p := b.NewPage(t, headless.DesktopWidth, headless.DesktopHeight)
		// The browser logs the answer's 422 as a failed load; it is the
		// page's meaning, not an error of the page.
		p.AllowStatus("/document", http.StatusUnprocessableEntity)
		p.AllowStatus("/document", http.StatusBadRequest)
		p.Navigate(f.url + "/")
		upload(p, writeFile(t, files, "fourproblems.json", testtool.FourProblems(t)))
		p.Do(chromedp.WaitVisible(chromedp.CSS("table#problems tbody tr")))
		lookAt(t, p, "document-problems")
		head := headless.Eval[[]string](p, `Array.from(document.querySelectorAll('table#problems thead th')).map(c => c.textContent.trim())`)
		if !slices.Equal(head, []string{"Где в документе", "Поле JSON", "Что не так"}) {
			t.Errorf("the problems' columns are %q", head)
		}
		if c := headless.Eval[string](p, `(document.querySelector('table#problems caption') || {}).textContent || ''`); c == "" {
			t.Error("the table of problems has no caption")
		}
		rows := tableRows(p, "table#problems")
		want := testtool.FourProblemsWant()
		if len(rows) != len(want) {
			t.Fatalf("%d rows, want %d: %q", len(rows), len(want), rows)
		}
		for _, w := range want {
			i := slices.IndexFunc(rows, func(r []string) bool { return len(r) == 3 && r[1] == w.Path })
			if i < 0 {
				t.Errorf("no row for %s: %q", w.Path, rows)
				continue
			}
			if !strings.Contains(rows[i][2], w.Message) {
				t.Errorf("%s: «%s», want «%s»", w.Path, rows[i][2], w.Message)
			}
			if strings.HasPrefix(w.Path, "body[") && !strings.HasPrefix(rows[i][0], "Раздел 1, мероприятие 1.") {
				t.Errorf("%s is «%s» in the document's words, want «Раздел 1, мероприятие 1.…»", w.Path, rows[i][0])
			}
		}

		// A file that is not JSON: the line and column of the fault (in
		// whichever column: the document has no places yet).
		p.Navigate(f.url + "/")
		upload(p, writeFile(t, files, "обрыв.json", []byte("{\n  \"kind\": \"roadmap\",\n  \"title\": \n")))
		p.Do(chromedp.WaitVisible(chromedp.CSS("table#problems tbody tr")))
		if rows := tableRows(p, "table#problems"); len(rows) == 0 || !regexp.MustCompile(`строка 4, столбец 1`).MatchString(strings.Join(rows[0], " ")) {
			t.Errorf("a JSON syntax error is shown as %q, want «строка 4, столбец 1»", rows)
		}
		p.Screenshot("document-syntax-error")
		p.Check()
	})

	t.Run("новый учебный год", func(t *testing.T) {
		p := b.NewPage(t, headless.DesktopWidth, headless.DesktopHeight)
		p.Navigate(f.url + "/year")
		lookAt(t, p, "year-form")
		order := p.TabOrder(20, "#prepare")
		if i, j := slices.Index(order, "#registry"), slices.Index(order, "#prepare"); i < 0 || j < i {
			t.Errorf("Tab from the top goes %q: want #registry, then #prepare", order)
		}
		if !headless.Eval[bool](p, `document.getElementById('format-pdf').checked`) {
			t.Error("PDF is not chosen by default")
		}
		// The year field says what it takes before the form goes.
		p.Do(chromedp.SendKeys(chromedp.ID("to"), "27-28"))
		if !headless.Eval[bool](p, `document.getElementById('to').validity.patternMismatch`) {
			t.Error("the year field takes «27-28»: its pattern checks nothing")
		}
		headless.Eval[chromedp.Void](p, `document.getElementById('to').value = ''`)
		p.Do(
			chromedp.SetUploadFiles(chromedp.ID("registry"), []string{writeFile(t, files, "реестр.csv", []byte(registry1251(t, 20)))}),
			chromedp.SetUploadFiles(chromedp.ID("plan"), []string{seed}),
			chromedp.SendKeys(chromedp.ID("to"), "2027-2028"),
			chromedp.Click(chromedp.ID("prepare")),
			chromedp.WaitVisible(chromedp.ID("report")),
		)
		jobURL = headless.Eval[string](p, `location.href`)
		if !regexp.MustCompile(`/jobs/[0-9a-f]{32}$`).MatchString(jobURL) {
			t.Fatalf("the job is at %s, want /jobs/ and 32 hex digits", jobURL)
		}
		lookAt(t, p, "job-prepared")
		if r := headless.Eval[string](p, `document.getElementById('report').textContent`); !strings.Contains(r, "2027-2028") {
			t.Errorf("the report does not name the new year: %.300s", r)
		}
		p.Do(chromedp.Click(chromedp.ID("start")),
			// The page polls and reloads itself until the job is done.
			chromedp.WaitVisible(chromedp.ID("download-zip")))
		p.Do(chromedp.Reload(), chromedp.WaitVisible(chromedp.ID("download-zip")))
		if u := headless.Eval[string](p, `location.href`); u != jobURL {
			t.Errorf("reloaded, the page is %s, want %s", u, jobURL)
		}
		if s := headless.Eval[string](p, `document.getElementById('job-state').textContent`); !strings.Contains(s, "школ: 20") {
			t.Errorf("the job's state after a reload: %s", s)
		}
		lookAt(t, p, "job-done")
		if headless.Eval[bool](p, `!!document.getElementById('failed')`) {
			t.Error("a table of failed schools although none failed")
		}
		d := p.Download(chromedp.Click(chromedp.ID("download-zip")))
		z, err := zip.NewReader(bytes.NewReader(d.Data), int64(len(d.Data)))
		if err != nil {
			t.Fatalf("the download %q: %v", d.Name, err)
		}
		var pdfs int
		var names []string
		for _, e := range z.File {
			names = append(names, e.Name)
			if strings.HasSuffix(e.Name, ".pdf") {
				pdfs++
			}
		}
		if pdfs != 20 || !strings.ContainsFunc(d.Name, isCyrillic) {
			t.Errorf("%q has %d PDFs, want 20: %q", d.Name, pdfs, names)
		}
		for _, index := range []string{"index.json", "index.csv", "index.xlsx"} {
			if !slices.ContainsFunc(names, func(n string) bool { return strings.HasSuffix(n, index) }) {
				t.Errorf("no %s in the archive: %q", index, names)
			}
		}
		p.Check()
	})

	t.Run("шаблоны", func(t *testing.T) {
		var list struct{ Templates []templateInfo }
		resp, err := http.Get(f.url + "/v1/templates")
		if err != nil {
			t.Fatal(err)
		}
		err = json.NewDecoder(resp.Body).Decode(&list)
		resp.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		var refs []string
		for _, tpl := range list.Templates {
			for _, v := range tpl.Versions {
				refs = append(refs, tpl.ID+"@"+v.Version)
			}
		}
		p := b.NewPage(t, headless.DesktopWidth, headless.DesktopHeight)
		p.Navigate(f.url + "/templates")
		lookAt(t, p, "templates")
		links := headless.Eval[[]string](p, `Array.from(document.querySelectorAll('table#templates tbody tr a')).map(a => a.getAttribute('href'))`)
		rows := headless.Eval[int](p, `document.querySelectorAll('table#templates tbody tr').length`)
		if rows != len(refs) {
			t.Errorf("%d rows in table#templates, /v1/templates has %d versions", rows, len(refs))
		}
		for _, ref := range refs {
			if !slices.Contains(links, "/templates/"+ref) {
				t.Errorf("no «Образец» link for %s", ref)
			}
		}
		if len(refs) == 0 {
			t.Fatal("no templates")
		}
		sampleURL = f.url + "/templates/" + refs[0]
		p.Do(chromedp.Click(chromedp.CSS(`table#templates a[href="/templates/`+refs[0]+`"]`)),
			chromedp.WaitVisible(chromedp.CSS("#preview figure.page svg")))
		lookAt(t, p, "template-sample")
		if h := headless.Eval[string](p, `document.querySelector('h1').textContent`); !strings.Contains(h, refs[0]) {
			t.Errorf("the sample's heading is %q, want it to name %s", h, refs[0])
		}
		p.Check()
	})

	t.Run("анализ реализации", func(t *testing.T) {
		marked := regexp.MustCompile(`"number": "(\d+\.\d+)"`).ReplaceAllString(string(seed001(t)), `"status": "done", "number": "$1"`)
		plan := writeFile(t, files, "мониторинг.json", []byte(marked))
		p := b.NewPage(t, headless.DesktopWidth, headless.DesktopHeight)
		p.Navigate(f.url + "/analysis")
		lookAt(t, p, "analysis-form")
		order := p.TabOrder(20, "#analyze")
		if i, j := slices.Index(order, "#plan-file"), slices.Index(order, "#analyze"); i < 0 || j < i {
			t.Errorf("Tab from the top goes %q: want #plan-file, then #analyze", order)
		}
		p.Do(chromedp.SetUploadFiles(chromedp.ID("plan-file"), []string{plan}),
			chromedp.SetValue(chromedp.ID("date"), "2024-03-15"),
			chromedp.SetValue(chromedp.ID("conclusions"), "Дорожная карта выполнена."),
			chromedp.Click(chromedp.ID("analyze")),
			chromedp.WaitVisible(chromedp.CSS("#preview figure.page svg")))
		lookAt(t, p, "analysis-result")
		words := headless.Eval[string](p, `Array.from(document.querySelectorAll('#preview svg text')).map(t => t.textContent).join(' ')`)
		for _, w := range []string{"выполнено 28 из 28 мероприятий", "Выполнение мероприятий по разделам плана", "Дорожная карта выполнена."} {
			if !strings.Contains(words, w) {
				t.Errorf("the analysis preview has no %q: %.300s…", w, words)
			}
		}
		d := p.Download(chromedp.Click(chromedp.ID("download-pdf")))
		if !bytes.HasPrefix(d.Data, []byte("%PDF-")) {
			t.Errorf("the analysis PDF: %q, %d bytes", d.Name, len(d.Data))
		} else {
			qpdfCheck(t, d.Data)
		}
		p.Check()
	})

	t.Run("заголовки", func(t *testing.T) {
		paths := []string{"/", "/year", "/analysis", "/templates", "/jobs/" + strings.Repeat("0", 32)}
		if sampleURL != "" {
			paths = append(paths, strings.TrimPrefix(sampleURL, f.url))
		}
		if jobURL != "" {
			paths = append(paths, strings.TrimPrefix(jobURL, f.url))
		}
		for _, path := range paths {
			resp, err := http.Get(f.url + path)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			for k, want := range pageHeaders {
				if got := resp.Header.Get(k); got != want {
					t.Errorf("GET %s (%d): %s is %q, want %q", path, resp.StatusCode, k, got, want)
				}
			}
		}
	})

	t.Run("телефон", func(t *testing.T) {
		p := b.NewPage(t, headless.PhoneWidth, headless.PhoneHeight)
		p.AllowStatus("/jobs/", http.StatusNotFound)
		pages := map[string]string{"/": "phone-document", "/year": "phone-year", "/analysis": "phone-analysis", "/templates": "phone-templates",
			"/jobs/" + strings.Repeat("0", 32): "phone-job-unknown"}
		if jobURL != "" {
			pages[strings.TrimPrefix(jobURL, f.url)] = "phone-job"
		}
		if sampleURL != "" {
			pages[strings.TrimPrefix(sampleURL, f.url)] = "phone-template-sample"
		}
		for path, name := range pages {
			p.Navigate(f.url + path)
			if o := p.Overflow(); o > 0 {
				t.Errorf("%s is %d px wider than a %d px phone", path, o, headless.PhoneWidth)
			}
			lookAt(t, p, name)
		}
		p.Navigate(f.url + "/")
		upload(p, seed)
		p.Do(chromedp.WaitVisible(chromedp.CSS("#preview figure.page svg")))
		if o := p.Overflow(); o > 0 {
			t.Errorf("the preview is %d px wider than a %d px phone", o, headless.PhoneWidth)
		}
		lookAt(t, p, "phone-document-preview")
		p.Check()
	})
}

// lookAt checks what every page must be: in Russian, one h1, no
// accessibility fault axe-core rates serious or critical, nothing in the
// console; and saves its screenshot as name.png.
func lookAt(t *testing.T, p *headless.Page, name string) {
	t.Helper()
	if lang := headless.Eval[string](p, `document.documentElement.lang`); lang != "ru" {
		t.Errorf("%s: <html lang=%q>, want ru", name, lang)
	}
	if n := headless.Eval[int](p, `document.querySelectorAll('h1').length`); n != 1 {
		t.Errorf("%s: %d h1, want one", name, n)
	}
	p.Screenshot(name)
	p.CheckAxe()
	p.Check()
}

// upload sends a file through the «Один документ» form.
func upload(p *headless.Page, path string) {
	p.Do(chromedp.SetUploadFiles(chromedp.ID("file"), []string{path}), chromedp.Click(chromedp.ID("check")))
}

// tableRows are the trimmed texts of the cells of each body row.
func tableRows(p *headless.Page, table string) [][]string {
	return headless.Eval[[][]string](p, `Array.from(document.querySelectorAll('`+table+` tbody tr')).map(r => Array.from(r.cells).map(c => c.textContent.trim()))`)
}

func writeFile(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func zipHas(t *testing.T, data []byte, name string) {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Errorf("not a zip: %v", err)
		return
	}
	for _, e := range z.File {
		if e.Name == name {
			return
		}
	}
	t.Errorf("no %s in the package", name)
}

func qpdfCheck(t *testing.T, pdf []byte) {
	t.Helper()
	testtool.Run(t, "qpdf", "--check", writeFile(t, t.TempDir(), "check.pdf", pdf))
}

func isCyrillic(r rune) bool { return unicode.Is(unicode.Cyrillic, r) }
