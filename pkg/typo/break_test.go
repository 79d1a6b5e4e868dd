package typo

import (
	"bufio"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/kartograf-ru/kartograf/fonts"
)

// A4 portrait minus the 30 and 10 mm margins of the analysis templates.
const (
	measureA4  = 481.9
	indent12mm = 35.43
)

// narrative returns the typographed narrative paragraphs of seed 000
// (testdata/narrative000.txt, one per line).
func narrative(t testing.TB) []string { return lines(t, "testdata/narrative000.txt") }

// listItems returns the typographed list items of seed 000.
func listItems(t testing.TB) []string { return lines(t, "testdata/list000.txt") }

func lines(t testing.TB, name string) []string {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for s := range strings.SplitSeq(strings.TrimSpace(string(data)), "\n") {
		out = append(out, Typograph(s))
	}
	return out
}

type cellText struct {
	key   string
	width float64 // inner width in points
	text  string
}

// cells returns the typographed plan cells of seed 001 (a landscape A4
// school roadmap: 267 mm table, 1.2 mm padding) with their inner widths.
func cells(t testing.TB) []cellText {
	t.Helper()
	f, err := os.Open("testdata/cells001.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []cellText
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		key, rest, _ := strings.Cut(sc.Text(), "\t")
		pct, text, _ := strings.Cut(rest, "\t")
		v, err := strconv.ParseFloat(pct, 64)
		if err != nil {
			t.Fatal(err)
		}
		text = Typograph(strings.ReplaceAll(text, `\n`, "\n"))
		out = append(out, cellText{key, mm(267)*v/100 - 2*mm(1.2), text})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// measurerAt returns a Liberation Serif measurer (DejaVu Serif fallback).
func measurerAt(t testing.TB, size float64) *Measurer {
	lib, dv := testFaces(t)
	return NewMeasurer(Font{Faces: []*fonts.Face{lib, dv}, Size: size})
}

// checkRecovered verifies that joining the lines gives the text back with
// runs of spaces (and paragraph breaks) as one space: hyphenated lines join
// without their "-", others with a space. A joining space may stand where
// the text has none only after an explicit break character or, unless
// strict, after a hard break inside a unit too wide for the line.
func checkRecovered(t *testing.T, text string, lines []Line, strict bool) {
	t.Helper()
	want := collapseSpaces(strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", " "), "\n", " "))
	// got is the lines' text with runs of spaces collapsed; joins marks
	// the bytes of got that are joining spaces.
	var got []byte
	var joins []bool
	put := func(c byte, join bool) {
		if c == ' ' && (len(got) == 0 || got[len(got)-1] == ' ') {
			if join && len(got) > 0 {
				joins[len(joins)-1] = false // a space of the text
			}
			return
		}
		got = append(got, c)
		joins = append(joins, join)
	}
	for _, l := range lines {
		s := l.Text
		if l.Hyphen {
			s = strings.TrimSuffix(s, "-")
		}
		for i := 0; i < len(s); i++ {
			put(s[i], false)
		}
		if !l.Hyphen {
			put(' ', true)
		}
	}
	for len(got) > 0 && got[len(got)-1] == ' ' {
		got, joins = got[:len(got)-1], joins[:len(joins)-1]
	}
	i, k := 0, 0
	for i < len(got) && k < len(want) {
		if got[i] == want[k] {
			i++
			k++
			continue
		}
		if last, _ := utf8.DecodeLastRune(got[:i]); joins[i] && (!strict || isBreakAfter(last)) {
			i++
			continue
		}
		break
	}
	if i != len(got) || k != len(want) {
		t.Fatalf("text %q\ncame back as %q", want, got)
	}
}

// collapseSpaces turns runs of U+0020 into one and trims them at the ends.
func collapseSpaces(s string) string {
	var b strings.Builder
	sp := true
	for i := 0; i < len(s); i++ {
		if s[i] == ' ' {
			if !sp {
				b.WriteByte(' ')
			}
			sp = true
			continue
		}
		b.WriteByte(s[i])
		sp = false
	}
	return strings.TrimRight(b.String(), " ")
}

// checkBreak verifies AppendBreak's output: checkWrap's invariants (widths
// exact, lines continue the text, hyphens at real points), that no line is
// wider than its measure (the first narrower by FirstIndent; a justified
// line but a paragraph's last may shrink its spaces to 2/3), that each
// paragraph is set alone as within the text, and the text recovered.
func checkBreak(t *testing.T, m *Measurer, text string, o BreakOptions, lines []Line) {
	t.Helper()
	checkBreakMode(t, m, text, o, lines, true)
}

// checkBreakMode is checkBreak; strict as in checkRecovered.
func checkBreakMode(t *testing.T, m *Measurer, text string, o BreakOptions, lines []Line, strict bool) {
	t.Helper()
	width := o.Width
	if o.Justify {
		width = math.Inf(1) // shrinking is checked below
	}
	checkWrap(t, m, text, width, lines)
	paras := strings.Split(text, "\n")
	var all []Line
	for i, para := range paras {
		if i < len(paras)-1 {
			para = strings.TrimSuffix(para, "\r")
		}
		po := o
		if i > 0 {
			po.FirstIndent = 0
		}
		pl := AppendBreak(nil, m, para, po)
		for k, l := range pl {
			lim := max(o.Width, 0)
			if i == 0 && k == 0 && o.FirstIndent > 0 {
				lim = max(lim-o.FirstIndent, 0)
			}
			if o.Justify && k < len(pl)-1 {
				lim += float64(strings.Count(l.Text, " ")) * m.RuneWidth(' ') / 3
			}
			if l.Width > lim+1e-9 && utf8.RuneCountInString(l.Text) > 1 {
				t.Errorf("%+v: line %d %q is %v wide, more than %v", o, k, l.Text, l.Width, lim)
			}
		}
		all = append(all, pl...)
	}
	if !slices.Equal(all, lines) {
		t.Errorf("%+v: paragraphs set one by one differ from the text set at once", o)
	}
	checkRecovered(t, text, lines, strict)
}

func TestBreakNothingLost(t *testing.T) {
	m := testMeasurer(t)
	texts := append(append(narrative(t), listItems(t)...), wrapTexts...)
	for _, c := range cells(t) {
		texts = append(texts, c.text)
	}
	for _, text := range texts {
		for _, width := range []float64{120, 200, 300, measureA4} {
			for _, justify := range []bool{false, true} {
				o := BreakOptions{Width: width, FirstIndent: indent12mm, Justify: justify, Hyphenate: appendHyphenPoints}
				checkBreak(t, m, text, o, AppendBreak(nil, m, text, o))
				o.Hyphenate, o.FirstIndent = nil, 0
				checkBreak(t, m, text, o, AppendBreak(nil, m, text, o))
			}
		}
	}
}

func TestBreakCases(t *testing.T) {
	m := testMeasurer(t)
	w := m.Width
	texts := func(ls []Line) []string {
		out := make([]string, len(ls))
		for i, l := range ls {
			out[i] = l.Text
		}
		return out
	}
	cases := []struct {
		name string
		text string
		o    BreakOptions
		want []string
	}{
		{"empty", "", BreakOptions{Width: 100}, []string{""}},
		{"only spaces", "   ", BreakOptions{Width: 100}, []string{""}},
		{"newlines", "а\n\nб\n", BreakOptions{Width: 100}, []string{"а", "", "б", ""}},
		{"CRLF", "а\r\nб", BreakOptions{Width: 100}, []string{"а", "б"}},
		{"spaces kept inside", "а    б", BreakOptions{Width: 100}, []string{"а    б"}},
		{"leading indent kept", "  абв", BreakOptions{Width: 100}, []string{"  абв"}},
		{"trailing spaces dropped", "абв   ", BreakOptions{Width: 100}, []string{"абв"}},
		{"break after hyphen", "ИКТ-поддержке", BreakOptions{Width: max(w("ИКТ-"), w("поддержке")) + 0.01}, []string{"ИКТ-", "поддержке"}},
		{"NBSP is not a break", "школа №\u00a05 города", BreakOptions{Width: w("школа №\u00a0")}, []string{"школа", "№\u00a05", "города"}},
		{"U+2011 does not break", "а\u2011б в", BreakOptions{Width: w("а\u2011б")}, []string{"а\u2011б", "в"}},
		{"hyphenate long word", "общеобразовательными", BreakOptions{Width: w("общеобразо-")}, []string{"общеобразо-", "вательными"}},
		{"hard break Latin", "Microsoft", BreakOptions{Width: w("Micro")}, []string{"Micro", "soft"}},
		{"zero width", "аб вг", BreakOptions{}, []string{"а", "б", "в", "г"}},
		{"NaN width", "аб", BreakOptions{Width: math.NaN()}, []string{"а", "б"}},
		{"infinite width", paragraph, BreakOptions{Width: math.Inf(1), Justify: true}, []string{paragraph}},
		{"first indent", "аа бб", BreakOptions{Width: w("аа бб"), FirstIndent: 1, Justify: true}, []string{"аа", "бб"}},
		{"indent only on the first line", "аа бб\nвв гг", BreakOptions{Width: w("аа бб"), FirstIndent: 1}, []string{"аа", "бб", "вв гг"}},
	}
	for _, tc := range cases {
		if got := texts(AppendBreak(nil, m, tc.text, tc.o)); !slices.Equal(got, tc.want) {
			t.Errorf("%s: AppendBreak(%q, %+v)\n got %q\nwant %q", tc.name, tc.text, tc.o, got, tc.want)
		}
	}
}

// justifiedStats measures the justified lines of paragraphs set into
// measure with the first line indented: the gap between words of every line
// but each paragraph's last, as a ratio to the normal space.
type justifiedStats struct {
	gaps                  []float64
	lines, hyph, noSpaces int
	maxRun                int
	penultimateHyphen     int
}

func (s *justifiedStats) add(m *Measurer, lines []Line, width, indent float64) {
	space := m.RuneWidth(' ')
	run := 0
	for i, l := range lines {
		s.lines++
		if l.Hyphen {
			s.hyph++
			run++
			s.maxRun = max(s.maxRun, run)
			if i == len(lines)-2 {
				s.penultimateHyphen++
			}
		} else {
			run = 0
		}
		if i == len(lines)-1 {
			continue
		}
		lim := width
		if i == 0 {
			lim -= indent
		}
		n := strings.Count(l.Text, " ")
		if n == 0 {
			s.noSpaces++
			continue
		}
		words := l.Width - float64(n)*space
		s.gaps = append(s.gaps, (lim-words)/float64(n)/space)
	}
}

func (s *justifiedStats) quantiles() (maxGap, p95 float64) {
	g := slices.Clone(s.gaps)
	slices.Sort(g)
	if len(g) == 0 {
		return 0, 0
	}
	return g[len(g)-1], g[int(math.Ceil(0.95*float64(len(g))))-1]
}

// greedyIndented sets text as the PDF renderer does with AppendWrap: the
// first line at width-indent, the rest at width.
func greedyIndented(m *Measurer, text string, width, indent float64) []Line {
	first := AppendWrap(nil, m, text, width-indent)
	if len(first) < 2 {
		return first
	}
	core := strings.TrimSuffix(first[0].Text, "-")
	if !first[0].Hyphen {
		core = first[0].Text
	}
	rest := strings.TrimLeft(text[len(core):], " ")
	return AppendWrap(first[:1], m, rest, width)
}

func TestBreakJustifiedQuality(t *testing.T) {
	m := measurerAt(t, 14)
	var greedy, optimal justifiedStats
	o := BreakOptions{Width: measureA4, FirstIndent: indent12mm, Justify: true, Hyphenate: appendHyphenPoints}
	for _, para := range narrative(t) {
		greedy.add(m, greedyIndented(m, para, measureA4, indent12mm), measureA4, indent12mm)
		lines := AppendBreak(nil, m, para, o)
		checkBreak(t, m, para, o, lines)
		optimal.add(m, lines, measureA4, indent12mm)
	}
	gMax, gP95 := greedy.quantiles()
	oMax, oP95 := optimal.quantiles()
	t.Logf("greedy:  %d lines, gap max %.2f p95 %.2f, %d hyphenated", greedy.lines, gMax, gP95, greedy.hyph)
	t.Logf("optimal: %d lines, gap max %.2f p95 %.2f, %d hyphenated (%.1f%%), longest hyphen run %d, %d lines without spaces",
		optimal.lines, oMax, oP95, optimal.hyph, 100*float64(optimal.hyph)/float64(optimal.lines), optimal.maxRun, optimal.noSpaces)
	if oMax > 2.0 {
		t.Errorf("widest gap %.2f× the space, want ≤ 2", oMax)
	}
	if oP95 > gP95 {
		t.Errorf("95th percentile gap %.2f, worse than greedy's %.2f", oP95, gP95)
	}
	if optimal.maxRun > 2 {
		t.Errorf("%d hyphenated lines in a row, want ≤ 2", optimal.maxRun)
	}
	// A penultimate hyphen only where no setting without one keeps the
	// gaps within 2× the space.
	for _, para := range narrative(t) {
		lines := AppendBreak(nil, m, para, o)
		if len(lines) >= 2 && lines[len(lines)-2].Hyphen && strictFeasible(m, para, o) {
			t.Errorf("penultimate hyphen %q although a setting without it exists", lines[len(lines)-2].Text)
		}
	}
	t.Logf("%d paragraphs of %d need a hyphen on the penultimate line", optimal.penultimateHyphen, len(narrative(t)))
	if optimal.lines > greedy.lines+greedy.lines/50 {
		t.Errorf("%d lines, greedy %d", optimal.lines, greedy.lines)
	}
}

// strictFeasible reports whether para (the first paragraph) can be set
// with all the rules within the tolerance, hyphenated.
func strictFeasible(m *Measurer, para string, o BreakOptions) bool {
	b := new(breaker)
	b.init(m, o)
	b.p, b.firstLimit = para, b.limit0
	b.scan()
	return b.run(tolTolerance, rulesAll, true)
}

// TestBreakHyphenRun: in a narrow column nearly every line could end in a
// hyphen; MaxHyphenRun bounds the runs.
func TestBreakHyphenRun(t *testing.T) {
	m := testMeasurer(t)
	for _, maxRun := range []int{1, 2, 3} {
		for _, width := range []float64{mm(30), mm(45), mm(60)} {
			o := BreakOptions{Width: width, Justify: true, Hyphenate: appendHyphenPoints, MaxHyphenRun: maxRun}
			var s justifiedStats
			for _, para := range narrative(t) {
				lines := AppendBreak(nil, m, para, o)
				checkBreak(t, m, para, o, lines)
				s.add(m, lines, width, 0)
			}
			if s.maxRun > maxRun {
				t.Errorf("width %.0f: %d hyphenated lines in a row, MaxHyphenRun %d", width, s.maxRun, maxRun)
			}
			if s.hyph == 0 {
				t.Errorf("width %.0f: nothing hyphenated", width)
			}
		}
	}
}

// TestBreakRagged compares ragged-right cells with greedy wrapping: the
// line count stays the same in practice, line ends are more even and a
// short word is rarely left alone on a cell's last line.
func TestBreakRagged(t *testing.T) {
	m := measurerAt(t, 10)
	var cellsN, more, fewer, gLines, oLines, gLonely, oLonely int
	var gDev, oDev float64
	for _, c := range cells(t) {
		o := BreakOptions{Width: c.width, Hyphenate: appendHyphenPoints}
		opt := AppendBreak(nil, m, c.text, o)
		checkBreak(t, m, c.text, o, opt)
		gr := AppendWrap(nil, m, c.text, c.width)
		cellsN++
		gLines += len(gr)
		oLines += len(opt)
		switch {
		case len(opt) > len(gr):
			more++
		case len(opt) < len(gr):
			fewer++
		}
		gDev += raggedness(gr, c.width)
		oDev += raggedness(opt, c.width)
		gLonely += lonely(gr, c.width)
		oLonely += lonely(opt, c.width)
	}
	t.Logf("%d cells: greedy %d lines, optimal %d; optimal has more lines in %d cells, fewer in %d", cellsN, gLines, oLines, more, fewer)
	t.Logf("sum of squared unfilled ends (pt²): greedy %.0f, optimal %.0f; short last words alone: greedy %d, optimal %d", gDev, oDev, gLonely, oLonely)
	if more*20 > cellsN {
		t.Errorf("more lines than greedy in %d of %d cells", more, cellsN)
	}
	if oDev > gDev {
		t.Errorf("line ends less even than greedy's: %.0f > %.0f", oDev, gDev)
	}
	if oLonely >= gLonely && gLonely > 0 {
		t.Errorf("short last words alone: %d, greedy %d", oLonely, gLonely)
	}
}

// raggedness sums the squared unfilled ends of a paragraph's lines but the
// last of each paragraph (a line before an empty one or at the end).
func raggedness(lines []Line, width float64) float64 {
	var sum float64
	for i := 0; i+1 < len(lines); i++ {
		if lines[i+1].Text == "" || lines[i].Text == "" {
			continue
		}
		d := width - lines[i].Width
		sum += d * d
	}
	return sum
}

// lonely counts last lines of multi-line cells holding one short word.
func lonely(lines []Line, width float64) int {
	if len(lines) < 2 {
		return 0
	}
	l := lines[len(lines)-1]
	if !strings.Contains(l.Text, " ") && l.Width < width*lonelyFraction {
		return 1
	}
	return 0
}

// A thousands separator typed as a space never ends a line, at any
// width; a year beside a number still may.
func TestBreakKeepsDigitGroups(t *testing.T) {
	m := measurerAt(t, 14)
	text := "приняли участие 1 024 обучающихся и 12 345 678 родителей в 2023 2024 годах"
	joined := 0
	for w := 70.0; w <= 400; w += 1 { // «12 345 678» fits from 64 pt
		for _, justify := range []bool{true, false} {
			for _, ln := range AppendBreak(nil, m, text, BreakOptions{Width: w, Justify: justify}) {
				tx := strings.TrimSuffix(ln.Text, "-")
				for _, bad := range []string{"1", "12", "345"} {
					if strings.HasSuffix(tx, " "+bad) || tx == bad {
						t.Fatalf("width %.0f: a line ends in the digit group %q: %q", w, bad, ln.Text)
					}
				}
				if strings.HasPrefix(tx, "2024") {
					joined++
				}
			}
		}
	}
	if joined == 0 {
		t.Error("«2023 2024» never broke: the rule glues more than digit groups")
	}
}

// A number stays with its unit, and a reference word with its number,
// at every width.
func TestBreakKeepsNumbersWithUnits(t *testing.T) {
	m := measurerAt(t, 14)
	text := "доля составила 12 % от числа обучающихся, занятия по 10 ч в неделю для 15 чел. согласно п. 3 и ст. 12 приказа № 55 на 2 500 руб."
	pairs := [][2]string{{"12", "%"}, {"10", "ч"}, {"15", "чел."}, {"п.", "3"}, {"ст.", "12"}, {"№", "55"}, {"500", "руб."}}
	for w := 70.0; w <= 420; w++ { // «2 500 руб.» fits from 61 pt
		for _, justify := range []bool{true, false} {
			lines := AppendBreak(nil, m, text, BreakOptions{Width: w, Justify: justify})
			for k := 0; k+1 < len(lines); k++ {
				f, g := strings.Fields(lines[k].Text), strings.Fields(lines[k+1].Text)
				if len(f) == 0 || len(g) == 0 {
					continue
				}
				for _, pr := range pairs {
					if f[len(f)-1] == pr[0] && g[0] == pr[1] {
						t.Fatalf("width %.0f: «%s» / «%s» broken apart", w, pr[0], pr[1])
					}
				}
			}
		}
	}
}

// A tie wider than the line breaks — nothing is set overfull — and only
// the ties that must.
func TestBreakTieWiderThanLine(t *testing.T) {
	m := measurerAt(t, 14)
	text := "на 2 500 руб. и 15 чел."
	for _, justify := range []bool{true, false} {
		lines := AppendBreak(nil, m, text, BreakOptions{Width: 50, Justify: justify})
		var got []string
		for _, ln := range lines {
			if ln.Width > 50 && !justify {
				t.Errorf("overfull line %q (%.1f pt)", ln.Text, ln.Width)
			}
			got = append(got, ln.Text)
		}
		joined := strings.Join(got, "|")
		if strings.Contains(joined, "15|") {
			t.Errorf("justify %v: «15 чел.» broken though it fits: %q", justify, joined)
		}
		if !strings.Contains(joined, "2|500") && !strings.Contains(joined, "500|руб") {
			t.Errorf("justify %v: «2 500 руб.» (60 pt) set on one line of 50: %q", justify, joined)
		}
	}
}
