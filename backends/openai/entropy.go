package openai

import (
	"math"
	"sort"
)

// floor is vLLM's clamp for -inf logprobs in chat responses; such entries carry
// no probability and are dropped.
const floor = -9999.0

// tailDivisor makes TailEntropy average the last tenth of the tokens (rounded
// up): the end of a solution, where the model commits to its answer. Integer
// arithmetic avoids ceil(0.1*30) = 4.
const tailDivisor = 10

// positions lists, per generated token, the top-logprob candidates' logprobs.
// Positions without candidates (top_logprobs of 0) are skipped.
func positions(lp *wireLogprobs) [][]float64 {
	if lp == nil {
		return nil
	}
	var out [][]float64
	for _, tok := range lp.Content {
		seen := make(map[string]bool, len(tok.TopLogprobs))
		var ls []float64
		for _, alt := range tok.TopLogprobs {
			if !seen[alt.Token] {
				seen[alt.Token] = true
				ls = append(ls, alt.Logprob)
			}
		}
		out = appendPosition(out, ls)
	}
	for _, top := range lp.TopLogprobs {
		ls := make([]float64, 0, len(top))
		for _, l := range top {
			ls = append(ls, l)
		}
		out = appendPosition(out, ls)
	}
	return out
}

// appendPosition sorts the logprobs so sums do not depend on map order, which
// keeps entropies bit-identical across runs.
func appendPosition(out [][]float64, ls []float64) [][]float64 {
	if len(ls) == 0 {
		return out
	}
	sort.Float64s(ls)
	return append(out, ls)
}

// tokenEntropy is the entropy (nats) of the top-k candidates renormalised to sum
// to one: it ignores the tail mass, so it is at most ln k and depends on k.
func tokenEntropy(ls []float64) (float64, bool) {
	var m float64
	for _, l := range ls {
		if l > floor {
			m += math.Exp(l)
		}
	}
	if m <= 0 {
		return 0, false
	}
	var h float64
	for _, l := range ls {
		if l > floor {
			q := math.Exp(l) / m
			h -= q * math.Log(q)
		}
	}
	return h, true
}

// entropies returns the mean token entropy over all positions and over the
// last tenth of them (at least one), or nils without logprobs.
func entropies(pos [][]float64) (mean, tail *float64) {
	var hs []float64
	for _, ls := range pos {
		if h, ok := tokenEntropy(ls); ok {
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
