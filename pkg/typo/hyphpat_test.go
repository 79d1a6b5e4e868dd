package typo

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// listWord is one line of testdata/hyphen-ru.txt.
type listWord struct {
	section string
	line    int
	text    string // as written
	word    string // what the hyphenator gets
	allowed []int  // every allowed point, rune indices of word
}

func readWordList(t *testing.T) []listWord {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "hyphen-ru.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []listWord
	section := ""
	sc := bufio.NewScanner(f)
	for ln := 1; sc.Scan(); ln++ {
		line := strings.TrimSpace(sc.Text())
		switch {
		case strings.HasPrefix(line, "## "):
			section = strings.TrimPrefix(line, "## ")
			continue
		case line == "" || strings.HasPrefix(line, "#"):
			continue
		}
		w := listWord{section: section, line: ln, text: line}
		var b strings.Builder
		n := 0
		for _, r := range line {
			switch r {
			case '-':
				w.allowed = append(w.allowed, n)
			case '=':
				b.WriteRune('-')
				n++
			default:
				b.WriteRune(r)
				n++
			}
		}
		w.word = b.String()
		out = append(out, w)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// ruRuns returns the [start, end) rune spans of the runs of Russian letters
// of word.
func ruRuns(word string) [][2]int {
	var spans [][2]int
	start := -1
	i := 0
	for _, r := range word {
		if c, _ := ruClass(r); c != clsNone {
			if start < 0 {
				start = i
			}
		} else if start >= 0 {
			spans = append(spans, [2]int{start, i})
			start = -1
		}
		i++
	}
	if start >= 0 {
		spans = append(spans, [2]int{start, i})
	}
	return spans
}

// TestHyphenatorWordList checks the hyphenator against the hand-checked
// list: no point it returns may be a wrong break, and it must find a break
// in at least 80 % of the places between two syllables where the list
// allows one (a cluster allows several alternative points — се-стра,
// сес-тра, сест-ра — and one of them is all a line breaker needs, so the
// places, not the alternatives, are counted; the point figure is logged).
func TestHyphenatorWordList(t *testing.T) {
	words := readWordList(t)
	h := RussianHyphenator()
	count := map[string]int{}
	signs := 0
	var allowedN, foundN, placesN, placesFound int
	var missed []string
	for _, w := range words {
		count[w.section]++
		if strings.ContainsAny(strings.ToLower(w.word), "ьъй") {
			signs++
		}
		got := h.Points(w.word)
		for _, p := range got {
			if !slices.Contains(w.allowed, p) {
				t.Errorf("строка %d «%s»: перенос %s — не допускается (допустимо %s)", w.line, w.word, markPoints(w.word, []int{p}), w.text)
			}
		}
		// Group the allowed points of each run by the pair of vowels they
		// lie between.
		runes := []rune(w.word)
		missedHere := false
		for _, sp := range ruRuns(w.word) {
			place := map[int][]int{} // index of the vowel before → points
			for _, p := range w.allowed {
				if p-sp[0] < minHyphenMin || sp[1]-p < minHyphenMin || p <= sp[0] || p >= sp[1] {
					continue
				}
				v := -1
				for i := sp[0]; i < p; i++ {
					if c, _ := ruClass(runes[i]); c == clsVowel {
						v = i
					}
				}
				place[v] = append(place[v], p)
			}
			for _, pts := range place {
				placesN++
				hit := false
				for _, p := range pts {
					allowedN++
					if slices.Contains(got, p) {
						foundN++
						hit = true
					}
				}
				if hit {
					placesFound++
				} else {
					missedHere = true
				}
			}
		}
		if missedHere {
			missed = append(missed, w.text+" → "+markPoints(w.word, got))
		}
	}
	want := map[string]int{"seeds": 60, "legal": 40, "signs": 25, "prefixes": 25, "compounds": 20, "whole": 6}
	for s, n := range want {
		if count[s] < n {
			t.Errorf("раздел %s: %d слов, нужно не меньше %d", s, count[s], n)
		}
	}
	if len(words) < 220 || signs < 25 {
		t.Errorf("%d слов (нужно 220), %d с ь/ъ/й (нужно 25)", len(words), signs)
	}
	placeRecall := float64(placesFound) / float64(placesN)
	t.Logf("%d words; places between syllables found: %d of %d (%.1f %%); allowed points found: %d of %d (%.1f %%)",
		len(words), placesFound, placesN, 100*placeRecall, foundN, allowedN, 100*float64(foundN)/float64(allowedN))
	for _, m := range missed {
		t.Logf("missed a place: %s", m)
	}
	if placeRecall < 0.80 {
		t.Errorf("найдено %.1f %% мест переноса, нужно не меньше 80 %%", 100*placeRecall)
	}
}

// markPoints writes word with "-" at pts.
func markPoints(word string, pts []int) string {
	var b strings.Builder
	i := 0
	for _, r := range word {
		if slices.Contains(pts, i) {
			b.WriteByte('-')
		}
		b.WriteRune(r)
		i++
	}
	return b.String()
}

// checkRules reports how a point breaks the hard rules, or "".
func checkRules(word string, pts []int) string {
	runes := []rune(word)
	if !slices.IsSorted(pts) || len(slices.Compact(slices.Clone(pts))) != len(pts) {
		return "точки не по возрастанию"
	}
	for _, p := range pts {
		var sp [2]int
		found := false
		for _, s := range ruRuns(word) {
			if s[0] < p && p < s[1] {
				sp, found = s, true
			}
		}
		if !found {
			return "перенос вне слова из русских букв"
		}
		run := runes[sp[0]:sp[1]]
		k := p - sp[0]
		if k < 2 || len(run)-k < 2 {
			return "меньше двух букв на строке"
		}
		if c, _ := ruClass(run[k]); c == clsSign {
			return "строка начинается с ь, ъ или й"
		}
		hasVowel := func(rs []rune) bool {
			for _, r := range rs {
				if c, _ := ruClass(r); c == clsVowel {
					return true
				}
			}
			return false
		}
		if !hasVowel(run[:k]) || !hasVowel(run[k:]) {
			return "часть без гласной"
		}
		upper := true
		for _, r := range run {
			if _, up := ruClass(r); !up {
				upper = false
			}
		}
		if upper && len(run) < minAbbrevLen {
			return "перенос в аббревиатуре"
		}
		if sp[0] > 0 && isAlnum(runes[sp[0]-1]) || sp[1] < len(runes) && isAlnum(runes[sp[1]]) {
			return "слово слито с цифрой или латиницей"
		}
	}
	return ""
}

func seedWords(t testing.TB) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "..", "testdata", "seeds", "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("seeds: %v (%d files)", err, len(files))
	}
	var words []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		words = append(words, strings.Fields(string(b))...)
	}
	return words
}

