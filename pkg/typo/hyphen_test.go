package typo

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// hyphenCases: the expected syllabification, with "-" at every allowed
// break. A "-" that is also in the word (compounds) is the word's own
// hyphen, never a break point. Where Khristov's rules differ from the
// orthographic dictionary (both are legal), the comment gives the
// dictionary form.
var hyphenCases = []struct{ word, want string }{
	{"психолого-медико-педагогического", "пси-хо-ло-го-ме-ди-ко-пе-да-го-ги-чес-ко-го"}, // dict. -че-ско-го
	{"переподготовка", "пе-ре-под-го-тов-ка"},
	{"общеобразовательными", "об-ще-об-ра-зо-ва-тель-ны-ми"},
	{"внутришкольного", "внут-риш-коль-но-го"}, // dict. вну-три-школь-но-го
	{"профессионального", "про-фес-си-о-наль-но-го"},
	{"функционирования", "фун-кци-о-ни-ро-ва-ния"}, // dict. функ-ци-о-...
	{"удовлетворенности", "удов-лет-во-рен-нос-ти"},
	{"подъезд", "подъ-езд"},
	{"районный", "рай-он-ный"},
	{"объединений", "объ-е-ди-не-ний"},
	{"Константиновское", "Кон-стан-ти-нов-ское"},
	{"информационно-методическая", "ин-фор-ма-ци-он-но-ме-то-ди-чес-кая"},
	{"школа", "шко-ла"},
	{"учитель", "учи-тель"},
	{"образование", "об-ра-зо-ва-ние"},
	{"директор", "ди-рек-тор"},
	{"программа", "прог-рам-ма"}, // dict. про-грам-ма
	{"мониторинг", "мо-ни-то-ринг"},
	{"качество", "ка-чес-тво"},
	{"обучающихся", "обу-ча-ю-щих-ся"},
	{"повышение", "по-вы-ше-ние"},
	{"квалификации", "ква-ли-фи-ка-ции"},
	{"педагогов", "пе-да-го-гов"},
	{"развитие", "раз-ви-тие"},
	{"информатика", "ин-фор-ма-ти-ка"},
	{"библиотека", "биб-ли-о-те-ка"},
	{"воспитание", "вос-пи-та-ние"},
	{"деятельность", "де-я-тель-ность"},
	{"организация", "ор-га-ни-за-ция"},
	{"семья", "семья"},  // dict. се-мья: not found by the rules, no break
	{"вьюга", "вью-га"}, // "вь-юга" would leave a part without a vowel
	{"майка", "май-ка"}, // й stays with its vowel
	{"сильный", "силь-ный"},
	{"объявление", "объ-яв-ле-ние"},
	{"подъём", "подъ-ём"},
	{"ёлочка", "ёлоч-ка"},
	{"Ёлочка", "Ёлоч-ка"},
	{"аудитория", "ау-ди-то-рия"},
	{"взаимодействие", "вза-и-мо-дей-ствие"},
	{"здоровье", "здо-ровье"},
	{"обеспечение", "обес-пе-че-ние"},
	{"поэт", "по-эт"},
	{"кооперация", "ко-о-пе-ра-ция"},
	{"тьютор", "тью-тор"},
	{"сестра", "сес-тра"},
	{"Россия", "Рос-сия"},
	{"учебно-воспитательного", "учеб-но-вос-пи-та-тель-но-го"},
	{"ИКТ-поддержке", "ИКТ-под-дер-жке"},
	{"ДОРОЖНАЯ", "ДО-РОЖ-НАЯ"}, // capitals hyphenate when long enough
	{"«общеобразовательными»,", "«об-ще-об-ра-зо-ва-тель-ны-ми»,"},
	// No break points at all.
	{"дом", "дом"},
	{"мама", "ма-ма"},
	{"ГИА", "ГИА"},
	{"ГИА-2024", "ГИА-2024"},
	{"МБОУ", "МБОУ"},       // abbreviation
	{"КАРТА", "КАРТА"},     // short all-capital run: taken for an abbreviation
	{"10класс", "10класс"}, // glued to digits
	{"Microsoft", "Microsoft"},
	{"Wi-Fi-сеть", "Wi-Fi-сеть"},
	{"", ""},
}

