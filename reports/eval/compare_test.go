package eval

import (
	"math/rand/v2"
	"testing"

	"github.com/aimo-dev/aimo/reports/stats"
)

// TestHolmTableIsHolm: adjusting distinct p-values with their counts gives
// every comparison the value stats.Holm gives it on the full list, ties and
// all.
func TestHolmTableIsHolm(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 9))
	for trial := range 50 {
		var h holmTable
		var ps []float64
		var ds []int
		for range 1 + r.IntN(300) {
			w, l := r.IntN(12), r.IntN(12)
			ds = append(ds, h.add(w, l))
			ps = append(ps, stats.McNemarExact(w, l))
		}
		want := stats.Holm(ps)
		got := h.adjusted(len(ps))
		for i, d := range ds {
			if got[d] != want[i] {
				t.Fatalf("trial %d: comparison %d (p=%g): table gives %g, Holm %g", trial, i, ps[i], got[d], want[i])
			}
		}
	}
}
