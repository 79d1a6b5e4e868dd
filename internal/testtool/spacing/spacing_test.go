package spacing

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kartograf-ru/kartograf/internal/testtool"
)

// placed is a word drawn at x on a baseline y (PDF coordinates).
type placed struct {
	x, y float64
	text string
}

// courier is the width of n characters of Courier at 12 pt: every glyph
// is 600/1000 em, which poppler knows without an embedded font.
func courier(n int) float64 { return float64(n) * 0.6 * 12 }

// justifiedLine places words from x0 so that the last ends at 500 with
// equal gaps, as a justifier does.
func justifiedLine(y, x0 float64, words ...string) ([]placed, float64) {
	total := 0.0
	for _, w := range words {
		total += courier(len(w))
	}
	gap := (500 - x0 - total) / float64(len(words)-1)
	var out []placed
	x := x0
	for _, w := range words {
		out = append(out, placed{x, y, w})
		x += courier(len(w)) + gap
	}
	return out, gap / courier(1)
}

// plainLine places words from x0 one normal space apart.
func plainLine(y, x0 float64, words ...string) []placed {
	var out []placed
	x := x0
	for _, w := range words {
		out = append(out, placed{x, y, w})
		x += courier(len(w)) + courier(1)
	}
	return out
}

// writePDF writes a one-page 600×800 PDF that draws the words in Courier
// 12 pt, each in its own text object, as renderers that position every
// word do.
func writePDF(t *testing.T, words []placed) string {
	t.Helper()
	var content bytes.Buffer
	for _, w := range words {
		fmt.Fprintf(&content, "BT /F1 12 Tf %.3f %.3f Td (%s) Tj ET\n", w.x, w.y, w.text)
	}
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%sendstream", content.Len(), content.String()),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Courier /Encoding /WinAnsiEncoding >>",
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offs := make([]int, len(objs))
	for i, o := range objs {
		offs[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	p := filepath.Join(t.TempDir(), "synthetic.pdf")
	if err := os.WriteFile(p, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// A page with every kind of line the rule must tell apart: the measure
// counts the four justified lines, with their exact gap ratios, and
// nothing else.
func TestMeasureSynthetic(t *testing.T) {
	testtool.Require(t, "pdftotext")
	var words []placed
	add := func(ws []placed) { words = append(words, ws...) }
	var want []float64
	// A paragraph's first line, indented, so loose that pdftotext cuts
	// it into one-word lines.
	l, r := justifiedLine(700, 130, "aaaa", "bbbb", "cccc", "dd")
	add(l)
	want = append(want, r)
	// A tight line with a comma drawn apart from its word: one word.
	l, r = justifiedLine(680, 100, "aaaaaaaaa,", "bbbbbbbbbb", "cccccccccc", "dddddddddd", "eeeeeeeeee")
	for i := range l {
		if l[i].text == "aaaaaaaaa," {
			l[i].text = "aaaaaaaaa"
			l = append(l, placed{l[i].x + courier(9) + 0.3, l[i].y, ","})
		}
	}
	add(l)
	want = append(want, r)
	// A list item's first line: the gap after its marker is a fixed
	// indent, not a space, and does not count.
	l, r = justifiedLine(670, 100, "aaaaaaaaaa", "bbbbbbbbbb", "cccccccccc", "dddddddddd", "eeeeeeeeee")
	l = append([]placed{{70, 670, "1."}}, l...)
	add(l)
	want = append(want, r)
	// The paragraph's last line: not flush.
	add(plainLine(660, 100, "ffff", "gggg", "hhhh"))
	// A table row: three cells, the last one's text ending in the cell
	// padding, 4.9 pt before the frame's edge.
	add(plainLine(640, 100, "xxx", "yyy", "zzz"))
	add(plainLine(640, 300, "uuu", "vvv", "www"))
	add(plainLine(640, 495-courier(11), "ppp", "qqq", "rrr"))
	// A wide cell of a two-column table, from the text's left quarter
	// to its padding.
	add(plainLine(630, 100, "1."))
	add(plainLine(630, 495-courier(49), "kkkkkkkkk", "kkkkkkkkk", "kkkkkkkkk", "kkkkkkkkk", "kkkkkkkkk"))
	// A signature: a title at the left, a name of three words set flush
	// right.
	add(plainLine(620, 100, "Director"))
	add(plainLine(620, 500-courier(10), "A.", "B.", "Name"))
	// Two hyphenated lines in a row, then a last line; a dash standing
	// alone at a line end is not a hyphen.
	l, r = justifiedLine(600, 100, "abcdefg", "abcdefg", "abcdefg", "abcdefg", "abcdefg", "abcdefg", "hijklm-")
	add(l)
	want = append(want, r)
	l, r = justifiedLine(580, 100, "abcdefg", "abcdefg", "abcdefg", "abcdefg", "abcdefg", "abcdefg", "hijklm-")
	add(l)
	want = append(want, r)
	l, r = justifiedLine(560, 100, "abcdefg", "abcdefg", "abcdefg", "abcdefg", "abcdefg", "abcdef", "-")
	add(l)
	want = append(want, r)
	add(plainLine(540, 100, "end", "of", "it."))
	pdf := writePDF(t, words)

	// The ratios, by hand: (370 − 100.8) / 3 / 7.2; (400 − 360) / 4 /
	// 7.2 twice; (400 − 352.8) / 6 / 7.2 twice; (400 − 302.4) / 6 / 7.2.
	hand := []float64{12.463, 1.389, 1.389, 1.093, 1.093, 2.259}
	for i := range want {
		if math.Abs(want[i]-hand[i]) > 0.001 {
			t.Fatalf("line %d placed with ratio %.4f, want %.3f", i, want[i], hand[i])
		}
	}
	for _, o := range []Options{
		{FontSize: 12, SpaceEm: 0.6, RightMargin: 100},
		{FontSize: 12, SpaceEm: 0.6}, // the frame inferred
	} {
		rep, err := Measure(pdf, o)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Lines != len(want) || len(rep.Ratios) != len(want) {
			t.Fatalf("%+v: measured %d lines %.3f, want %d %.3f", o, rep.Lines, rep.Ratios, len(want), want)
		}
		for i := range want {
			if math.Abs(rep.Ratios[i]-want[i]) > 0.01 {
				t.Errorf("%+v: line %d ratio %.3f, want %.3f", o, i, rep.Ratios[i], want[i])
			}
		}
		if math.Abs(rep.Max-12.463) > 0.01 || math.Abs(rep.P95-12.463) > 0.01 {
			t.Errorf("%+v: max %.3f p95 %.3f, want 12.463 both (nearest rank of 6)", o, rep.Max, rep.P95)
		}
		if rep.Hyphenated != 2 || rep.MaxHyphenRun != 2 {
			t.Errorf("%+v: %d hyphenated, run %d; want 2, 2", o, rep.Hyphenated, rep.MaxHyphenRun)
		}
	}
}

// Lines are regrouped by baseline and cut at column gaps only.
func TestLinesSplit(t *testing.T) {
	w := func(x0, x1 float64, s string) word { return word{x0: x0, x1: x1, y0: 90, y1: 100, text: s} }
	cases := []struct {
		name  string
		words []word
		want  []string
	}{
		{"justified wide", []word{w(0, 10, "a"), w(30, 40, "b"), w(60.2, 70, "c"), w(90, 100, "d")}, []string{"a b c d"}},
		{"justified wide with a no-break space", []word{w(0, 10, "a"), w(13, 20, "b"), w(40, 50, "c"), w(70, 80, "d")}, []string{"a b c d"}},
		{"signature", []word{w(0, 10, "a"), w(13, 20, "b"), w(200, 210, "c"), w(213, 220, "d")}, []string{"a b", "c d"}},
		{"cells", []word{w(0, 10, "a"), w(40, 50, "b"), w(80, 90, "c"), w(135, 140, "d")}, []string{"a b c", "d"}},
		{"cut punctuation", []word{w(0, 10, "a"), w(10.5, 12, ","), w(15, 20, "b")}, []string{"a, b"}},
	}
	for _, c := range cases {
		var got []string
		for _, l := range lines(c.words, 3) {
			var s []string
			for _, wd := range l.words {
				s = append(s, wd.text)
			}
			got = append(got, strings.Join(s, " "))
		}
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

func TestMarker(t *testing.T) {
	for w, want := range map[string]bool{"–": true, "•": true, "-": true, "1.": true, "12)": true, "2.3.": true, "а)": true,
		"в": false, "ИМЦ": false, "1": false, "2023.": true, "«500+».": false, "с.п.": false, "Ново-": false} {
		if marker(w) != want {
			t.Errorf("marker(%q) = %v", w, !want)
		}
	}
}

func TestMeasureBadInput(t *testing.T) {
	if _, err := measureBBox(strings.NewReader("<html><page width='x'>"), Options{FontSize: 12, SpaceEm: 0.25}); err == nil {
		t.Error("a page without a numeric width was read")
	}
	if _, err := measureBBox(strings.NewReader("<html>"), Options{FontSize: 0, SpaceEm: 0.25}); err == nil {
		t.Error("a zero font size was taken")
	}
	if _, err := measureBBox(strings.NewReader("<html><page width='1'><word xMin='1'>a</word></page></html>"), Options{FontSize: 12, SpaceEm: 0.25}); err == nil {
		t.Error("a word without its box was read")
	}
}

// A line ending in a compound's own hyphen is told from hyphenation by
// the word the next line completes.
func TestCompound(t *testing.T) {
	mk := func(ws ...string) line {
		var l line
		for _, w := range ws {
			l.words = append(l.words, word{text: w})
		}
		return l
	}
	o := Options{Compounds: map[string]bool{"проблемно-ориентированный": true, "школ-участников": true}}
	for _, c := range []struct {
		l, next line
		want    bool
	}{
		{mk("содержат", "проблемно-"), mk("ориентированный", "анализ"), true},
		{mk("официальных", "сайтах", "(школ-"), mk("участников),", "в"), true},
		{mk("содержат", "пробле-"), mk("мно-ориентированный"), false},
		{mk("все", "школ-"), mk("участники"), false},
	} {
		if got := o.compound(c.l, c.next); got != c.want {
			t.Errorf("%v / %v: compound %v, want %v", c.l.words, c.next.words, got, c.want)
		}
	}
	if (Options{}).compound(mk("проблемно-"), mk("ориентированный")) {
		t.Error("without Compounds every hyphen is hyphenation")
	}
}
