package preflight_test

import (
	"fmt"

	"github.com/kartograf-ru/kartograf/internal/preflight"
)

// Check a rendered file as PDF/A-2u: every violation names its clause.
func ExampleCheck() {
	pdf := []byte("%PDF-1.7\n%abcd\n") // not even a whole file
	vs, err := preflight.Check(pdf, 2)
	for _, v := range vs {
		fmt.Println(v.Clause, v.Message)
	}
	fmt.Println("разобран:", err == nil)
	// Output:
	// 6.1.2 за заголовком нет комментария из четырёх байтов больше 127 (признак двоичного файла)
	// разобран: false
}
