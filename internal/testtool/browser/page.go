package browser

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// Message is one thing a page wrote to its console that a test fails on:
// a console.error or console.warn call, an uncaught exception, or an entry
// of the browser's log of level error or warning (a CSP violation, a
// failed request, a deprecation).
type Message struct {
	Kind   string // "console", "exception" or "log"
	Level  string // "error" or "warning"
	Source string // for a log entry: "security", "network", "javascript", …
	Text   string
	URL    string
}

func (m Message) String() string {
	var b strings.Builder
	b.WriteString(m.Kind + " " + m.Level)
	if m.Source != "" {
		b.WriteString(" (" + m.Source + ")")
	}
	b.WriteString(": " + m.Text)
	if m.URL != "" {
		b.WriteString(" at " + m.URL)
	}
	return b.String()
}

// Page is one browser tab in a browser context of its own (its own
// cookies), with a download directory of its own.
type Page struct {
	b      *Browser
	t      testing.TB
	ctx    context.Context
	cancel context.CancelFunc
	dir    string // downloads land here
	width  int    // the window's width in CSS pixels

	mu      sync.Mutex
	msgs    []Message
	checked int // msgs before this index have been reported
	allow   []func(Message) bool
}

// NewPage opens a tab of width×height (CSS pixels; a width under 600 is
// emulated as a phone: mobile viewport, touch). Whatever the tab wrote to
// its console that Check would report fails t when t ends.
func (b *Browser) NewPage(t testing.TB, width, height int) *Page {
	t.Helper()
	p := &Page{b: b, t: t, dir: t.TempDir(), width: width}
	p.ctx, p.cancel = chromedp.NewContext(b.ctx,
		chromedp.WithNewBrowserContext(),
		chromedp.WithListener(p.record))
	// The first Do opens the tab and binds it to the context it gets, so
	// it gets p.ctx itself: a step's timeout would close the tab.
	if err := chromedp.Do(p.ctx); err != nil {
		t.Fatalf("opening a tab: %v", err)
	}
	t.Cleanup(func() {
		p.Check()
		p.cancel()
	})
	var opts []chromedp.EmulateViewportOption
	if width < 600 {
		opts = append(opts, chromedp.EmulateMobile, chromedp.EmulateTouch)
	}
	p.Do(chromedp.EmulateViewport(int64(width), int64(height), opts...))
	// The download behaviour belongs to the browser context, so it is
	// set on the browser's session: sent on the tab's, it never answers.
	id := chromedp.FromContext(p.ctx).BrowserContextID
	ctx, cancel := context.WithTimeout(p.ctx, stepTimeout)
	defer cancel()
	if _, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior:         browser.SetDownloadBehaviorBehaviorAllowAndName,
		BrowserContextID: id,
		DownloadPath:     p.dir,
		EventsEnabled:    new(true),
	}); err != nil {
		t.Fatalf("download directory: %v", err)
	}
	return p
}

// record runs in the tab's event loop, in the order the browser sent the
// events, so every message sent before a command's reply is recorded by
// the time the command returns.
func (p *Page) record(ev any) {
	var m Message
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		level := ""
		switch ev.Type {
		case runtime.ConsoleAPICalledTypeError, runtime.ConsoleAPICalledTypeAssert:
			level = "error"
		case runtime.ConsoleAPICalledTypeWarning:
			level = "warning"
		default:
			return
		}
		var parts []string
		for _, a := range ev.Args {
			parts = append(parts, remoteText(a))
		}
		m = Message{Kind: "console", Level: level, Text: strings.Join(parts, " ")}
		if st := ev.StackTrace; st != nil && len(st.CallFrames) > 0 {
			m.URL = fmt.Sprintf("%s:%d", st.CallFrames[0].URL, st.CallFrames[0].LineNumber+1)
		}
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		text := d.Text
		if d.Exception != nil {
			text += " " + remoteText(d.Exception)
		}
		m = Message{Kind: "exception", Level: "error", Text: text, URL: fmt.Sprintf("%s:%d", d.URL, d.LineNumber+1)}
	case *log.EventEntryAdded:
		e := ev.Entry
		if e.Level != log.EntryLevelError && e.Level != log.EntryLevelWarning {
			return
		}
		m = Message{Kind: "log", Level: string(e.Level), Source: string(e.Source), Text: e.Text, URL: e.URL}
	default:
		return
	}
	p.mu.Lock()
	p.msgs = append(p.msgs, m)
	p.mu.Unlock()
}

// remoteText is how the DevTools console would print a value, near enough
// to recognise it in a failure message.
func remoteText(o *runtime.RemoteObject) string {
	switch {
	case o == nil:
		return ""
	case o.Description != "":
		return o.Description
	case len(o.Value) > 0:
		s := string(o.Value)
		if len(s) >= 2 && s[0] == '"' {
			s = s[1 : len(s)-1]
		}
		return s
	case o.UnserializableValue != "":
		return string(o.UnserializableValue)
	}
	return string(o.Type)
}

// Allow lets messages that match through: the «failed to load resource:
// 422» a problem page's own status logs, for one.
func (p *Page) Allow(match func(Message) bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.allow = append(p.allow, match)
}

