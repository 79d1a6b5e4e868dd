package kartograf_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/kartograf-ru/kartograf"
	"github.com/kartograf-ru/kartograf/internal/testtool/extract"
	"github.com/kartograf-ru/kartograf/internal/testtool/testdoc"
)

// stampsAsWritten are the stamps of testdata/documents/stamps-free-lines.json
// as typography prints them, each line by line: a stamp without heading, a
// composed stamp without signature underscores, a stamp with its own lines,
// underscores and «М.п.». The dates stand as the JSON writes them.
var stampsAsWritten = [][]string{
	{"Рассмотрено на заседании", "педагогического совета", "Протокол №\u00a01 от 30.08.2023г."},
	{"Согласовано", "Председатель Управляющего совета", "О.Н.\u00a0Кравцова", "протокол от «15» мая 2023 года №\u00a04"},
	{"Утверждаю:", "Директор МБОУ «СОШ №\u00a03»", "_____________ М.В.\u00a0Малахинова", "«31» августа 2023\u00a0г.", "М.п."},
}

// Nothing the document does not write: the kinds' labels the stamps
// replace or drop, and no date rewritten to another form.
var stampsAbsent = []string{"РАССМОТРЕНО", "СОГЛАСОВАНО", "УТВЕРЖДАЮ", "М.П.", "31.08.2023", "15.05.2023", "10.02.2021", "01.09.2024"}

var underscoresRE = regexp.MustCompile(`_+`)

// TestStampsAsWrittenEveryFormat renders the document in PDF, DOCX (read
// from its XML and as LibreOffice prints it) and XLSX and finds each
// stamp's lines in order, the dates as written, no label or underscores
// the stamps do not ask for: one run of underscores, before М.В. Малахинова.
func TestStampsAsWrittenEveryFormat(t *testing.T) {
	d := testdoc.Load(t, "testdata", "documents", "stamps-free-lines.json")
	eng := testdoc.Engine(t)
	dir := t.TempDir()
	files := map[kartograf.Format]string{}
	for _, f := range kartograf.Formats() {
		var buf bytes.Buffer
		if _, err := eng.Render(context.Background(), &buf, d, kartograf.RenderOptions{Format: f}); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		files[f] = filepath.Join(dir, "stamps."+string(f))
		if err := os.WriteFile(files[f], buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	read := func(f kartograf.Format) []byte {
		data, err := os.ReadFile(files[f])
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	t.Run("pdf", func(t *testing.T) {
		checkStamps(t, extract.PDF(t, files[kartograf.PDF]).Text())
	})
	t.Run("docx", func(t *testing.T) {
		checkStamps(t, extract.DOCX(t, read(kartograf.DOCX)).Text())
	})
	t.Run("docx-libreoffice", func(t *testing.T) {
		lo := extract.ConvertDOCXToPDF(t, filepath.Join(dir, "lo"), files[kartograf.DOCX])
		checkStamps(t, extract.PDF(t, lo[0]).Text())
	})
	t.Run("xlsx", func(t *testing.T) {
		x := extract.XLSX(t, read(kartograf.XLSX))
		var sheets []string
		for i := range x.Sheets {
			sheets = append(sheets, x.Sheets[i].Text())
		}
		checkStamps(t, sheets...)
		// The document's date as written is the workbook's date.
		f, err := excelize.OpenReader(bytes.NewReader(read(kartograf.XLSX)))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		p, err := f.GetDocProps()
		if err != nil {
			t.Fatal(err)
		}
		if p.Created != "2023-08-31T00:00:00Z" {
			t.Errorf("created %q, want the document's date «31» августа 2023 г.", p.Created)
		}
	})
}

// checkStamps looks at each flow (the document; in a workbook each sheet
// that repeats the letterhead) up to the document's title: the stamps'
// lines stand there in order, with one run of underscores, before М.В.
// Малахинова. (The workbook's signature block at the end draws its own
// «____________» for the signature, as the format's stand-in for the
// PDF's signature line; it is not a stamp and not looked at here.) The
// labels and reformatted dates are looked for everywhere.
func checkStamps(t *testing.T, flows ...string) {
	t.Helper()
	const title = "Программа перехода в эффективный режим работы"
	heads := 0
	for _, flow := range flows {
		norm := extract.Normalize(flow)
		for _, s := range stampsAbsent {
			if strings.Contains(norm, s) {
				t.Errorf("%q is printed; the document does not write it", s)
			}
		}
		end := strings.Index(norm, title)
		if end < 0 {
			continue
		}
		heads++
		head := norm[:end]
		for _, stamp := range stampsAsWritten {
			at := 0
			for _, line := range stamp {
				k := strings.Index(head[at:], extract.Normalize(line))
				if k < 0 {
					where := "nowhere"
					if strings.Contains(head, extract.Normalize(line)) {
						where = "out of order"
					}
					t.Errorf("stamp line %q: %s before the title", line, where)
					continue
				}
				at += k + len(extract.Normalize(line))
			}
		}
		runs := underscoresRE.FindAllStringIndex(head, -1)
		if len(runs) != 1 || !strings.HasPrefix(head[runs[0][1]:], " М.В.\u00a0Малахинова") {
			for _, r := range runs {
				t.Errorf("underscores at %q", head[max(0, r[0]-30):min(len(head), r[1]+30)])
			}
			t.Errorf("%d runs of underscores in the stamps, want one before «М.В. Малахинова»", len(runs))
		}
	}
	if heads == 0 {
		t.Errorf("no title %q printed", title)
	}
}
