package vote

import (
	"math"
	"slices"
	"strconv"
)

func majority(t *Tally, _ []Sample) {
	for g := range t.groups {
		t.groups[g].votes = float64(t.groups[g].count)
		t.groups[g].score = t.groups[g].votes
	}
}

func confidenceWeighted(t *Tally, samples []Sample) {
	t.weighted(samples, func(s *Sample) (float64, bool) { return max(s.Confidence, 0), true })
}

// minEntropy keeps a near-deterministic generation from taking an infinite weight.
const minEntropy = 1e-6

func entropyWeighted(t *Tally, samples []Sample) {
	t.weighted(samples, func(s *Sample) (float64, bool) {
		if s.Entropy == nil {
			return 0, false
		}
		return 1 / max(*s.Entropy, minEntropy), true
	})
}

func scoreWeighted(t *Tally, samples []Sample) {
	t.weighted(samples, func(s *Sample) (float64, bool) {
		if s.Score == nil {
			return 0, false
		}
		return max(*s.Score, 0), true
	})
}

// weighted scores each group by the summed weight of its samples; weightOf
// reports false for a sample missing the signal, which then gets the median of
// the weights present. With no positive weight anywhere it falls back to majority.
func (t *Tally) weighted(samples []Sample, weightOf func(*Sample) (float64, bool)) {
	t.weights = slices.Grow(t.weights[:0], len(samples))[:len(samples)]
	t.scratch = t.scratch[:0]
	missing := false
	for i := range samples {
		if t.of[i] < 0 {
			continue
		}
		w, ok := weightOf(&samples[i])
		if !ok {
			w, missing = math.NaN(), true
		} else {
			t.scratch = append(t.scratch, w)
		}
		t.weights[i] = w
	}
	fill := 1.0
	if missing && len(t.scratch) > 0 {
		fill = median(t.scratch)
	}
	total := 0.0
	for i := range samples {
		g := t.of[i]
		if g < 0 {
			continue
		}
		w := t.weights[i]
		if missing && math.IsNaN(w) {
			w = fill
		}
		t.groups[g].votes += w
		total += w
	}
	if total <= 0 {
		majority(t, samples)
		return
	}
	for g := range t.groups {
		t.groups[g].score = t.groups[g].votes
	}
}

func maxConfidence(t *Tally, samples []Sample) {
	for g := range t.groups {
		t.groups[g].score = math.Inf(-1)
	}
	for i := range samples {
		if g := t.of[i]; g >= 0 {
			t.groups[g].score = max(t.groups[g].score, samples[i].Confidence)
		}
	}
	for g := range t.groups {
		t.groups[g].votes = t.groups[g].score
	}
}

func medianConfidence(t *Tally, samples []Sample) {
	for g := range t.groups {
		t.scratch = t.scratch[:0]
		for i := range samples {
			if t.of[i] == g {
				t.scratch = append(t.scratch, samples[i].Confidence)
			}
		}
		t.groups[g].score = median(t.scratch)
		t.groups[g].votes = t.groups[g].score
	}
}

func numericAverage(t *Tally, samples []Sample) {
	sum, n := 0.0, 0
	for g := range t.groups {
		gr := &t.groups[g]
		v, err := strconv.ParseInt(gr.key, 10, 64)
		gr.value, gr.isInt = v, err == nil
		if gr.isInt {
			sum += float64(v) * float64(gr.count)
			n += gr.count
		}
	}
	if n == 0 {
		majority(t, samples)
		return
	}
	mean := sum / float64(n)
	for g := range t.groups {
		gr := &t.groups[g]
		gr.votes = float64(gr.count)
		gr.score = math.Inf(-1)
		if gr.isInt {
			gr.score = -math.Abs(float64(gr.value) - mean)
		}
	}
}

// median sorts x in place and returns its median (the mean of the two middle
// values for even lengths).
func median(x []float64) float64 {
	slices.Sort(x)
	n := len(x)
	if n%2 == 1 {
		return x[n/2]
	}
	return (x[n/2-1] + x[n/2]) / 2
}