// TestHyphenatorSeedRules: every word of the seeds' texts keeps the hard
// rules, whatever the patterns say.
func TestHyphenatorSeedRules(t *testing.T) {
	h := RussianHyphenator()
	words := seedWords(t)
	hyphenated := 0
	for _, w := range words {
		pts := h.Points(w)
		if len(pts) > 0 {
			hyphenated++
		}
		if msg := checkRules(w, pts); msg != "" {
			t.Errorf("«%s» → %s: %s", w, markPoints(w, pts), msg)
		}
	}
	if hyphenated < len(words)/3 {
		t.Errorf("перенос найден только в %d словах из %d", hyphenated, len(words))
	}
	for _, w := range []string{"ШНОР", "МБОУ", "«ВПР»", "ОГЭ,", "ГИА-9", "5-х", "2023-2024", "2023/2024", "5класс", "x-школа2"} {
		if pts := h.Points(w); len(pts) != 0 {
			t.Errorf("«%s» должно остаться целым, а переносится: %s", w, markPoints(w, pts))
		}
	}
}

func TestHyphenatorExceptions(t *testing.T) {
	h, err := NewHyphenator([]string{"ме-ро-при-я-тие", "ШКОЛА", "ёло-чка", "се-м-ь-я", "Кар-то-граф", "hy-phen"})
	if err != nil {
		t.Fatal(err)
	}
	base := RussianHyphenator()
	if len(base.Points("школа")) == 0 {
		t.Fatal("шаблоны не переносят «школа»: проверка исключения ничего не покажет")
	}
	cases := []struct {
		word string
		want []int
	}{
		{"мероприятие", []int{2, 4, 7, 8}},
		{"МЕРОПРИЯТИЕ", []int{2, 4, 7, 8}},
		{"(Мероприятие),", []int{3, 5, 8, 9}},
		{"школа", nil},       // the exception forbids what the patterns allow
		{"ёлочка", []int{3}}, // ё-exact: the exception's own point
		{"картограф", []int{3, 5}},
		{"семья", []int{2}}, // сем|ья and семь|я break the hard rules
	}
	for _, c := range cases {
		if got := h.Points(c.word); !slices.Equal(got, c.want) {
			t.Errorf("%s: получено %s, ожидалось %s", c.word, markPoints(c.word, got), markPoints(c.word, c.want))
		}
	}
	// Only the run that matches is the exception's; the rest is patterns.
	if got, want := h.Points("Школа-интернат"), base.AppendPoints(nil, "школа=интернат")[1:]; !slices.Equal(got, want) {
		t.Errorf("Школа-интернат: %v, нужно %v", got, want)
	}
	// ё/е-exact: «елочка» is not the exception's word, so the patterns decide.
	if got, want := h.Points("елочка"), base.Points("елочка"); !slices.Equal(got, want) {
		t.Errorf("елочка: исключение для «ёлочка» сработало на «елочка»: %v, шаблоны дают %v", got, want)
	}
	// Other hyphenators are not affected.
	if got := base.Points("школа"); len(got) == 0 {
		t.Error("исключение одного шаблона изменило общий переносчик")
	}

	bad := []struct {
		list []string
		idx  string
	}{
		{[]string{"школа", ""}, "[1]"},
		{[]string{"-школа"}, "[0] «-школа»"},
		{[]string{"шко-ла-"}, "[0] «шко-ла-»"},
		{[]string{"шко--ла"}, "[0] «шко--ла»"},
		{[]string{"шко ла"}, "[0] «шко ла»"},
		{[]string{"школа1"}, "[0] «школа1»"},
		{[]string{strings.Repeat("а", 65)}, "[0]"},
		{[]string{"шко-ла", "Школа"}, "[1] «Школа»"},
		{[]string{"ok", "\xff"}, "[1]"},
	}
	for _, b := range bad {
		_, err := NewHyphenator(b.list)
		if err == nil {
			t.Errorf("%q: ошибки нет", b.list)
			continue
		}
		if !strings.Contains(err.Error(), b.idx) || !strings.Contains(err.Error(), "исключение переноса") {
			t.Errorf("%q: ошибка «%v» не называет элемент %s", b.list, err, b.idx)
		}
	}
	if _, err := NewHyphenator(make([]string, maxExceptions+1)); err == nil {
		t.Error("слишком много исключений приняты")
	}
}

