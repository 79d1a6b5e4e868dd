package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/templates"
)

// run is the command line on the given streams, as Main runs it on the
// process's, but in a process that is not its own (serve starts
// kartograf-serve as a child rather than in its place).
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	c := &cli{ctx: ctx, stdin: stdin, stdout: stdout, stderr: stderr}
	return c.dispatch(args)
}

func runCLI(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

const seed001 = "../../testdata/seeds/001_49fbf96383fe353c.json"

func TestRenderToFileAndStdout(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "карта.pdf")
	code, _, stderr := runCLI(t, "", "render", "-o", out, seed001)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	data, err := os.ReadFile(out)
	if err != nil || !bytes.HasPrefix(data, []byte("%PDF-1.7")) {
		t.Fatalf("no PDF written: %v", err)
	}
	if !strings.Contains(stderr, "school-roadmap@1.1.0") {
		t.Errorf("stderr does not name the template version: %q", stderr)
	}
	// Flags after the input, stdin in, stdout out: same bytes.
	in, _ := os.ReadFile(seed001)
	code, stdout, stderr := runCLI(t, string(in), "render", "-", "-o", "-")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if stdout != string(data) {
		t.Error("stdin→stdout rendering differs from file rendering")
	}
}

func TestFormatFromExtension(t *testing.T) {
	code, _, stderr := runCLI(t, "", "render", "-o", filepath.Join(t.TempDir(), "x.odt"), seed001)
	if code != exitUsage || !strings.Contains(stderr, "неизвестный формат «.odt»") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}

func TestBadInputGivesClearErrors(t *testing.T) {
	valid, _ := os.ReadFile(seed001)
	v := string(valid)
	cases := []struct {
		name, input string
		args        []string
		want        string
	}{
		{"malformed JSON", `{"kind": "roadmap",`, nil, "некорректный JSON (строка 1"},
		{"wrong type", strings.Replace(v, `"title": "ДОРОЖНАЯ КАРТА"`, `"title": ["ДОРОЖНАЯ КАРТА"]`, 1), nil, "title: ожидается строка, получено массив"},
		{"unknown field", strings.Replace(v, `"kind": "roadmap"`, `"kind": "roadmap", "colour": "red"`, 1), nil, "colour: неизвестное поле"},
		{"empty plan", `{"kind":"roadmap","organization":{"full_name":"МКОУ СОШ"},"title":"Карта","body":[{"plan":{"sections":[{"title":"Раздел","items":[]}]}}]}`, nil, "body[0].plan.sections: в плане нет ни одного мероприятия"},
		{"missing organisation", `{"kind":"roadmap","title":"Карта","body":[{"paragraph":{"text":"x"}}]}`, nil, "organization: обязательное поле отсутствует"},
		{"unknown template", v, []string{"-t", "nope"}, "шаблон «nope» не найден; есть: analysis@1.0.0"},
		{"unknown version", v, []string{"-t", "school-roadmap@7.0.0"}, "шаблон «school-roadmap@7.0.0» не найден"},
		{"invalid UTF-8", strings.Replace(v, "ДОРОЖНАЯ", "ДОР\xffОЖНАЯ", 1), nil, "недопустимая последовательность байтов UTF-8"},
		{"character no font has", strings.Replace(v, "ДОРОЖНАЯ КАРТА", "ДОРОЖНАЯ КАРТА 😀", 1), nil, "title: символ «😀» (U+1F600) отсутствует в шрифте «Liberation Serif»"},
		{"empty input", "", nil, "пустой ввод"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			out := filepath.Join(dir, "out.pdf")
			args := append([]string{"render", "-o", out}, c.args...)
			code, _, stderr := runCLI(t, c.input, append(args, "-")...)
			if code != exitFail {
				t.Errorf("exit %d, want %d", code, exitFail)
			}
			if !strings.Contains(stderr, c.want) {
				t.Errorf("stderr %q does not contain %q", stderr, c.want)
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 0 {
				t.Errorf("a failed render left files behind: %v", entries)
			}
			// validate agrees and prints path: message lines.
			vcode, vout, verr := runCLI(t, c.input, append([]string{"validate"}, append(c.args, "-")...)...)
			if vcode != exitFail || !strings.Contains(vout+verr, c.want) {
				t.Errorf("validate: exit %d, output %q", vcode, vout+verr)
			}
		})
	}
}

