package xlsximport

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/kartograf-ru/kartograf/fonts"
	"github.com/kartograf-ru/kartograf/internal/testtool"
	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/render/xlsx"
	"github.com/kartograf-ru/kartograf/templates"
)

const readSeed001 = "001_49fbf96383fe353c"

func readRepo(tb testing.TB, parts ...string) *document.Document {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join(append([]string{"..", ".."}, parts...)...))
	if err != nil {
		tb.Fatal(err)
	}
	d, err := document.DecodeBytes(data)
	if err != nil {
		tb.Fatal(err)
	}
	return d
}

// readTestDocs lists the round-trip documents: both seeds and every
// testdata/documents/*.json, by name.
func readTestDocs(tb testing.TB) map[string][]string {
	tb.Helper()
	files, err := filepath.Glob(filepath.Join("..", "..", "testdata", "documents", "*.json"))
	if err != nil {
		tb.Fatal(err)
	}
	seeds, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "seeds", "*.json"))
	if len(seeds) < 2 || len(files) == 0 {
		tb.Fatalf("test documents missing: %v %v", seeds, files)
	}
	out := map[string][]string{}
	for _, f := range append(seeds, files...) {
		rel, _ := filepath.Rel(filepath.Join("..", ".."), f)
		out[strings.TrimSuffix(filepath.Base(f), ".json")] = strings.Split(filepath.ToSlash(rel), "/")
	}
	return out
}

var (
	readWriterOnce sync.Once
	readWriter     *xlsx.Writer
	readRegistry   *templates.Registry
	readRegErr     error
)

// readFixture renders d with the writer and the template it names (or its
// kind's default).
func readFixture(tb testing.TB, d *document.Document) []byte {
	tb.Helper()
	readWriterOnce.Do(func() {
		readWriter = xlsx.NewWriter(new(fonts.Library))
		readRegistry, readRegErr = templates.New()
	})
	if readRegErr != nil {
		tb.Fatal(readRegErr)
	}
	var (
		v   *templates.Version
		err error
	)
	if d.Template != "" {
		v, err = readRegistry.Resolve(d.Template)
	} else {
		v, err = readRegistry.Default(string(d.Kind))
	}
	if err != nil {
		tb.Fatal(err)
	}
	var buf bytes.Buffer
	if err := readWriter.Render(context.Background(), &buf, d, v, xlsx.Meta{Template: v.Ref(), InputHash: "sha256:test"}); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func readBytes(data []byte) (*document.Document, error) {
	return Read(bytes.NewReader(data), int64(len(data)))
}

func TestReadRoundTrip(t *testing.T) {
	for name, path := range readTestDocs(t) {
		t.Run(name, func(t *testing.T) {
			want := readRepo(t, path...)
			data := readFixture(t, readRepo(t, path...))
			got, err := readBytes(data)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("read back differs from the original:\n%s", readDocDiff(got, want))
			}
			file := filepath.Join(t.TempDir(), name+".xlsx")
			if err := os.WriteFile(file, data, 0o644); err != nil {
				t.Fatal(err)
			}
			if got, err := ReadFile(file); err != nil || !reflect.DeepEqual(got, want) {
				t.Errorf("ReadFile: %v", err)
			}
		})
	}
}

// readDocDiff shows the first differing line of the two documents' JSON.
func readDocDiff(got, want *document.Document) string {
	a, _ := json.MarshalIndent(got, "", " ")
	b, _ := json.MarshalIndent(want, "", " ")
	la, lb := strings.Split(string(a), "\n"), strings.Split(string(b), "\n")
	for i := range min(len(la), len(lb)) {
		if la[i] != lb[i] {
			return fmt.Sprintf("line %d:\n got  %s\n want %s", i+1, la[i], lb[i])
		}
	}
	if len(la) != len(lb) {
		return fmt.Sprintf("lengths %d and %d lines", len(la), len(lb))
	}
	return "JSON equal, Go values differ (nil vs empty?)"
}

