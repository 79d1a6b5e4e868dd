package typo

import (
	"math"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// texts used by the property tests, besides the paragraph.
var wrapTexts = []string{
	paragraph,
	"Первая строка\n\nТретья  строка  с  двойными  пробелами\r\nи перевод строки Windows\n",
	"  Абзацный отступ сохраняется, хвостовые пробелы — нет.   ",
	"общеобразовательными психолого-медико-педагогического информационно-методическая",
	"Microsoft Word / LibreOffice Writer https://example.com/very/long/path/to/a/resource",
	"Шидукова\u00a0Л.П., Л.\u00a0П.\u00a0Шидукова, №\u00a01234567, 2022–2024\u00a0гг.",
	"a-b-c--d//e ‑‑ -x x- / -",
}

// checkWrap verifies the invariants of Wrap's output for text and returns
// the number of hard breaks between two Russian letters.
func checkWrap(t *testing.T, m *Measurer, text string, width float64, lines []Line) (hardRu int) {
	t.Helper()
	paras := strings.Split(text, "\n")
	li := 0
	for pi, para := range paras {
		if pi < len(paras)-1 {
			para = strings.TrimSuffix(para, "\r") // CRLF
		}
		pos := 0
		first := true
		for {
			if li >= len(lines) {
				t.Fatalf("width %v: ran out of lines in paragraph %q", width, para)
			}
			l := lines[li]
			li++
			if l.Width != m.Width(l.Text) {
				t.Errorf("width %v: line %q: Width %v != Measurer.Width %v", width, l.Text, l.Width, m.Width(l.Text))
			}
			if l.Width > max(width, 0) && utf8.RuneCountInString(l.Text) != 1 {
				t.Errorf("width %v: line %q is %v wide", width, l.Text, l.Width)
			}
			if strings.HasSuffix(l.Text, " ") || (!first && strings.HasPrefix(l.Text, " ")) {
				t.Errorf("width %v: line %q has a space at a break", width, l.Text)
			}
			core := l.Text
			if l.Hyphen {
				if !strings.HasSuffix(core, "-") {
					t.Fatalf("line %q: Hyphen set without a trailing hyphen", l.Text)
				}
				core = core[:len(core)-1]
			}
			// The line is the next piece of the paragraph, after the
			// spaces dropped at the break (leading spaces of a paragraph
			// may be kept or dropped).
			if !strings.HasPrefix(para[pos:], core) || (core == "" && strings.TrimLeft(para[pos:], " ") != "") {
				skip := len(para[pos:]) - len(strings.TrimLeft(para[pos:], " "))
				if (!first && skip == 0) || !strings.HasPrefix(para[pos+skip:], core) {
					t.Fatalf("width %v: line %q does not continue paragraph %q at %d", width, l.Text, para, pos)
				}
				pos += skip
			}
			pos += len(core)
			first = false
			rest := para[pos:]
			if strings.TrimLeft(rest, " ") == "" {
				break // paragraph done
			}
			// Classify the break.
			last, _ := utf8.DecodeLastRuneInString(core)
			next, _ := utf8.DecodeRuneInString(rest)
			switch {
			case next == ' ':
			case l.Hyphen:
				// Must be a hyphenation point of the word around it.
				ws := strings.LastIndexByte(para[:pos], ' ') + 1
				we := strings.IndexByte(rest, ' ')
				if we < 0 {
					we = len(rest)
				}
				word := para[ws : pos+we]
				if !slices.Contains(Hyphenate(word), utf8.RuneCountInString(para[ws:pos])) {
					t.Errorf("width %v: %q breaks %q at an invalid point", width, l.Text, word)
				}
			case isBreakAfter(last):
			default:
				if isRu(last) && isRu(next) {
					hardRu++
				}
			}
		}
	}
	if li != len(lines) {
		t.Errorf("width %v: %d extra lines: %+v", width, len(lines)-li, lines[li:])
	}
	return hardRu
}

func TestWrapProperties(t *testing.T) {
	m := testMeasurer(t)
	for _, text := range wrapTexts {
		for _, width := range []float64{mm(170), mm(80), mm(40), mm(25), mm(15), 20, 5, 0} {
			lines := Wrap(m, text, width)
			hard := checkWrap(t, m, text, width, lines)
			if width >= mm(25) && hard > 0 {
				t.Errorf("width %v: %d hard breaks inside Russian words", width, hard)
			}
		}
	}
}

// TestWrapGreedy: at a space break, the next line's first word would not
// have fitted on the line.
func TestWrapGreedy(t *testing.T) {
	m := testMeasurer(t)
	for _, width := range []float64{mm(80), mm(40)} {
		lines := Wrap(m, paragraph, width)
		if len(lines) < 5 {
			t.Fatalf("only %d lines", len(lines))
		}
		for i := 0; i+1 < len(lines); i++ {
			l, next := lines[i], lines[i+1]
			if l.Hyphen {
				continue
			}
			firstWord, _, _ := strings.Cut(next.Text, " ")
			// Cut after the first inner hyphen/dash/slash: a unit.
			for j, r := range firstWord {
				if j > 0 && isBreakAfter(r) && j+utf8.RuneLen(r) < len(firstWord) {
					firstWord = firstWord[:j+utf8.RuneLen(r)]
					break
				}
			}
			sep := " "
			if last, _ := utf8.DecodeLastRuneInString(l.Text); isBreakAfter(last) && !strings.Contains(paragraph, l.Text+" ") {
				sep = ""
			}
			if m.Width(l.Text+sep+firstWord) <= width {
				t.Errorf("width %v: %q would have fitted after %q", width, firstWord, l.Text)
			}
		}
	}
}

func TestWrapCases(t *testing.T) {
	m := testMeasurer(t)
	w := m.Width
	type want struct {
		text   string
		hyphen bool
	}
	lines := func(ls []Line) []want {
		out := make([]want, len(ls))
		for i, l := range ls {
			out[i] = want{l.Text, l.Hyphen}
		}
		return out
	}
	plain := func(texts ...string) []want {
		out := make([]want, len(texts))
		for i, s := range texts {
			out[i] = want{s, false}
		}
		return out
	}
	cases := []struct {
		name  string
		text  string
		width float64
		want  []want
	}{
		{"empty", "", 100, plain("")},
		{"only spaces", "   ", 100, plain("")},
		{"newlines", "а\n\nб\n", 100, plain("а", "", "б", "")},
		{"CRLF", "а\r\nб", 100, plain("а", "б")},
		{"spaces kept inside", "а    б", 100, plain("а    б")},
		{"spaces dropped at break", "аа    бб", w("аа "), plain("аа", "бб")},
		{"leading indent kept", "  абв", 100, plain("  абв")},
		{"trailing spaces dropped", "абв   ", 100, plain("абв")},
		{"break after hyphen", "ИКТ-поддержке", max(w("ИКТ-"), w("поддержке")) + 0.01, plain("ИКТ-", "поддержке")},
		{"break after slash", "учебный/внеурочный", max(w("учебный/"), w("внеурочный")), plain("учебный/", "внеурочный")},
		{"no break after leading hyphen", "-5 -6", w("-5"), plain("-5", "-6")},
		{"NBSP is not a break", "школа №\u00a05 города", w("школа №\u00a0"), plain("школа", "№\u00a05", "города")},
		{"U+202F is not a break", "10\u202f000 руб.", w("10\u202f00"), plain("10\u202f00", "0", "руб.")},
		{"hyphenate long word", "общеобразовательными", w("общеобразо-"), []want{{"общеобразо-", true}, {"вательными", false}}},
		{"hyphenate into current line", "в переподготовка", w("в переподго-"), []want{{"в переподго-", true}, {"товка", false}}},
		{"hyphen must fit", "общеобразовательными", w("общеобразо-") - 0.01, []want{{"общеобра-", true}, {"зовательны-", true}, {"ми", false}}},
		{"hyphenate after hyphen", "психолого-педагогического", w("педагоги-"), []want{{"психоло-", true}, {"го-педа-", true}, {"гогичес-", true}, {"кого", false}}},
		{"no hyphenation after a hard break", "психолого", w("пси"), plain("пси", "хол", "ого")},
		{"hard break Latin", "Microsoft", w("Micro"), plain("Micro", "soft")},
		{"hard break abbreviation", "МБДОУ", w("МБ"), plain("МБ", "ДО", "У")},
		{"width below one glyph", "абв", 1, plain("а", "б", "в")},
		{"zero width", "аб вг", 0, plain("а", "б", "в", "г")},
		{"NaN width", "аб", math.NaN(), plain("а", "б")},
		{"negative width", "аб", -5, plain("а", "б")},
		{"infinite width", paragraph, math.Inf(1), plain(paragraph)},
	}
	for _, tc := range cases {
		got := lines(Wrap(m, tc.text, tc.width))
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: Wrap(%q, %v)\n got %v\nwant %v", tc.name, tc.text, tc.width, got, tc.want)
		}
	}
}

