package browser

import (
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// activeElement names the focused element as a test would select it: its
// id as "#id", else its tag, name and text.
const activeElement = `(() => {
	const e = document.activeElement;
	if (!e || e === document.body) return '';
	if (e.id) return '#' + e.id;
	let s = e.tagName.toLowerCase();
	if (e.name) s += '[name=' + e.name + ']';
	const text = (e.textContent || '').trim();
	if (text) s += ' «' + text.slice(0, 40) + '»';
	return s;
})()`

// TabOrder moves the focus from the top of the page with the Tab key up
// to n times and returns the focused elements in order (see
// activeElement for how each is named). It stops early at stop.
func (p *Page) TabOrder(n int, stop string) []string {
	p.t.Helper()
	// Start from the document itself, as after loading the page.
	Eval[chromedp.Void](p, `document.activeElement && document.activeElement.blur(), window.scrollTo(0, 0)`)
	var order []string
	for range n {
		p.Do(chromedp.KeyEvent(kb.Tab))
		el := Eval[string](p, activeElement)
		order = append(order, el)
		if el == stop {
			break
		}
	}
	return order
}

// Overflow is how far the page is wider than the window in CSS pixels: a
// page that fits has 0, a page that scrolls sideways more. The window's
// width is the one the page was opened with, not innerWidth: a phone
// zooms out to show a wide page whole, and innerWidth grows with it; and
// a page without <meta name="viewport"> is laid out 980 px wide on a
// phone, which is an overflow too.
func (p *Page) Overflow() int {
	p.t.Helper()
	return max(0, Eval[int](p, `document.documentElement.scrollWidth`)-p.width)
}
