package eval

import (
	"slices"

	"github.com/aimo-dev/aimo/reports/vote"
)

// view is one problem's samples as votes and summaries read them, in
// buffers reused from problem to problem.
type view struct {
	smp       []vote.Sample
	present   []bool
	ok        []bool
	reasoning []float64
	latency   []float64
	// scores and entropies back Sample.Score and Sample.Entropy where load
	// had to change the value (logits mapped, weights folded in).
	scores    []float64
	entropies []float64
	// entropyConf is exp(−entropy) of samples with an entropy.
	entropyConf []float64
	// order is the problem's sample indexes in finishing order, when the
	// pool is timed and someone asked (see finishingOrder).
	order []int32
}

// reset sizes v for n samples, all missing.
func (v *view) reset(n int) {
	v.smp = resize(v.smp, n)
	v.present, v.ok = resize(v.present, n), resize(v.ok, n)
	v.reasoning, v.latency = resize(v.reasoning, n), resize(v.latency, n)
	v.scores, v.entropies, v.entropyConf = resize(v.scores, n), resize(v.entropies, n), resize(v.entropyConf, n)
	v.order = v.order[:0]
}

func resize[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	s = s[:n]
	clear(s)
	return s
}

// load fills v with problem p's samples.
func (pl *pool) load(p int, v *view) {
	v.reset(pl.n)
	pl.loadAt(p, v, 0)
}

// loadAt writes problem p's samples into v from position off on.
func (pl *pool) loadAt(p int, v *view, off int) {
	if pl.members != nil {
		for mi, m := range pl.members {
			m.loadAt(p, v, off)
			pl.weigh(v, off, m.n, pl.weights[mi])
			off += m.n
		}
		for s := range v.smp {
			v.smp[s].Index = s
		}
		return
	}
	for s := range pl.n {
		i := p*pl.n + s
		smp := &v.smp[off+s]
		*smp = vote.Sample{Index: off + s}
		if pl.text[i] < 0 {
			continue
		}
		x := &(*pl.texts)[pl.text[i]]
		if x.ok {
			smp.Answer = x.answer
		}
		if k := pl.key[i]; k >= 0 {
			smp.Key, smp.Valid = pl.golds[p].keys[k], true
		}
		has := pl.has[i]
		if has&hasEntropy != 0 {
			smp.Entropy = &pl.entropy[i]
			v.entropyConf[off+s] = vote.EntropyConfidence(pl.entropy[i])
		}
		if has&hasScore != 0 {
			v.scores[off+s] = pl.score[i]
			if pl.logit {
				v.scores[off+s] = vote.RewardConfidence(pl.score[i])
			}
			smp.Score = &v.scores[off+s]
		}
		v.present[off+s], v.ok[off+s] = true, pl.correct[i]
		v.reasoning[off+s] = x.reasoning
		if pl.latency != nil {
			v.latency[off+s] = pl.latency[i]
		}
		smp.Confidence = pl.signal(pl.source, smp, x.reasoning, v.entropyConf[off+s])
	}
}

// weigh folds an ensemble member's weight into the signals the weighted
// methods read: the confidence and reward score are multiplied, the entropy
// divided; a weighted majority counts the weight itself as confidence.
func (pl *pool) weigh(v *view, off, n int, w float64) {
	for s := off; s < off+n; s++ {
		smp := &v.smp[s]
		if w != 1 {
			smp.Confidence *= w
			if smp.Score != nil {
				v.scores[s] = *smp.Score * w
				smp.Score = &v.scores[s]
			}
			if smp.Entropy != nil {
				v.entropies[s] = *smp.Entropy / w
				smp.Entropy = &v.entropies[s]
				v.entropyConf[s] = vote.EntropyConfidence(v.entropies[s])
			}
		}
		if pl.countOnly {
			smp.Confidence = w
		}
	}
}

// signal returns one sample's value of a named confidence signal (0 when
// the sample lacks it); entropyConf is exp(−entropy), computed once.
func (pl *pool) signal(name string, smp *vote.Sample, reasoning, entropyConf float64) float64 {
	switch name {
	case signalEntropy:
		if smp.Entropy != nil {
			return entropyConf
		}
	case signalReward:
		if smp.Score != nil {
			return *smp.Score
		}
	case signalReasoning:
		return reasoning
	}
	return 0
}

// finishingOrder sets v.order to the problem's sample indexes sorted by
// latency, ties (and missing samples, last) by index: an insertion sort,
// which is stable and quick at the tens of samples a problem has.
func (v *view) finishingOrder() {
	v.order = v.order[:0]
	if len(v.smp) > 64 {
		for s := range v.smp {
			v.order = append(v.order, int32(s))
		}
		slices.SortStableFunc(v.order, func(a, b int32) int {
			switch {
			case v.before(a, b):
				return -1
			case v.before(b, a):
				return 1
			}
			return 0
		})
		return
	}
	for s := range v.smp {
		o := int32(s)
		j := len(v.order)
		v.order = append(v.order, o)
		for j > 0 && v.before(o, v.order[j-1]) {
			v.order[j] = v.order[j-1]
			j--
		}
		v.order[j] = o
	}
}

// before reports whether sample a finished strictly before sample b.
func (v *view) before(a, b int32) bool {
	if v.present[a] != v.present[b] {
		return v.present[a]
	}
	return v.latency[a] < v.latency[b]
}
