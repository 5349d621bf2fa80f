package backends

import (
	"math"
	"slices"
)

// LogprobFloor is vLLM's clamp for -inf logprobs in chat responses; such
// entries carry no probability and are dropped.
const LogprobFloor = -9999.0

// tailDivisor makes the tail entropy average the last tenth of the tokens
// (rounded up): the end of a solution, where the model commits to its
// answer. Integer arithmetic avoids ceil(0.1*30) = 4.
const tailDivisor = 10

// PositionEntropy is aimo's one definition of a token's entropy: the entropy
// (nats) of its top-k candidates' probabilities renormalised to sum to one.
// It ignores the tail mass, so it is at most ln k and depends on k. The
// logprobs are summed in ascending order so results are bit-identical
// whatever order a server lists them in; the exported Kaggle notebook
// computes the same (position_entropy). It is false without candidates.
func PositionEntropy(logprobs []float64) (float64, bool) {
	ls := slices.Clone(logprobs)
	slices.Sort(ls)
	var m float64
	for _, l := range ls {
		if l > LogprobFloor {
			m += math.Exp(l)
		}
	}
	if m <= 0 {
		return 0, false
	}
	var h float64
	for _, l := range ls {
		if l > LogprobFloor {
			q := math.Exp(l) / m
			h -= q * math.Log(q)
		}
	}
	return h, true
}

// Entropies returns the mean PositionEntropy over the positions that have
// candidates, and over the last tenth of them (at least one), or nils when
// none has.
func Entropies(positions [][]float64) (mean, tail *float64) {
	var hs []float64
	for _, ls := range positions {
		if h, ok := PositionEntropy(ls); ok {
			hs = append(hs, h)
		}
	}
	if len(hs) == 0 {
		return nil, nil
	}
	k := (len(hs) + tailDivisor - 1) / tailDivisor
	m, t := average(hs), average(hs[len(hs)-k:])
	return &m, &t
}

func average(xs []float64) float64 {
	var s float64
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}