// breakPoints derives rune indices from the syllabified form.
func breakPoints(t *testing.T, word, want string) []int {
	t.Helper()
	w := []rune(word)
	var pts []int
	i := 0
	for _, r := range want {
		if i < len(w) && w[i] == r {
			i++
			continue
		}
		if r != '-' {
			t.Fatalf("test data: %q does not spell %q", want, word)
		}
		pts = append(pts, i)
	}
	if i != len(w) {
		t.Fatalf("test data: %q does not spell %q", want, word)
	}
	return pts
}

func TestHyphenateTable(t *testing.T) {
	if len(hyphenCases) < 40 {
		t.Fatalf("only %d cases", len(hyphenCases))
	}
	for _, tc := range hyphenCases {
		want := breakPoints(t, tc.word, tc.want)
		got := Hyphenate(tc.word)
		if !slices.Equal(got, want) {
			t.Errorf("Hyphenate(%q) = %v (%s), want %s", tc.word, got, syllabify(tc.word, got), tc.want)
		}
	}
}

// syllabify renders break points with "-", for messages.
func syllabify(word string, pts []int) string {
	var b strings.Builder
	k := 0
	for i, r := range []rune(word) {
		if k < len(pts) && pts[k] == i {
			b.WriteByte('-')
			k++
		}
		b.WriteRune(r)
	}
	return b.String()
}

// TestHyphenateHardRules checks the rules that must hold for any word, on
// every word of the test paragraph and of the table, plus generated ones.
func TestHyphenateHardRules(t *testing.T) {
	words := strings.FieldsFunc(paragraph, func(r rune) bool { return r == ' ' || r == '\u00a0' })
	for _, tc := range hyphenCases {
		words = append(words, tc.word)
	}
	// Every 4- to 6-letter combination over a small alphabet that covers
	// all classes: vowels, consonants and the three signs.
	alpha := []rune("аоьъйбстр")
	var gen func(prefix []rune)
	gen = func(prefix []rune) {
		if len(prefix) >= 4 {
			words = append(words, string(prefix))
		}
		if len(prefix) == 6 {
			return
		}
		for _, r := range alpha {
			gen(append(prefix, r))
		}
	}
	gen(nil)
	const vowels, signs = "аеёиоуыэюяАЕЁИОУЫЭЮЯ", "йьъЙЬЪ"
	broken := 0
	for _, w := range words {
		rs := []rune(w)
		pts := Hyphenate(w)
		for j, p := range pts {
			if j > 0 && p <= pts[j-1] {
				t.Fatalf("%q: points %v not ascending", w, pts)
			}
			// The run of Russian letters around p.
			lo, hi := p, p
			for lo > 0 && isRu(rs[lo-1]) {
				lo--
			}
			for hi < len(rs) && isRu(rs[hi]) {
				hi++
			}
			left, right := string(rs[lo:p]), string(rs[p:hi])
			switch {
			case p <= 0 || p >= len(rs) || !isRu(rs[p-1]) || !isRu(rs[p]):
				t.Errorf("%q: break %d is not inside a run of Russian letters", w, p)
			case utf8.RuneCountInString(left) < 2 || utf8.RuneCountInString(right) < 2:
				t.Errorf("%q: break %s leaves fewer than 2 letters", w, syllabify(w, pts[j:j+1]))
			case strings.ContainsRune(signs, rs[p]):
				t.Errorf("%q: line would start with %c", w, rs[p])
			case !strings.ContainsAny(left, vowels) || !strings.ContainsAny(right, vowels):
				t.Errorf("%q: break %s leaves a part without a vowel", w, syllabify(w, pts[j:j+1]))
			}
			broken++
		}
	}
	if broken < 1000 {
		t.Errorf("only %d break points checked", broken)
	}
}

func isRu(r rune) bool { c, _ := ruClass(r); return c != clsNone }

func TestHyphenateLongRun(t *testing.T) {
	// Longer than the 64-letter window: the slow path must agree.
	w := strings.Repeat("ма", 50)
	got := Hyphenate(w)
	var want []int
	for i := 2; i <= 98; i += 2 {
		want = append(want, i)
	}
	if !slices.Equal(got, want) {
		t.Errorf("Hyphenate(ма×50) = %v", got)
	}
	// Indices are in runes, also after multi-byte and ASCII prefixes.
	if got := Hyphenate("(«мама»)"); !slices.Equal(got, []int{4}) {
		t.Errorf("Hyphenate(«мама») = %v, want [4]", got)
	}
}

func BenchmarkHyphenate(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		Hyphenate("психолого-медико-педагогического")
	}
}
