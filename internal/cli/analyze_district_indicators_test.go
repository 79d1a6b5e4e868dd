package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/kartograf-ru/kartograf/pkg/analysis"
	"github.com/kartograf-ru/kartograf/pkg/document"
)

// TestAnalyzeDistrictIndicators: --indicators with --district reads the
// schools' indicators into «Показатели школ»; a school's own indicators
// are refused with a clear message, not ignored; an entry matching no
// school is said and fails the run after writing.
func TestAnalyzeDistrictIndicators(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "школы")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 2; i++ {
		d, err := document.DecodeBytes(mustRead(t, seed001))
		if err != nil {
			t.Fatal(err)
		}
		d.Organization.ShortName = fmt.Sprintf("МКОУ СОШ № %d", i)
		data, err := json.Marshal(d)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("s%04d.json", i)), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	ind := filepath.Join(root, "показатели.json")
	write := func(s string) {
		if err := os.WriteFile(ind, []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	args := []string{"analyze", "--district", dir, "--date", "15.03.2024", "--formats", "pdf", "--organization", "Управление образования", "--indicators", ind}
	write(`{"indicators": [{"name": "Средний балл ОГЭ по математике", "values": [{"year": "2024", "value": 3.4}]}]}`)
	if code, _, stderr := runCLI(t, "", args...); code == exitOK || !strings.Contains(stderr, "показатели одной школы") {
		t.Errorf("one school's indicators with --district: exit %d\n%s", code, stderr)
	}
	write(`{"schools": [
		{"school": "s0001", "indicators": [{"name": "Средний балл ОГЭ по математике", "unit": "балл", "target": 3.8, "values": [{"year": "2024", "value": 3.9}]}]},
		{"school": "мкоу сош № 2", "indicators": [{"name": "Средний балл ОГЭ по математике", "unit": "балл", "values": [{"year": "2024", "value": 3.5}]}]}]}`)
	code, _, stderr := runCLI(t, "", args...)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	a, err := document.DecodeBytes(mustRead(t, filepath.Join(root, "школы-analysis.json")))
	if err != nil {
		t.Fatal(err)
	}
	at := slices.IndexFunc(a.Body, func(b document.Block) bool {
		return b.Heading != nil && b.Heading.Text == analysis.HeadingSchoolIndicators
	})
	if at < 0 || a.Body[at+2].Table == nil {
		t.Fatal("no «Показатели школ» with a table")
	}
	var cells []string
	for _, row := range a.Body[at+2].Table.Rows {
		for _, c := range row {
			cells = append(cells, c.Plain())
		}
	}
	if want := []string{"МКОУ СОШ № 1", "3,9", "МКОУ СОШ № 2", "3,5", "Целевое значение", "3,8"}; !slices.Equal(cells, want) {
		t.Errorf("table %q, want %q", cells, want)
	}
	write(`{"schools": [{"school": "s0009", "indicators": [{"name": "a", "values": [{"year": "2024", "value": 1}]}]}]}`)
	code, _, stderr = runCLI(t, "", args...)
	if code != exitFail || !strings.Contains(stderr, "не учтены: «s0009» — такой школы нет среди школ района") {
		t.Errorf("an unknown school: exit %d\n%s", code, stderr)
	}
}
