package typo_test

import "fmt"

func ExampleMeasurer_Run() {
	m, err := measurer(12)
	if err != nil {
		fmt.Println(err)
		return
	}
	// The non-breaking hyphen is only in the fallback face.
	for s := "психолого\u2011медико"; s != ""; {
		face, n, width := m.Run(s)
		fmt.Printf("%d %q %.2f pt\n", face, s[:n], width)
		s = s[n:]
	}
	// Output:
	// 0 "психолого" 53.08 pt
	// 1 "‑" 4.05 pt
	// 0 "медико" 37.28 pt
}
