package kaggle

import (
	"fmt"
	"strconv"

	"github.com/aimo-dev/aimo/internal/answer"
	"github.com/aimo-dev/aimo/reports/vote"
	"github.com/aimo-dev/aimo/runner"
)

// Answers is a submission voted from cached samples.
type Answers struct {
	Rows []Row
	// IDs are the set's problems, in item order.
	IDs []string
	// Fallbacks counts the problems no sample answered, which got Fallback.
	Fallbacks int
	Fallback  int64
}

// NoSamplesError says the cache holds no sample of a problem.
type NoSamplesError struct{ Problem string }

func (e *NoSamplesError) Error() string {
	return fmt.Sprintf("problem %s: the cache holds no sample", e.Problem)
}

// FallbackAnswer is what a problem without an answer gets, here and in the
// notebook: the range's lowest value, or 0 when the range allows it.
func FallbackAnswer(r answer.Range) int64 { return max(r.Lo, 0) }

// FromCache answers every problem of set with cell's cached samples, as the
// notebook would: each sample's final answer is extracted with opts and
// parsed into r (an answer out of r abstains), the first v.Attempts samples
// are voted with v, and a problem left without an answer gets FallbackAnswer.
func FromCache(items []runner.ItemSamples, cell int, set string, v Voting, r answer.Range, opts answer.Options) (*Answers, error) {
	out := &Answers{Fallback: FallbackAnswer(r)}
	for _, is := range items {
		if is.Item.Cell != cell || is.Item.Set != set {
			continue
		}
		id := is.Item.Problem.ID
		out.IDs = append(out.IDs, id)
		if is.Missing() == len(is.Samples) {
			return nil, &NoSamplesError{id}
		}
		res, err := vote.Vote(v.Method, samples(is, v.Attempts, r, opts), vote.Options{EarlyStop: v.EarlyStop})
		if err != nil {
			return nil, err
		}
		n := out.Fallback
		if res.NoAnswer() {
			out.Fallbacks++
		} else {
			n, _ = strconv.ParseInt(res.Key, 10, 64)
		}
		out.Rows = append(out.Rows, Row{ID: id, Answer: n})
	}
	return out, nil
}

// samples are the first k of an item's samples as votes: a failed or
// missing sample, or one without an answer in r, abstains.
func samples(is runner.ItemSamples, k int, r answer.Range, opts answer.Options) []vote.Sample {
	var out []vote.Sample
	for i, row := range is.Samples[:min(k, len(is.Samples))] {
		s := vote.Sample{Index: i}
		if row != nil && !row.Failed() {
			if a, ok := answer.Extract(answer.Final(row.Completion.Text, row.Completion.FinishReason), opts); ok {
				if n, ok := r.Parse(a); ok {
					s.Key, s.Answer, s.Valid = strconv.FormatInt(n, 10), a, true
				}
			}
			s.Entropy = row.Completion.MeanEntropy
		}
		out = append(out, s)
	}
	return out
}
