package eval

import (
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/aimo-dev/aimo/reports/vote"
)

func TestMajCurveMatchesVotePackage(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	var s summariser
	for _, n := range []int{1, 2, 5, 8, 12, 16} {
		for trial := range 20 {
			smp := make([]vote.Sample, n)
			for i := range smp {
				key := strconv.Itoa(r.IntN(4))
				smp[i] = vote.Sample{Index: i, Answer: key, Key: key, Valid: r.IntN(10) > 0}
			}
			got := s.majCurve(smp, "0", vote.CurveOptions{})
			want := vote.MajAtKCurve(smp, "0", vote.CurveOptions{})
			for k := range want {
				if d := got[k] - want[k]; d > 1e-12 || d < -1e-12 {
					t.Fatalf("n=%d trial %d: maj@%d = %g, vote says %g", n, trial, k+1, got[k], want[k])
				}
			}
		}
	}
}
