package xlsximport

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/render/xlsx"
)

// longText is n characters of Cyrillic words.
func longText(n int) string {
	s := strings.Repeat("слово ", n/6+1)
	return s[:len(string([]rune(s)[:n]))]
}

// A value just at the limit fits and comes back whole.
func TestWriteValueAtLimitRoundTrips(t *testing.T) {
	d := readRepo(t, "testdata", "seeds", readSeed001+".json")
	pi := readPlanIndex(t, d)
	at := longText(xlsx.MaxCellRunes)
	d.Body[pi].Plan.Sections[0].Items[1].Cells["title"] = document.Text(at)
	got, err := readBytes(readFixture(t, d))
	if err != nil {
		t.Fatal(err)
	}
	if s := xlsx.CellText(got.Body[pi].Plan.Sections[0].Items[1].Cells["title"]); s != at {
		t.Errorf("a %d-character value came back as %d characters", len([]rune(at)), len([]rune(s)))
	}
}

// A paragraph longer than a cell, which «Текст» continues over rows, comes
// back whole (from the stored copy: a value over several cells does not
// map back from them, and unchanged they are no edit); so does one long
// word, unless the writer refuses it (pkg/render/xlsx's
// TestWriteLongDisplayValue).
func TestReadLongDisplayValue(t *testing.T) {
	for _, word := range []bool{false, true} {
		d := readRepo(t, "testdata", "seeds", readSeed001+".json")
		text := longText(40_000)
		if word {
			text = strings.Repeat("я", 40_000)
		}
		d.Body = append(d.Body, document.Block{Paragraph: &document.Paragraph{Text: text}})
		var buf bytes.Buffer
		if err := writeShared.Render(context.Background(), &buf, d, writeTemplate(t, d), xlsx.Meta{}); err != nil {
			var tl *xlsx.CellTooLongError
			if !errors.As(err, &tl) {
				t.Fatal(err)
			}
			t.Logf("word %v: refused: %v", word, err)
			continue
		}
		got, err := readBytes(buf.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		if p := got.Body[len(got.Body)-1].Paragraph; p == nil || p.Text != text {
			t.Errorf("word %v: the long paragraph did not come back whole", word)
		}
	}
}