// readPlanSheet finds, in an opened workbook, the header row and the column of
// each header title, and the row of each key.
type readPlanSheet struct {
	f      *excelize.File
	header int            // 1-based
	col    map[string]int // header title → 1-based column
	rowOf  map[string]int // key → 1-based row
	last   int            // last row holding a key
}

func readOpenPlan(t *testing.T, data []byte) *readPlanSheet {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return readScanPlan(t, f)
}

func readScanPlan(t *testing.T, f *excelize.File) *readPlanSheet {
	t.Helper()
	rows, err := f.GetRows(xlsx.SheetPlan)
	if err != nil {
		t.Fatal(err)
	}
	p := &readPlanSheet{f: f, col: map[string]int{}, rowOf: map[string]int{}}
	keyCol := 0
	for r, row := range rows {
		if p.header == 0 {
			for c, s := range row {
				if s == xlsx.ColKey {
					p.header, keyCol = r+1, c+1
					for c, s := range row {
						if s != "" {
							p.col[s] = c + 1
						}
					}
				}
			}
			continue
		}
		if keyCol <= len(row) && row[keyCol-1] != "" {
			p.rowOf[row[keyCol-1]] = r + 1
			p.last = r + 1
		}
	}
	if p.header == 0 {
		t.Fatal("no header row in the plan sheet")
	}
	return p
}

func (p *readPlanSheet) set(t *testing.T, title string, row int, v string) {
	t.Helper()
	c, ok := p.col[title]
	if !ok {
		t.Fatalf("no column %q", title)
	}
	name, _ := excelize.CoordinatesToCellName(c, row)
	if err := p.f.SetCellStr(xlsx.SheetPlan, name, v); err != nil {
		t.Fatal(err)
	}
}

