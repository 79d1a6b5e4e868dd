package xlsx

import (
	"archive/zip"
	"bytes"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/kartograf-ru/kartograf/internal/testtool/testtpl"
	"github.com/kartograf-ru/kartograf/pkg/document"
)

// The workbook prints the grif right-aligned above the title, the place
// line under it, numbered headings and the contents (without page
// numbers: a workbook's sheets paginate on their own), and a page break
// as a manual row break on sheet «Текст» right after the row before it.
func TestStructureInTheWorkbook(t *testing.T) {
	no := false
	d := &document.Document{
		Kind: document.KindRoadmap, Title: "Программа развития", Letterhead: &no, Place: "с. Урожайное, 2023 г.",
		HeadingNumbering: document.NumberingDecimal,
		Appendix:         &document.Appendix{Number: "2", To: "к приказу Управления образования", Date: "10.02.2021", OrderNumber: "12-п"},
		Body: []document.Block{
			{Contents: &document.Contents{Title: "Содержание"}},
			{PageBreak: &document.PageBreak{}},
			{Heading: &document.Heading{Text: "Анализ"}},
			{Paragraph: &document.Paragraph{Text: "Первый абзац"}},
			{PageBreak: &document.PageBreak{}},
			{Heading: &document.Heading{Text: "Справка", Level: 2}},
		},
	}
	data := viewRender(t, d, testtpl.Edited(t, "school-programme@1.0.0", "", nil))
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	// A document without a plan or passport: the letterhead opens sheet
	// «Текст», its first sheet.
	text := viewCells(t, f, SheetText)
	grif, title, place := text["Приложение №\u00a02"], text["Программа развития"], text["с. Урожайное, 2023\u00a0г."]
	if grif == "" || title == "" || place == "" || !(rowOf(grif) < rowOf(title) && rowOf(title) < rowOf(place)) {
		t.Errorf("grif %q, title %q, place %q: want them in this order", grif, title, place)
	}
	if a := viewAlign(t, f, SheetText, grif); a != "right" {
		t.Errorf("grif aligned %q", a)
	}
	rows, err := f.GetRows(SheetText)
	if err != nil {
		t.Fatal(err)
	}
	var col []string
	contentsEnd := 0 // the row of the contents' last entry
	for i, r := range rows {
		if len(r) > 0 && (len(col) > 0 || r[0] == "Содержание") {
			col = append(col, strings.TrimSpace(r[0]))
			if len(col) == 3 {
				contentsEnd = i + 1
			}
		}
	}
	if want := []string{"Содержание", "1. Анализ", "1.1. Справка", "1. Анализ", "Первый абзац", "1.1. Справка"}; !slices.Equal(col, want) {
		t.Errorf("sheet «Текст» %q, want %q", col, want)
	}
	// The breaks: after the contents' last row and after the paragraph.
	want := []string{rowOf(text["Первый абзац"]), strconv.Itoa(contentsEnd)}
	slices.Sort(want)
	if got := rowBreaks(t, data); !slices.Equal(got, want) {
		t.Errorf("row breaks %q, want %q", got, want)
	}
}

func rowOf(cell string) string { return strings.TrimLeft(cell, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") }

// rowBreaks reads the manual row breaks of sheet «Текст» from its XML.
func rowBreaks(t *testing.T, data []byte) []string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, zf := range zr.File {
		if !strings.HasPrefix(zf.Name, "xl/worksheets/sheet") {
			continue
		}
		rc, _ := zf.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		for _, m := range regexp.MustCompile(`<brk id="(\d+)"[^>]*man="1"`).FindAllSubmatch(b, -1) {
			out = append(out, string(m[1]))
		}
	}
	slices.Sort(out)
	return out
}

// With a cover page the passport sheet, which opens the printed workbook,
// breaks the page after the letterhead.
func TestCoverPageBreaksAfterTheLetterhead(t *testing.T) {
	d := &document.Document{
		Kind: document.KindRoadmap, Title: "Программа развития", Cover: true,
		Organization: document.Organization{FullName: "МБОУ «Урожайненская СОШ»"},
		Body:         []document.Block{{Passport: &document.Passport{Rows: []document.PassportRow{{Label: "Цель", Value: document.Text("Качество")}}}}},
	}
	data := viewRender(t, d, testtpl.Edited(t, "school-programme@1.0.0", "", nil))
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	cells := viewCells(t, f, SheetPassport)
	n, _ := strconv.Atoi(rowOf(cells["Цель"]))
	if got := rowBreaks(t, data); !slices.Equal(got, []string{strconv.Itoa(n - 1)}) {
		t.Errorf("row breaks %q, want one after row %d (the title), before the passport", got, n-1)
	}
}
