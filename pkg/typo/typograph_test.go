package typo

import (
	"strings"
	"testing"
	"unsafe"
)

func TestTypograph(t *testing.T) {
	const n = "\u00a0"
	cases := []struct{ in, want string }{
		// №
		{"Приказ № 15 от 01.09.2022", "Приказ №" + n + "15 от 01.09.2022"},
		{"МБОУ «СОШ № 5»", "МБОУ «СОШ №" + n + "5»"},
		{"№ п/п", "№" + n + "п/п"},
		// Initials.
		{"Л.П. Шидукова", "Л.П." + n + "Шидукова"},
		{"Шидукова Л.П.", "Шидукова" + n + "Л.П."},
		{"Л. П. Шидукова", "Л." + n + "П." + n + "Шидукова"},
		{"Шидукова Л. П.", "Шидукова" + n + "Л." + n + "П."},
		{"директор Шидукова Л.П., завуч И.И. Иванов.", "директор Шидукова" + n + "Л.П., завуч И.И." + n + "Иванов."},
		{"(А. С. Пушкин)", "(А." + n + "С." + n + "Пушкин)"},
		// Years.
		{"в 2022 г. и в 2023 г.", "в 2022" + n + "г. и в 2023" + n + "г."},
		{"на 2022–2024 гг.", "на 2022–2024" + n + "гг."},
		{"2022 г.", "2022" + n + "г."},
		// Quotes.
		{`программа "Успех каждого ребёнка"`, "программа «Успех каждого ребёнка»"},
		{`МБОУ "СОШ "Лидер""`, "МБОУ «СОШ „Лидер“»"},
		{`«Школа "Успех"»`, "«Школа „Успех“»"},
		{`("Точка роста")`, "(«Точка роста»)"},
		{`"a" и "b"`, "«a» и «b»"},
		// Several rules at once.
		{`Приказ № 5 "Об утверждении" от 2022 г., Л.П. Шидукова`,
			"Приказ №" + n + "5 «Об утверждении» от 2022" + n + "г., Л.П." + n + "Шидукова"},
	}
	for _, tc := range cases {
		if got := Typograph(tc.in); got != tc.want {
			t.Errorf("Typograph(%q)\n got %q\nwant %q", tc.in, got, tc.want)
		}
		// Idempotent: the output is already normalised.
		if again := Typograph(tc.want); again != tc.want {
			t.Errorf("Typograph not idempotent on %q: %q", tc.want, again)
		}
	}
}

func TestTypographUnchanged(t *testing.T) {
	for _, s := range []string{
		"",
		"Протокол №1",
		"ГИА-2024",
		"https://school5.example.ru/docs/plan-2022.pdf",
		"https://example.ru/search?q=a.b&n=2",
		"МБОУ «СОШ №\u00a05» — уже «правильные» кавычки",
		"«Школа „Успех“»",
		"Л.П.\u00a0Шидукова",
		"Л.П.Шидукова",           // no space: do not insert one
		"5 г. сахара",            // not a year
		"12022 г.",               // five digits: not a year
		"2022 год",               // not the abbreviation
		"Итоги ЕГЭ. Выводы",      // abbreviation, not an initial
		"длина 5\" и ширина 3\"", // inch marks cannot be paired
		"незакрытая \"кавычка",   // unpaired opening quote
		"в т. ч. и др.",          // lower-case abbreviations
		"Москва",                 // no space at all
		"слово \" слово",         // isolated quote
		"№ ",                     // nothing follows
		strings.Repeat("текст без правил. ", 50),
	} {
		got := Typograph(s)
		if got != s {
			t.Errorf("Typograph(%q) = %q, want unchanged", s, got)
			continue
		}
		if len(s) > 0 && unsafe.StringData(got) != unsafe.StringData(s) {
			t.Errorf("Typograph(%q) returned a copy", s)
		}
		if a := testing.AllocsPerRun(20, func() { Typograph(s) }); a != 0 {
			t.Errorf("Typograph(%q): %v allocations, want 0", s, a)
		}
	}
}

// TestTypographNeverDeletes: the output differs from the input only by the
// documented replacements.
func TestTypographNeverDeletes(t *testing.T) {
	in := paragraph + ` "цитата "вложенная" конец" и "ещё"` + " Шидукова Л. П. № 7 2021 г."
	out := Typograph(in)
	norm := strings.NewReplacer("\u00a0", " ", "«", `"`, "»", `"`, "„", `"`, "“", `"`)
	if norm.Replace(out) != norm.Replace(in) {
		t.Errorf("content changed:\n in %q\nout %q", in, out)
	}
	if out == in {
		t.Error("nothing was replaced")
	}
}

func BenchmarkTypograph(b *testing.B) {
	b.ReportAllocs()
	b.SetBytes(int64(len(paragraph)))
	for b.Loop() {
		Typograph(paragraph)
	}
}

// FuzzTypographIdempotent: the presentation model typographs every text once
// and renderers may typograph again (a DOCX template's own values); the
// second pass must change nothing.
func FuzzTypographIdempotent(f *testing.F) {
	for _, s := range []string{`"а "б" в"`, "Л. П. Шидукова", "2022 г.", "№ 5", `«a "b"»`, `"x" "y"`, "Шидукова Л. П.", "И.И. Иванов и П. П. Петров"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a := Typograph(s)
		if b := Typograph(a); a != b {
			t.Fatalf("Typograph(%q) = %q, again = %q", s, a, b)
		}
	})
}

// Quotes the text already has pair like the ones Typograph converts: the
// fuzzer found `"а "б»` becoming `"а „б»` and then `«а „б»`.
func TestTypographKeepsExistingLowQuotesPaired(t *testing.T) {
	for in, want := range map[string]string{
		`"а "б»`:  `"а „б»`,
		`"а „б“"`: `«а „б“»`,
		`„а“`:     `„а“`,
	} {
		if got := Typograph(in); got != want {
			t.Errorf("Typograph(%q) = %q, want %q", in, got, want)
		}
		if again := Typograph(want); again != want {
			t.Errorf("Typograph(%q) = %q, want it unchanged", want, again)
		}
	}
}
