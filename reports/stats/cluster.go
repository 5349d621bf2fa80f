package stats

import (
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// ClusterWilson returns the mean per-problem accuracy of right/wrong samples
// with a cluster-aware Wilson interval. Samples of one problem are not
// independent (a hard problem is missed by most of its samples), so the
// interval is the Wilson score interval at an effective sample size n_eff =
// p(1−p)/V, where V is the cluster-robust variance of the mean: the spread of
// the per-problem accuracies between problems, over n problems. Three guards
// keep its coverage at the small sizes AIMO uses, where a sample of problems
// easily misses the rare hard one. V is computed with two pseudo-problems
// added, one solved by no sample and one by all (as Agresti and Coull add
// pseudo-observations to a proportion), so a set that happens to look
// uniform still carries some between-problem variance; the critical value is
// Student's t on n−1 degrees of freedom, since V is estimated from n
// problems; and n_eff is kept between n (every sample of a problem agreeing:
// one Bernoulli trial per problem) and the size the samples would have if
// they were independent. Problems with no samples are left out.
func ClusterWilson(tallies []Tally, confidence float64) Interval {
	means := make([]float64, 0, len(tallies)+2)
	invN := 0.0
	for _, t := range tallies {
		if t.N > 0 {
			means = append(means, float64(t.Right)/float64(t.N))
			invN += 1 / float64(t.N)
		}
	}
	n := float64(len(means))
	if n == 0 {
		return Interval{Lo: 0, Hi: 1, Confidence: confidence}
	}
	p := mean(means)
	if n == 1 {
		lo, hi := wilsonAt(p, 1, zCritical(confidence))
		return Interval{Estimate: p, Lo: lo, Hi: hi, Confidence: confidence}
	}
	padded := append(means, 0, 1)
	v := sampleVariance(padded, mean(padded)) / n
	neff := min(max(p*(1-p)/v, n), n*n/invN)
	t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: n - 1}.Quantile(1 - (1-confidence)/2)
	lo, hi := wilsonAt(p, neff, t)
	return Interval{Estimate: p, Lo: lo, Hi: hi, Confidence: confidence}
}

// wilsonAt is the Wilson score interval of a proportion p observed over n
// (possibly effective, non-integer) trials at critical value z.
func wilsonAt(p, n, z float64) (lo, hi float64) {
	z2 := z * z
	center := (p + z2/(2*n)) / (1 + z2/n)
	half := z / (1 + z2/n) * math.Sqrt(p*(1-p)/n+z2/(4*n*n))
	return math.Max(0, center-half), math.Min(1, center+half)
}

func sampleVariance(x []float64, m float64) float64 {
	if len(x) < 2 {
		return 0
	}
	ss := 0.0
	for _, v := range x {
		ss += (v - m) * (v - m)
	}
	return ss / float64(len(x)-1)
}
