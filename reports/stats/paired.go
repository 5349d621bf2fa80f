package stats

import (
	"fmt"
	"math"
)

// PairedConfidence is the confidence of the interval PairedBootstrap returns.
const PairedConfidence = 0.95

// PairedBootstrap compares two configurations scored on the same problems
// (a[i] and b[i] belong to problem i; the slices must have equal length). It
// returns the mean difference a−b with a 95% percentile interval, and a
// two-sided p-value for "no difference" from the centred bootstrap: the share of
// resampled differences at least as far from the observed one as the observed
// one is from zero, with the usual +1 correction so p is never exactly 0.
// Resampling whole problems keeps the pairing.
func PairedBootstrap(a, b []float64, iters int, seed uint64) (diff Interval, p float64) {
	if len(a) != len(b) {
		panic(fmt.Sprintf("stats: PairedBootstrap needs equal lengths, got %d and %d", len(a), len(b)))
	}
	d := make([]float64, len(a))
	for i := range a {
		d[i] = a[i] - b[i]
	}
	diff = Bootstrap(d, iters, seed, PairedConfidence)
	if len(d) == 0 || iters <= 0 {
		return diff, 1
	}
	// Bootstrap sorted its statistics away; recompute them with the same seed
	// so the p-value and the interval describe the very same resamples.
	obs := math.Abs(diff.Estimate)
	r := newRand(seed)
	extreme := 0
	for range iters {
		sum := 0.0
		for range d {
			sum += d[r.IntN(len(d))]
		}
		if math.Abs(sum/float64(len(d))-diff.Estimate) >= obs {
			extreme++
		}
	}
	return diff, float64(extreme+1) / float64(iters+1)
}

// PairedWarnings returns the caveats for a paired comparison: identical scores
// on every problem (nothing to compare) or mostly tied problems, where the
// handful of problems that differ decide the result.
func PairedWarnings(a, b []float64) []Warning {
	if len(a) == 0 {
		return []Warning{{CodeNoData, "no paired problems"}}
	}
	ties := 0
	for i := range a {
		if a[i] == b[i] {
			ties++
		}
	}
	switch {
	case ties == len(a):
		return []Warning{{CodeAllTied, "both configurations scored identically on every problem; no difference can be detected"}}
	case len(a)-ties < MinDiscordant(0.05):
		return []Warning{{CodeManyTies, fmt.Sprintf("only %d of %d problems differ; need >= %d to detect a difference at alpha level 0.05", len(a)-ties, len(a), MinDiscordant(0.05))}}
	}
	return nil
}
