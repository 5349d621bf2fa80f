package render

import (
	"github.com/aimo-dev/aimo/reports/answer"
	"github.com/aimo-dev/aimo/reports/vote"
	"github.com/aimo-dev/aimo/runner/cache"
	"github.com/aimo-dev/aimo/runner/dataset"
)

// pool is one cell's (or ensemble's) samples on one set, graded as package
// eval grades them: problem p owns positions [p*n, (p+1)*n).
type pool struct {
	set     *dataset.Set
	n       int
	rows    []*cache.Row
	samples []vote.Sample
	correct []bool
	present []bool
	graders []*problemGrader
	scores  []float64
	// signal names the confidence source (entropy, reward or reasoning);
	// logit says reward scores were mapped through the logistic function.
	signal string
	logit  bool
}

// Confidence signal names, as eval.CellInfo.Confidence reports them.
const (
	signalEntropy   = "entropy"
	signalReward    = "reward"
	signalReasoning = "reasoning"
)

func newPool(set *dataset.Set, n int) *pool {
	size := len(set.Problems) * n
	pl := &pool{set: set, n: n, rows: make([]*cache.Row, size), samples: make([]vote.Sample, size),
		correct: make([]bool, size), present: make([]bool, size), scores: make([]float64, size),
		graders: make([]*problemGrader, len(set.Problems))}
	for i := range pl.samples {
		pl.samples[i].Index = i % max(n, 1)
	}
	return pl
}

// cellPool grades the rows of one plan cell on set; rows[p] holds problem
// p's cached samples in sample order.
func cellPool(set *dataset.Set, n int, rows [][]*cache.Row, opts answer.Options) *pool {
	pl := newPool(set, n)
	texts := map[string]extracted{}
	for p := range set.Problems {
		pl.graders[p] = newProblemGrader(set, p)
		for s, r := range rows[p] {
			if s >= n || r == nil || r.Failed() {
				continue
			}
			i := p*n + s
			pl.rows[i], pl.present[i] = r, true
			pl.gradeSample(i, r, texts, opts)
		}
	}
	pl.finish()
	return pl
}

type extracted struct {
	answer string
	ok     bool
}

func (pl *pool) gradeSample(i int, r *cache.Row, texts map[string]extracted, opts answer.Options) {
	c := &r.Completion
	x, seen := texts[c.Text]
	if !seen {
		x.answer, x.ok = answer.Extract(c.Text, opts)
		texts[c.Text] = x
	}
	smp := &pl.samples[i]
	if x.ok {
		v := pl.graders[i/pl.n].grade(x.answer)
		smp.Answer, smp.Key, smp.Valid = x.answer, v.key, v.key != ""
		pl.correct[i] = v.correct
	}
	smp.Entropy = c.MeanEntropy
	if c.Score != nil {
		pl.scores[i] = *c.Score
		smp.Score = &pl.scores[i]
	}
}

// finish picks the confidence signal (entropy when every sample has it,
// else reward scores, else the reasoning heuristic) and fills each sample's
// confidence, as eval does.
func (pl *pool) finish() {
	allEntropy, allScore, any := true, true, false
	for i, s := range pl.samples {
		if !pl.present[i] {
			continue
		}
		any = true
		allEntropy = allEntropy && s.Entropy != nil
		allScore = allScore && s.Score != nil
		pl.logit = pl.logit || s.Score != nil && (*s.Score < 0 || *s.Score > 1)
	}
	switch {
	case any && allEntropy:
		pl.signal = signalEntropy
	case any && allScore:
		pl.signal = signalReward
	default:
		pl.signal = signalReasoning
	}
	for i := range pl.samples {
		s := &pl.samples[i]
		if s.Score != nil && pl.logit {
			pl.scores[i] = vote.RewardConfidence(pl.scores[i])
		}
		s.Confidence = pl.confidence(i)
	}
}

func (pl *pool) confidence(i int) float64 {
	s := &pl.samples[i]
	switch {
	case pl.signal == signalEntropy && s.Entropy != nil:
		return vote.EntropyConfidence(*s.Entropy)
	case pl.signal == signalReward && s.Score != nil:
		return *s.Score
	case pl.signal == signalReasoning && pl.present[i]:
		return vote.ReasoningConfidence(pl.rows[i].Completion.Text)
	}
	return 0
}