func TestValidate(t *testing.T) {
	if code, _, stderr := runCLI(t, "", "validate", seed001); code != 0 {
		t.Errorf("valid seed: exit %d: %s", code, stderr)
	}
	bad := `{"kind":"roadmap","organization":{"full_name":""},"title":"","body":[{"paragraph":{"text":"x","align":"up"}}]}`
	code, stdout, _ := runCLI(t, bad, "validate", "-")
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if code != exitFail || len(lines) != 3 {
		t.Fatalf("exit %d, want 1 with 3 problem lines:\n%s", code, stdout)
	}
	for _, l := range lines {
		if path, msg, ok := strings.Cut(l, ": "); !ok || path == "" || msg == "" {
			t.Errorf("line %q is not «path: message»", l)
		}
	}
}

func TestTemplatesAndExtraDirs(t *testing.T) {
	code, stdout, _ := runCLI(t, "", "templates")
	// One line per released version: the lock lists them all.
	lockData, err := templates.BuiltinLock()
	if err != nil {
		t.Fatal(err)
	}
	lock, err := templates.ReadLock(lockData)
	if err != nil {
		t.Fatal(err)
	}
	if code != 0 || strings.Count(stdout, "\n") != len(lock) || !strings.Contains(stdout, "school-roadmap@1.0.0 sha256:") || !strings.Contains(stdout, "school-roadmap@1.1.0 sha256:") {
		t.Fatalf("exit %d:\n%s", code, stdout)
	}
	// A user template directory is picked up from the flag and the environment.
	dir := t.TempDir()
	src, _ := os.ReadFile("../../templates/analysis/1.0.0/manifest.json")
	m := strings.Replace(strings.Replace(string(src), `"id": "analysis"`, `"id": "spravka"`, 1), `"body": 14`, `"body": 13`, 1)
	os.MkdirAll(filepath.Join(dir, "spravka", "1.0.0"), 0o755)
	os.WriteFile(filepath.Join(dir, "spravka", "1.0.0", "manifest.json"), []byte(m), 0o644)
	code, stdout, stderr := runCLI(t, "", "templates", "--templates", dir)
	if code != 0 || !strings.Contains(stdout, "spravka@1.0.0") {
		t.Errorf("--templates: exit %d %s %s", code, stdout, stderr)
	}
	t.Setenv("KARTOGRAF_TEMPLATES", dir)
	code, stdout, _ = runCLI(t, "", "templates")
	if code != 0 || !strings.Contains(stdout, "spravka@1.0.0") {
		t.Errorf("KARTOGRAF_TEMPLATES: exit %d %s", code, stdout)
	}
	out := filepath.Join(t.TempDir(), "a.pdf")
	if code, _, stderr := runCLI(t, "", "render", "-t", "spravka", "-o", out, "../../testdata/documents/analysis.json"); code != 0 {
		t.Errorf("render with a user template: %s", stderr)
	}
}

func TestDemo(t *testing.T) {
	dir := t.TempDir()
	code, stdout, stderr := runCLI(t, "", "demo", "-o", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, name := range []string{"000_f50bb33c8ce6181b.pdf", "001_49fbf96383fe353c.pdf", "000_f50bb33c8ce6181b.docx", "001_49fbf96383fe353c.docx", "000_f50bb33c8ce6181b.xlsx", "001_49fbf96383fe353c.xlsx"} {
		st, err := os.Stat(filepath.Join(dir, name))
		if err != nil || st.Size() < 10000 {
			t.Errorf("%s: %v", name, err)
		}
		if !strings.Contains(stdout, name) {
			t.Errorf("demo did not report %s", name)
		}
	}
}

func TestUsage(t *testing.T) {
	if code, _, _ := runCLI(t, ""); code != exitUsage {
		t.Errorf("no args: exit %d", code)
	}
	if code, _, stderr := runCLI(t, "", "frobnicate"); code != exitUsage || !strings.Contains(stderr, "неизвестная команда") {
		t.Errorf("unknown command: exit %d %s", code, stderr)
	}
	if code, _, _ := runCLI(t, "", "render"); code != exitUsage {
		t.Errorf("render without input: exit %d", code)
	}
}

func TestRenderDocx(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "карта.docx") // the format follows from the extension
	if code, _, stderr := runCLI(t, "", "render", "-o", out, seed001); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	data, _ := os.ReadFile(out)
	if !bytes.HasPrefix(data, []byte("PK")) {
		t.Fatal("not a zip")
	}
	// A version without a DOCX template says so.
	code, _, stderr := runCLI(t, "", "render", "-f", "docx", "-t", "school-roadmap@1.0.0", "-o", filepath.Join(dir, "x.docx"), seed001)
	if code != exitFail || !strings.Contains(stderr, "нет шаблона DOCX") {
		t.Errorf("exit %d: %s", code, stderr)
	}
}