func TestWrapHugeWord(t *testing.T) {
	m := testMeasurer(t)
	word := strings.Repeat("Ж", 100_000)
	lines := Wrap(m, word, 50)
	per := int(50 / m.RuneWidth('Ж'))
	if len(lines) != (100_000+per-1)/per {
		t.Errorf("%d lines, want %d", len(lines), (100_000+per-1)/per)
	}
	checkWrap(t, m, word, 50, lines)
}

func TestAppendWrapNoAlloc(t *testing.T) {
	m := testMeasurer(t)
	dst := AppendWrap(nil, m, paragraph, mm(80))
	for _, l := range dst {
		if l.Hyphen {
			t.Fatalf("unexpected hyphenation at 80 mm: %q", l.Text)
		}
	}
	if a := testing.AllocsPerRun(50, func() { dst = AppendWrap(dst[:0], m, paragraph, mm(80)) }); a != 0 {
		t.Errorf("AppendWrap into a reused slice: %v allocations, want 0", a)
	}
	// Appending keeps what dst held.
	out := AppendWrap([]Line{{Text: "x"}}, m, "а б", 100)
	if len(out) != 2 || out[0].Text != "x" || out[1].Text != "а б" {
		t.Errorf("AppendWrap = %+v", out)
	}
}

// BenchmarkWrap: a 2000-character paragraph into an 80 mm column at 12 pt.
func BenchmarkWrap(b *testing.B) {
	benchWrap(b, paragraph)
}

