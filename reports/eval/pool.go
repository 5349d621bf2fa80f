package eval

import (
	"slices"

	"github.com/aimo-dev/aimo/reports/vote"
	"github.com/aimo-dev/aimo/runner/cache"
	"github.com/aimo-dev/aimo/runner/dataset"
)

// pool holds every sample of one cell (or ensemble) on one set, problem by
// problem: problem p owns positions [p*n, (p+1)*n) in sample order. A pool
// keeps 9 bytes per sample: the index of its text's extraction, the index of
// its voting key and whether it is right. Entropy, reward score and latency
// stay in the cached rows the caller passed, which the pool points to
// problem by problem; load rebuilds a problem's vote.Samples from the three
// when a vote needs them. A sample the cache lacks is missing and abstains.
type pool struct {
	cell int // index into the results' cells
	set  *dataset.Set
	n    int
	// rows[p] are problem p's cached rows in sample order.
	rows    [][]*cache.Row
	text    []int32 // into texts; -1: missing
	key     []int32 // into the problem's golds[p].keys; -1: abstains
	correct []bool
	texts   *[]extraction
	// goldKeys and golds are per problem.
	goldKeys []string
	golds    []*problemGrades
	// source is the signal behind Sample.Confidence: entropy, reward or reasoning.
	source  string
	missing int
	// logit says the cell's reward scores were raw logits, mapped to (0, 1).
	logit bool
	// hasEntropy and hasScore say some present sample carries the signal.
	hasEntropy, hasScore bool
	// timed says every present sample has a recorded latency, so early
	// stopping reads in finishing order.
	timed bool
	// An ensemble pools its members' samples, member by member, each weight
	// folded into the signals (see load); nil for a plan cell.
	members   []*pool
	weights   []float64
	countOnly bool
}

// Confidence signal names, as CellInfo.Confidence and Signal.Name report them.
const (
	signalShare     = "share"
	signalEntropy   = "entropy"
	signalReward    = "reward"
	signalReasoning = "reasoning"
)

func newPool(cell int, set *dataset.Set, n int, texts *[]extraction) *pool {
	size := len(set.Problems) * n
	pl := &pool{cell: cell, set: set, n: n, texts: texts, rows: make([][]*cache.Row, len(set.Problems)),
		text: make([]int32, size), key: make([]int32, size), correct: make([]bool, size),
		goldKeys: make([]string, len(set.Problems)), golds: make([]*problemGrades, len(set.Problems))}
	for i := range pl.text {
		pl.text[i], pl.key[i] = -1, -1
	}
	return pl
}

// fill grades the rows of problem idx into the pool, with text indexes
// into x's list (join renumbers them). Samples of one problem often repeat
// a text, so the last few texts' grades are kept at hand before the maps
// are asked.
func (pl *pool) fill(x *extractor, pg *problemGrades, idx int, rows []*cache.Row) {
	pl.golds[idx], pl.goldKeys[idx], pl.rows[idx] = pg, pg.goldKey, rows
	var recent [8]graded
	for s, r := range rows[:min(len(rows), pl.n)] {
		if r == nil || r.Failed() {
			continue
		}
		gr, ok := lookup(recent[:min(s, len(recent))], r)
		if !ok {
			gr = graded{row: r, text: x.extract(r.Completion.Text), key: -1}
			if e := &x.list[gr.text]; e.ok {
				v := pg.verdict(pl.set, e.answer)
				gr.key, gr.correct = v.key, v.correct
			}
			recent[s%len(recent)] = gr
		}
		i := idx*pl.n + s
		pl.text[i], pl.key[i], pl.correct[i] = gr.text, gr.key, gr.correct
	}
}

// graded is one row's grade on the problem being filled.
type graded struct {
	row     *cache.Row
	text    int32
	key     int32
	correct bool
}

// lookup finds a recent grade of the same row, or of a row with the same
// text.
func lookup(recent []graded, r *cache.Row) (graded, bool) {
	for _, gr := range recent {
		if gr.row != nil && (gr.row == r || gr.row.Completion.Text == r.Completion.Text) {
			return gr, true
		}
	}
	return graded{}, false
}

// finish picks the confidence signal — token entropy when every sample has
// it, else the reward score, else the reasoning-pattern heuristic — and
// notes whether scores are logits and latencies are all recorded.
func (pl *pool) finish() {
	allEntropy, allScore, any := true, true, false
	pl.timed = true
	for p, rows := range pl.rows {
		for s := range rows[:min(len(rows), pl.n)] {
			if pl.text[p*pl.n+s] < 0 {
				pl.missing++
				continue
			}
			c := &rows[s].Completion
			any = true
			allEntropy = allEntropy && c.MeanEntropy != nil
			allScore = allScore && c.Score != nil
			pl.hasEntropy = pl.hasEntropy || c.MeanEntropy != nil
			pl.hasScore = pl.hasScore || c.Score != nil
			pl.logit = pl.logit || c.Score != nil && (*c.Score < 0 || *c.Score > 1)
			pl.timed = pl.timed && c.LatencyS > 0
		}
	}
	switch {
	case any && allEntropy:
		pl.source = signalEntropy
	case any && allScore:
		pl.source = signalReward
	default:
		pl.source = signalReasoning
	}
	pl.timed = pl.timed && any
}

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
		c := &pl.rows[p][s].Completion
		if smp.Entropy = c.MeanEntropy; smp.Entropy != nil {
			v.entropyConf[off+s] = vote.EntropyConfidence(*smp.Entropy)
		}
		if c.Score != nil {
			v.scores[off+s] = *c.Score
			if pl.logit {
				v.scores[off+s] = vote.RewardConfidence(*c.Score)
			}
			smp.Score = &v.scores[off+s]
		}
		v.present[off+s], v.ok[off+s] = true, pl.correct[i]
		v.reasoning[off+s], v.latency[off+s] = x.reasoning, c.LatencyS
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
