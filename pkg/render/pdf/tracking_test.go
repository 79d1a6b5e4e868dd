package pdf

import (
	"math"
	"strings"
	"testing"
	"unicode/utf8"
)

// Tracking takes what the spaces of a justified line would take beyond
// maxGapSpaces, within its cap, and the line still fills its width.
func TestTracking(t *testing.T) {
	const size, space = 14.0, 3.5
	words := strings.Fields("сохраняющийся дефицит педагогических кадров в малокомплектных")
	letters := 0
	for _, w := range words {
		letters += utf8.RuneCountInString(w) - 1
	}
	n := len(words)
	for _, c := range []struct {
		name     string
		gap      float64
		tracked  bool
		capped   bool
		maxRatio float64
	}{
		{"within the bound", 1.9 * space, false, false, 1.95},
		{"a little loose", 2.1 * space, true, false, 1.95},
		{"loose", 2.6 * space, true, false, 1.95},
		{"beyond the cap", 6 * space, true, true, 6},
	} {
		sum := 400.0
		width := sum + c.gap*float64(n-1)
		tc, gap := tracking(words, n, sum, width, c.gap, space, size)
		if (tc > 0) != c.tracked {
			t.Errorf("%s: tracking %.2f", c.name, tc)
		}
		if tc > maxTracking*size+1e-9 || tc < 0 {
			t.Errorf("%s: tracking %.3f pt beyond %.3f", c.name, tc, maxTracking*size)
		}
		if got := sum + tc*float64(letters) + gap*float64(n-1); math.Abs(got-width) > 1e-6 {
			t.Errorf("%s: the line is %.3f wide, want %.3f", c.name, got, width)
		}
		if gap/space > c.maxRatio+1e-9 {
			t.Errorf("%s: gap %.3f× the space", c.name, gap/space)
		}
		if c.capped && tc != math.Floor(maxTracking*size*100)/100 {
			t.Errorf("%s: tracking %.3f, want the cap", c.name, tc)
		}
		if math.Round(tc*100) != tc*100 && math.Abs(math.Round(tc*100)-tc*100) > 1e-6 {
			t.Errorf("%s: tracking %.4f is not in hundredths of a point, as the stream writes it", c.name, tc)
		}
	}
}
