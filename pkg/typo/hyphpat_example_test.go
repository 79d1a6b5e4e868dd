package typo_test

import (
	"fmt"
	"strings"

	"github.com/kartograf-ru/kartograf/pkg/typo"
)

// hyphenated writes word with "-" at every hyphenation point.
func hyphenated(h *typo.Hyphenator, word string) string {
	pts := h.Points(word)
	var b strings.Builder
	i := 0
	for _, r := range word {
		if len(pts) > 0 && pts[0] == i {
			b.WriteByte('-')
			pts = pts[1:]
		}
		b.WriteRune(r)
		i++
	}
	return b.String()
}

func ExampleRussianHyphenator() {
	h := typo.RussianHyphenator()
	for _, w := range []string{"мероприятий", "подъезд", "ИКТ-компетентности", "МБОУ", "«5-х»"} {
		fmt.Println(hyphenated(h, w))
	}
	fmt.Println(h.Points("общеобразовательной"))
	// Output:
	// ме-ро-при-я-тий
	// подъ-езд
	// ИКТ-ком-пе-тент-но-сти
	// МБОУ
	// «5-х»
	// [2 4 6 8 10 12 16]
}

func ExampleNewHyphenator() {
	h, err := typo.NewHyphenator([]string{"ШНОР", "Кар-то-граф"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(hyphenated(h, "Картограф"), hyphenated(h, "ШНОР-школы"))
	_, err = typo.NewHyphenator([]string{"школа", "шко--ла"})
	fmt.Println(err)
	// Output:
	// Кар-то-граф ШНОР-шко-лы
	// исключение переноса [1] «шко--ла»: дефис ставится только между слогами
}
