package vote

import (
	"math/rand/v2"

	"github.com/aimo-dev/aimo/reports/stats"
)

// PassAtKCurve returns the unbiased pass@k (stats.PassAtK) for every k from 1
// to len(correct); element k−1 is pass@k.
func PassAtKCurve(correct []bool) []float64 {
	c := 0
	for _, ok := range correct {
		if ok {
			c++
		}
	}
	curve := make([]float64, len(correct))
	for k := range curve {
		curve[k] = stats.PassAtK(len(correct), c, k+1)
	}
	return curve
}

// AvgAtK is lighteval's avg@k: the fraction correct among the first k samples.
func AvgAtK(correct []bool, k int) float64 {
	k = min(k, len(correct))
	if k <= 0 {
		return 0
	}
	c := 0
	for _, ok := range correct[:k] {
		if ok {
			c++
		}
	}
	return float64(c) / float64(k)
}

// CurveOptions bounds the work of a vote@k curve.
type CurveOptions struct {
	// MaxSubsets is the largest C(n, k) enumerated exactly (default 20,000).
	MaxSubsets int
	// Draws is the number of random k-subsets used beyond that (default 2,000,
	// a standard error below 0.012 on any point).
	Draws int
	// Seed makes the random subsets reproducible.
	Seed uint64
}

func (o CurveOptions) withDefaults() CurveOptions {
	if o.MaxSubsets <= 0 {
		o.MaxSubsets = 20000
	}
	if o.Draws <= 0 {
		o.Draws = 2000
	}
	return o
}

// MajAtKCurve returns maj@k for every k from 1 to len(samples): the probability
// that a majority vote over k samples drawn without replacement from the pool
// picks gold (a canonical Key). See VoteAtKCurve.
func MajAtKCurve(samples []Sample, gold string, opts CurveOptions) []float64 {
	curve, _ := VoteAtKCurve("majority", samples, gold, opts)
	return curve
}

// VoteAtKCurve is MajAtKCurve for any voting method. Where C(n, k) is at most
// opts.MaxSubsets the value is the exact mean over all k-subsets; otherwise it
// is the mean over opts.Draws uniformly drawn k-subsets from a PCG seeded with
// opts.Seed. Each subset keeps the pool's sample order, so the tie rule sees
// samples as they were generated.
func VoteAtKCurve(method string, samples []Sample, gold string, opts CurveOptions) ([]float64, error) {
	if _, ok := methods[method]; !ok {
		return nil, &UnknownMethodError{Name: method}
	}
	opts = opts.withDefaults()
	n := len(samples)
	s := &subsetVoter{method: method, pool: samples, gold: gold, sub: make([]Sample, n), idx: make([]int, n)}
	r := rand.New(rand.NewPCG(opts.Seed, opts.Seed^0x9e3779b97f4a7c15))
	curve := make([]float64, n)
	for k := 1; k <= n; k++ {
		if choose(n, k, opts.MaxSubsets) <= opts.MaxSubsets {
			curve[k-1] = s.exact(k)
		} else {
			curve[k-1] = s.sampled(k, opts.Draws, r)
		}
	}
	return curve, nil
}

// choose returns C(n, k), or limit+1 as soon as it exceeds limit.
func choose(n, k, limit int) int {
	k = min(k, n-k)
	c := 1
	for i := range k {
		c = c * (n - i) / (i + 1)
		if c > limit {
			return limit + 1
		}
	}
	return c
}
