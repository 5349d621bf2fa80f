package eval

import (
	"github.com/aimo-dev/aimo/backends"
	"github.com/aimo-dev/aimo/reports/answer"
	"github.com/aimo-dev/aimo/reports/vote"
	"github.com/aimo-dev/aimo/runner/cache"
	"github.com/aimo-dev/aimo/runner/dataset"
)

// pool holds every sample of one cell (or ensemble) on one set, problem by
// problem: problem p owns samples[p*n : (p+1)*n] in sample order. A sample
// the cache lacks is present=false and abstains.
type pool struct {
	cell    int // index into the results' cells
	set     *dataset.Set
	n       int
	samples []vote.Sample
	correct []bool
	present []bool
	// reasoning holds the reasoning-pattern signal of each sample.
	reasoning []float64
	goldKeys  []string
	golds     []*problemGrades
	// source is the signal behind Sample.Confidence: entropy, reward or reasoning.
	source  string
	missing int
	// logit says the cell's reward scores were raw logits, mapped to (0, 1).
	logit  bool
	scores []float64
	// members are an ensemble's member pools in pooling order; nil for a
	// plan cell.
	members []*pool
}

// Confidence signal names, as CellInfo.Confidence and Signal.Name report them.
const (
	signalShare     = "share"
	signalEntropy   = "entropy"
	signalReward    = "reward"
	signalReasoning = "reasoning"
)

func newPool(cell int, set *dataset.Set, n int) *pool {
	size := len(set.Problems) * n
	pl := &pool{cell: cell, set: set, n: n,
		samples: make([]vote.Sample, size), correct: make([]bool, size), present: make([]bool, size),
		reasoning: make([]float64, size), scores: make([]float64, size),
		goldKeys: make([]string, len(set.Problems)), golds: make([]*problemGrades, len(set.Problems))}
	for i := range pl.samples {
		pl.samples[i].Index = i % n
	}
	return pl
}

// fill grades the rows of problem idx into the pool.
func (pl *pool) fill(g *grader, idx int, rows []*cache.Row) {
	pg := g.problem(pl.set, idx)
	pl.golds[idx], pl.goldKeys[idx] = pg, pg.goldKey
	for s, r := range rows {
		if s >= pl.n {
			break
		}
		i := idx*pl.n + s
		if r == nil || r.Failed() {
			pl.missing++
			continue
		}
		pl.present[i] = true
		pl.gradeSample(g, pg, i, &r.Completion)
	}
}

func (pl *pool) gradeSample(g *grader, pg *problemGrades, i int, c *backends.Completion) {
	text := answer.Final(c.Text, c.FinishReason)
	x := g.extract(text)
	smp := &pl.samples[i]
	if x.ok {
		v := pg.verdict(pl.set, x.answer)
		smp.Answer, smp.Key, smp.Valid = x.answer, v.key, v.key != ""
		pl.correct[i] = v.correct
	}
	smp.Entropy = c.MeanEntropy
	if c.Score != nil {
		pl.scores[i] = *c.Score
		smp.Score = &pl.scores[i]
	}
	pl.reasoning[i] = x.reasoningOf(text)
}

// finish maps raw reward logits to (0, 1) and picks the confidence signal:
// token entropy when every sample has it, else the reward score, else the
// reasoning-pattern heuristic.
func (pl *pool) finish() {
	allEntropy, allScore, any := true, true, false
	for i := range pl.samples {
		if !pl.present[i] {
			continue
		}
		any = true
		s := &pl.samples[i]
		allEntropy = allEntropy && s.Entropy != nil
		allScore = allScore && s.Score != nil
		if s.Score != nil && (*s.Score < 0 || *s.Score > 1) {
			pl.logit = true
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
	for i := range pl.samples {
		s := &pl.samples[i]
		if s.Score != nil && pl.logit {
			pl.scores[i] = vote.RewardConfidence(pl.scores[i])
		}
		s.Confidence = pl.signal(pl.source, i)
	}
}

// signal returns one sample's value of a named confidence signal and whether
// the sample has it.
func (pl *pool) signal(name string, i int) float64 {
	s := &pl.samples[i]
	switch name {
	case signalEntropy:
		if s.Entropy != nil {
			return vote.EntropyConfidence(*s.Entropy)
		}
	case signalReward:
		if s.Score != nil {
			return *s.Score
		}
	case signalReasoning:
		return pl.reasoning[i]
	}
	return 0
}

// problem returns the samples of problem p.
func (pl *pool) problem(p int) []vote.Sample { return pl.samples[p*pl.n : (p+1)*pl.n] }

// presentOf returns the samples of problem p the cache held, and their
// correctness, reusing the given buffers.
func (pl *pool) presentOf(p int, smp []vote.Sample, ok []bool) ([]vote.Sample, []bool) {
	smp, ok = smp[:0], ok[:0]
	for i := p * pl.n; i < (p+1)*pl.n; i++ {
		if pl.present[i] {
			smp = append(smp, pl.samples[i])
			ok = append(ok, pl.correct[i])
		}
	}
	return smp, ok
}