// AllowStatus lets through the browser's log entry for a response of the
// given status to a URL that contains path: a page a test expects to
// answer 4xx is no console error of the page.
func (p *Page) AllowStatus(path string, status int) {
	p.Allow(func(m Message) bool {
		return m.Kind == "log" && m.Source == "network" && strings.Contains(m.URL, path) &&
			strings.Contains(m.Text, fmt.Sprintf("status of %d", status))
	})
}

// Messages are the messages recorded so far, allowed ones left out.
func (p *Page) Messages() []Message {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []Message
	for _, m := range p.msgs {
		if !p.allowed(m) {
			out = append(out, m)
		}
	}
	return out
}

func (p *Page) allowed(m Message) bool {
	for _, f := range p.allow {
		if f(m) {
			return true
		}
	}
	return false
}

// Check fails the test for every message recorded since the last Check
// that no Allow lets through. NewPage calls it when the test ends; call
// it after each step to see which step wrote the message.
func (p *Page) Check() {
	p.t.Helper()
	// A round trip to the tab: the events the browser sent before its
	// reply have been recorded when it returns.
	ctx, cancel := context.WithTimeout(p.ctx, stepTimeout)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](`0`)); err != nil {
		p.t.Errorf("the tab does not answer: %v", err)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, m := range p.msgs[p.checked:] {
		if !p.allowed(m) {
			p.t.Errorf("the page wrote to its console: %s", m)
		}
	}
	p.checked = len(p.msgs)
}

// Context is the tab's context, for chromedp calls the helpers here do
// not cover.
func (p *Page) Context() context.Context { return p.ctx }

// Do runs actions in the tab, each bounded by stepTimeout, and fails the
// test on the first error.
func (p *Page) Do(actions ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	for i, a := range actions {
		ctx, cancel := context.WithTimeout(p.ctx, stepTimeout)
		err := chromedp.Do(ctx, a)
		cancel()
		if err != nil {
			p.t.Fatalf("step %d in the page %s: %v", i+1, p.location(), err)
		}
	}
}

// location is the tab's URL for failure messages, or "?".
func (p *Page) location() string {
	ctx, cancel := context.WithTimeout(p.ctx, time.Second)
	defer cancel()
	if u, err := chromedp.Run(ctx, chromedp.Location()); err == nil {
		return u
	}
	return "?"
}

// Navigate opens url and waits for its load event.
func (p *Page) Navigate(url string) {
	p.t.Helper()
	p.Do(chromedp.Navigate(url))
}

// Eval evaluates a JavaScript expression in the page (a promise is
// awaited) and decodes its value into T.
func Eval[T any](p *Page, expr string) T {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, stepTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		p.t.Fatalf("evaluating %.80q in %s: %v", expr, p.location(), err)
	}
	return v
}

// Screenshot saves a full-page PNG named name.png in the screenshot
// directory and returns its path.
func (p *Page) Screenshot(name string) string {
	p.t.Helper()
	path, err := p.b.shotPath(name)
	if err != nil {
		p.t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(p.ctx, stepTimeout)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		p.t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		p.t.Fatalf("screenshot %s: %v", name, err)
	}
	p.t.Logf("screenshot %s", path)
	return path
}

// Download is a file the browser saved.
type Download struct {
	Name string // the name the browser suggested (from Content-Disposition)
	Data []byte
}

// Download runs trigger (a click on a download button, say) and waits for
// the one download it starts to complete.
func (p *Page) Download(trigger chromedp.Action[chromedp.Void]) Download {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, stepTimeout)
	defer cancel()
	// Subscribe before the trigger so that no event is missed.
	// The browser sends them on its own session: the download behaviour
	// was set there, for the tab's browser context.
	begins := chromedp.BrowserEvents(ctx, browser.DownloadWillBegin)
	progress := chromedp.BrowserEvents(ctx, browser.DownloadProgress)
	if err := chromedp.Do(ctx, trigger); err != nil {
		p.t.Fatalf("starting a download in %s: %v", p.location(), err)
	}
	var begun browser.EventDownloadWillBegin
	for ev, err := range begins {
		if err != nil {
			p.t.Fatalf("no download began in %s: %v", p.location(), err)
		}
		begun = ev
		break
	}
	for ev, err := range progress {
		if err != nil {
			p.t.Fatalf("download %q did not complete: %v", begun.SuggestedFilename, err)
		}
		if ev.GUID != begun.GUID {
			continue
		}
		switch ev.State {
		case browser.DownloadProgressStateCanceled:
			p.t.Fatalf("download %q was cancelled", begun.SuggestedFilename)
		case browser.DownloadProgressStateCompleted:
			data, err := os.ReadFile(filepath.Join(p.dir, ev.GUID))
			if err != nil {
				p.t.Fatalf("download %q: %v", begun.SuggestedFilename, err)
			}
			return Download{Name: begun.SuggestedFilename, Data: data}
		}
	}
	p.t.Fatalf("download %q: no completion", begun.SuggestedFilename)
	return Download{}
}
