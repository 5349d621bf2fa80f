package stats

import (
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// Wilson returns the Wilson score interval for a binomial proportion of
// successes out of n at the given two-sided confidence (e.g. 0.95). Unlike the
// Wald interval it stays inside [0, 1] and does not collapse to a point at 0 or
// n successes, which matters for the small problem sets AIMO uses (50 problems).
// With n == 0 it returns the uninformative [0, 1].
func Wilson(successes, n int, confidence float64) (lo, hi float64) {
	if n <= 0 {
		return 0, 1
	}
	z := zCritical(confidence)
	nf := float64(n)
	p := float64(successes) / nf
	z2 := z * z
	center := (p + z2/(2*nf)) / (1 + z2/nf)
	half := z / (1 + z2/nf) * math.Sqrt(p*(1-p)/nf+z2/(4*nf*nf))
	return math.Max(0, center-half), math.Min(1, center+half)
}

// zCritical is the standard normal quantile leaving (1-confidence)/2 in each tail.
func zCritical(confidence float64) float64 {
	return distuv.UnitNormal.Quantile(1 - (1-confidence)/2)
}
