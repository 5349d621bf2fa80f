package eval

import (
	"errors"
	"fmt"
	"slices"

	"github.com/aimo-dev/aimo/reports/vote"
	"github.com/aimo-dev/aimo/runner/dataset"
)

// Outcomes is one grid entry problem by problem: how every problem was
// voted and every sample behind the vote, as Evaluate graded it. Its
// problems add up to the entry's Correct, NoAnswer, Ties and MeanUsed.
type Outcomes struct {
	Set  string `json:"set"`
	Cell string `json:"cell"`
	// Setting is the entry's setting as voted. An ensemble's is its one vote
	// over all its samples, with the method it votes with (a weighted
	// majority counts its weights through confidence_weighted).
	Setting Setting `json:"setting"`
	// Signal names the per-sample confidence of this cell on this set:
	// entropy, reward or reasoning (see CellInfo.Confidence).
	Signal   string          `json:"signal"`
	Problems []ProblemResult `json:"problems"`
}

// ProblemResult is the vote on one problem.
type ProblemResult struct {
	ID   string `json:"id"`
	Gold string `json:"gold"`
	// Answer is the voted answer as its first sample wrote it and Key its
	// voting key; both are empty when no sample read had an answer
	// (NoAnswer).
	Answer   string `json:"answer"`
	Key      string `json:"key"`
	Correct  bool   `json:"correct"`
	NoAnswer bool   `json:"no_answer"`
	// Tie says the tie rule decided the vote.
	Tie bool `json:"tie"`
	// Share is the fraction of the valid samples read that gave Key.
	Share float64 `json:"share"`
	// Used counts the samples the vote read: the first K, fewer under early
	// stopping, which reads them in the entry's ReadOrder.
	Used int `json:"used"`
	// Samples holds every sample of the cell (or ensemble) on the problem,
	// read or not, in sample order (an ensemble's: members in turn).
	Samples []SampleResult `json:"samples"`
}

// SampleResult is one sample as grading and voting saw it.
type SampleResult struct {
	// Index is the sample's position among the problem's samples.
	Index int `json:"index"`
	// Cell is the plan cell that generated the sample and Sample its index
	// there: with the problem ID they name the cached row. For a plan cell,
	// Cell is the cell itself and Sample equals Index; for an ensemble, Cell
	// is the member.
	Cell   string `json:"cell"`
	Sample int    `json:"sample"`
	// Present says the cache held the sample; a missing one abstains and
	// has nothing else set.
	Present bool `json:"present"`
	// Answer is the extracted answer as written; Key is its voting key,
	// empty when the sample has no valid answer here (nothing extracted, or
	// not an integer in range on an integer set).
	Answer  string `json:"answer"`
	Key     string `json:"key"`
	Correct bool   `json:"correct"`
	// Confidence is the value the confidence_* methods read: the Signal's,
	// times the member's weight in a weighted ensemble (the weight itself
	// where a weighted majority counts it).
	Confidence float64 `json:"confidence"`
	// Read says the vote read the sample.
	Read bool `json:"read"`
}

// Valid reports whether the sample took part in votes with an answer.
func (s SampleResult) Valid() bool { return s.Key != "" }

// errNotGraded says the results did not come from Evaluate in this process.
var errNotGraded = errors.New("problems: these results carry no graded samples (only Evaluate's do, not results read from JSON)")

// Problems re-votes the grid entry (set, cell, setting) problem by problem,
// in set order, from the samples Evaluate graded, through the code that
// voted the grid. It answers from Evaluate's own record, whatever a caller
// did to the exported fields since, and is safe for concurrent use.
func (r *Results) Problems(set, cell, setting string) (*Outcomes, error) {
	ev := r.graded
	if ev == nil {
		return nil, errNotGraded
	}
	si := slices.IndexFunc(ev.sets, func(s *dataset.Set) bool { return s.Name == set })
	if si < 0 {
		return nil, fmt.Errorf("problems: set %s was not evaluated", set)
	}
	ci := slices.Index(ev.cellNames, cell)
	if ci < 0 {
		return nil, fmt.Errorf("problems: no cell or ensemble %s", cell)
	}
	sts := ev.settingsOf(ci)
	at := slices.IndexFunc(sts, func(s Setting) bool { return s.Name == setting })
	if at < 0 {
		return nil, fmt.Errorf("problems: %s was not evaluated under %s", cell, setting)
	}
	pl, st := ev.pools[si][ci], sts[at]
	out := &Outcomes{Set: set, Cell: cell, Setting: st, Signal: pl.source, Problems: make([]ProblemResult, len(pl.set.Problems))}
	var vt voter
	var v view
	for p := range out.Problems {
		pl.load(p, &v)
		res, err := vt.voteView(pl, &v, st)
		if err != nil {
			return nil, fmt.Errorf("problems: cell %s, set %s: %w", cell, set, err)
		}
		out.Problems[p] = ev.problemResult(pl, p, &v, vt.order[:res.Used], res)
	}
	return out, nil
}

// problemResult reports problem p of pl, loaded into v, voted as res over
// the samples read (their indexes, in the order read).
func (ev *evaluation) problemResult(pl *pool, p int, v *view, read []int, res vote.Result) ProblemResult {
	prob := pl.set.Problems[p]
	out := ProblemResult{ID: prob.ID, Gold: prob.Answer, Answer: res.Answer, Key: res.Key, Correct: pl.solves(p, res),
		NoAnswer: res.NoAnswer(), Tie: res.Tie, Share: res.Share, Used: res.Used, Samples: make([]SampleResult, pl.n)}
	for s := range out.Samples {
		from, idx := pl.origin(s)
		sr := SampleResult{Index: s, Cell: ev.cellNames[from], Sample: idx, Present: v.present[s]}
		if sr.Present {
			smp := &v.smp[s]
			sr.Answer, sr.Key, sr.Correct, sr.Confidence = smp.Answer, smp.Key, v.ok[s], smp.Confidence
			sr.Read = slices.Contains(read, s)
		}
		out.Samples[s] = sr
	}
	return out
}

// origin returns the plan cell and sample index behind position s of a
// problem's samples in pl.
func (pl *pool) origin(s int) (cell, sample int) {
	for _, m := range pl.members {
		if s < m.n {
			return m.cell, s
		}
		s -= m.n
	}
	return pl.cell, s
}
