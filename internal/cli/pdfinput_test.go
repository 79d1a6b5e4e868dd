package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/kartograf-ru/kartograf/internal/testtool/pdfattach"
	"github.com/kartograf-ru/kartograf/internal/testtool/signtest"
	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/pdfsource"
)

// seedSource is seed 001 and its canonical JSON, as a PDF/A-3u carries it.
func seedSource(t *testing.T) (*document.Document, []byte) {
	t.Helper()
	data, err := os.ReadFile(seed001)
	if err != nil {
		t.Fatal(err)
	}
	d, err := document.DecodeBytes(data)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := document.WriteJSON(context.Background(), &b, d); err != nil {
		t.Fatal(err)
	}
	return d, b.Bytes()
}

func writeFile(t *testing.T, path string, data []byte) string {
	t.Helper()
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestImportPDFCommand(t *testing.T) {
	dir := t.TempDir()
	want, src := seedSource(t)
	for name, pdf := range map[string][]byte{
		"plain.pdf":  pdfattach.PDF(pdfattach.SourceJSON(src, false)),
		"signed.pdf": signtest.SignedPDF(t, pdfattach.PDF(pdfattach.SourceJSON(src, true))),
	} {
		in := writeFile(t, filepath.Join(dir, name), pdf)
		out := filepath.Join(dir, name+".json")
		if code, _, stderr := runCLI(t, "", "import", in, "-o", out); code != 0 {
			t.Fatalf("%s: exit %d: %s", name, code, stderr)
		}
		data, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		got, err := document.DecodeBytes(data)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: the imported document differs from the attached one", name)
		}
	}

	big := bytes.Repeat([]byte{' '}, pdfsource.MaxSize+1)
	for name, c := range map[string]struct {
		pdf  []byte
		want string
	}{
		"bare.pdf": {pdfattach.PDF(pdfattach.File{Name: "приложение.txt", Data: []byte("x")}), "PDF/A-3u или без вложения исходного JSON; вложения в файле: «приложение.txt»"},
		"broken.pdf": {pdfattach.PDF(pdfattach.File{Name: pdfsource.FileName, Data: src, Subtype: "application/json", Relationship: "Source",
			Flate: true, Stream: []byte("x\x9c\x00garbage")}), "сжатый поток вложения «kartograf-source.json» повреждён"},
		"big.pdf": {pdfattach.PDF(pdfattach.SourceJSON(big, true)), "исходные данные в PDF больше 64 МиБ"},
	} {
		in := writeFile(t, filepath.Join(dir, name), c.pdf)
		code, stdout, stderr := runCLI(t, "", "import", in)
		if code != exitFail || stdout != "" || !strings.Contains(stderr, in+": ") || !strings.Contains(stderr, c.want) {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want %q", name, code, stdout, stderr, c.want)
		}
	}
}

// TestRolloverPDF: next year's draft from an archived, signed PDF is the
// draft from the JSON it was rendered from.
func TestRolloverPDF(t *testing.T) {
	dir := t.TempDir()
	_, src := seedSource(t)
	in := writeFile(t, filepath.Join(dir, "карта-2023.pdf"), signtest.SignedPDF(t, pdfattach.PDF(pdfattach.SourceJSON(src, true))))
	code, fromPDF, stderr := runCLI(t, "", "rollover", "--to", "2024-2025", in)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	code, fromJSON, stderr := runCLI(t, "", "rollover", "--to", "2024-2025", seed001)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if fromPDF != fromJSON || !strings.Contains(fromPDF, `"academic_year": "2024-2025"`) {
		t.Errorf("rollover of the PDF differs from the JSON's:\n%.300s", fromPDF)
	}
	bare := writeFile(t, filepath.Join(dir, "без-данных.pdf"), pdfattach.PDF())
	if code, _, stderr := runCLI(t, "", "rollover", "--to", "2024-2025", bare); code != exitFail || !strings.Contains(stderr, bare+": в PDF нет исходных данных Kartograf") {
		t.Errorf("a PDF without its source: exit %d %s", code, stderr)
	}
}

