package textcheck

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"
)

func TestWordsTokenisation(t *testing.T) {
	cases := []struct {
		text string
		want []string
	}{
		{"2.Общее образование", []string{"2", "общее", "образование"}},
		{"приказ № 55 от 31.08.2023г.", []string{"приказ", "55", "от", "31", "08", "2023", "г"}},
		{"«Дорожная карта» • пункт - ГИА-9, п/п", []string{"дорожная", "карта", "пункт", "гиа", "9", "п", "п"}},
		{"№273 -ФЗ; 65+; «500+»", []string{"273", "фз", "65", "500"}},
		{"5\u00A0руководителей ШНОР\u202Fи\u00A0«500+»", []string{"5", "руководителей", "шнор", "и", "500"}},
		{"2023-2024учебный год", []string{"2023", "2024", "учебный", "год"}},
		{"ПЛАН МЕРОПРИЯТИЙ", []string{"план", "мероприятий"}},
		{"Проведён, ёлка", []string{"проведён", "ёлка"}},
		{"— – - • « » № / ( ) … ..", nil},
		{"", nil},
		// Soft hyphens and zero-width characters inside a word on one line.
		{"обра\u00ADзо\u00ADва\u00ADние", []string{"образование"}},
		{"https://edu.kbr.ru/very\u200Blong", []string{"https", "edu", "kbr", "ru", "verylong"}},
		// Decomposed й and ё.
		{"мероприятии\u0306 е\u0308лка", []string{"мероприятий", "ёлка"}},
		// A hyphenated line end stays two words for Words.
		{"обра-\nзование", []string{"обра", "зование"}},
		{"Latin_identifier42", []string{"latin", "identifier", "42"}},
	}
	for _, c := range cases {
		got := Words(c.text)
		if len(got) == 0 && len(c.want) == 0 {
			continue
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("Words(%q) = %q, want %q", c.text, got, c.want)
		}
	}
}

func TestTokensBreaks(t *testing.T) {
	cases := []struct {
		text string
		want []Break // one per token
	}{
		{"обра-\nзование", []Break{HyphenBreak, NoBreak}},
		{"обра\u00AD\nзование", []Break{HyphenBreak, NoBreak}},
		{"обра\u2010 \r\n  зование", []Break{HyphenBreak, NoBreak}},
		{"обра-\u00A0\n\u202Fзование", []Break{HyphenBreak, NoBreak}},
		{"1234567890\n1234567890\n12345", []Break{WrapBreak, WrapBreak, NoBreak}},
		{"12345-\n67890", []Break{HyphenBreak, NoBreak}},
		{"слово\nслово", []Break{WrapBreak, NoBreak}},
		// Not a break: a blank line, a space before the hyphen, a change of
		// class, no line break, punctuation after the word.
		{"обра-\n\nзование", []Break{NoBreak, NoBreak}},
		{"Кременчуг –\nКонстантиновское", []Break{NoBreak, NoBreak}},
		{"ГИА-\n2024", []Break{NoBreak, NoBreak}},
		{"психолого-педагогический", []Break{NoBreak, NoBreak}},
		{"года,\nпо мере", []Break{NoBreak, NoBreak, NoBreak}},
		{"«Точки\n«роста»", []Break{NoBreak, NoBreak}},
	}
	for _, c := range cases {
		toks := Tokens(c.text)
		got := make([]Break, len(toks))
		for i, tk := range toks {
			got[i] = tk.Break
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("Tokens(%q) breaks = %v, want %v", c.text, got, c.want)
		}
	}
}

func TestTokensOffsets(t *testing.T) {
	text := "«Дорожная карта» 2024г."
	for _, tk := range Tokens(text) {
		if got := strings.ToLower(text[tk.Start:tk.End]); got != tk.Word {
			t.Errorf("token %q spans %q", tk.Word, got)
		}
	}
}

func TestCleanSeedMarkup(t *testing.T) {
	cases := []struct {
		text string
		want []string
	}{
		{`Основания⇥<ul style="list-style-type: none">• Федеральный закон;• Приказ`, []string{"основания", "федеральный", "закон", "приказ"}},
		{`<UL Style="list-style-type: disc" class="x"><LI>один</LI><li>два</li></ul>`, []string{"один", "два"}},
		{"<b>№ п/п</b>⇥<b>Наименование</b>", []string{"п", "п", "наименование"}},
		{"<p>Задачи</p>⇥<ul style=\"list-style-type: none\"> • определить", []string{"задачи", "определить"}},
		{"**ПЛАН МЕРОПРИЯТИЙ**  \n**на 2022 год**", []string{"план", "мероприятий", "на", "2022", "год"}},
		{"## **Анализ реализации**", []string{"анализ", "реализации"}},
		{"<br/>текст<br />", []string{"текст"}},
	}
	for _, c := range cases {
		text := strings.ReplaceAll(c.text, "⇥", "\t")
		if got := SeedWords(text); !slices.Equal(got, c.want) {
			t.Errorf("SeedWords(%q) = %q, want %q", c.text, got, c.want)
		}
	}
}

