package textcheck

import (
	"slices"
	"testing"
)

func strangerWords(s []Stranger) []string {
	var out []string
	for _, x := range s {
		out = append(out, x.Word)
	}
	return out
}

func TestStrangers(t *testing.T) {
	v := NewVocabulary("Цель: повышение качества образования", "https://edu.kbr.ru/DorozhnayaKarta", "ДОРОЖНАЯ КАРТА", "15 наставнических пар на год")
	cases := []struct {
		name, got string
		want      []string
	}{
		{"all known", "Цель:\nповышение качества\nобразования", nil},
		{"invented word, named once with its count", "Цель: повышение Приложение качества Приложение", []string{"Приложение"}},
		{"case matters", "цель: повышение", []string{"цель"}},
		{"hyphenated across lines", "повы-\nшение обра\u00ADзо-\nвания", nil},
		// «на» is a word of the document too: the hyphen still joins.
		{"hyphenated after a head that is a word", "15 на-\nставнических пар", nil},
		{"hard-wrapped URL", "https://edu.kbr.ru/Doro\nzhnayaKa\nrta", nil},
		// pdftotext -layout: a cell's lines interleave with the next cell's.
		{"pieces among other cells", "https://edu.kbr.ru/Doro   Цель:\nzhnaya        повышение\nKarta", nil},
		{"a piece that completes nothing", "Doro Цель", []string{"Doro"}},
		{"upper case only when added", "ДОРОЖНАЯ КАРТА Повышение", []string{"Повышение"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := strangerWords(v.Strangers(c.got)); !slices.Equal(got, c.want) {
				t.Errorf("Strangers(%q) = %q, want %q", c.got, got, c.want)
			}
		})
	}
	s := v.Strangers("Цель Приложение\nПриложение")
	if len(s) != 1 || s[0].Count != 2 || s[0].Context == "" {
		t.Errorf("want «Приложение» twice with its context, got %+v", s)
	}
	if got := strangerWords(v.With("Приложение").Strangers("Цель Приложение")); got != nil {
		t.Errorf("With: %q", got)
	}
	u := NewVocabulary()
	u.AddUpper("Дорожная карта")
	if got := strangerWords(u.Strangers("ДОРОЖНАЯ КАРТА Дорожная")); !slices.Equal(got, []string{"Дорожная"}) {
		t.Errorf("AddUpper: %q", got)
	}
}

func TestNumbering(t *testing.T) {
	v := NewVocabulary("Раздел", "1. Цель программы", "34)", "2.1", "2025 год")
	cases := []struct {
		got  string
		want []string
	}{
		{"1. Цель программы\n34) Раздел\n2.1 Раздел", nil},
		{"1. Раздел\n2. Раздел\n\f2. Раздел", []string{"2."}},
		{"Раздел 3. в середине строки", nil},
		{"1.1 Раздел\n  1) Раздел", []string{"1.1", "1)"}},
		{"2025\n2025 год\n12 Раздел", nil}, // numbers without a dot or a bracket are words, not labels
	}
	for _, c := range cases {
		if got := strangerWords(v.Numbering(c.got)); !slices.Equal(got, c.want) {
			t.Errorf("Numbering(%q) = %q, want %q", c.got, got, c.want)
		}
	}
}

// A word hyphenated after a head that is a word itself («по-» / «вышения»)
// is not a stranger, nor a tail that a page's repeated header separates
// from its head.
func TestStrangersHeadIsAWord(t *testing.T) {
	v := NewVocabulary("с целью повышения мотивации, по мере необходимости", "Учебный год", "№ Мероприятия")
	got := v.Strangers("с целью по-\nвышения мотивации, по мере не-\nобходимости\nУчеб-\n№ Мероприятия\nный год")
	if len(got) != 0 {
		t.Errorf("strangers %v", got)
	}
	if got := v.Strangers("по-\nвыщения"); len(got) != 1 || got[0].Word != "выщения" {
		t.Errorf("a misspelt tail: strangers %v", got)
	}
}
