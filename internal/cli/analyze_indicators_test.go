package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kartograf-ru/kartograf/pkg/analysis"
	"github.com/kartograf-ru/kartograf/pkg/document"
)

// TestAnalyzeIndicators: --indicators puts the dynamics into the analysis;
// a bad file is refused with its path and the place of the mistake.
func TestAnalyzeIndicators(t *testing.T) {
	dir := t.TempDir()
	plan := filepath.Join(dir, "карта.json")
	if err := os.WriteFile(plan, mustRead(t, seed001), 0o600); err != nil {
		t.Fatal(err)
	}
	ind := filepath.Join("..", "..", "testdata", "analysis", "indicators.json")
	code, _, stderr := runCLI(t, "", "analyze", plan, "--date", "15.03.2024", "-o", dir, "--formats", "pdf", "--indicators", ind)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	a, err := document.DecodeBytes(mustRead(t, filepath.Join(dir, "карта-analysis.json")))
	if err != nil {
		t.Fatal(err)
	}
	var heading, phrase bool
	charts := 0
	for _, b := range a.Body {
		heading = heading || b.Heading != nil && b.Heading.Text == analysis.HeadingIndicators
		phrase = phrase || b.Paragraph != nil && strings.Contains(b.Paragraph.Text, "выросло с 3,4 до 3,7\u00a0балла (+0,3)")
		if b.Chart != nil {
			charts++
		}
	}
	if !heading || !phrase || charts != 1+8 {
		t.Errorf("heading %v, phrase %v, %d charts (want the sections' and 8)", heading, phrase, charts)
	}
	bad := filepath.Join(dir, "плохо.json")
	if err := os.WriteFile(bad, []byte(`{"indicators": [{"name": "a", "values": [{"year": "2024", "value": "3,4"}]}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, stderr = runCLI(t, "", "analyze", plan, "--date", "15.03.2024", "-o", dir, "--formats", "pdf", "--indicators", bad)
	if code == exitOK || !strings.Contains(stderr, "плохо.json") || !strings.Contains(stderr, "indicators[0].values") {
		t.Errorf("exit %d: %s", code, stderr)
	}
}