func TestCleanSeedRows(t *testing.T) {
	in := strings.Join([]string{
		"№\tМероприятия\tСроки\tДействия\tПродукт",
		"1.1\tСоздание системы:\tв течение года\tВыявление педагогов, нуждающихся в\tПриказ",
		"",
		"\tорганизация помощи\t\tИКТ-поддержке\t",
		"1.2\tАнализ\tМай\t\tСправка.",
		"",
		"\t\t\t\tкарта на год",
		"Текст после таблицы",
		"\tне продолжение: выше не строка таблицы",
		"--\t--\t--\t--\t------------------\t--",
		"",
	}, "\n")
	want := strings.Join([]string{
		"№\tМероприятия\tСроки\tДействия\tПродукт",
		"1.1\tСоздание системы: организация помощи\tв течение года\tВыявление педагогов, нуждающихся в ИКТ-поддержке\tПриказ",
		"",
		"1.2\tАнализ\tМай\t\tСправка. карта на год",
		"",
		"Текст после таблицы",
		"\tне продолжение: выше не строка таблицы",
		"",
	}, "\n")
	if got := CleanSeed(in); got != want {
		t.Errorf("CleanSeed:\n%s\nwant:\n%s", got, want)
	}
}

func readSeed(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "seeds", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestSeedWordsOfSeeds(t *testing.T) {
	for _, c := range []struct {
		name        string
		first, last []string
		min         int
	}{
		{"000_f50bb33c8ce6181b.txt", []string{"план", "мероприятий", "дорожная", "карта"}, []string{"директор", "имц", "л", "п", "шидукова"}, 1000},
		{"001_49fbf96383fe353c.txt", []string{"муниципальное", "казенное"}, []string{"на", "2023", "2024", "учебный", "год"}, 1300},
	} {
		words := SeedWords(readSeed(t, c.name))
		if len(words) < c.min {
			t.Errorf("%s: %d words, want at least %d", c.name, len(words), c.min)
		}
		if !slices.Equal(words[:len(c.first)], c.first) {
			t.Errorf("%s starts %q, want %q", c.name, words[:len(c.first)], c.first)
		}
		if !slices.Equal(words[len(words)-len(c.last):], c.last) {
			t.Errorf("%s ends %q, want %q", c.name, words[len(words)-len(c.last):], c.last)
		}
		// The seeds are all Cyrillic: any Latin word is markup that leaked
		// (style, list, type, none, ul, li, b, p).
		for _, w := range words {
			for _, r := range w {
				if r < unicode.MaxASCII && unicode.IsLetter(r) {
					t.Errorf("%s: markup word %q", c.name, w)
					break
				}
			}
		}
	}
	// The continuation of row 10 of seed 000 follows the rest of its title.
	words := strings.Join(SeedWords(readSeed(t, "000_f50bb33c8ce6181b.txt")), " ")
	if !strings.Contains(words, "адресной помощи в преодолении образовательных трудностей постоянно руководители оо") {
		t.Error("seed 000: row 10 continuation not merged into its title cell")
	}
	words = strings.Join(SeedWords(readSeed(t, "001_49fbf96383fe353c.txt")), " ")
	if !strings.Contains(words, "нуждающихся в икт поддержке прикрепление к ним более опытных сотрудников ментеров приказ о прикреплении") {
		t.Error("seed 001: row 1.10 continuation not merged into its actions cell")
	}
}

func TestInOrderPasses(t *testing.T) {
	cases := []struct {
		name string
		want []string
		got  string
	}{
		{"same", []string{"план", "мероприятий"}, "План мероприятий"},
		{"case and punctuation", []string{"ПЛАН", "Мероприятий"}, "«план» — мероприятий!"},
		{"extra words", []string{"создание", "рабочей", "группы"}, "№ Мероприятия Сроки\n1.1 Создание — стр. 2 — рабочей\nМероприятия группы 3"},
		{"element with several words", []string{"Дорожная карта", "«500+»"}, "дорожная карта проекта 500"},
		{"hyphenated joined", []string{"образование"}, "обра-\nзование"},
		{"hyphenated parts", []string{"психолого", "медико", "педагогического"}, "психолого-\nмедико-\nпедагогического"},
		{"soft hyphen at line end", []string{"общеобразовательными"}, "общеобразо\u00AD\nвательными"},
		{"soft hyphens inside", []string{"общеобразовательными"}, "обще\u00ADобра\u00ADзо\u00ADва\u00ADтель\u00ADны\u00ADми"},
		{"chain over three lines", []string{"переподготовка"}, "пере-\nпод-\nготовка"},
		{"forced wrap of digits", []string{"1234567890123456789012345678901234567890"}, "1234567890123\n4567890123456\n7890123456789\n0"},
		{"forced wrap of capitals", []string{"ЖЩЦКНГШЗХФВПРЛДЧСМТБ"}, "ЖЩЦКН-\nГШЗХФ\nВПРЛДЧСМТБ"},
		{"nbsp", []string{"5", "руководителей"}, "5\u00A0руководителей"},
		{"narrow nbsp", []string{"от", "31", "08", "2023"}, "от\u202F31.08.2023"},
		{"crlf", []string{"обучения"}, "обу-\r\nчения"},
		{"repeated words", []string{"в", "течение", "года", "в", "течение", "года"}, "В течение года\nВ течение года"},
	}
	for _, c := range cases {
		if err := InOrder(c.want, c.got); err != nil {
			t.Errorf("%s: %v", c.name, err)
		}
	}
}

func TestInOrderFails(t *testing.T) {
	cases := []struct {
		name     string
		want     []string
		got      string
		contains []string
	}{
		{"missing", []string{"план", "мероприятий", "на", "2022", "год"}, "План мероприятий на год",
			[]string{"word 3 of 5 «2022» (want[3])", "after got word 2 «на»", "want: план мероприятий на ⟶ «2022»", "does not occur in got at all", "⟦на⟧"}},
		{"out of order", []string{"сроки", "мероприятия"}, "Мероприятия Сроки",
			[]string{"«мероприятия»", "out of order", "at word 0"}},
		{"repeated word once", []string{"в", "в"}, "в", []string{"word 1 of 2 «в»", "out of order"}},
		{"nothing matched", []string{"ДОРОЖНАЯ"}, "План", []string{"nothing matched", "got text starts: «План»"}},
		{"empty got", []string{"план"}, "", []string{"got text has no words"}},
		{"empty want", nil, "План", []string{"nothing to check"}},
		{"want of punctuation only", []string{"«»", "—"}, "План", []string{"nothing to check"}},
		{"prefix is not the word", []string{"образование"}, "образ", nil},
		{"part of a word is not the word", []string{"образ"}, "образование", nil},
		{"blank line is no hyphenation", []string{"образование"}, "обра-\n\nзование", nil},
		{"hyphen inside a line is no hyphenation", []string{"психологопедагогический"}, "психолого-педагогический", nil},
		{"join does not skip a word", []string{"образование"}, "обра-\nи\nзование", nil},
		{"context of eight words", strings.Fields("один два три четыре пять шесть семь восемь девять десять"), "один два три четыре пять шесть семь восемь девять",
			[]string{"want: … два три четыре пять шесть семь восемь девять ⟶ «десять»"}},
	}
	for _, c := range cases {
		err := InOrder(c.want, c.got)
		if err == nil {
			t.Errorf("%s: InOrder(%q, %q) = nil, want an error", c.name, c.want, c.got)
			continue
		}
		for _, s := range c.contains {
			if !strings.Contains(err.Error(), s) {
				t.Errorf("%s: error lacks %q:\n%v", c.name, s, err)
			}
		}
	}
}

// TestInOrderDetectsEveryDeletion takes the words of a seed as the got text:
// dropping any one word or swapping two different neighbours must fail.
func TestInOrderDetectsEveryDeletion(t *testing.T) {
	want := SeedWords(readSeed(t, "001_49fbf96383fe353c.txt"))
	if err := InOrder(want, strings.Join(want, " ")); err != nil {
		t.Fatalf("identical text: %v", err)
	}
	for i := 0; i < len(want); i += 37 {
		got := slices.Delete(slices.Clone(want), i, i+1)
		if InOrder(want, strings.Join(got, " ")) == nil {
			t.Errorf("deleting word %d %q passed", i, want[i])
		}
		if i+1 < len(want) && want[i] != want[i+1] {
			got = slices.Clone(want)
			got[i], got[i+1] = got[i+1], got[i]
			if InOrder(want, strings.Join(got, " ")) == nil {
				t.Errorf("swapping words %d %q and %q passed", i, want[i], want[i+1])
			}
		}
	}
}

func TestInOrderGotContextIsValidUTF8(t *testing.T) {
	got := strings.Repeat("образование ", 100) + "конец"
	err := InOrder([]string{"образование", "начало"}, got)
	if err == nil {
		t.Fatal("want an error")
	}
	if !strings.Contains(err.Error(), "…") || strings.ContainsRune(err.Error(), '\uFFFD') {
		t.Errorf("bad context: %v", err)
	}
}
