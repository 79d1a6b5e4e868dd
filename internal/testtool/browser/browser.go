// Package browser drives a headless Chromium from Go tests through the
// DevTools protocol (chromedp): it opens tabs that record every console
// error or warning, uncaught exception and Content-Security-Policy
// violation, takes full-page screenshots, catches downloads and runs
// axe-core in the page. Only tests import it, so the service binary does
// not carry chromedp.
//
// Chromium is found on PATH (chromium, chromium-browser, google-chrome)
// and axe-core through the environment variable KARTOGRAF_AXE (the path
// of axe.min.js). Either missing skips the test, or fails it under
// KARTOGRAF_REQUIRE_TOOLS=1 as every external tool of the tests does.
// Screenshots go to KARTOGRAF_SCREENSHOTS, or to the test's temporary
// directory when it is unset.
package browser

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/kartograf-ru/kartograf/internal/testtool"
)

// The environment variables the package reads.
const (
	EnvAxe         = "KARTOGRAF_AXE"         // path of axe.min.js
	EnvScreenshots = "KARTOGRAF_SCREENSHOTS" // directory for the screenshots
)

// Window sizes the tests look at a page in: a laptop screen and a phone.
const (
	DesktopWidth, DesktopHeight = 1280, 900
	PhoneWidth, PhoneHeight     = 390, 844
)

// stepTimeout bounds one action in a tab, so that a page that never shows
// the element a test waits for fails the test instead of hanging it.
const stepTimeout = 20 * time.Second

// Browser is one headless Chromium shared by the tabs of a test.
type Browser struct {
	ctx    context.Context // the browser's context; tabs are its children
	cancel context.CancelFunc
	axe    string // the source of axe.min.js; empty when it is not installed
	shots  string // the screenshot directory
}

// chromiumNames are the names Debian, other distributions and Google give
// the browser's launcher.
var chromiumNames = []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}

// Start launches a headless Chromium for t and closes it when t ends.
func Start(t testing.TB) *Browser {
	t.Helper()
	path := ""
	for _, name := range chromiumNames {
		if p, err := exec.LookPath(name); err == nil {
			path = p
			break
		}
	}
	if path == "" {
		path = testtool.Require(t, "chromium") // skips, or fails when tools are required
	}
	b := &Browser{axe: loadAxe(t), shots: os.Getenv(EnvScreenshots)}
	if b.shots == "" {
		b.shots = t.TempDir()
	} else if err := os.MkdirAll(b.shots, 0o755); err != nil {
		t.Fatalf("screenshot directory: %v", err)
	}

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.DisableGPU,
		chromedp.WindowSize(DesktopWidth, DesktopHeight),
		// Russian first, as the page's users have it; the page must not
		// depend on it, but dates and numbers the browser formats follow it.
		chromedp.Flag("lang", "ru-RU"),
		chromedp.Flag("hide-scrollbars", true),
		// No calls home: CI's network is closed, and a refused update
		// check is noise at best.
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-quic", true),
	)
	if os.Geteuid() == 0 {
		// Chromium refuses to start as root with its sandbox on; CI runs
		// as root.
		opts = append(opts, chromedp.NoSandbox)
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	b.ctx = ctx
	b.cancel = func() { cancel(); cancelAlloc() }
	t.Cleanup(b.cancel)
	// The first Do starts the browser; it lives as long as ctx, which
	// has no timeout (a timeout here would close the browser).
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting %s: %v", path, err)
	}
	return b
}

// loadAxe reads axe.min.js named by KARTOGRAF_AXE. Without it the
// accessibility checks are left out with a note, or the test fails under
// KARTOGRAF_REQUIRE_TOOLS=1: the same rule as testtool.Require.
func loadAxe(t testing.TB) string {
	t.Helper()
	path := os.Getenv(EnvAxe)
	var err error
	if path == "" {
		err = errors.New(EnvAxe + " is not set (the path of axe.min.js from the npm package axe-core)")
	} else {
		var data []byte
		if data, err = os.ReadFile(path); err == nil {
			if !strings.Contains(string(data[:min(len(data), 4096)]), "axe") {
				t.Fatalf("%s=%s does not look like axe.min.js", EnvAxe, path)
			}
			return string(data)
		}
	}
	if os.Getenv(testtool.EnvRequire) == "1" {
		t.Fatalf("axe-core is required (%s=1) but not found: %v", testtool.EnvRequire, err)
	}
	t.Logf("axe-core not found, accessibility is not checked: %v", err)
	return ""
}

// HasAxe reports whether axe-core was found.
func (b *Browser) HasAxe() bool { return b.axe != "" }

// ScreenshotDir is where the screenshots go.
func (b *Browser) ScreenshotDir() string { return b.shots }

// shotPath is the file of the screenshot called name: a name of letters,
// digits, «-» and «_» only, so that a test cannot write outside the
// directory.
func (b *Browser) shotPath(name string) (string, error) {
	if name == "" || strings.Trim(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_") != "" {
		return "", fmt.Errorf("screenshot name %q: use letters, digits, - and _", name)
	}
	return filepath.Join(b.shots, name+".png"), nil
}