// TestBatchPlanPDF: a folder of last year's PDF/A-3u (one signed) is a
// --plan like JSON files; a PDF beside the school's workbook or JSON is
// passed over, and one without its source fails naming the file.
func TestBatchPlanPDF(t *testing.T) {
	dir := t.TempDir()
	reg := writeRegistry(t, dir, 3)
	_, src := seedSource(t)
	plan := filepath.Join(dir, "prev")
	if err := os.Mkdir(plan, 0o755); err != nil {
		t.Fatal(err)
	}
	// Last year's files as the renderer writes them: PDF/A-3u, one signed.
	_, _, keyFile, certFile := writeTestKey(t, dir)
	for _, args := range [][]string{
		{"render", "--pdfa", "3u", "-o", filepath.Join(plan, "sch-001.pdf"), seed001},
		{"render", "--pdfa", "3u", "--sign", "--key", keyFile, "--cert", certFile, "--allow-invalid-cert", "-o", filepath.Join(plan, "sch-002.pdf"), seed001},
	} {
		if code, _, stderr := runCLI(t, "", args...); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
	}
	writeFile(t, filepath.Join(plan, "sch-003.json"), src)
	// Last year's rendering beside the JSON: the JSON is the plan.
	writeFile(t, filepath.Join(plan, "sch-003.pdf"), pdfattach.PDF())
	out := filepath.Join(dir, "out")
	code, _, stderr := runCLI(t, "", "batch", "--plan", plan, "--registry", reg, "--to", "2024-2025", "-f", "pdf", "-o", out)
	if code != 0 || !strings.Contains(stderr, "сформировано 3, без изменений 0, ошибок 0") {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	idx := readIndex(t, out)
	if len(idx.Schools) != 3 {
		t.Fatalf("index %+v", idx)
	}
	for _, s := range idx.Schools {
		if len(s.Files) != 1 {
			t.Fatalf("school %s: files %+v", s.ID, s.Files)
		}
		data, err := os.ReadFile(filepath.Join(out, s.Files[0].Path))
		if err != nil || !bytes.HasPrefix(data, []byte("%PDF-")) {
			t.Errorf("school %s: %v", s.ID, err)
		}
	}

	writeFile(t, filepath.Join(plan, "sch-004.pdf"), pdfattach.PDF())
	code, _, stderr = runCLI(t, "", "batch", "--plan", plan, "--registry", reg, "-f", "pdf", "-o", filepath.Join(dir, "out2"))
	if code != exitFail || !strings.Contains(stderr, "sch-004.pdf: в PDF нет исходных данных Kartograf") {
		t.Errorf("a PDF without its source: exit %d %s", code, stderr)
	}
}

// TestAnalyzePDFPlan: the analysis of a plan read from its PDF/A-3u is
// the analysis of its JSON.
func TestAnalyzePDFPlan(t *testing.T) {
	dir := t.TempDir()
	d, _ := seedSource(t)
	items := d.Body[2].Plan.Sections[0].Items
	items[0].Status = document.StatusDone
	items[6].Status, items[6].Note = document.StatusCancelled, "Отменено приказом № 12"
	var src bytes.Buffer
	if err := document.WriteJSON(context.Background(), &src, d); err != nil {
		t.Fatal(err)
	}
	inputs := map[string][]byte{
		"json": src.Bytes(),
		"pdf":  signtest.SignedPDF(t, pdfattach.PDF(pdfattach.SourceJSON(src.Bytes(), true))),
	}
	got := map[string]string{}
	for ext, data := range inputs {
		sub := filepath.Join(dir, ext)
		if err := os.Mkdir(sub, 0o755); err != nil {
			t.Fatal(err)
		}
		in := writeFile(t, filepath.Join(sub, "карта."+ext), data)
		if code, _, stderr := runCLI(t, "", "analyze", in, "--date", "15.03.2024", "-o", sub, "--formats", "pdf"); code != exitOK {
			t.Fatalf("%s: exit %d: %s", ext, code, stderr)
		}
		res, err := os.ReadFile(filepath.Join(sub, "карта-analysis.json"))
		if err != nil {
			t.Fatal(err)
		}
		got[ext] = string(res)
	}
	if got["pdf"] != got["json"] || !strings.Contains(got["pdf"], "Отменено приказом № 12") {
		t.Errorf("the analysis of the PDF differs from the JSON's:\n%.400s", got["pdf"])
	}
}
