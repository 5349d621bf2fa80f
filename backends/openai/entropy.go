package openai

import (
	"sort"

	"github.com/aimo-dev/aimo/backends"
)

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

// entropies applies aimo's one definition of token entropy
// (backends.PositionEntropy) to the response's positions.
func entropies(pos [][]float64) (mean, tail *float64) { return backends.Entropies(pos) }
