package typo

import (
	"math"
	"testing"
)

// FuzzAppendBreak: on arbitrary text and measures (tiny, zero, negative,
// huge), AppendBreak does not panic, overfills no line but single-rune
// ones and gives the text back (checkBreak).
func FuzzAppendBreak(f *testing.F) {
	for _, s := range wrapTexts {
		f.Add(s, 40.0, 10.0, true, uint8(0))
	}
	f.Add("a\xff\xfeб  -/-/ в\u00a0\u00a0г\r\r\n", 7.0, 0.0, false, uint8(1))
	f.Add("общеобразовательными психолого-медико-педагогического", 30.0, 50.0, true, uint8(1))
	f.Add("\r", 0.0, -3.0, true, uint8(3))
	f.Add("аа бб", math.Inf(1), math.NaN(), true, uint8(9))
	m := testMeasurer(f)
	f.Fuzz(func(t *testing.T, text string, width, indent float64, justify bool, run uint8) {
		if len(text) > 4096 {
			return
		}
		for _, hy := range []func([]int, string) []int{nil, appendHyphenPoints} {
			o := BreakOptions{Width: width, FirstIndent: indent, Justify: justify, Hyphenate: hy, MaxHyphenRun: int(run)}
			checkBreakMode(t, m, text, o, AppendBreak(nil, m, text, o), false)
		}
	})
}