func TestTemplatesCheckPackUnpack(t *testing.T) {
	if code, _, stderr := runCLI(t, "", "templates", "check", "../../templates/school-roadmap/1.1.0"); code != 0 {
		t.Fatalf("built-in template: exit %d: %s", code, stderr)
	}
	// pack → unpack gives back the same files.
	dir := t.TempDir()
	packed := filepath.Join(dir, "t.docx")
	if code, _, stderr := runCLI(t, "", "templates", "pack", "../../templates/school-roadmap/1.1.0/docx", packed); code != 0 {
		t.Fatalf("pack: %s", stderr)
	}
	vdir := filepath.Join(dir, "school-roadmap", "7.0.0")
	if code, _, stderr := runCLI(t, "", "templates", "unpack", packed, filepath.Join(vdir, "docx")); code != 0 {
		t.Fatalf("unpack: %s", stderr)
	}
	orig, _ := os.ReadFile("../../templates/school-roadmap/1.1.0/docx/word/document.xml")
	back, _ := os.ReadFile(filepath.Join(vdir, "docx", "word", "document.xml"))
	if !bytes.Equal(orig, back) {
		t.Error("pack/unpack changed word/document.xml")
	}
	// A broken version: check prints the problem with part, place and tag.
	m, _ := os.ReadFile("../../templates/school-roadmap/1.1.0/manifest.json")
	os.WriteFile(filepath.Join(vdir, "manifest.json"), bytes.Replace(m, []byte(`"version": "1.1.0"`), []byte(`"version": "7.0.0"`), 1), 0o644)
	broken := bytes.Replace(back, []byte("{{tr end}}"), []byte("{{tr end}"), 1)
	os.WriteFile(filepath.Join(vdir, "docx", "word", "document.xml"), broken, 0o644)
	code, stdout, _ := runCLI(t, "", "templates", "check", vdir)
	if code != exitFail || !strings.Contains(stdout, "word/document.xml:") || !strings.Contains(stdout, "{{tr end}") {
		t.Errorf("exit %d, output %q", code, stdout)
	}
	// …and an engine given that directory refuses to start.
	if code, _, stderr := runCLI(t, "", "templates", "--templates", dir); code != exitFail || !strings.Contains(stderr, "school-roadmap@7.0.0") {
		t.Errorf("registry accepted a broken template: exit %d %s", code, stderr)
	}
}

// A plan goes to Excel and comes back: render -f xlsx, import, the same document.
func TestRenderXlsxAndImport(t *testing.T) {
	dir := t.TempDir()
	book := filepath.Join(dir, "план.xlsx")
	if code, _, stderr := runCLI(t, "", "render", "-o", book, seed001); code != 0 {
		t.Fatalf("render: exit %d: %s", code, stderr)
	}
	out := filepath.Join(dir, "back.json")
	if code, _, stderr := runCLI(t, "", "import", book, "-o", out); code != 0 {
		t.Fatalf("import: exit %d: %s", code, stderr)
	}
	orig, _ := os.ReadFile(seed001)
	back, _ := os.ReadFile(out)
	a, err1 := document.DecodeBytes(orig)
	b, err2 := document.DecodeBytes(back)
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	if !bytes.Equal(ja, jb) {
		t.Error("the imported document differs from the original")
	}
	// Not a workbook: a clear error, exit 1.
	code, _, stderr := runCLI(t, "", "import", seed001)
	if code != exitFail || !strings.Contains(stderr, "не книга Excel") {
		t.Errorf("import of JSON: exit %d: %s", code, stderr)
	}
}

// failingWriter is a stdout that is closed on the other side.
type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("канал закрыт") }

// A JSON result that cannot reach stdout is a failure, not exit 0 with
// nothing written: import and rollover alike.
func TestJSONToBrokenStdout(t *testing.T) {
	dir := t.TempDir()
	book := filepath.Join(dir, "план.xlsx")
	if code, _, stderr := runCLI(t, "", "render", "-o", book, seed001); code != 0 {
		t.Fatalf("render: exit %d: %s", code, stderr)
	}
	for _, args := range [][]string{
		{"import", book},
		{"rollover", "--to", "2030-2031", seed001},
	} {
		var errb bytes.Buffer
		code := run(context.Background(), args, strings.NewReader(""), failingWriter{}, &errb)
		if code != exitFail || !strings.Contains(errb.String(), "канал закрыт") {
			t.Errorf("%s to a broken stdout: exit %d, stderr %q", args[0], code, errb.String())
		}
	}
}
