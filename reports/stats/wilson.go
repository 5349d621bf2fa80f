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

// WilsonCC is the Wilson score interval with continuity correction, as R's
// prop.test(successes, n)$conf.int computes it by default: the Wilson bounds
// evaluated half a success beyond the observed proportion on each side. The
// correction buys coverage at the sizes AIMO uses: at 95% the plain Wilson
// interval covers only 92.4% of the time with 10 problems at accuracy 0.3, and
// 93% with 10 problems at 0.9; the corrected one covers at least 95% over
// 10–500 problems and accuracies 0.3–0.97 (see the coverage tests). With
// n == 0 it returns the uninformative [0, 1].
func WilsonCC(successes, n int, confidence float64) (lo, hi float64) {
	if n <= 0 {
		return 0, 1
	}
	z := zCritical(confidence)
	nf := float64(n)
	p := float64(successes) / nf
	z22n := z * z / (2 * nf)
	bound := func(pc, sign float64) float64 {
		return (pc + z22n + sign*z*math.Sqrt(pc*(1-pc)/nf+z22n/(2*nf))) / (1 + 2*z22n)
	}
	lo, hi = 0, 1
	if pc := p - 0.5/nf; pc > 0 {
		lo = bound(pc, -1)
	}
	if pc := p + 0.5/nf; pc < 1 {
		hi = bound(pc, 1)
	}
	return lo, hi
}

// zCritical is the standard normal quantile leaving (1-confidence)/2 in each tail.
func zCritical(confidence float64) float64 {
	return distuv.UnitNormal.Quantile(1 - (1-confidence)/2)
}
