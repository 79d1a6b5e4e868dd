package fonts

import (
	"bytes"
	"testing"
)

// compactRanges, which Compact walks for the default repertoire, hold
// exactly the BMP runes CompactRepertoire keeps, in ascending order.
func TestCompactRanges(t *testing.T) {
	var want, got []rune
	for c := rune(0); c < 0xFFFF; c++ {
		if CompactRepertoire(c) {
			want = append(want, c)
		}
	}
	last := rune(-1)
	for _, rg := range compactRanges {
		if rg[0] <= last || rg[1] < rg[0] {
			t.Fatalf("range %X–%X out of order", rg[0], rg[1])
		}
		for c := rg[0]; c <= rg[1]; c++ {
			got = append(got, c)
		}
		last = rg[1]
	}
	if string(got) != string(want) {
		t.Errorf("compactRanges hold %d runes, CompactRepertoire keeps %d", len(got), len(want))
	}
}

// Compact with the default repertoire (nil, the ranges) gives the same
// bytes as with CompactRepertoire passed as a function (every BMP rune
// asked).
func TestCompactNilIsRepertoire(t *testing.T) {
	for _, name := range BuiltinNames() {
		data, _ := Builtin(name)
		byRanges, err := Compact(data, nil)
		if err != nil {
			t.Fatal(err)
		}
		byFunc, err := Compact(data, func(r rune) bool { return CompactRepertoire(r) })
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(byRanges, byFunc) {
			t.Errorf("%s: Compact(nil) differs from Compact(CompactRepertoire)", name)
		}
	}
}
