package typo

import (
	"strconv"
	"strings"
	"testing"
)

// benchWords returns one paragraph of n words taken from seed 000's
// narrative, repeated as needed.
func benchWords(b *testing.B, n int) string {
	words := strings.Fields(strings.Join(narrative(b), " "))
	out := make([]string, n)
	for i := range out {
		out[i] = words[i%len(words)]
	}
	return strings.Join(out, " ")
}

// BenchmarkAppendBreak: a justified, hyphenated paragraph of 50, 500 and
// 5000 words at 14 pt into 481.9 pt; ns/word must stay flat (linear).
func BenchmarkAppendBreak(b *testing.B) {
	o := BreakOptions{Width: measureA4, FirstIndent: indent12mm, Justify: true, Hyphenate: appendHyphenPoints}
	benchPerWord(b, func(dst []Line, m *Measurer, text string) []Line { return AppendBreak(dst, m, text, o) })
}

// BenchmarkAppendBreakGreedy: AppendWrap on the texts of
// BenchmarkAppendBreak, for the ratio.
func BenchmarkAppendBreakGreedy(b *testing.B) {
	benchPerWord(b, func(dst []Line, m *Measurer, text string) []Line { return AppendWrap(dst, m, text, measureA4) })
}

// benchPerWord runs set on paragraphs of 50, 500 and 5000 words at 14 pt
// and reports the time per word.
func benchPerWord(b *testing.B, set func(dst []Line, m *Measurer, text string) []Line) {
	m := measurerAt(b, 14)
	for _, n := range []int{50, 500, 5000} {
		text := benchWords(b, n)
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			var dst []Line
			b.ReportAllocs()
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				dst = set(dst[:0], m, text)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/word")
		})
	}
}

// BenchmarkAppendBreakRagged: the plan cells of seed 001, ragged right.
func BenchmarkAppendBreakRagged(b *testing.B) {
	m := measurerAt(b, 10)
	cs := cells(b)
	var dst []Line
	b.ReportAllocs()
	for b.Loop() {
		for _, c := range cs {
			dst = AppendBreak(dst[:0], m, c.text, BreakOptions{Width: c.width, Hyphenate: appendHyphenPoints})
		}
	}
}
