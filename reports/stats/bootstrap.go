package stats

import (
	"math/rand/v2"
	"slices"
)

// Interval is a point estimate with a two-sided confidence interval.
type Interval struct {
	Estimate   float64
	Lo, Hi     float64
	Confidence float64
}

// newRand returns the PCG generator every resampling routine uses. The second
// PCG word is derived from the seed so that callers pass one number.
func newRand(seed uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
}

// Bootstrap returns the mean of values with a percentile bootstrap interval:
// iters resamples of the problems with replacement, each reduced to its mean.
// values are per-problem scores (0/1 correctness, or a per-problem accuracy).
// The same seed gives byte-identical results.
func Bootstrap(values []float64, iters int, seed uint64, confidence float64) Interval {
	est := mean(values)
	n := len(values)
	if n == 0 || iters <= 0 {
		return Interval{Estimate: est, Lo: est, Hi: est, Confidence: confidence}
	}
	r := newRand(seed)
	stats := make([]float64, iters)
	for it := range stats {
		sum := 0.0
		for range n {
			sum += values[r.IntN(n)]
		}
		stats[it] = sum / float64(n)
	}
	return percentileInterval(est, stats, confidence)
}

// TwoLevelBootstrap returns the mean per-problem accuracy with an interval that
// accounts for both sources of noise in a sampled evaluation: which problems
// were asked (resample problems with replacement) and which generations the
// model happened to produce (then resample each chosen problem's samples with
// replacement). Problems with no samples are skipped.
func TwoLevelBootstrap(perProblemSamples [][]float64, iters int, seed uint64, confidence float64) Interval {
	probs := make([][]float64, 0, len(perProblemSamples))
	means := make([]float64, 0, len(perProblemSamples))
	for _, s := range perProblemSamples {
		if len(s) > 0 {
			probs = append(probs, s)
			means = append(means, mean(s))
		}
	}
	est := mean(means)
	n := len(probs)
	if n == 0 || iters <= 0 {
		return Interval{Estimate: est, Lo: est, Hi: est, Confidence: confidence}
	}
	r := newRand(seed)
	stats := make([]float64, iters)
	for it := range stats {
		sum := 0.0
		for range n {
			s := probs[r.IntN(n)]
			inner := 0.0
			for range s {
				inner += s[r.IntN(len(s))]
			}
			sum += inner / float64(len(s))
		}
		stats[it] = sum / float64(n)
	}
	return percentileInterval(est, stats, confidence)
}

// percentileInterval sorts the bootstrap statistics in place and returns the
// central confidence interval around est.
func percentileInterval(est float64, stats []float64, confidence float64) Interval {
	slices.Sort(stats)
	alpha := (1 - confidence) / 2
	return Interval{
		Estimate:   est,
		Lo:         quantile(stats, alpha),
		Hi:         quantile(stats, 1-alpha),
		Confidence: confidence,
	}
}

// quantile is the linearly interpolated quantile of sorted data (R's type 7,
// NumPy's default), so intervals match what users compute in a notebook.
func quantile(sorted []float64, q float64) float64 {
	h := q * float64(len(sorted)-1)
	lo := int(h)
	if lo >= len(sorted)-1 {
		return sorted[len(sorted)-1]
	}
	return sorted[lo] + (h-float64(lo))*(sorted[lo+1]-sorted[lo])
}

func mean(x []float64) float64 {
	if len(x) == 0 {
		return 0
	}
	sum := 0.0
	for _, v := range x {
		sum += v
	}
	return sum / float64(len(x))
}
