package browser

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

const csp = "default-src 'none'; script-src 'self'; style-src 'self'; form-action 'self'; base-uri 'none'"

// pages are small pages that each do one thing the helpers must notice,
// or must not.
var pages = map[string]string{
	"/good": `<!doctype html><html lang="ru"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Хорошая</title></head>
<body><main><h1>Хорошая страница</h1>
<form method="post" action="/file"><label for="name">Имя</label> <input id="name" name="name">
<button type="submit" id="go">Скачать</button></form></main></body></html>`,
	// An inline script under a CSP without 'unsafe-inline': the browser
	// refuses it and says so in its log.
	"/inline": `<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>Встроенный</title></head>
<body><main><h1>Встроенный скрипт</h1><script>document.title = 'x'</script></main></body></html>`,
	"/throws": `<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>Ошибка</title>
<script src="/throw.js"></script></head><body><main><h1>Ошибка</h1></main></body></html>`,
	// An input with no label and a button with no text: axe-core rates
	// both critical.
	"/unlabelled": `<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>Без подписей</title></head>
<body><main><h1>Без подписей</h1><input id="x"><button id="b"></button></main></body></html>`,
	"/wide": `<!doctype html><html lang="ru"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Широкая</title><link rel="stylesheet" href="/wide.css"></head><body><main><h1>Широкая</h1><div id="w">x</div></main></body></html>`,
}

func serve(t *testing.T) string {
	t.Helper()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", csp)
		switch r.URL.Path {
		case "/throw.js":
			w.Header().Set("Content-Type", "text/javascript")
			w.Write([]byte(`throw new Error('сломалось')`))
		case "/wide.css":
			w.Header().Set("Content-Type", "text/css")
			w.Write([]byte(`#w { width: 900px }`))
		case "/file":
			w.Header().Set("Content-Type", "application/pdf")
			w.Header().Set("Content-Disposition", `attachment; filename="file.pdf"; filename*=UTF-8''%D0%BF%D0%BB%D0%B0%D0%BD.pdf`)
			w.Write([]byte("%PDF-1.7 " + r.FormValue("name")))
		case "/favicon.ico":
			w.WriteHeader(http.StatusNoContent)
		default:
			page, ok := pages[r.URL.Path]
			if !ok {
				http.NotFound(w, r)
				return
			}
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write([]byte(page))
		}
	}))
	t.Cleanup(ts.Close)
	return ts.URL
}

// TestHelpers checks that the helpers see what they must: a quiet page
// passes, and each broken page is caught by the helper meant for it. The
// checks that must fail run on a testing.T of their own (a recorder), so
// that this test passes when they do fail.
func TestHelpers(t *testing.T) {
	url := serve(t)
	b := Start(t)

	t.Run("quiet page", func(t *testing.T) {
		p := b.NewPage(t, DesktopWidth, DesktopHeight)
		p.Navigate(url + "/good")
		if m := p.Messages(); len(m) > 0 {
			t.Errorf("messages on a quiet page: %v", m)
		}
		if b.HasAxe() {
			if v := p.Axe(); len(v) > 0 {
				t.Errorf("axe-core on a good page: %v", v)
			}
		}
		order := p.TabOrder(5, "#go")
		if !slices.Equal(order, []string{"#name", "#go"}) {
			t.Errorf("tab order %q, want #name, #go", order)
		}
		p.Do(chromedp.SendKeys(chromedp.ID("name"), "Иван"))
		d := p.Download(chromedp.Click(chromedp.ID("go")))
		if d.Name != "план.pdf" || string(d.Data) != "%PDF-1.7 Иван" {
			t.Errorf("download %q, %q; want план.pdf with the name typed", d.Name, d.Data)
		}
		if shot := p.Screenshot("helper-good"); !strings.HasSuffix(shot, "helper-good.png") {
			t.Errorf("screenshot at %s", shot)
		}
	})

	t.Run("CSP violation", func(t *testing.T) {
		p := b.NewPage(t, DesktopWidth, DesktopHeight)
		p.Navigate(url + "/inline")
		if !hasMessage(p.Messages(), "Content Security Policy") {
			t.Errorf("an inline script refused by the CSP went unnoticed; messages: %v", p.Messages())
		}
		p.Allow(func(Message) bool { return true })
	})

	t.Run("uncaught exception", func(t *testing.T) {
		p := b.NewPage(t, DesktopWidth, DesktopHeight)
		p.Navigate(url + "/throws")
		if !hasMessage(p.Messages(), "сломалось") {
			t.Errorf("an uncaught exception went unnoticed; messages: %v", p.Messages())
		}
		p.Allow(func(Message) bool { return true })
	})

	t.Run("missing labels", func(t *testing.T) {
		if !b.HasAxe() {
			t.Skip("no axe-core")
		}
		p := b.NewPage(t, DesktopWidth, DesktopHeight)
		p.Navigate(url + "/unlabelled")
		var ids []string
		for _, v := range p.Axe() {
			if v.Impact == "serious" || v.Impact == "critical" {
				ids = append(ids, v.ID)
			}
		}
		if !slices.Contains(ids, "label") || !slices.Contains(ids, "button-name") {
			t.Errorf("axe-core's serious violations %v, want label and button-name", ids)
		}
	})

	t.Run("phone overflow", func(t *testing.T) {
		p := b.NewPage(t, PhoneWidth, PhoneHeight)
		p.Navigate(url + "/good")
		if o := p.Overflow(); o != 0 {
			t.Errorf("a narrow page overflows a phone by %d px", o)
		}
		p.Navigate(url + "/wide")
		if o := p.Overflow(); o < 900-PhoneWidth {
			t.Errorf("a 900 px block overflows a phone by %d px, want at least %d", o, 900-PhoneWidth)
		}
		// A page that does not say it fits a phone is laid out 980 px wide.
		p.Navigate(url + "/unlabelled")
		if o := p.Overflow(); o < 980-PhoneWidth {
			t.Errorf("a page without a viewport overflows a phone by %d px, want at least %d", o, 980-PhoneWidth)
		}
	})
}

func hasMessage(ms []Message, text string) bool {
	return slices.ContainsFunc(ms, func(m Message) bool { return strings.Contains(m.Text, text) })
}
