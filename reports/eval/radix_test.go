package eval

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestSortFloatsOrdersLikeFloats sorts values with ties, negatives, zeros,
// infinities and values that differ only past the bits the radix passes
// read (long runs and short ones) by their keys and checks the order is the
// floats' order.
func TestSortFloatsOrdersLikeFloats(t *testing.T) {
	r := rand.New(rand.NewPCG(2, 3))
	var tmp []uint64
	for _, n := range []int{1, 2, 17, 1000, 70000} {
		vals := make([]float64, n)
		keys := make([]uint64, n)
		for i := range vals {
			switch r.IntN(7) {
			case 5: // equal to 0.5 in the top 32 bits of the key: one long run
				vals[i] = 0.5 + float64(r.IntN(1000))*1e-12
			case 6: // short runs of near neighbours
				vals[i] = float64(r.IntN(50)) + float64(r.IntN(4))*1e-13
			case 0:
				vals[i] = float64(r.IntN(5)) / 4
			case 1:
				vals[i] = -r.ExpFloat64()
			case 2:
				vals[i] = math.Inf(1 - 2*r.IntN(2))
			default:
				vals[i] = r.NormFloat64() * 1e3
			}
			keys[i] = sortKey(vals[i])
		}
		tmp = sortFloats(keys, tmp)
		slices.Sort(vals)
		for i := range vals {
			if keys[i] != sortKey(vals[i]) {
				t.Fatalf("n=%d: position %d holds the key of another value than %g", n, i, vals[i])
			}
		}
	}
}
