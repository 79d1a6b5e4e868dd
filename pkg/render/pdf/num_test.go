package pdf

import (
	"math"
	"math/rand/v2"
	"strconv"
	"testing"
)

// appendFixed2 writes what strconv writes, ties and signed zeros included.
func TestAppendFixed2(t *testing.T) {
	vals := []float64{0, math.Copysign(0, -1), -0.001, 0.005, 0.015, 0.125, 0.375, 1.005, 2.675, -2.675,
		841.89, 595.28, 1e9, -1e9, 123456789.125, 999999.995, 12345.675, math.NaN(), math.Inf(1), math.Inf(-1), 0.995, 9.995, -0.004999}
	r := rand.New(rand.NewPCG(1, 2))
	for range 200000 {
		vals = append(vals, (r.Float64()-0.5)*2000, float64(r.IntN(200000))/200-500, float64(r.IntN(100000))/1000)
	}
	for _, v := range vals {
		want := strconv.AppendFloat(nil, v, 'f', 2, 64)
		if got := appendFixed2(nil, v); string(got) != string(want) {
			t.Fatalf("%v (%b): %s, strconv %s", v, math.Float64bits(v), got, want)
		}
	}
}