// TestHyphenatorPatternFile: the embedded file is the unmodified release
// (the LPPL forbids shipping a changed file under its name) and all of it
// is read: patterns, hyphen mins, the file's own exceptions.
func TestHyphenatorPatternFile(t *testing.T) {
	sum := sha256.Sum256([]byte(hyphRuTeX))
	readme, err := os.ReadFile(filepath.Join("hyphdata", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(readme), hex.EncodeToString(sum[:])) {
		t.Errorf("hyph-ru.tex (sha256 %x) не совпадает с записанным в hyphdata/README.md: файл изменён", sum)
	}
	tr, err := ruPatterns()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d patterns (%d dash patterns ignored), %d nodes, %d edges, %d digit bytes: %d bytes; %d file exceptions",
		tr.patterns, tr.ignored, len(tr.nodes), len(tr.edges), len(tr.vals), tr.bytes(), len(tr.exc))
	if tr.patterns < 4500 || tr.ignored == 0 || len(tr.exc) < 150 || tr.left != 2 || tr.right != 2 {
		t.Errorf("шаблоны прочитаны не полностью: %d шаблонов, %d пропущено, %d исключений, минимумы %d/%d",
			tr.patterns, tr.ignored, len(tr.exc), tr.left, tr.right)
	}
	// The file's \hyphenation list is used: «бездн» is never broken there.
	if pts := RussianHyphenator().Points("бездн"); len(pts) != 0 {
		t.Errorf("исключение файла «бездн» не учтено: %v", pts)
	}
	// Hyphen mins come from the header, never below 2.
	for _, c := range []struct {
		left, right string
		l, r        int
	}{{"3", "4", 3, 4}, {"1", "0", 2, 2}} {
		src := "% hyphenmins:\n%     generation:\n%         left: 9\n%     typesetting:\n%         left: " + c.left +
			"\n%         right: " + c.right + "\n\\patterns{\n1ба\n}\n"
		tr, err := parsePatterns(src)
		if err != nil {
			t.Fatal(err)
		}
		if tr.left != c.l || tr.right != c.r {
			t.Errorf("left %s right %s: получено %d/%d, нужно %d/%d", c.left, c.right, tr.left, tr.right, c.l, c.r)
		}
	}
	for _, src := range []string{"", "\\patterns{\n}\n", "\\patterns{\n1ба\n}\nлишнее\n", "% hyphenmins:\n%     typesetting:\n%         left: x\n"} {
		if _, err := parsePatterns(src); err == nil {
			t.Errorf("%q: ошибки нет", src)
		}
	}
}

