package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kartograf-ru/kartograf/pkg/analysis"
	"github.com/kartograf-ru/kartograf/pkg/document"
)

// TestAnalyzeDistrict rolls up a folder of three schools' JSON with a
// broken workbook, the batch index and a PDF among them: the analysis is
// written beside the folder, the broken school is listed in it and on
// stderr, and the exit code says a school was not read.
func TestAnalyzeDistrict(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "школы")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 3; i++ {
		d, err := document.DecodeBytes(mustRead(t, seed001))
		if err != nil {
			t.Fatal(err)
		}
		d.Organization.ShortName = fmt.Sprintf("МКОУ СОШ № %d", i)
		d.Organization.Parent = "Управление образования Баксанского муниципального района"
		d.Body[2].Plan.Sections[0].Items[0].Status = document.StatusDone
		data, err := json.Marshal(d)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("s%04d.json", i)), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	for name, data := range map[string]string{"s0004.xlsx": "не книга", "index.json": `{"schools": []}`, "s0001.pdf": "%PDF-1.7"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	code, _, stderr := runCLI(t, "", "analyze", "--district", dir, "--date", "15.03.2024", "--formats", "pdf", "--target", "80")
	if code != exitFail {
		t.Fatalf("exit %d, want %d for an unread school: %s", code, exitFail, stderr)
	}
	if !strings.Contains(stderr, "s0004.xlsx: не прочитан: ") || !strings.Contains(stderr, "прочитано школ 3 из 4") ||
		!strings.Contains(stderr, "пропущено файлов, которые не являются данными школ: 2") {
		t.Errorf("stderr:\n%s", stderr)
	}
	for _, ext := range []string{"json", "pdf"} {
		if st, err := os.Stat(filepath.Join(root, "школы-analysis."+ext)); err != nil || st.Size() == 0 {
			t.Errorf("no %s beside the folder: %v", ext, err)
		}
	}
	a, err := document.DecodeBytes(mustRead(t, filepath.Join(root, "школы-analysis.json")))
	if err != nil {
		t.Fatal(err)
	}
	if a.Organization.FullName != "Управление образования Баксанского муниципального района" || a.Title != analysis.DistrictTitle {
		t.Errorf("organization %q, title %q", a.Organization.FullName, a.Title)
	}
	var text []string
	for _, b := range a.Body {
		switch {
		case b.Paragraph != nil:
			text = append(text, b.Paragraph.Text)
		case b.List != nil:
			for _, it := range b.List.Items {
				text = append(text, it.Text)
			}
		}
	}
	all := strings.Join(text, "\n")
	for _, w := range []string{"в районе 4 школы; по данным 3 школ выполнено", "s0004.xlsx — не прочитан: ",
		"Целевого значения 80,0\u00a0% достигли 0 школ из 3."} {
		if !strings.Contains(all, w) {
			t.Errorf("no %q in\n%s", w, all)
		}
	}
	// A plan beside --district, or no date, is a usage error.
	if code, _, _ := runCLI(t, "", "analyze", "--district", dir, "--date", "15.03.2024", seed001); code != exitUsage {
		t.Errorf("a plan beside --district: exit %d", code)
	}
	if code, _, _ := runCLI(t, "", "analyze", "--district", dir); code != exitUsage {
		t.Errorf("no --date: exit %d", code)
	}
}