func (p *readPlanSheet) get(t *testing.T, title string, row int) string {
	t.Helper()
	name, _ := excelize.CoordinatesToCellName(p.col[title], row)
	v, err := p.f.GetCellValue(xlsx.SheetPlan, name)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func (p *readPlanSheet) bytes(t *testing.T) []byte {
	t.Helper()
	buf, err := p.f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// readEditSeed001 applies a person's edits to the rendered seed 001 workbook
// and the same edits to its document, returning both.
func readEditSeed001(t *testing.T) ([]byte, *document.Document) {
	t.Helper()
	d := readRepo(t, "testdata", "seeds", readSeed001+".json")
	p := readOpenPlan(t, readFixture(t, readRepo(t, "testdata", "seeds", readSeed001+".json")))
	plan := d.Body[readPlanIndex(t, d)].Plan
	titles := map[string]string{}
	for _, c := range plan.Columns {
		titles[c.Key] = c.Title
	}
	all := append(plan.Columns[:len(plan.Columns):len(plan.Columns)], document.Column{Title: xlsx.ColStatus}, document.Column{Title: xlsx.ColNote}, document.Column{Title: xlsx.ColKey})

	// 1. a changed cell
	p.set(t, titles["deadline"], p.rowOf["m0.0"], "Март 2024г.")
	plan.Sections[0].Items[0].Cells["deadline"] = document.Text("Март 2024г.")

	// 2. statuses from the drop-down, and a note
	p.set(t, xlsx.ColStatus, p.rowOf["m1.0"], document.StatusDone.Label())
	p.set(t, xlsx.ColNote, p.rowOf["m1.0"], "Проведено 12.02.2024")
	p.set(t, xlsx.ColStatus, p.rowOf["m1.1"], document.StatusInProgress.Label())
	plan.Sections[1].Items[0].Status = document.StatusDone
	plan.Sections[1].Items[0].Note = "Проведено 12.02.2024"
	plan.Sections[1].Items[1].Status = document.StatusInProgress

	// 3. two measure rows swapped (their whole contents, the key too)
	ra, rb := p.rowOf["m2.0"], p.rowOf["m2.1"]
	for _, c := range all {
		a, b := p.get(t, c.Title, ra), p.get(t, c.Title, rb)
		p.set(t, c.Title, ra, b)
		p.set(t, c.Title, rb, a)
	}
	items := plan.Sections[2].Items
	items[0], items[1] = items[1], items[0]

	// 4. a new section at the end, merged across, with one measure;
	// added first so that the row numbers above stay valid
	end := p.last + 1
	if err := p.f.InsertRows(xlsx.SheetPlan, end, 2); err != nil {
		t.Fatal(err)
	}
	p.set(t, titles["number"], end, "5.")
	p.set(t, titles["title"], end, "КОНТРОЛЬ ИСПОЛНЕНИЯ")
	a, _ := excelize.CoordinatesToCellName(p.col[titles["title"]], end)
	b, _ := excelize.CoordinatesToCellName(p.col[plan.Columns[len(plan.Columns)-1].Title], end)
	if err := p.f.MergeCell(xlsx.SheetPlan, a, b); err != nil {
		t.Fatal(err)
	}
	p.set(t, titles["number"], end+1, "5.1")
	p.set(t, titles["title"], end+1, "Отчёт о выполнении дорожной карты")
	p.set(t, titles["deadline"], end+1, "Май 2024г.")
	p.set(t, titles["responsible"], end+1, "Директор\n– заместитель по УВР")
	p.set(t, xlsx.ColStatus, end+1, document.StatusNotStarted.Label())
	plan.Sections = append(plan.Sections, document.Section{Number: "5.", Title: "КОНТРОЛЬ ИСПОЛНЕНИЯ", Items: []document.Measure{{
		Number: "5.1", Status: document.StatusNotStarted,
		Cells: map[string]document.Content{
			"title":       document.Text("Отчёт о выполнении дорожной карты"),
			"deadline":    document.Text("Май 2024г."),
			"responsible": {{Text: "Директор"}, {List: &document.List{Items: []document.ListItem{{Text: "заместитель по УВР"}}}}},
		},
	}}})

	// 5. a new measure inserted inside section 1, after 1.2, without a key
	at := p.rowOf["m0.1"] + 1
	if err := p.f.InsertRows(xlsx.SheetPlan, at, 1); err != nil {
		t.Fatal(err)
	}
	p.set(t, titles["number"], at, "1.2а")
	p.set(t, titles["title"], at, "Совещание с педагогами по итогам ВПР")
	p.set(t, titles["deadline"], at, "Апрель 2024г.")
	s0 := &plan.Sections[0]
	s0.Items = append(s0.Items[:2], append([]document.Measure{{Number: "1.2а", Cells: map[string]document.Content{
		"title":    document.Text("Совещание с педагогами по итогам ВПР"),
		"deadline": document.Text("Апрель 2024г."),
	}}}, s0.Items[2:]...)...)
	return p.bytes(t), d
}

func readPlanIndex(t *testing.T, d *document.Document) int {
	t.Helper()
	for i, b := range d.Body {
		if b.Plan != nil {
			return i
		}
	}
	t.Fatal("no plan")
	return -1
}

func TestReadEdits(t *testing.T) {
	data, want := readEditSeed001(t)
	got, err := readBytes(data)
	if err != nil {
		t.Fatal(err)
	}
	if err := document.Validate(got); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("edits read back wrong:\n%s", readDocDiff(got, want))
	}
}

// An unkeyed row typed as a section without merging: number and title only.
func TestReadSectionRule(t *testing.T) {
	d := readRepo(t, "testdata", "seeds", readSeed001+".json")
	p := readOpenPlan(t, readFixture(t, d))
	at := p.last + 1
	if err := p.f.InsertRows(xlsx.SheetPlan, at, 2); err != nil {
		t.Fatal(err)
	}
	p.set(t, "№", at, "5")
	p.set(t, "Мероприятия", at, "ДОПОЛНИТЕЛЬНО")
	p.set(t, "№", at+1, "5.1")
	p.set(t, "Мероприятия", at+1, "Итоговый педсовет")
	p.set(t, "Сроки", at+1, "Май 2024г.")
	got, err := readBytes(p.bytes(t))
	if err != nil {
		t.Fatal(err)
	}
	secs := got.Body[readPlanIndex(t, got)].Plan.Sections
	if len(secs) != 5 || secs[4].Number != "5" || secs[4].Title != "ДОПОЛНИТЕЛЬНО" || len(secs[4].Items) != 1 || secs[4].Items[0].Number != "5.1" {
		t.Errorf("unmerged section row not recognised: %+v", secs[len(secs)-1])
	}
}

// A plan without its own columns takes the template's: Read finds them
// through the template reference in the workbook.
func TestReadTemplateColumns(t *testing.T) {
	d := readRepo(t, "testdata", "seeds", readSeed001+".json")
	d.Body[readPlanIndex(t, d)].Plan.Columns = nil
	data := readFixture(t, d)
	got, err := readBytes(data)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, d) {
		t.Errorf("read back differs:\n%s", readDocDiff(got, d))
	}
	_, err = ReadOptions{Columns: func(ref string) ([]document.Column, error) {
		return nil, fmt.Errorf("шаблон «%s» не найден", ref)
	}}.Read(bytes.NewReader(data), int64(len(data)))
	var re *ReadError
	if !errors.As(err, &re) || err.Error() != "лист «План мероприятий»: столбцы плана не известны: шаблон «school-roadmap@1.1.0» не найден" {
		t.Errorf("got %v", err)
	}
}

