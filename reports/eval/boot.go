package eval

import (
	"hash/fnv"
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/stat/distuv"
)

// seedFor derives an entry's seed from the base seed and its names, so an
// entry's interval does not depend on where it sits in the grid.
func seedFor(base uint64, name string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(name))
	return base ^ h.Sum64()
}

func newSource(seed uint64) rand.Source { return rand.NewPCG(seed, seed^0x9e3779b97f4a7c15) }

// binaryBootstrap is the percentile bootstrap interval of the mean of n 0/1
// values of which c are 1. Resampling n problems with replacement and
// counting the ones is a Binomial(n, c/n) draw, so each resample is one
// binomial variate: the same distribution as stats.Bootstrap at a fraction of
// the cost.
func binaryBootstrap(c, n, iters int, seed uint64, conf float64) Interval {
	if n == 0 {
		return Interval{0, 1}
	}
	p := float64(c) / float64(n)
	if c == 0 || c == n || iters <= 0 {
		return Interval{p, p}
	}
	b := distuv.Binomial{N: float64(n), P: p, Src: newSource(seed)}
	draws := make([]float64, iters)
	for i := range draws {
		draws[i] = b.Rand() / float64(n)
	}
	return percentile(draws, conf)
}

// pairedBootstrap compares two configurations on n paired problems where
// the first wins w problems and loses l (the rest tie). A resample of
// problems has M ~ Binomial(n, (w+l)/n) discordant problems, of which
// Binomial(M, w/(w+l)) are wins. It returns the interval of the mean
// difference and the centred two-sided p-value, as stats.PairedBootstrap
// computes them.
func pairedBootstrap(w, l, n, iters int, seed uint64, conf float64) (Interval, float64) {
	d := float64(w-l) / float64(max(n, 1))
	if w+l == 0 || iters <= 0 {
		return Interval{d, d}, 1
	}
	src := newSource(seed)
	disc := distuv.Binomial{N: float64(n), P: float64(w+l) / float64(n), Src: src}
	draws := make([]float64, iters)
	extreme := 0
	for i := range draws {
		m := float64(n)
		if w+l < n {
			m = disc.Rand()
		}
		wins := m
		if l > 0 && m > 0 {
			wins = distuv.Binomial{N: m, P: float64(w) / float64(w+l), Src: src}.Rand()
		} else if w == 0 {
			wins = 0
		}
		draws[i] = (2*wins - m) / float64(n)
		if math.Abs(draws[i]-d) >= math.Abs(d) {
			extreme++
		}
	}
	return percentile(draws, conf), float64(extreme+1) / float64(iters+1)
}

// percentile sorts draws and returns the central interval, interpolating
// quantiles linearly (R's type 7), as stats does.
func percentile(draws []float64, conf float64) Interval {
	slices.Sort(draws)
	alpha := (1 - conf) / 2
	return Interval{quantile(draws, alpha), quantile(draws, 1-alpha)}
}

func quantile(sorted []float64, q float64) float64 {
	h := q * float64(len(sorted)-1)
	lo := int(h)
	if lo >= len(sorted)-1 {
		return sorted[len(sorted)-1]
	}
	return sorted[lo] + (h-float64(lo))*(sorted[lo+1]-sorted[lo])
}
