package xlsx

import (
	"bytes"
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/kartograf-ru/kartograf/pkg/document"
)

// longText is n characters of Cyrillic words.
func longText(n int) string {
	s := strings.Repeat("слово ", n/6+1)
	return s[:len(string([]rune(s)[:n]))]
}

// A value over Excel's 32 767 characters would be cut by the cell (excelize
// truncates silently): the render is refused with the value's JSON path.
func TestWriteLongValueRefused(t *testing.T) {
	long := longText(40_000)
	seed := func() (*document.Document, int) {
		d := writeLoad(t, "testdata", "seeds", writeSeed001)
		return d, writePlanIndex(t, d)
	}
	cases := []struct {
		name, path string
		edit       func(d *document.Document, pi int)
	}{
		{"measure cell", ".plan.sections[0].items[1].title", func(d *document.Document, pi int) {
			d.Body[pi].Plan.Sections[0].Items[1].Cells["title"] = document.Text(long)
		}},
		{"measure note", ".plan.sections[1].items[0].note", func(d *document.Document, pi int) {
			d.Body[pi].Plan.Sections[1].Items[0].Note = long
		}},
		{"section title", ".plan.sections[2].title", func(d *document.Document, pi int) {
			d.Body[pi].Plan.Sections[2].Title = long
		}},
		{"title", "title", func(d *document.Document, pi int) { d.Title = long }},
		{"organization", "organization.full_name", func(d *document.Document, pi int) { d.Organization.FullName = long }},
		{"table cell", "body[99].table.rows[0][1]", func(d *document.Document, pi int) {
			d.Body = append(d.Body, make([]document.Block, 99-len(d.Body))...)
			for i := range d.Body {
				if d.Body[i].Type() == "" {
					d.Body[i] = document.Block{Paragraph: &document.Paragraph{Text: "Абзац " + strconv.Itoa(i)}}
				}
			}
			d.Body = append(d.Body, document.Block{Table: &document.Table{
				Columns: []document.TableColumn{{Title: "А"}, {Title: "Б"}},
				Rows:    [][]document.Content{{document.Text("x"), document.Text(long)}},
			}})
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d, pi := seed()
			c.edit(d, pi)
			if err := document.Validate(d); err != nil {
				t.Fatal(err)
			}
			want := c.path
			if strings.HasPrefix(want, ".") {
				want = "body[" + strconv.Itoa(pi) + "]" + want
			}
			var buf bytes.Buffer
			err := writeShared.Render(context.Background(), &buf, d, writeTemplate(t, d), Meta{})
			var tl *CellTooLongError
			if !errors.As(err, &tl) {
				t.Fatalf("render of a %d-character value: err = %v, want *CellTooLongError", len([]rune(long)), err)
			}
			if tl.Path != want || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "32 767") {
				t.Errorf("error %q (path %q), want the path %q and the limit", err, tl.Path, want)
			}
		})
	}
}

// The display sheets continue a long value over rows; a value they cannot
// break (one 40 000-character word) is refused by sheet and cell, never cut.
// (xlsximport's TestReadLongDisplayValue reads the continued value back.)
func TestWriteLongDisplayValue(t *testing.T) {
	for _, word := range []bool{false, true} {
		d := writeLoad(t, "testdata", "seeds", writeSeed001)
		text := longText(40_000)
		if word {
			text = strings.Repeat("я", 40_000)
		}
		d.Body = append(d.Body, document.Block{Paragraph: &document.Paragraph{Text: text}})
		var buf bytes.Buffer
		err := writeShared.Render(context.Background(), &buf, d, writeTemplate(t, d), Meta{})
		if err != nil {
			var tl *CellTooLongError
			if !errors.As(err, &tl) || tl.Sheet != SheetText || tl.Cell == "" || !strings.Contains(err.Error(), "лист «Текст», ячейка A") {
				t.Errorf("word %v: %v", word, err)
			}
			t.Logf("word %v: refused: %v", word, err)
			continue
		}
		// Whatever the sheet shows, no cell holds a cut piece: the pieces
		// joined are the whole text.
		f := writeOpen(t, buf.Bytes())
		rows, _ := f.GetRows(SheetText)
		n := 0
		for _, r := range rows {
			if len(r) > 0 {
				n += len([]rune(r[0]))
			}
		}
		t.Logf("word %v: continued over %d rows", word, len(rows))
		if n < 40_000-len(rows) {
			t.Errorf("word %v: the sheet shows %d characters of 40 000", word, n)
		}
	}
}

// put refuses a cell that checkCellLengths did not know about, by sheet
// and cell, before excelize can cut it.
func TestPutRefusesLongCell(t *testing.T) {
	s := &sheet{name: SheetText, row: 4}
	err := s.put(0, []any{nil, str(0, strings.Repeat("я", MaxCellRunes+1))})
	var tl *CellTooLongError
	if !errors.As(err, &tl) || tl.Sheet != SheetText || tl.Cell != "B5" || tl.Units != MaxCellRunes+1 {
		t.Fatalf("put: %v", err)
	}
	if want := "лист «Текст», ячейка B5: текст длиннее 32 767 символов (32 768)"; !strings.HasPrefix(err.Error(), want) {
		t.Errorf("message %q, want it to start with %q", err, want)
	}
}