// Values Excel stores as numbers read back as they were shown: a date in
// the short date format as ДД.ММ.ГГГГ, a number as typed.
func TestReadTypedValues(t *testing.T) {
	p := readOpenPlan(t, readFixture(t, readRepo(t, "testdata", "seeds", readSeed001+".json")))
	r := p.rowOf["m0.2"]
	date, _ := excelize.CoordinatesToCellName(p.col["Сроки"], r)
	num, _ := excelize.CoordinatesToCellName(p.col["Продукт"], r)
	style, err := p.f.NewStyle(&excelize.Style{NumFmt: 14})
	if err != nil {
		t.Fatal(err)
	}
	p.f.SetCellValue(xlsx.SheetPlan, date, 45352.0) // 01.03.2024
	p.f.SetCellStyle(xlsx.SheetPlan, date, date, style)
	p.f.SetCellValue(xlsx.SheetPlan, num, 12.5)
	got, err := readBytes(p.bytes(t))
	if err != nil {
		t.Fatal(err)
	}
	m := got.Body[readPlanIndex(t, got)].Plan.Sections[0].Items[2]
	if g := xlsx.CellText(m.Cells["deadline"]); g != "01.03.2024" {
		t.Errorf("date read as %q", g)
	}
	if g := xlsx.CellText(m.Cells["product"]); g != "12.5" {
		t.Errorf("number read as %q", g)
	}
}

func readSoffice(t *testing.T, dir, in string) []byte {
	t.Helper()
	bin := testtool.Require(t, "soffice")
	out := filepath.Join(dir, "out")
	cmd := exec.Command(bin, "--headless", "--norestore", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--convert-to", "xlsx", "--outdir", out, in)
	msg, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("soffice: %v\n%s", err, msg)
	}
	data, err := os.ReadFile(filepath.Join(out, filepath.Base(in)))
	if err != nil {
		// soffice without Calc (only libreoffice-writer installed) cannot
		// load a workbook: a missing tool, as testtool treats it.
		if strings.Contains(string(msg), "source file could not be loaded") {
			if os.Getenv(testtool.EnvRequire) == "1" {
				t.Fatalf("LibreOffice Calc is required (%s=1) but soffice cannot load .xlsx (install libreoffice-calc-nogui):\n%s", testtool.EnvRequire, msg)
			}
			t.Skipf("LibreOffice Calc not installed (libreoffice-calc-nogui): %s", msg)
		}
		t.Fatalf("soffice made no .xlsx: %v\n%s", err, msg)
	}
	return data
}