func TestHyphenatorNoAllocs(t *testing.T) {
	h := RussianHyphenator()
	words := seedWords(t)
	dst := make([]int, 0, 64)
	allocs := testing.AllocsPerRun(10, func() {
		for _, w := range words {
			dst = h.AppendPoints(dst[:0], w)
		}
	})
	if allocs != 0 {
		t.Errorf("AppendPoints: %.1f выделений памяти на прогон, нужно 0", allocs)
	}
	var zero *Hyphenator
	if got := zero.Points("мероприятие"); got != nil || (&Hyphenator{}).Points("мероприятие") != nil {
		t.Errorf("пустой Hyphenator нашёл переносы: %v", got)
	}
	if got := h.Points("мир"); got != nil {
		t.Errorf("Points(«мир») = %v, нужно nil", got)
	}
}

func FuzzHyphenator(f *testing.F) {
	for _, s := range []string{"мероприятий", "ИКТ-компетентности", "(мероприятия)", "5-х", "2023/2024",
		"подъезд", "МЕРОПРИЯТИЕ", "ШНОР", "ёлочка", strings.Repeat("ба", 40), "\xffшкола", "школа\u0301ы"} {
		f.Add(s)
	}
	h := RussianHyphenator()
	f.Fuzz(func(t *testing.T, s string) {
		pts := h.AppendPoints(nil, s)
		n := utf8.RuneCountInString(s)
		for i, p := range pts {
			if p <= 0 || p >= n || i > 0 && p <= pts[i-1] {
				t.Fatalf("%q: точки %v (знаков %d)", s, pts, n)
			}
		}
		if msg := checkRules(s, pts); msg != "" {
			t.Fatalf("%q → %v: %s", s, pts, msg)
		}
		if got := h.Points(s); !slices.Equal(got, pts) {
			t.Fatalf("Points %v, AppendPoints %v", got, pts)
		}
	})
}

func BenchmarkHyphenator(b *testing.B) {
	h := RussianHyphenator()
	words := seedWords(b)
	dst := make([]int, 0, 64)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, w := range words {
			dst = h.AppendPoints(dst[:0], w)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(words)), "ns/word")
}

// BenchmarkHyphenatorBuild is the one-time cost of parsing the patterns.
func BenchmarkHyphenatorBuild(b *testing.B) {
	b.ReportAllocs()
	var tr *patTrie
	for b.Loop() {
		var err error
		if tr, err = parsePatterns(hyphRuTeX); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(tr.bytes()), "trie-bytes")
}

// TestHyphenatorRulesOverPatterns: with patterns that allow a break before
// every letter, the hard rules alone must decide.
func TestHyphenatorRulesOverPatterns(t *testing.T) {
	var src strings.Builder
	src.WriteString("\\patterns{\n")
	for r := 'а'; r <= 'я'; r++ {
		src.WriteString("1" + string(r) + "\n")
	}
	src.WriteString("1ё\n}\n")
	tr, err := parsePatterns(src.String())
	if err != nil {
		t.Fatal(err)
	}
	h := &Hyphenator{t: tr}
	for _, w := range append(seedWords(t), "подъезд", "районный", "семья", "вьюга", "ИКТ-компетентности", "школа2") {
		if msg := checkRules(w, h.Points(w)); msg != "" {
			t.Errorf("«%s» → %s: %s", w, markPoints(w, h.Points(w)), msg)
		}
	}
	for w, want := range map[string]string{"подъезд": "по-дъ-езд", "семья": "се-мья", "районный": "рай-о-н-н-ый", "страна": "стра-на"} {
		if got := markPoints(w, h.Points(w)); got != want {
			t.Errorf("%s: %s, нужно %s", w, got, want)
		}
	}
}

// The cache remembers what the patterns find: every word of the seeds,
// asked twice from several goroutines, gets the points matching finds.
func TestHyphenatorCache(t *testing.T) {
	h, err := NewHyphenator(nil)
	if err != nil {
		t.Fatal(err)
	}
	words := seedWords(t)
	done := make(chan string, 4)
	for g := range 4 {
		go func() {
			for pass := range 2 {
				for i := range words {
					w := words[(i+g*97)%len(words)]
					got, want := h.AppendPoints([]int{-1}, w), h.appendPoints([]int{-1}, w)
					if !slices.Equal(got, want) {
						done <- fmt.Sprintf("pass %d «%s»: cached %v, matched %v", pass, w, got, want)
						return
					}
				}
			}
			done <- ""
		}()
	}
	for range 4 {
		if msg := <-done; msg != "" {
			t.Error(msg)
		}
	}
	if n := h.cache.entries(); n == 0 || n > len(words) {
		t.Errorf("%d words cached of %d", n, len(words))
	}
}
