package eval

import (
	"sync"
	"sync/atomic"

	"github.com/aimo-dev/aimo/internal/answer"
	"github.com/aimo-dev/aimo/runner/cache"
	"github.com/aimo-dev/aimo/runner/dataset"
)

// pool holds every sample of one cell (or ensemble) on one set, problem by
// problem: problem p owns positions [p*n, (p+1)*n) in sample order. A pool
// keeps 9 bytes per sample for votes — the index of its text's extraction,
// the index of its voting key and whether it is right — and the signals
// votes weigh by: a byte saying which of entropy and reward score the sample
// has, and the latency, entropy and score themselves, each list made only
// once some sample has that value. load rebuilds a problem's vote.Samples
// from these when a vote needs them. It keeps no cached row, so rows can be
// dropped as soon as they are graded. A sample the cache lacks is missing and
// abstains.
type pool struct {
	cell int // index into the results' cells
	set  *dataset.Set
	n    int
	// read[p] says some item of problem p was read; owner[i] is one more
	// than the number of the goroutine that read sample i, whose
	// extractor text[i] indexes until join, 0 for a sample not read.
	read    []atomic.Bool
	owner   []uint8
	text    []int32 // into texts; -1: missing
	key     []int32 // into the problem's golds[p].keys; -1: abstains
	correct []bool
	texts   *[]extraction
	// has holds hasEntropy and hasScore bits per sample; latency, entropy
	// and score the values, made on first use (see lists).
	has                     []uint8
	latency, entropy, score []float64
	signals                 sync.Mutex
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
	pl := &pool{cell: cell, set: set, n: n, texts: texts, read: make([]atomic.Bool, len(set.Problems)),
		owner: make([]uint8, size), text: make([]int32, size), has: make([]uint8, size), key: make([]int32, size), correct: make([]bool, size),
		goldKeys: make([]string, len(set.Problems)), golds: make([]*problemGrades, len(set.Problems))}
	for i := range pl.text {
		pl.text[i], pl.key[i] = -1, -1
	}
	return pl
}

// Sample bits of pool.has.
const (
	hasEntropy = 1 << iota
	hasScore
)

// take puts samples first, first+1, … of problem idx into the pool, rows
// as goroutine w read them: each text's extraction (an index into x's list,
// which join renumbers) and the signals; grades waits for every item to be
// read. Samples of one problem often repeat a text, so the last few texts'
// extractions are kept at hand before x's map is asked. Nothing of rows is
// kept. Different goroutines may take different samples of one problem at
// once, never the same sample.
func (pl *pool) take(x *extractor, w, idx, first int, rows []*cache.Row) {
	pl.read[idx].Store(true)
	var recent [8]struct {
		row  *cache.Row
		text int32
	}
	var latency, entropy, score []float64 // the pool's lists, once taken
	for s, r := range rows[:max(0, min(len(rows), pl.n-first))] {
		if r == nil || r.Failed() {
			continue
		}
		c := &r.Completion
		text := int32(-1)
		for _, rc := range recent[:min(s, len(recent))] {
			if rc.row != nil && (rc.row == r || rc.row.Completion.Text == c.Text && rc.row.Completion.FinishReason == c.FinishReason) {
				text = rc.text
				break
			}
		}
		if text < 0 {
			text = x.extract(answer.Final(c.Text, c.FinishReason))
			recent[s%len(recent)].row, recent[s%len(recent)].text = r, text
		}
		i := idx*pl.n + first + s
		pl.text[i], pl.owner[i] = text, uint8(w+1)
		if c.LatencyS != 0 {
			if latency == nil {
				latency = pl.lists(&pl.latency)
			}
			latency[i] = c.LatencyS
		}
		if c.MeanEntropy != nil {
			if entropy == nil {
				entropy = pl.lists(&pl.entropy)
			}
			pl.has[i] |= hasEntropy
			entropy[i] = *c.MeanEntropy
		}
		if c.Score != nil {
			if score == nil {
				score = pl.lists(&pl.score)
			}
			pl.has[i] |= hasScore
			score[i] = *c.Score
		}
	}
}

// lists returns the signal list *l, made on first use. Goroutines taking
// different problems share the pool, so the list is made under a lock.
func (pl *pool) lists(l *[]float64) []float64 {
	pl.signals.Lock()
	if *l == nil {
		*l = make([]float64, len(pl.text))
	}
	out := *l
	pl.signals.Unlock()
	return out
}

// grades gives every present sample of problem idx its voting key and
// verdict, once join has renumbered texts. Problems are graded by one
// goroutine each, cells in plan order, so pg's cached verdicts and merged
// answers come out as a serial pass in item order makes them.
func (pl *pool) grades(pg *problemGrades, idx int) {
	pl.golds[idx], pl.goldKeys[idx] = pg, pg.goldKey
	last := int32(-1)
	var v grade
	for i := idx * pl.n; i < (idx+1)*pl.n; i++ {
		t := pl.text[i]
		if t < 0 {
			continue
		}
		if t != last {
			last, v = t, grade{key: -1}
			if e := &(*pl.texts)[t]; e.ok {
				v = pg.verdict(pl.set, e.answer)
			}
		}
		pl.key[i], pl.correct[i] = v.key, v.correct
	}
}

// finish picks the confidence signal — token entropy when every sample has
// it, else the reward score, else the reasoning-pattern heuristic — and
// notes whether scores are logits and latencies are all recorded.
func (pl *pool) finish() {
	allEntropy, allScore, any := true, true, false
	pl.timed = true
	for i, t := range pl.text {
		if t < 0 {
			if pl.read[i/pl.n].Load() {
				pl.missing++
			}
			continue
		}
		any = true
		has := pl.has[i]
		allEntropy = allEntropy && has&hasEntropy != 0
		allScore = allScore && has&hasScore != 0
		pl.hasEntropy = pl.hasEntropy || has&hasEntropy != 0
		if has&hasScore != 0 {
			pl.hasScore = true
			pl.logit = pl.logit || pl.score[i] < 0 || pl.score[i] > 1
		}
		pl.timed = pl.timed && pl.latency != nil && pl.latency[i] > 0
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