// LibreOffice opens and re-saves the workbook; it still reads back equal.
func TestReadLibreOfficeResave(t *testing.T) {
	testtool.Require(t, "soffice")
	dir := t.TempDir()
	orig := filepath.Join(dir, "seed001.xlsx")
	if err := os.WriteFile(orig, readFixture(t, readRepo(t, "testdata", "seeds", readSeed001+".json")), 0o644); err != nil {
		t.Fatal(err)
	}
	edited, wantEdited := readEditSeed001(t)
	ed := filepath.Join(dir, "edited.xlsx")
	if err := os.WriteFile(ed, edited, 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, path string
		want       *document.Document
	}{
		{"seed001", orig, readRepo(t, "testdata", "seeds", readSeed001+".json")},
		{"edited", ed, wantEdited},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := readBytes(readSoffice(t, dir, c.path))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("after LibreOffice:\n%s", readDocDiff(got, c.want))
			}
		})
	}
}

// readZipWith copies the workbook's parts, replacing those named in repl by
// what their writer functions write.
func readZipWith(t *testing.T, data []byte, repl map[string]func(io.Writer)) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) { return flate.NewWriter(w, flate.BestSpeed) })
	done := map[string]bool{}
	for _, zf := range zr.File {
		w, err := zw.Create(zf.Name)
		if err != nil {
			t.Fatal(err)
		}
		if fn, ok := repl[zf.Name]; ok {
			fn(w)
			done[zf.Name] = true
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(w, rc)
		rc.Close()
	}
	for name, fn := range repl {
		if !done[name] {
			w, _ := zw.Create(name)
			fn(w)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// readHugeSheet writes a worksheet of n bytes of repeated rows.
func readHugeSheet(n int) func(io.Writer) {
	return func(w io.Writer) {
		io.WriteString(w, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
		row := bytes.Repeat([]byte(`<row><c t="inlineStr"><is><t>Анкетирование педагогических работников</t></is></c></row>`), 1<<12)
		for written := 0; written < n; written += len(row) {
			w.Write(row)
		}
		io.WriteString(w, `</sheetData></worksheet>`)
	}
}

func TestReadBadInputs(t *testing.T) {
	good := readFixture(t, readRepo(t, "testdata", "seeds", readSeed001+".json"))
	rng := rand.New(rand.NewPCG(1, 2))
	random := make([]byte, 64<<10)
	for i := range random {
		random[i] = byte(rng.UintN(256))
	}

	t.Run("random bytes", func(t *testing.T) {
		_, err := readBytes(random)
		if !errors.Is(err, ErrNotWorkbook) || !strings.Contains(err.Error(), "файл повреждён или это не книга Excel (.xlsx)") {
			t.Errorf("got %v", err)
		}
	})
	t.Run("truncated", func(t *testing.T) {
		_, err := readBytes(good[:len(good)*2/3])
		if !errors.Is(err, ErrNotWorkbook) {
			t.Errorf("got %v", err)
		}
	})
	t.Run("damaged part", func(t *testing.T) {
		// flip bytes inside the plan sheet's compressed data: the archive
		// still opens, the part fails its CRC (or does not inflate)
		zr, err := zip.NewReader(bytes.NewReader(good), int64(len(good)))
		if err != nil {
			t.Fatal(err)
		}
		bad := bytes.Clone(good)
		for _, zf := range zr.File {
			if zf.Name == "xl/worksheets/sheet1.xml" {
				off, err := zf.DataOffset()
				if err != nil {
					t.Fatal(err)
				}
				mid := off + int64(zf.CompressedSize64)/2
				for i := mid; i < mid+8; i++ {
					bad[i] ^= 0x5a
				}
			}
		}
		_, err = readBytes(bad)
		if !errors.Is(err, ErrNotWorkbook) || !strings.Contains(err.Error(), "часть «xl/worksheets/sheet1.xml»") {
			t.Errorf("got %v", err)
		}
	})
	t.Run("a zip, not a workbook", func(t *testing.T) {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		w, _ := zw.Create("word/document.xml")
		io.WriteString(w, "<w:document/>")
		zw.Close()
		_, err := readBytes(buf.Bytes())
		if !errors.Is(err, ErrNotWorkbook) {
			t.Errorf("got %v", err)
		}
	})
	t.Run("too large a file", func(t *testing.T) {
		_, err := Read(bytes.NewReader(nil), MaxFileSize+1)
		if !errors.Is(err, ErrTooLarge) {
			t.Errorf("got %v", err)
		}
	})
	// Real zip bombs, built here: one sheet of 300 MiB (2 MiB packed), and
	// five sheets of 45 MiB, each under the per-part limit but over the
	// total one.
	t.Run("zip bomb", func(t *testing.T) {
		bomb := readZipWith(t, good, map[string]func(io.Writer){"xl/worksheets/sheet1.xml": readHugeSheet(300 << 20)})
		if len(bomb) > MaxFileSize {
			t.Fatalf("bomb of %d bytes is over the file limit", len(bomb))
		}
		_, err := readBytes(bomb)
		if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "zip-бомб") {
			t.Errorf("got %v", err)
		}
	})
	t.Run("zip bomb in parts", func(t *testing.T) {
		repl := map[string]func(io.Writer){}
		for i := range 5 {
			repl[fmt.Sprintf("xl/worksheets/sheet%d.xml", 100+i)] = readHugeSheet(45 << 20)
		}
		_, err := readBytes(readZipWith(t, good, repl))
		if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "после распаковки") {
			t.Errorf("got %v", err)
		}
	})
	t.Run("not Kartograf's", func(t *testing.T) {
		f := excelize.NewFile()
		buf, err := f.WriteToBuffer()
		if err != nil {
			t.Fatal(err)
		}
		_, err = readBytes(buf.Bytes())
		var re *ReadError
		if !errors.As(err, &re) || err.Error() != "это не книга Kartograf: нет листа «_kartograf»" {
			t.Errorf("got %v", err)
		}
	})
	t.Run("another format tag", func(t *testing.T) {
		f, err := excelize.OpenReader(bytes.NewReader(good))
		if err != nil {
			t.Fatal(err)
		}
		f.SetCellStr(xlsx.SheetMeta, "A1", "kartograf-xlsx/99")
		buf, _ := f.WriteToBuffer()
		_, err = readBytes(buf.Bytes())
		var re *ReadError
		if !errors.As(err, &re) || re.Sheet != xlsx.SheetMeta || re.Row != 1 || re.Col != 1 || !strings.Contains(err.Error(), "это не книга Kartograf") {
			t.Errorf("got %v", err)
		}
	})
	t.Run("header row deleted", func(t *testing.T) {
		p := readOpenPlan(t, good)
		if err := p.f.RemoveRow(xlsx.SheetPlan, p.header); err != nil {
			t.Fatal(err)
		}
		_, err := readBytes(p.bytes(t))
		var re *ReadError
		if !errors.As(err, &re) || re.Sheet != xlsx.SheetPlan || !strings.HasPrefix(err.Error(), "лист «План мероприятий»: нет строки заголовка") {
			t.Errorf("got %v", err)
		}
	})
	t.Run("header cell renamed", func(t *testing.T) {
		p := readOpenPlan(t, good)
		c := p.col[xlsx.ColStatus]
		p.set(t, xlsx.ColStatus, p.header, "Состояние")
		_, err := readBytes(p.bytes(t))
		var re *ReadError
		want := fmt.Sprintf("лист «План мероприятий», строка %d, столбец %[2]s: заголовок в ячейке %[2]s%[1]d изменён: было «Статус», стало «Состояние»; "+
			"заголовки столбцов мониторинга («Статус», «Отметка о выполнении») задаёт книга, и изменение не перенесётся в документ — верните прежний заголовок", p.header, readColName(c))
		if !errors.As(err, &re) || err.Error() != want {
			t.Errorf("got  %v\nwant %s", err, want)
		}
	})
	t.Run("plan column deleted", func(t *testing.T) {
		p := readOpenPlan(t, good)
		if err := p.f.RemoveCol(xlsx.SheetPlan, readColName(p.col["Продукт"])); err != nil {
			t.Fatal(err)
		}
		_, err := readBytes(p.bytes(t))
		var re *ReadError
		if !errors.As(err, &re) || re.Row != p.header || !strings.Contains(err.Error(), "в строке заголовка 6 столбцов плана") {
			t.Errorf("got %v", err)
		}
	})
	t.Run("unknown status", func(t *testing.T) {
		p := readOpenPlan(t, good)
		r := p.rowOf["m1.2"]
		p.set(t, xlsx.ColStatus, r, "Почти готово")
		_, err := readBytes(p.bytes(t))
		var re *ReadError
		want := fmt.Sprintf("лист «План мероприятий», строка %d, столбец %s: неизвестный статус «Почти готово»; допустимо: «Не начато», «В работе», «Выполнено», «Просрочено», «Отменено» или пусто", r, readColName(p.col[xlsx.ColStatus]))
		if !errors.As(err, &re) || err.Error() != want {
			t.Errorf("got  %v\nwant %s", err, want)
		}
	})
	t.Run("measure before any section", func(t *testing.T) {
		p := readOpenPlan(t, good)
		at := p.rowOf["s0"]
		if err := p.f.InsertRows(xlsx.SheetPlan, at, 1); err != nil {
			t.Fatal(err)
		}
		p.set(t, "№", at, "0.1")
		p.set(t, "Мероприятия", at, "Вводное совещание")
		p.set(t, "Сроки", at, "Январь 2024г.")
		_, err := readBytes(p.bytes(t))
		var re *ReadError
		if !errors.As(err, &re) || re.Sheet != xlsx.SheetPlan || re.Row != at || re.Col != p.col["№"] ||
			!strings.Contains(err.Error(), fmt.Sprintf("строка %d, столбец A: мероприятие стоит выше первого раздела", at)) {
			t.Errorf("got %v", err)
		}
	})
	t.Run("invalid result", func(t *testing.T) {
		p := readOpenPlan(t, good)
		p.set(t, "Мероприятия", p.rowOf["m0.0"], "")
		_, err := readBytes(p.bytes(t))
		var ve *document.ValidationError
		if !errors.As(err, &ve) || !strings.Contains(err.Error(), "items[0].title") {
			t.Errorf("got %v", err)
		}
	})
}

func readColName(c int) string {
	n, _ := excelize.ColumnNumberToName(c)
	return n
}

func TestReadLimits(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	for r := 1; r <= 6; r++ {
		f.SetCellStr("Sheet1", fmt.Sprintf("B%d", r), "x")
	}
	f.SetCellStr("Sheet1", "C3", strings.Repeat("я", xlsx.MaxCellRunes))
	if _, err := sheetRows(f, "Sheet1", 6); err != nil {
		t.Fatalf("6 rows, limit 6: %v", err)
	}
	_, err := sheetRows(f, "Sheet1", 5)
	var re *ReadError
	if !errors.As(err, &re) || re.Row != 6 || err.Error() != "лист «Sheet1», строка 6: больше 5 строк" {
		t.Errorf("row limit: %v", err)
	}
}

func TestReadErrorText(t *testing.T) {
	cases := []struct {
		e    ReadError
		want string
	}{
		{ReadError{Sheet: xlsx.SheetPlan, Row: 12, Col: 3, Msg: "ошибка"}, "лист «План мероприятий», строка 12, столбец C: ошибка"},
		{ReadError{Sheet: xlsx.SheetPlan, Row: 12, Msg: "ошибка"}, "лист «План мероприятий», строка 12: ошибка"},
		{ReadError{Sheet: xlsx.SheetPlan, Col: 28, Msg: "ошибка"}, "лист «План мероприятий», столбец AB: ошибка"},
		{ReadError{Sheet: xlsx.SheetPlan, Msg: "ошибка"}, "лист «План мероприятий»: ошибка"},
		{ReadError{Msg: "ошибка"}, "ошибка"},
	}
	for _, c := range cases {
		if got := c.e.Error(); got != c.want {
			t.Errorf("got %q, want %q", got, c.want)
		}
	}
}

func BenchmarkRead(b *testing.B) {
	data := readFixture(b, readRepo(b, "testdata", "seeds", readSeed001+".json"))
	b.Run("seed001", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			if _, err := Read(bytes.NewReader(data), int64(len(data))); err != nil {
				b.Fatal(err)
			}
		}
	})
}
