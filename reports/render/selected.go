package render

import (
	"fmt"

	"github.com/aimo-dev/aimo/reports/eval"
	"github.com/aimo-dev/aimo/reports/stats"
	"github.com/aimo-dev/aimo/reports/vote"
)

// how is a voting setting resolved to what vote.Vote needs.
type how struct {
	method  string
	k, stop int
}

// settingOf resolves an entry's setting: a grid setting by name, or an
// ensemble's single vote over all its samples.
func settingOf(r *eval.Results, info eval.CellInfo, name string, pl *pool) how {
	if info.Kind == "ensemble" {
		weighted := false
		for _, m := range info.Members {
			weighted = weighted || m.Weight != 1
		}
		return how{method: weightMethod(info.Method, weighted), k: pl.n}
	}
	for _, s := range r.Settings {
		if s.Name == name {
			return how{method: s.Method, k: s.K, stop: s.EarlyStop}
		}
	}
	return how{method: "majority", k: pl.n}
}

// recount votes every problem of pl under h.
func recount(pl *pool, h how) ([]vote.Result, error) {
	var t vote.Tally
	k := min(h.k, pl.n)
	out := make([]vote.Result, len(pl.set.Problems))
	for p := range pl.set.Problems {
		res, err := t.Vote(h.method, pl.samples[p*pl.n:p*pl.n+k], vote.Options{EarlyStop: h.stop})
		if err != nil {
			return nil, fmt.Errorf("render: recount %s: %w", pl.set.Name, err)
		}
		out[p] = res
	}
	return out, nil
}

// split turns recounted votes into the selected configuration's outcomes
// on one set.
func split(role string, pl *pool, votes []vote.Result, conf float64) Split {
	s := Split{Role: role, Set: pl.set.Name, Problems: len(votes), Outcomes: make([]Outcome, len(votes))}
	for p, res := range votes {
		prob := pl.set.Problems[p]
		ok := !res.NoAnswer() && res.Key == pl.graders[p].goldKey
		s.Outcomes[p] = Outcome{ID: prob.ID, Gold: prob.Answer, Answer: res.Answer, Correct: ok}
		if ok {
			s.Correct++
		}
	}
	if s.Problems > 0 {
		s.Accuracy = float64(s.Correct) / float64(s.Problems)
	}
	lo, hi := stats.Wilson(s.Correct, s.Problems, conf)
	s.Wilson = eval.Interval{Lo: lo, Hi: hi}
	return s
}

// calibrationBins is the number of equal-width confidence bins.
const calibrationBins = 10

// calibrate bins the present samples of pl by confidence.
func calibrate(pl *pool, cell string) *Calibration {
	c := &Calibration{Set: pl.set.Name, Cell: cell, Signal: pl.signal, Bins: make([]CalBin, calibrationBins)}
	sums := make([]float64, calibrationBins)
	right := make([]int, calibrationBins)
	for i, s := range pl.samples {
		if !pl.present[i] {
			continue
		}
		b := min(int(s.Confidence*calibrationBins), calibrationBins-1)
		b = max(b, 0)
		c.Bins[b].Samples++
		sums[b] += s.Confidence
		if pl.correct[i] {
			right[b]++
		}
		c.Samples++
	}
	for b := range c.Bins {
		bin := &c.Bins[b]
		bin.Lo, bin.Hi = float64(b)/calibrationBins, float64(b+1)/calibrationBins
		if bin.Samples == 0 {
			continue
		}
		bin.MeanConfidence = sums[b] / float64(bin.Samples)
		bin.Accuracy = float64(right[b]) / float64(bin.Samples)
		gap := bin.Accuracy - bin.MeanConfidence
		c.ECE += float64(bin.Samples) / float64(c.Samples) * max(gap, -gap)
	}
	return c
}
