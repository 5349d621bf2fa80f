package budget

import (
	"fmt"
	"slices"
)

// CharsPerToken converts a text's length to tokens when nothing better was
// recorded: about four characters a token for English and LaTeX.
const CharsPerToken = 4

// timing is what the simulation knows about the recorded attempts' lengths:
// the curve, and each attempt's tokens (recorded or estimated), indexed like
// the problems' attempts.
type timing struct {
	curve  Curve
	tokens [][]float64
	notes  []string
}

// prepareTiming picks the curve (declared, fitted, else assumed) and gives
// every attempt a length in tokens: attempts without tokens but with a wall
// time get the tokens the curve decodes in that time at the problem's
// recorded concurrency, attempts with neither a length from their text
// (CharsPerToken), and attempts without even a text the median of their
// problem (or of all attempts). It fails when nothing has a length.
func prepareTiming(problems []Problem, cfg Config) (*timing, error) {
	tm := &timing{}
	switch c, ok := FitCurve(problems); {
	case len(cfg.Throughput) > 0:
		tm.curve = Curve{Points: cfg.Throughput, Source: "declared in budget.throughput"}
		if len(timedGroups(problems)) >= 2 {
			tm.curve.Spread = tm.curve.problemSpread(timedGroups(problems))
		}
	case ok:
		tm.curve = c
	default:
		tm.curve = Curve{Single: cfg.TokensPerS, Slowdown: DefaultSlowdown,
			Source: fmt.Sprintf("assumed: %g tokens/s alone (budget.tokens_per_s), slowdown %g; too few timed attempts to fit one", cfg.TokensPerS, DefaultSlowdown)}
	}
	estimated, fromText, guessed, known := 0, 0, 0, 0
	var all []float64
	for _, p := range problems {
		row := make([]float64, len(p.Attempts))
		for i, a := range p.Attempts {
			switch {
			case a.Tokens > 0:
				row[i] = float64(a.Tokens)
			case a.TimeS > 0:
				row[i] = a.TimeS * tm.curve.Rate(len(p.Attempts))
				estimated++
			case a.Chars > 0:
				row[i] = float64(a.Chars) / CharsPerToken
				fromText++
			}
			if row[i] > 0 {
				known++
				all = append(all, row[i])
			}
		}
		tm.tokens = append(tm.tokens, row)
	}
	if known == 0 {
		return nil, fmt.Errorf("budget: no recorded attempt has a token count, a wall time or a text, so nothing can be timed: record completion tokens or latency (replay fields completion_tokens, latency)")
	}
	guessed = tm.fillUnknown(all)
	tm.notes = append(tm.notes, "throughput "+tm.curve.Source)
	if estimated > 0 {
		tm.notes = append(tm.notes, fmt.Sprintf("%d attempts recorded a wall time but no tokens: their length is what the curve decodes in that time", estimated))
	}
	if fromText > 0 {
		tm.notes = append(tm.notes, fmt.Sprintf("%d attempts recorded neither tokens nor time: their length is their text's at %d characters a token", fromText, CharsPerToken))
	}
	if guessed > 0 {
		tm.notes = append(tm.notes, fmt.Sprintf("%d attempts recorded neither tokens nor time: they take their problem's median length", guessed))
	}
	return tm, nil
}

// fillUnknown gives attempts of unknown length their problem's median
// length, else the median of all, and returns how many it filled.
func (tm *timing) fillUnknown(all []float64) int {
	n := 0
	for _, row := range tm.tokens {
		var known []float64
		for _, t := range row {
			if t > 0 {
				known = append(known, t)
			}
		}
		if len(known) == 0 {
			known = all
		}
		for i := range row {
			if row[i] <= 0 {
				row[i] = median(known)
				n++
			}
		}
	}
	return n
}

func median(x []float64) float64 {
	s := slices.Clone(x)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}
