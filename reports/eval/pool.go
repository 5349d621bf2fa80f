package eval

import (
	"github.com/aimo-dev/aimo/internal/answer"
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
			gr = graded{row: r, text: x.extract(answer.Final(r.Completion.Text, r.Completion.FinishReason)), key: -1}
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
		if gr.row != nil && (gr.row == r || gr.row.Completion.Text == r.Completion.Text && gr.row.Completion.FinishReason == r.Completion.FinishReason) {
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
