package render

import (
	"github.com/aimo-dev/aimo/reports/eval"
	"github.com/aimo-dev/aimo/reports/stats"
)

// split turns the selected configuration's outcomes on one set into what
// results.json records and report --check pairs with a baseline.
func split(role string, o *eval.Outcomes, conf float64) Split {
	s := Split{Role: role, Set: o.Set, Problems: len(o.Problems), Outcomes: make([]Outcome, len(o.Problems))}
	for p, pr := range o.Problems {
		s.Outcomes[p] = Outcome{ID: pr.ID, Gold: pr.Gold, Answer: pr.Answer, Correct: pr.Correct}
		if pr.Correct {
			s.Correct++
		}
	}
	if s.Problems > 0 {
		s.Accuracy = float64(s.Correct) / float64(s.Problems)
	}
	lo, hi := stats.WilsonCC(s.Correct, s.Problems, conf)
	s.Wilson = eval.Interval{Lo: lo, Hi: hi}
	return s
}

// calibrationBins is the number of equal-width confidence bins.
const calibrationBins = 10

// calibrate bins every present sample of o (read by the vote or not) by
// the confidence the confidence methods used.
func calibrate(o *eval.Outcomes) *Calibration {
	c := &Calibration{Set: o.Set, Cell: o.Cell, Signal: o.Signal, Bins: make([]CalBin, calibrationBins)}
	sums := make([]float64, calibrationBins)
	right := make([]int, calibrationBins)
	for _, pr := range o.Problems {
		for _, s := range pr.Samples {
			if !s.Present {
				continue
			}
			b := max(min(int(s.Confidence*calibrationBins), calibrationBins-1), 0)
			c.Bins[b].Samples++
			sums[b] += s.Confidence
			if s.Correct {
				right[b]++
			}
			c.Samples++
		}
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
