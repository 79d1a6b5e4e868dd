package typo_test

import (
	"fmt"
	"strings"

	"github.com/kartograf-ru/kartograf/fonts"
	"github.com/kartograf-ru/kartograf/pkg/typo"
)

// measurer returns a measurer for Liberation Serif with DejaVu Serif as
// the fallback.
func measurer(size float64) (*typo.Measurer, error) {
	var lib fonts.Library
	primary, err := lib.LoadBuiltin(fonts.DefaultName(fonts.Regular))
	if err != nil {
		return nil, err
	}
	fallback, err := lib.LoadBuiltin(fonts.FallbackName(fonts.Regular))
	if err != nil {
		return nil, err
	}
	return typo.NewMeasurer(typo.Font{Faces: []*fonts.Face{primary, fallback}, Size: size}), nil
}

func ExampleWrap() {
	m, err := measurer(12)
	if err != nil {
		fmt.Println(err)
		return
	}
	text := typo.Typograph("Обеспечение психолого-медико-педагогического сопровождения обучающихся МБОУ СОШ № 5")
	for _, line := range typo.Wrap(m, text, 90) { // 90 pt ≈ 32 mm
		fmt.Printf("%-22s %5.1f pt\n", strings.ReplaceAll(line.Text, "\u00a0", "~"), line.Width)
	}
	// Output:
	// Обеспечение             66.7 pt
	// психолого-              57.1 pt
	// медико-                 41.3 pt
	// педагогического         84.9 pt
	// сопровождения           79.5 pt
	// обучающихся             70.9 pt
	// МБОУ СОШ №~5            89.9 pt
}

func ExampleWrap_hyphenation() {
	m, err := measurer(12)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, line := range typo.Wrap(m, "общеобразовательными", 50) {
		fmt.Println(line.Text, line.Hyphen)
	}
	// Output:
	// общеоб- true
	// разова- true
	// тельны- true
	// ми false
}

func ExampleHyphenate() {
	word := "общеобразовательными"
	parts := []rune(word)
	prev := 0
	var out []string
	for _, i := range typo.Hyphenate(word) {
		out = append(out, string(parts[prev:i]))
		prev = i
	}
	out = append(out, string(parts[prev:]))
	fmt.Println(strings.Join(out, "-"))
	fmt.Println(typo.Hyphenate("подъезд"), typo.Hyphenate("ГИА-2024"))
	// Output:
	// об-ще-об-ра-зо-ва-тель-ны-ми
	// [4] []
}

func ExampleTypograph() {
	s := typo.Typograph(`Приказ № 15 от 01.09.2022 г. "О плане "Школа успеха"", отв. Л. П. Шидукова`)
	fmt.Println(strings.ReplaceAll(s, "\u00a0", "~"))
	fmt.Println(typo.Typograph("Протокол №1, ГИА-2024"))
	// Output:
	// Приказ №~15 от 01.09.2022~г. «О плане „Школа успеха“», отв. Л.~П.~Шидукова
	// Протокол №1, ГИА-2024
}

func ExampleMeasurer_Missing() {
	m, err := measurer(12)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%q\n", m.Missing("План\u2011график 😀\n"))
	fmt.Println(m.FaceFor('Ж'), m.FaceFor('\u2011'), m.FaceFor('😀'))
	// Output:
	// ['😀']
	// 0 1 -1
}

func ExampleAppendBreak() {
	m, err := measurer(12)
	if err != nil {
		fmt.Println(err)
		return
	}
	text := typo.Typograph("Обеспечение психолого-медико-педагогического сопровождения обучающихся МБОУ СОШ № 5, " +
		"организация деятельности профессиональных объединений учителей")
	o := typo.BreakOptions{Width: 200, FirstIndent: 35, Justify: true, Hyphenate: typo.RussianHyphenator().AppendPoints}
	for _, line := range typo.AppendBreak(nil, m, text, o) {
		fmt.Printf("%-40s %5.1f pt\n", strings.ReplaceAll(line.Text, "\u00a0", "~"), line.Width)
	}
	// Output:
	// Обеспечение психолого-меди-              156.2 pt
	// ко-педагогического сопровождения         183.2 pt
	// обучающихся МБОУ СОШ №~5, орга-          196.1 pt
	// низация деятельности профессиональ-      197.5 pt
	// ных объединений учителей                 140.4 pt
}
