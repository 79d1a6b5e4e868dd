package xlsx

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"html"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/kartograf-ru/kartograf/internal/testtool"
	"github.com/kartograf-ru/kartograf/internal/testtool/extract"
	"github.com/kartograf-ru/kartograf/internal/zipx"
	"github.com/kartograf-ru/kartograf/pkg/document"
)

// Rows are as tall as LibreOffice wraps their text: the seeds' cells, each
// in a row sized the way the writer sizes it, at column widths of plans and
// passports, print whole (no line cut off by the row) and the row has at
// most one line more than LibreOffice shows. Rows were a third too tall.
func TestRowHeightsFitLibreOffice(t *testing.T) {
	testtool.Require(t, "soffice")
	testtool.Require(t, "pdftotext")
	b := &book{w: writeShared}
	if err := b.w.measurers(); err != nil {
		t.Fatal(err)
	}
	var texts []string
	seen := map[string]bool{}
	for _, seed := range []string{"000_f50bb33c8ce6181b", "001_49fbf96383fe353c"} {
		d := writeLoad(t, "testdata", "seeds", seed+".json")
		add := func(c document.Content) {
			if s := CellText(c); len([]rune(s)) > 3 && !seen[s] {
				seen[s] = true
				texts = append(texts, s)
			}
		}
		for _, bl := range d.Body {
			switch {
			case bl.Plan != nil:
				for _, s := range bl.Plan.Sections {
					for _, m := range s.Items {
						for _, k := range []string{"title", "responsible", "actions", "product"} {
							add(m.Cells[k])
						}
					}
				}
			case bl.Passport != nil:
				for _, r := range bl.Passport.Rows {
					add(r.Value)
				}
			case bl.Paragraph != nil:
				add(document.Text(bl.Paragraph.Text))
			}
		}
	}

	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetDefaultFont(fontName); err != nil {
		t.Fatal(err)
	}
	st, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Family: fontName, Size: fontSize},
		Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		text  string
		lines int // the writer's
	}
	rows := map[string]row{} // by marker
	for wi, width := range []float64{16, 28, 50} {
		sheet := fmt.Sprintf("W%d", wi)
		if _, err := f.NewSheet(sheet); err != nil {
			t.Fatal(err)
		}
		f.SetColWidth(sheet, "A", "A", width)
		r := 0
		for _, text := range texts {
			px := pxOf(width)
			lines := b.linesOf(text, false, px)
			// The writer widens a column to its longest word and
			// continues a taller text in the next row.
			if b.longestWordPx(text, false) > innerPt(px)/ptPerPx || lines > maxLines {
				continue
			}
			r++
			marker := fmt.Sprintf("R%d_%d", wi, r)
			rows[marker] = row{text, lines}
			f.SetCellStr(sheet, cell(1, r), text)
			f.SetCellStyle(sheet, cell(1, r), cell(1, r), st)
			// Bottom-aligned (the default): the marker ends its row.
			f.SetCellStr(sheet, cell(2, r), marker)
			f.SetRowHeight(sheet, r, heightOf(lines))
		}
	}
	f.DeleteSheet("Sheet1")
	dir := t.TempDir()
	in := filepath.Join(dir, "rows.xlsx")
	// Through the writer's zip, which sets the Normal style's size.
	var buf bytes.Buffer
	f.SetZipWriter(func(io.Writer) excelize.ZipWriter {
		return normalZip{zipx.NewWriter(context.Background(), &buf, zipx.WithLevel(zipLevel))}
	})
	if _, err := f.WriteToBuffer(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(in, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	pdf := extract.ConvertDOCXToPDF(t, dir, in)[0]
	bbox := testtool.Run(t, "pdftotext", "-bbox", pdf, "-")
	if keep := os.Getenv("KARTOGRAF_KEEP"); keep != "" {
		os.WriteFile(filepath.Join(keep, "rows.xlsx"), mustRead(t, in), 0o644)
		os.WriteFile(filepath.Join(keep, "rows.pdf"), mustRead(t, pdf), 0o644)
	}

	word := regexp.MustCompile(`<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">([^<]*)</word>`)
	checked, exact := 0, 0
	pitch, gaps := 0.0, 0 // LibreOffice's advance from line to line
	type pword struct {
		x, y float64
		text string
	}
	for page := range strings.SplitSeq(bbox, "<page ") {
		var ws []pword
		colB := math.Inf(1) // where the markers' column starts
		for _, m := range word.FindAllStringSubmatch(page, -1) {
			x, _ := strconv.ParseFloat(m[1], 64)
			y, _ := strconv.ParseFloat(m[2], 64)
			w := pword{x, y, html.UnescapeString(m[3])}
			if _, ok := rows[w.text]; ok {
				colB = min(colB, x)
			}
			ws = append(ws, w)
		}
		// LibreOffice draws a page's cells in no fixed order: top down,
		// a row's text comes before its bottom-aligned marker.
		slices.SortStableFunc(ws, func(a, b pword) int { return cmp.Compare(a.y, b.y) })
		var words []string
		ys := map[float64]bool{}
		for _, w := range ws {
			r, ok := rows[w.text]
			if !ok {
				if w.x < colB {
					words = append(words, w.text)
					ys[math.Round(w.y*10)/10] = true
				}
				continue
			}
			// Compared without white space: LibreOffice breaks after a
			// hyphen.
			squeeze := func(s string) string { return strings.Join(strings.Fields(strings.ReplaceAll(s, "\u00a0", " ")), "") }
			if printed := strings.Join(words, ""); printed != squeeze(r.text) {
				t.Errorf("%s: printed %q\nwant %q (%d lines)", w.text, strings.Join(words, " "), r.text, r.lines)
			}
			// At most one line more than LibreOffice shows.
			if lo := len(ys); r.lines > lo+1 {
				t.Errorf("%s: %d lines high, LibreOffice shows %d: %q", w.text, r.lines, lo, r.text)
			} else if r.lines == lo {
				exact++
			}
			if lo := len(ys); lo >= 2 {
				lo0, lo1 := math.Inf(1), math.Inf(-1)
				for y := range ys {
					lo0, lo1 = min(lo0, y), max(lo1, y)
				}
				pitch += lo1 - lo0
				gaps += lo - 1
			}
			checked++
			words, ys = nil, map[float64]bool{}
		}
	}
	if checked < len(rows)*9/10 {
		t.Errorf("only %d of %d rows found in the printout", checked, len(rows))
	}
	t.Logf("%d rows, %d as many lines as LibreOffice shows, the rest one more", checked, exact)
	// A line of a row is as high as LibreOffice's (rows were sized at
	// 13.75 pt a line, a third too tall).
	if gaps == 0 {
		t.Fatal("no row of several lines")
	}
	pitch /= float64(gaps)
	t.Logf("LibreOffice's line: %.2f pt; the rows': %.2f pt", pitch, lineHeight)
	if math.Abs(lineHeight-pitch) > 0.02*pitch {
		t.Errorf("rows are sized at %.2f pt a line, LibreOffice's line is %.2f pt", lineHeight, pitch)
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// The Normal style's font, which sets the unit of column widths, is Times
// New Roman 10.5 pt (normalSize): its digit is 7 px in Excel and in
// LibreOffice.
func TestNormalStyleFont(t *testing.T) {
	d := writeLoad(t, "testdata", "seeds", "001_49fbf96383fe353c.json")
	styles, _ := writePart(t, writeRender(t, d, Meta{}), "xl/styles.xml")
	i := strings.Index(styles, "<font>")
	j := strings.Index(styles, "</font>")
	if i < 0 || j < i {
		t.Fatalf("no font in styles.xml: %.300s", styles)
	}
	if first := styles[i:j]; !strings.Contains(first, `<name val="Times New Roman">`) || !strings.Contains(first, `<sz val="10.5">`) {
		t.Errorf("the Normal style's font is %s, want Times New Roman 10.5 pt", first)
	}
}

// normalZip zips an excelize workbook with the Normal style's font size
// the writer gives it (normalSize).
type normalZip struct{ zw *zipx.Writer }

func (z normalZip) Create(name string) (io.Writer, error) {
	w, err := z.zw.Create(name)
	if err != nil || name != stylesPart {
		return w, err
	}
	return normalStyles{w}, nil
}

func (z normalZip) AddFS(fsys fs.FS) error { return z.zw.AddFS(fsys) }

func (z normalZip) Close() error { return z.zw.Close() }

// normalStyles sets the size of the first font of styles.xml, which
// excelize writes in one piece.
type normalStyles struct{ w io.Writer }

func (n normalStyles) Write(p []byte) (int, error) {
	_, err := n.w.Write(bytes.Replace(p, []byte(`<sz val="11"></sz>`), []byte(`<sz val="`+strconv.FormatFloat(normalSize, 'f', -1, 64)+`"></sz>`), 1))
	return len(p), err
}
