package vote

import (
	"fmt"
	"slices"
	"strings"
)

// method scores every group of t for the samples it was counted over.
type method func(t *Tally, samples []Sample)

// Unanimous is the method that answers only when every sample read agrees.
const Unanimous = "unanimous"

// methods implements every voting method the experiment language accepts
// (lang.VotingMethods), and no other; TestEngineImplementsTheLanguage keeps
// the two equal.
var methods = map[string]method{
	"majority":            majority,
	"confidence_weighted": confidenceWeighted,
	"max_confidence":      maxConfidence,
	"median_confidence":   medianConfidence,
	Unanimous:             majority,
	"numeric_average":     numericAverage,
	"entropy_weighted":    entropyWeighted,
	"score_weighted":      scoreWeighted,
}

// Methods returns the accepted method names, sorted.
func Methods() []string {
	names := make([]string, 0, len(methods))
	for name := range methods {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

// UnknownMethodError is returned for a method name Vote does not know.
type UnknownMethodError struct{ Name string }

func (e *UnknownMethodError) Error() string {
	return fmt.Sprintf("unknown voting method %q (valid: %s)", e.Name, strings.Join(Methods(), ", "))
}

// Vote picks one answer from the samples of one problem with the named method:
//
//   - majority: the Key with the most valid samples.
//   - unanimous: the answer every sample read gave, or no answer at all when
//     two samples disagree or one has no answer (an abstention, which counts
//     as wrong). It trades coverage for precision: its accuracy is the share
//     of problems the samples agree on and get right.
//   - confidence_weighted: the Key with the largest sum of Sample.Confidence
//     (negative confidences count as 0).
//   - max_confidence: the Key of the single most confident sample.
//   - median_confidence: the Key whose samples have the highest median confidence.
//   - numeric_average: for integer answers; the given answer closest to the
//     mean of all valid integer answers (not the rounded mean, which may be an
//     answer nobody gave). Non-integer Keys cannot win unless no Key is an integer.
//   - entropy_weighted: weights 1/mean token entropy (floored at 1e-6 nats);
//     samples without entropy get the median weight of those with one.
//   - score_weighted: weights are reward-model scores, expected non-negative
//     (a probability of correctness; map raw logits with RewardConfidence);
//     negative scores count as 0 and samples without a score get the median.
//
// The weighted methods fall back to majority when no sample carries a positive
// weight. Ties are broken deterministically: the highest score under the
// method, then the most samples, then the Key whose first sample came earliest
// (lighteval's maj@k makes the same last choice). Invalid samples never win; if
// none is valid the Result has no answer.
func Vote(method string, samples []Sample, opts Options) (Result, error) {
	var t Tally
	return t.Vote(method, samples, opts)
}

// Vote is the package-level Vote reusing t's scratch space.
func (t *Tally) Vote(name string, samples []Sample, opts Options) (Result, error) {
	m, ok := methods[name]
	if !ok {
		return Result{}, &UnknownMethodError{Name: name}
	}
	used := t.count(samples, opts.EarlyStop)
	res := Result{Used: used}
	if len(t.groups) == 0 {
		return res, nil
	}
	if name == Unanimous && (len(t.groups) > 1 || t.valid < used) {
		return res, nil
	}
	m(t, samples[:used])
	w, tie := t.winner()
	g := &t.groups[w]
	res.Key, res.Answer = g.key, samples[g.first].Answer
	res.Votes = g.votes
	res.Share = float64(g.count) / float64(t.valid)
	res.Unanimous = len(t.groups) == 1
	res.Tie = tie
	return res, nil
}

// Agreement is the share of valid samples that agree with the plurality Key,
// from 0 (no valid sample) to 1 (all valid samples agree).
func Agreement(samples []Sample) float64 {
	var t Tally
	t.count(samples, 0)
	if t.valid == 0 {
		return 0
	}
	majority(&t, samples)
	w, _ := t.winner()
	return float64(t.groups[w].count) / float64(t.valid)
}
