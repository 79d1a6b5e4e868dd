package browser_test

import (
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kartograf-ru/kartograf/internal/testtool/browser"
)

// A browser test opens the page, looks at it the way a user would and
// leaves the console check to the end of the test.
func Example() {
	var t *testing.T // the test's own
	b := browser.Start(t)
	p := b.NewPage(t, browser.DesktopWidth, browser.DesktopHeight)
	p.Navigate("http://127.0.0.1:8080/")
	p.Do(chromedp.SetUploadFiles(chromedp.ID("file"), []string{"plan.json"}),
		chromedp.Click(chromedp.ID("check")),
		chromedp.WaitVisible(chromedp.ID("preview")))
	p.Screenshot("document-preview")
	p.CheckAxe()
	pdf := p.Download(chromedp.Click(chromedp.ID("download-pdf")))
	_ = pdf.Name // «…дорожная карта….pdf», as Content-Disposition says
}
