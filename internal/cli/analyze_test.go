package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kartograf-ru/kartograf/pkg/analysis"
	"github.com/kartograf-ru/kartograf/pkg/document"
)

// TestAnalyze runs analyze on a plan whose monitoring is set, from JSON
// and from the workbook Kartograf writes, and renders the analysis JSON
// again after a methodologist's conclusions are added to it; --keep
// carries those conclusions into the next analysis.
func TestAnalyze(t *testing.T) {
	dir := t.TempDir()
	d, err := document.DecodeBytes(mustRead(t, seed001))
	if err != nil {
		t.Fatal(err)
	}
	// 1.1 (Февраль 2024г.) done, 1.2 (Май 2023г.) in progress: overdue
	// by 15.03.2024; 1.7 cancelled with a note.
	items := d.Body[2].Plan.Sections[0].Items
	items[0].Status = document.StatusDone
	items[1].Status = document.StatusInProgress
	items[6].Status, items[6].Note = document.StatusCancelled, "Отменено приказом № 12"
	plan := filepath.Join(dir, "карта.json")
	data, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(plan, data, 0o600); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "анализ")
	code, _, stderr := runCLI(t, "", "analyze", plan, "--date", "15.03.2024", "-o", out)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, ext := range []string{"json", "pdf", "docx", "xlsx"} {
		if st, err := os.Stat(filepath.Join(out, "карта-analysis."+ext)); err != nil || st.Size() == 0 {
			t.Errorf("no %s: %v", ext, err)
		}
	}
	res := filepath.Join(out, "карта-analysis.json")
	a, err := document.DecodeBytes(mustRead(t, res))
	if err != nil {
		t.Fatal(err)
	}
	if a.Template != analysis.Template || a.Date != "15.03.2024" {
		t.Errorf("template %s, date %s", a.Template, a.Date)
	}
	text := ""
	for _, b := range a.Body {
		if b.Paragraph != nil {
			text += b.Paragraph.Text + "\n"
		}
	}
	if !strings.Contains(text, "выполнено 1 из 28 мероприятий (3,6\u00a0%)") || !strings.Contains(text, "отменено — 1 мероприятие") {
		t.Errorf("facts:\n%s", text)
	}

	// The methodologist adds conclusions and renders the JSON again.
	a.Body = append(a.Body, document.Block{Heading: &document.Heading{Text: analysis.HeadingConclusions}},
		document.Block{Paragraph: &document.Paragraph{Text: "Работа идёт с отставанием."}})
	data, err = json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(res, data, 0o600); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runCLI(t, "", "render", res, "-o", filepath.Join(dir, "снова.pdf")); code != exitOK {
		t.Fatalf("render the edited analysis: exit %d: %s", code, stderr)
	}

	// The workbook of the plan, as edited in Excel, analysed again with
	// the conclusions kept.
	book := filepath.Join(dir, "карта.xlsx")
	if code, _, stderr := runCLI(t, "", "render", plan, "-o", book); code != exitOK {
		t.Fatalf("render xlsx: exit %d: %s", code, stderr)
	}
	out2 := filepath.Join(dir, "второй")
	code, _, stderr = runCLI(t, "", "analyze", book, "--date", "15.03.2024", "-o", out2, "--formats", "pdf", "--keep", res)
	if code != exitOK {
		t.Fatalf("analyze xlsx: exit %d: %s", code, stderr)
	}
	b, err := document.DecodeBytes(mustRead(t, filepath.Join(out2, "карта-analysis.json")))
	if err != nil {
		t.Fatal(err)
	}
	concl, _, _ := analysis.Narrative(b)
	if len(concl) != 1 || concl[0].Paragraph == nil || concl[0].Paragraph.Text != "Работа идёт с отставанием." {
		t.Errorf("the conclusions were not kept: %+v", concl)
	}
	if _, err := os.Stat(filepath.Join(out2, "карта-analysis.docx")); err == nil {
		t.Error("--formats pdf wrote a DOCX")
	}
}

func TestAnalyzeUsage(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"analyze", seed001}, "--date"},
		{[]string{"analyze", "--date", "15.03.2024"}, "укажите один план"},
		{[]string{"analyze", seed001, "--date", "2024-03-15"}, "дата «2024-03-15» не распознана"},
		{[]string{"analyze", seed001, "--date", "31.02.2024"}, "не существует"},
		{[]string{"analyze", seed001, "--date", "15.03.2024", "--formats", "odt"}, "неизвестный формат «odt»"},
	} {
		code, _, stderr := runCLI(t, "", c.args...)
		if code != exitUsage || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d, stderr %q, want %q", c.args, code, stderr, c.want)
		}
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}
