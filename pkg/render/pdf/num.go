package pdf

import (
	"math"
	"strconv"
)

// appendFixed2 appends v as strconv.AppendFloat(b, v, 'f', 2, 64) does,
// byte for byte, but without its general algorithm, which was a twentieth
// of a small render (every coordinate of every operator goes through it).
// v·100 is rounded directly unless it lies within 1e-6 of a tie, where
// the product's own rounding error could decide; those, large values and
// non-finite ones go to strconv.
func appendFixed2(b []byte, v float64) []byte {
	a := math.Abs(v)
	if !(a < 1e6) { // NaN, ±Inf, large: v·100 must be exact to well under 1e-6
		return strconv.AppendFloat(b, v, 'f', 2, 64)
	}
	x := a * 100
	fl := math.Floor(x)
	if f := x - fl; math.Abs(f-0.5) < 1e-6 {
		return strconv.AppendFloat(b, v, 'f', 2, 64)
	}
	n := int64(math.Round(x))
	if math.Signbit(v) {
		b = append(b, '-')
	}
	// Coordinates and sizes on a page are below 1000: their digits are
	// written directly, strconv's general loop was most of this function.
	switch ip := n / 100; {
	case ip < 10:
		b = append(b, byte('0'+ip))
	case ip < 100:
		b = append(b, byte('0'+ip/10), byte('0'+ip%10))
	case ip < 1000:
		b = append(b, byte('0'+ip/100), byte('0'+ip/10%10), byte('0'+ip%10))
	default:
		b = strconv.AppendInt(b, ip, 10)
	}
	c := n % 100
	return append(b, '.', byte('0'+c/10), byte('0'+c%10))
}