// BenchmarkWrap50x: the same paragraph repeated 50 times, to compare the
// cost per character with BenchmarkWrap (linearity).
func BenchmarkWrap50x(b *testing.B) {
	benchWrap(b, strings.Repeat(paragraph+" ", 50))
}

// BenchmarkAppendWrap: as BenchmarkWrap, appending into a reused slice.
func BenchmarkAppendWrap(b *testing.B) {
	m := testMeasurer(b)
	var dst []Line
	b.ReportAllocs()
	b.SetBytes(int64(len(paragraph)))
	for b.Loop() {
		dst = AppendWrap(dst[:0], m, paragraph, mm(80))
	}
}

// BenchmarkWrapNarrow: 25 mm, where long words are hyphenated.
func BenchmarkWrapNarrow(b *testing.B) {
	m := testMeasurer(b)
	var dst []Line
	b.ReportAllocs()
	b.SetBytes(int64(len(paragraph)))
	for b.Loop() {
		dst = AppendWrap(dst[:0], m, paragraph, mm(25))
	}
}

func benchWrap(b *testing.B, text string) {
	m := testMeasurer(b)
	b.ReportAllocs()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Wrap(m, text, mm(80))
	}
}

// FuzzWrap checks the invariants of checkWrap on arbitrary input, and that
// Hyphenate and Typograph never fail on it.
func FuzzWrap(f *testing.F) {
	for _, s := range wrapTexts {
		f.Add(s, 40.0)
	}
	f.Add("a\xff\xfeб  -/-/ в\u00a0\u00a0г\r\r\n", 7.0)
	f.Add("\r", 7.0)
	f.Add("", -33.0)
	m := testMeasurer(f)
	f.Fuzz(func(t *testing.T, text string, width float64) {
		if len(text) > 4096 {
			return
		}
		checkWrap(t, m, text, width, Wrap(m, text, width))
		Hyphenate(text)
		if out := Typograph(text); len(out) < len(text) {
			t.Errorf("Typograph shortened %q to %q", text, out)
		}
	})
}
